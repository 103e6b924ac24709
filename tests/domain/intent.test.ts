// The intent test of a candidate control (intent.ts), and where the financial-scope check applies (delta.ts).
import { describe, expect, it } from 'vitest';
import type { SoxTarget, TargetIntent } from '../../server/domain/catalog.ts';
import { financialScopeApplies } from '../../server/domain/delta.ts';
import { intentReader, judgeIntent } from '../../server/domain/intent.ts';
import { analyse, catalog, SAAS_PROFILE } from '../fixtures/analysis.ts';
import { blankControl } from '../fixtures/controls.ts';

const INTENT: TargetIntent = {
  note: 'a code of conduct acknowledged by staff',
  core: ['code of conduct', 'ethics policy'],
  support: ['acknowledge', 'employee handbook', 'sanction'],
  exclude: ['vendor'],
};
const target = { id: 'T-1', intent: INTENT } as SoxTarget;
const read = intentReader([target]);
const judge = (description: string) => judgeIntent(INTENT, read(blankControl({ id: description, description })));

describe('judgeIntent', () => {
  // rule: exclusion rejects; else core, or two distinct supporting terms, accepts; strong = core + one more term
  const cases: [string, boolean, 'strong' | 'partial' | null, string][] = [
    ['Employees acknowledge the code of conduct on hire', true, 'strong', 'core + support'],
    ['The code of conduct is on the intranet', true, 'partial', 'core alone'],
    ['Employee handbook with sanction policies', true, 'partial', 'two supporting terms'],
    ['The employee handbook is on the intranet', false, null, 'one supporting term'],
    ['Vendors sign our code of conduct', false, null, 'exclusion wins'],
    ['A list of new hires', false, null, 'nothing'],
    ['The codes of conduct were acknowledged', true, 'strong', 'lemmas: plural and passive'],
  ];
  it.each(cases)('%s → %s (%s, %s)', (text, accepted, match) => {
    const v = judge(text);
    expect([v.accepted, v.match]).toEqual([accepted, match]);
  });

  it('says why a candidate was rejected', () => {
    expect(judge('Vendors sign our code of conduct').reason).toMatch(/^names "vendor", which this target excludes/u);
    expect(judge('The employee handbook is on the intranet').reason).toMatch(
      /^shares a criterion but names none of the target's key terms \("code of conduct", "ethics policy"\) and only one distinct supporting term \("employee handbook"\)$/u,
    );
  });

  it('counts a term once whatever its form ("access review" = "access reviews")', () => {
    const i: TargetIntent = { note: 'n', core: ['x'], support: ['access review', 'access reviews'], exclude: [] };
    const r = intentReader([{ id: 'T-2', intent: i } as SoxTarget]);
    expect(judgeIntent(i, r(blankControl({ id: 'a', description: 'Access reviews happen' }))).accepted).toBe(false);
  });
});

describe('every shipped target carries intent signals', () => {
  it('120 targets, each with a note and at least one core term', () => {
    expect(catalog.targets).toHaveLength(120);
    expect(catalog.targets.filter((t) => t.intent.core.length === 0 || t.intent.note.trim() === '').map((t) => t.id)).toEqual([]);
  });
});

describe('financial-scope applies to ITGCs and system-dependent process controls only', () => {
  // REFERENCE §3: "the control names no financial system" is about systems; entity-level controls are not
  it.each([
    ['itgc-access', 'manual', true],
    ['process:revenue', 'it-dependent-manual', true],
    ['process:revenue', 'automated', true],
    ['process:close', 'manual', false],
    ['entity', 'it-dependent-manual', false],
    ['service-org', 'manual', false],
  ] as const)('%s / %s → %s', (category, method, applies) => {
    expect(financialScopeApplies({ category, method })).toBe(applies);
  });

  it('is not raised on the fraud risk assessment', () => {
    const c = blankControl({ id: 'F-1', description: 'Management performs an annual fraud risk assessment.', criteria: ['CC3.3'] });
    const item = analyse([c], SAAS_PROFILE).delta.items.find((i) => i.id === 'ELC-12')!;
    expect(item.sources.map((s) => s.controlId)).toEqual(['F-1']);
    expect(item.reasons.map((r) => r.code)).not.toContain('financial-scope');
  });
});
