import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TscCriterion } from '../../server/domain/catalog.ts';
import { looksLikeCriteria, parseCriteria, tscIndex } from '../../server/domain/criteria.ts';

const TSC = (
  JSON.parse(readFileSync(new URL('../../templates/tsc-2017.json', import.meta.url), 'utf8')) as {
    criteria: TscCriterion[];
  }
).criteria;

const CC6 = ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.4', 'CC6.5', 'CC6.6', 'CC6.7', 'CC6.8'];
const P_ALL = TSC.filter((c) => c.category === 'privacy').map((c) => c.id);

describe('parseCriteria', () => {
  const cases: { text: string; ids: string[]; invalid?: string[]; families?: string[] }[] = [
    { text: 'CC6.1', ids: ['CC6.1'] },
    { text: 'cc6.1', ids: ['CC6.1'] },
    { text: 'CC 6.1', ids: ['CC6.1'] },
    { text: 'CC6.1.', ids: ['CC6.1'] },
    { text: ' CC6.1 ', ids: ['CC6.1'] },
    { text: 'CC6.2, CC6.1', ids: ['CC6.1', 'CC6.2'] },
    { text: 'CC6.1; CC7.2', ids: ['CC6.1', 'CC7.2'] },
    { text: 'CC6.1/CC6.2', ids: ['CC6.1', 'CC6.2'] },
    { text: 'CC6.1\nCC6.2\r\nCC6.3', ids: ['CC6.1', 'CC6.2', 'CC6.3'] },
    { text: 'CC6.1 CC6.2 and CC6.3', ids: ['CC6.1', 'CC6.2', 'CC6.3'] },
    { text: 'CC6.1, CC6.1, cc6.1', ids: ['CC6.1'] },
    { text: 'A1.2, CC1.1, PI1.3', ids: ['CC1.1', 'A1.2', 'PI1.3'] },
    { text: 'CC1.1-CC1.5', ids: ['CC1.1', 'CC1.2', 'CC1.3', 'CC1.4', 'CC1.5'] },
    { text: 'CC1.1 - 1.5', ids: ['CC1.1', 'CC1.2', 'CC1.3', 'CC1.4', 'CC1.5'] },
    { text: 'CC1.1 \u2013 CC1.3', ids: ['CC1.1', 'CC1.2', 'CC1.3'] },
    { text: 'CC6.1-3', ids: ['CC6.1', 'CC6.2', 'CC6.3'] },
    { text: 'CC7.1 to CC7.3', ids: ['CC7.1', 'CC7.2', 'CC7.3'] },
    {
      text: 'CC1.1-CC1.5, CC3.1-CC3.4',
      ids: ['CC1.1', 'CC1.2', 'CC1.3', 'CC1.4', 'CC1.5', 'CC3.1', 'CC3.2', 'CC3.3', 'CC3.4'],
    },
    { text: 'P1.1-P8.1', ids: P_ALL },
    { text: 'CC6', ids: CC6, families: ['CC6'] },
    { text: 'CC6 - Common Criteria Related to Logical & Physical Access', ids: CC6, families: ['CC6'] },
    { text: 'CC6 Key Controls', ids: CC6, families: ['CC6'] },
    { text: 'A1.0 - Availability', ids: ['A1.1', 'A1.2', 'A1.3'], families: ['A1'] },
    { text: 'C1.0 - Confidentiality', ids: ['C1.1', 'C1.2'], families: ['C1'] },
    { text: 'PI1.0', ids: ['PI1.1', 'PI1.2', 'PI1.3', 'PI1.4', 'PI1.5'], families: ['PI1'] },
    { text: 'P1.0', ids: ['P1.1'], families: ['P1'] },
    { text: 'C1.3', ids: [], invalid: ['C1.3'] },
    { text: 'C1.1, C1.3, C1.8', ids: ['C1.1'], invalid: ['C1.3', 'C1.8'] },
    { text: 'CC10.1', ids: [], invalid: ['CC10.1'] },
    { text: 'CC6.9', ids: [], invalid: ['CC6.9'] },
    { text: 'CC10', ids: [], invalid: ['CC10'] },
    { text: '', ids: [] },
    { text: '\u2014', ids: [] },
    { text: 'N/A', ids: [] },
    { text: 'Quarterly access review of the ERP', ids: [] },
    { text: 'SOC 2 Type II', ids: [] },
    { text: 'AC-2, IA-4', ids: [] },
    { text: 'ISO A.5.1', ids: [] },
    { text: 'C001', ids: [] },
    { text: 'IP-1', ids: [] },
  ];
  it.each(cases)('$text', ({ text, ids, invalid = [], families = [] }) => {
    const r = parseCriteria(text, TSC);
    expect(r.ids).toEqual(ids);
    expect(r.invalid).toEqual(invalid);
    expect(r.families).toEqual(families);
  });

  it('accepts a prebuilt index and returns ids in TSC order whatever the written order', () => {
    const index = tscIndex(TSC);
    expect(parseCriteria('P8.1, CC9.2, A1.1, CC1.1', index).ids).toEqual(['CC1.1', 'CC9.2', 'A1.1', 'P8.1']);
    expect(index.families.get('CC6')).toEqual(CC6);
  });

  it('keeps the endpoints of a range it cannot expand as findings', () => {
    const r = parseCriteria('CC1.1-CC1.9', TSC);
    expect(r.ids).toEqual(['CC1.1']);
    expect(r.invalid).toEqual(['CC1.9']);
  });
});

describe('looksLikeCriteria', () => {
  const cases: [string, boolean][] = [
    ['CC6.1', true],
    ['cc6.1, cc6.2', true],
    ['CC6 - Common Criteria Related to Logical & Physical Access', true],
    ['A1.0 - Availability', true],
    ['PI1.2', true],
    ['CC1.1-CC1.5, CC3.1-CC3.4', true],
    ['', false],
    ['\u2014', false],
    ['P1', false],
    ['AC-01', false],
    ['C001', false],
    ['Monthly', false],
    [
      'A long narrative paragraph that happens to mention CC6.1 once while describing how the access review works in practice.',
      false,
    ],
  ];
  it.each(cases)('%s -> %s', (text, expected) => {
    expect(looksLikeCriteria(text)).toBe(expected);
  });
});
