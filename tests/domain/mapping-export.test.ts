// The Mapping sheet's contract (domain/mapping-export.ts), table by table on sheets built in code: what a row means,
// what the diff against the recorded decisions reports, and every unusable row named by sheet, cell and link.
import { describe, expect, it } from 'vitest';
import type { DeltaItem } from '../../server/domain/delta.ts';
import { CANDIDATES_PER_TARGET, diffMapping, MAPPING_COLUMNS, mappingRows, readMappingGrid } from '../../server/domain/mapping-export.ts';
import type { MappingReview } from '../../server/domain/mapping-review.ts';
import { buildGrid } from '../intake/grid-builder.ts';

const HEAD = MAPPING_COLUMNS.map((c) => c.header);
// A sheet row with only the key and editable columns filled (the others as soxbridge wrote them do not matter).
const row = (target: string, control: string, decision = '', reason = '') => {
  const at: Record<string, string> = { Target: target, 'Control ID': control, Decision: decision, Reason: reason };
  return HEAD.map((h) => at[h] ?? '');
};
const sheet = (rows: string[][]) => readMappingGrid(buildGrid([{ name: 'Plan', rows: [['Task ID']] }, { name: 'Mapping', rows: [HEAD, ...rows] }], 'plan.xlsx'));
const recorded = (targetId: string, controlId: string, decision: MappingReview['decision'], reason: string) => ({ targetId, controlId, decision, reason });

describe('reading the Mapping sheet', () => {
  it('keeps a row per link; a row without target or control is a note unless it carries a decision', () => {
    const read = sheet([row('ELC-22', 'ETH-01', 'Add', 'speak-up channel'), row('ELC-22', '', ''), row('', 'X-1', 'reject', 'r')]);
    expect(read.rows.map((r) => `${r.row} ${r.targetId}/${r.controlId} ${r.decision}`)).toEqual(['2 ELC-22/ETH-01 add']); // lower-cased
    expect(read.invalid.map((v) => v.message)).toEqual(['Mapping!A4 (/X-1): a decision needs both a target and a control id']);
  });

  it('names an unknown decision, a missing reason and a link given twice, by cell', () => {
    const read = sheet([row('ELC-22', 'ETH-01', 'maybe', 'x'), row('ELC-02', 'COC-01', 'reject', ''), row('ELC-02', 'COC-02', 'accept'), row('ELC-02', 'COC-02', 'reject', 'again')]);
    expect(read.invalid.map((v) => v.message)).toEqual([
      'Mapping!H2 (ELC-22/ETH-01): decision "maybe" is not one of accept, reject, add',
      'Mapping!I3 (ELC-02/COC-01): to reject a link, give the reason',
      'Mapping!D5 (ELC-02/COC-02): ELC-02 × COC-02 is on row 4 already; give each link one row',
    ]);
    expect(read.rows.map((r) => `${r.targetId}/${r.controlId} ${r.decision}`)).toEqual(['ELC-02/COC-02 accept']);
  });

  it('without a Mapping sheet, nothing is decided; without its key headers, says so', () => {
    expect(readMappingGrid(buildGrid([{ name: 'Plan', rows: [['Task ID']] }]))).toEqual({ rows: [], invalid: [] });
    expect(readMappingGrid(buildGrid([{ name: 'Mapping', rows: [['Target', 'Decision']] }])).invalid[0]?.message).toBe('Mapping!row 1 has no "Control ID" header; mapping decisions cannot be read');
  });
});

describe('the diff against the decisions recorded', () => {
  const now = [recorded('ELC-02', 'COC-01', 'reject', 'HR only'), recorded('ELC-22', 'ETH-01', 'add', 'channel')];
  it.each([
    // [what the row says, what the diff reports]
    ['the same decision and reason: nothing', row('ELC-02', 'COC-01', 'reject', 'HR only'), [], [], []],
    ['a new reason: a change of reason, recorded again', row('ELC-02', 'COC-01', 'reject', 'HR listing only'), ['ELC-02/COC-01 reason'], ['ELC-02/COC-01 reject'], []],
    ['a cleared decision: a withdrawal', row('ELC-02', 'COC-01', '', 'HR only'), ['ELC-02/COC-01 decision', 'ELC-02/COC-01 reason'], [], ['ELC-02/COC-01']],
    ['a reason with no decision where none is recorded: nothing', row('ELC-03', 'COC-01', '', 'a note'), [], [], []],
    ['a new decision: recorded', row('ELC-03', 'COC-01', 'accept', ''), ['ELC-03/COC-01 decision'], ['ELC-03/COC-01 accept'], []],
  ] as const)('%s', (_, r, changes, decisions, withdrawals) => {
    const d = diffMapping(sheet([r as string[]]), now);
    expect(d.changes.map((c) => `${c.id} ${c.field}`)).toEqual(changes);
    expect(d.decisions.map((x) => `${x.targetId}/${x.controlId} ${x.decision}`)).toEqual(decisions);
    expect(d.withdrawals.map((x) => `${x.targetId}/${x.controlId}`)).toEqual(withdrawals);
  });

  it('a recorded decision whose row was deleted is left alone: deleting a row is not a decision', () => {
    expect(diffMapping(sheet([]), now)).toEqual({ changes: [], invalid: [], decisions: [], withdrawals: [] });
  });

  it('a new decision naming a control that does not exist is unusable, named by row', () => {
    const d = diffMapping(sheet([row('ELC-03', 'NOPE-1', 'add', 'typo')]), [], (_, c) => (c === 'NOPE-1' ? 'no control NOPE-1 in the imported matrix' : null));
    expect(d.invalid.map((v) => v.message)).toEqual(['Mapping!row 2 (ELC-03/NOPE-1): no control NOPE-1 in the imported matrix']);
    expect(d.decisions).toEqual([]);
  });
});

describe('the rows written', () => {
  const item = (candidates: number, reviewedLast = false): DeltaItem =>
    ({
      id: 'ITGC-AC-04',
      title: 'Access review',
      status: 'gap',
      sources: [],
      candidates: Array.from({ length: candidates }, (_, k) => ({
        controlId: `C-${k + 1}`,
        file: 'f.xlsx',
        sheet: 'Controls',
        row: k + 2,
        via: [],
        reason: 'shares a criterion',
        matched: [],
        excluded: [],
        ...(reviewedLast && k === candidates - 1 ? { review: { decision: 'reject', reason: 'no', author: 'a', at: '2026-12-01T00:00:00Z' } } : {}),
      })),
    }) as unknown as DeltaItem;

  it(`writes at most ${CANDIDATES_PER_TARGET} candidates per target and a row counting the rest; a reviewed one is always written`, () => {
    const rows = mappingRows([item(CANDIDATES_PER_TARGET + 7, true)]);
    expect(rows.filter((r) => r.link === 'candidate')).toHaveLength(CANDIDATES_PER_TARGET + 1);
    expect(rows.find((r) => r.controlId === `C-${CANDIDATES_PER_TARGET + 7}`)).toMatchObject({ decision: 'reject', reviewedBy: 'a', reviewedAt: '2026-12-01' });
    expect(rows.at(-1)).toMatchObject({ controlId: '', link: '… more candidates', why: '6 more candidates share a criterion with ITGC-AC-04; the target detail in soxbridge lists them all' });
    expect(mappingRows([item(3)]).map((r) => r.link)).toEqual(['candidate', 'candidate', 'candidate']);
  });
});
