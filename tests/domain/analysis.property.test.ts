import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

const all = typicalSaasControls();
const dateArb = fc
  .record({ y: fc.integer({ min: 2027, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const input = fc.record({
  subset: fc.subarray(all.map((_, i) => i)),
  ipoDate: dateArb,
  fye: fc.constantFrom('12-31', '06-30', '03-31', '01-31', '09-30'),
  filerStatus: fc.constantFrom('non-accelerated', 'accelerated', 'large-accelerated'),
  egc: fc.boolean(),
  systems: fc.subarray(['NetSuite', 'ADP', 'AWS']),
});

describe('analysis invariants (property tests)', () => {
  it('every target has exactly one status; every gap or enhance has a task; no task ends late unless flagged; output is deterministic', () => {
    fc.assert(
      fc.property(input, (i) => {
        const controls = i.subset.map((k) => all[k]!);
        const profile = { ...SAAS_PROFILE, ipoDate: i.ipoDate, fiscalYearEnd: i.fye, filerStatus: i.filerStatus, egc: i.egc, financialSystems: i.systems };
        const a = analyse(controls, profile);
        const ids = a.delta.items.map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const item of a.delta.items) expect(['covered', 'enhance', 'gap', 'not-applicable']).toContain(item.status);
        const targetsWithTasks = new Set(a.plan.tasks.map((t) => t.target));
        for (const item of a.delta.items)
          if (item.status === 'gap' || item.status === 'enhance') expect(targetsWithTasks.has(item.id), item.id).toBe(true);
        for (const t of a.plan.tasks) if (t.latestFinish !== null && t.end > t.latestFinish) expect(t.atRisk, t.id).toBe(true);
        expect(JSON.stringify(analyse(controls, profile).plan)).toBe(JSON.stringify(a.plan));
      }),
      { numRuns: 25 },
    );
  });
});
