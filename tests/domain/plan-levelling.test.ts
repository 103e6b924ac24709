// Levelling against owner capacity, worked by hand; then the plan-wide properties (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDayNumber } from '../../server/domain/dates.ts';
import { levelTasks, ownerLoad, spread, type LevelTask } from '../../server/domain/plan-levelling.ts';
import { analyse, catalog, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

const d = toDayNumber;
const task = (id: string, over: Partial<LevelTask>): LevelTask => ({
  id,
  owner: 'Controller',
  effortDays: 10,
  durationDays: 20,
  dependsOn: [],
  earliestStart: d('2027-01-05'),
  latestFinish: null,
  fixed: false,
  ...over,
});
const cap10 = () => 10;

describe('levelling (capacity per owner and month)', () => {
  it('spreads effort evenly over the days, by calendar month', () => {
    // 2027-01-22 + 20 days: 10 days in January (22–31), 10 in February → 5 + 5 of 10 effort days
    expect(spread(d('2027-01-22'), 20, 10)).toEqual([
      ['2027-01', 5],
      ['2027-02', 5],
    ]);
  });

  const cases: { name: string; tasks: LevelTask[]; starts: Record<string, string>; over: Record<string, string> }[] = [
    {
      name: 'two 10-day tasks for a 10-day owner: the second moves to the next month inside its slack',
      tasks: [task('A', { latestFinish: d('2027-01-31') }), task('B', { latestFinish: d('2027-03-31') })],
      starts: { A: '2027-01-05', B: '2027-02-01' },
      over: {},
    },
    {
      name: 'no slack for the second: it stays and is over capacity in January',
      tasks: [task('A', { latestFinish: d('2027-01-31') }), task('B', { latestFinish: d('2027-01-31') })],
      starts: { A: '2027-01-05', B: '2027-01-05' },
      over: { B: 'Controller 2027-01' },
    },
    {
      name: 'the task with the least slack is placed first, the other gives way',
      tasks: [task('A', { latestFinish: d('2027-03-31') }), task('B', { latestFinish: d('2027-01-31') })],
      starts: { A: '2027-02-01', B: '2027-01-05' },
      over: {},
    },
    {
      name: 'another owner is not affected',
      tasks: [task('A', { latestFinish: d('2027-01-31') }), task('B', { owner: 'CFO', latestFinish: d('2027-01-31') })],
      starts: { A: '2027-01-05', B: '2027-01-05' },
      over: {},
    },
    {
      name: 'a task too big for any month is over capacity where it starts',
      tasks: [task('A', { effortDays: 30, durationDays: 20, latestFinish: d('2027-06-30') })],
      starts: { A: '2027-01-05' },
      over: { A: 'Controller 2027-01' },
    },
    {
      name: 'a successor starts after its moved predecessor',
      tasks: [task('A', { latestFinish: d('2027-01-31') }), task('B', { latestFinish: d('2027-03-31') }), task('C', { owner: 'CFO', effortDays: 0, dependsOn: ['B'], durationDays: 5 })],
      starts: { A: '2027-01-05', B: '2027-02-01', C: '2027-02-21' },
      over: {},
    },
    {
      name: 'a fixed (as-late-as-possible) task keeps its place, and is flagged when that overloads its owner',
      tasks: [task('A', { latestFinish: d('2027-01-31') }), task('B', { fixed: true, latestFinish: d('2027-03-31') })],
      starts: { A: '2027-01-05', B: '2027-01-05' },
      over: { B: 'Controller 2027-01' },
    },
  ];
  it.each(cases)('$name', ({ tasks, starts, over }) => {
    const r = levelTasks(tasks, cap10);
    for (const [id, s] of Object.entries(starts)) expect(new Date(r.start[tasks.findIndex((t) => t.id === id)]! * 86400000).toISOString().slice(0, 10), id).toBe(s);
    expect(Object.fromEntries(r.overCapacity)).toEqual(over);
  });

  it('reports load against capacity per owner and month', () => {
    const rows = ownerLoad([{ owner: 'CFO', start: d('2027-01-22'), durationDays: 20, effortDays: 10 }], (o) => (o === 'CFO' ? 4 : 12));
    expect(rows).toEqual([
      { owner: 'CFO', month: '2027-01', days: 5, capacity: 4, overloaded: true },
      { owner: 'CFO', month: '2027-02', days: 5, capacity: 4, overloaded: true },
    ]);
  });

  it('takes an owner capacity edited on the engagement over the role default', () => {
    const base = analyse(typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-09-25', planStart: '2026-11-25' });
    const more = analyse(typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-09-25', planStart: '2026-11-25', ownerCapacity: { Controller: 30 } });
    expect(base.plan.workload.find((w) => w.owner === 'Controller')!.capacity).toBe(catalog.planDefaults.ownerCapacityByRole.Controller);
    expect(more.plan.workload.find((w) => w.owner === 'Controller')!.capacity).toBe(30);
    const overController = (p: typeof base.plan) => p.tasks.filter((t) => /over capacity: Controller /.test(t.atRiskReason ?? '')).length;
    expect(overController(more.plan)).toBeLessThan(overController(base.plan));
  });
});

const all = typicalSaasControls();
const dateArb = fc
  .record({ y: fc.integer({ min: 2027, max: 2029 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d: day }) => `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const input = fc.record({
  subset: fc.subarray(all.map((_, i) => i), { minLength: 5 }),
  ipoDate: dateArb,
  fye: fc.constantFrom('12-31', '06-30', '03-31'),
  filerStatus: fc.constantFrom('non-accelerated', 'accelerated', 'large-accelerated'),
  capacity: fc.integer({ min: 2, max: 25 }),
});

describe('plan properties', () => {
  it('no TOE before its minimum operating period; nothing late or over capacity unless at risk with a reason; deterministic', () => {
    fc.assert(
      fc.property(input, (i) => {
        const controls = i.subset.map((k) => all[k]!);
        const profile = { ...SAAS_PROFILE, ipoDate: i.ipoDate, fiscalYearEnd: i.fye, filerStatus: i.filerStatus, planStart: '2026-11-25', ownerCapacity: { Controller: i.capacity } };
        const a = analyse(controls, profile);
        const byId = new Map(a.plan.tasks.map((t) => [t.id, t]));
        const targets = new Map(catalog.targets.map((t) => [t.id, t]));
        for (const t of a.plan.tasks) {
          if (t.kind === 'toe') {
            const op = byId.get(`${t.target}-O`);
            if (op) {
              const tg = targets.get(t.target!)!;
              const min = tg.method === 'automated' ? catalog.testing.automatedMinOperatingDays : catalog.testing.byFrequency[tg.frequency].minOperatingDays;
              expect(op.durationDays).toBeGreaterThanOrEqual(min);
              expect(t.start >= op.end, t.id).toBe(true);
            }
          }
          if (t.latestFinish !== null && t.end > t.latestFinish) {
            expect(t.atRisk, t.id).toBe(true);
            expect(t.atRiskReason, t.id).toMatch(/after its latest finish/);
          }
          if (t.atRisk) expect((t.atRiskReason ?? '').length).toBeGreaterThan(0);
        }
        for (const w of a.plan.workload.filter((x) => x.overloaded)) {
          const inIt = a.plan.tasks.filter(
            (t) => t.owner === w.owner && t.effortDays > 0 && t.start.slice(0, 7) <= w.month && (t.end > t.start ? t.end : t.start).slice(0, 7) >= w.month,
          );
          expect(inIt.some((t) => t.atRisk), `${w.owner} ${w.month}`).toBe(true);
        }
        expect(JSON.stringify(analyse(controls, profile).plan)).toBe(JSON.stringify(a.plan));
      }),
      { numRuns: 15 },
    );
  });
});
