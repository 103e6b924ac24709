import { describe, expect, it } from 'vitest';
import {
  buildApplyRequest,
  canApply,
  initialSelection,
  mappingCount,
  resolve,
  selectedCount,
  setAdded,
  setAllChanges,
  setChange,
  setDeleted,
  unresolved,
  type PlanDiff,
  type RowValues,
} from '../../web/src/diff-selection.ts';

const values = (title: string): RowValues => ({ title, owner: 'CFO', start: '2027-01-04', due: '2027-02-01', effort: '2', status: 'not-started', dependsOn: '', notes: '' });

const diff: PlanDiff = {
  changes: [
    { sheet: 'Plan', row: 4, id: 'P-RCM', field: 'status', before: 'not-started', after: 'done' },
    { sheet: 'Plan', row: 4, id: 'P-RCM', field: 'owner', before: 'SOX programme lead', after: 'CFO' },
    { sheet: 'Plan', row: 9, id: 'ELC-24-I', field: 'due', before: '2027-05-05', after: '2027-05-12' },
  ],
  added: [{ sheet: 'Plan', row: 481, id: null, values: values('Board training') }],
  deleted: [{ sheet: 'Plan', row: 7, id: 'P-SOC1', values: values('Collect SOC 1 reports') }],
  invalid: [{ sheet: 'Plan', row: 12, column: 'I', id: 'X-1', field: 'status', value: 'maybe', code: 'status-unknown', message: 'status "maybe" is not one of …' }],
  conflicts: [
    { sheet: 'Plan', row: 4, id: 'P-RCM', field: 'notes', before: '', workbook: 'from the workbook', current: 'from soxbridge' },
    { sheet: 'Plan', row: 5, id: 'P-WALK', field: 'owner', before: 'A', workbook: 'B', current: 'C' },
  ],
};

describe('choices over a re-import diff', () => {
  it('starts with every change and new row ticked, no deletion, no conflict decided', () => {
    const s = initialSelection(diff);
    expect([...s.changes]).toEqual(['P-RCM.status', 'P-RCM.owner', 'ELC-24-I.due']);
    expect([...s.added]).toEqual([481]);
    expect(s.deleted.size).toBe(0);
    expect(unresolved(diff, s).map((c) => c.id)).toEqual(['P-RCM', 'P-WALK']);
  });

  it('refuses to apply until every conflict has a choice, saying how many are open', () => {
    let s = initialSelection(diff);
    expect(canApply(diff, s)).toEqual({ ok: false, reason: "2 conflicts still need a choice: keep the workbook's value or soxbridge's." });
    s = resolve(s, 'P-RCM.notes', 'workbook');
    expect(canApply(diff, s)).toEqual({ ok: false, reason: "1 conflict still needs a choice: keep the workbook's value or soxbridge's." });
    s = resolve(s, 'P-WALK.owner', 'soxbridge');
    expect(canApply(diff, s)).toEqual({ ok: true });
  });

  it('builds the request from exactly what was ticked; deletions only when ticked; invalid values never', () => {
    let s = initialSelection(diff);
    s = setChange(s, 'P-RCM.owner', false);
    s = resolve(resolve(s, 'P-RCM.notes', 'workbook'), 'P-WALK.owner', 'soxbridge');
    expect(buildApplyRequest(diff, s)).toEqual({
      changes: ['P-RCM.status', 'ELC-24-I.due'],
      added: [481],
      deleted: [],
      resolutions: { 'P-RCM.notes': 'workbook', 'P-WALK.owner': 'soxbridge' },
    });
    s = setDeleted(setAdded(s, 481, false), 'P-SOC1', true);
    const req = buildApplyRequest(diff, s);
    expect(req.added).toEqual([]);
    expect(req.deleted).toEqual(['P-SOC1']);
    expect(JSON.stringify(req)).not.toContain('X-1');
  });

  it('counts what applying would do, and keeps a resolution changed last', () => {
    let s = initialSelection(diff);
    expect(selectedCount(diff, s)).toBe(4);
    s = resolve(s, 'P-RCM.notes', 'soxbridge');
    s = resolve(s, 'P-RCM.notes', 'workbook');
    expect(selectedCount(diff, s)).toBe(5);
    s = setAllChanges(s, diff, false);
    expect(selectedCount(diff, s)).toBe(2);
    expect(buildApplyRequest(diff, s).resolutions).toEqual({ 'P-RCM.notes': 'workbook' });
    s = setAllChanges(s, diff, true);
    expect(s.changes.size).toBe(3);
  });

  it('has nothing to apply when nothing is ticked and there is no conflict', () => {
    const plain: PlanDiff = { ...diff, conflicts: [] };
    let s = initialSelection(plain);
    s = setAdded(setAllChanges(s, plain, false), 481, false);
    expect(canApply(plain, s)).toEqual({ ok: false, reason: 'Nothing is selected.' });
    expect(canApply(plain, setDeleted(s, 'P-SOC1', true))).toEqual({ ok: true });
  });

  it('applies a mapping-only re-import: decisions from the Mapping sheet count as something to apply', () => {
    const mappingOnly: PlanDiff = {
      changes: [],
      added: [],
      deleted: [],
      invalid: [],
      conflicts: [],
      mapping: {
        changes: [{ sheet: 'Mapping', row: 7, id: 'ITGC-AC-04/AC-01', field: 'decision', before: '', after: 'accept' }],
        invalid: [],
        decisions: [{ targetId: 'ITGC-AC-04', controlId: 'AC-01', decision: 'accept', reason: '' }],
        withdrawals: [],
      },
    };
    expect(mappingCount(mappingOnly)).toBe(1);
    expect(canApply(mappingOnly, initialSelection(mappingOnly))).toEqual({ ok: true });
    expect(canApply({ ...mappingOnly, mapping: { ...mappingOnly.mapping!, decisions: [] } }, initialSelection(mappingOnly))).toEqual({ ok: false, reason: 'Nothing is selected.' });
  });

  it('ignores ticks that are not in this diff', () => {
    const s = setDeleted(setChange(initialSelection(diff), 'NOPE.status', true), 'NOPE', true);
    const req = buildApplyRequest(diff, s);
    expect(req.changes).not.toContain('NOPE.status');
    expect(req.deleted).toEqual([]);
  });
});
