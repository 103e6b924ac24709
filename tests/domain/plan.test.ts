import { describe, expect, it } from 'vitest';
import type { Plan, PlanTask } from '../../server/domain/plan.ts';
import { analyse, catalog, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

const byId = (plan: Plan) => new Map(plan.tasks.map((t) => [t.id, t]));

describe('the plan scheduler', () => {
  const a = analyse(typicalSaasControls(), { ...SAAS_PROFILE, planStart: '2026-11-25' });
  const tasks = byId(a.plan);

  it('gives every gap and enhance design, implement and operate tasks, and every key control TOD, TOE, window and roll-forward', () => {
    for (const i of a.delta.items.filter((x) => x.status === 'gap' || x.status === 'enhance')) {
      expect(['D', 'I', 'O'].map((k) => tasks.has(`${i.id}-${k}`)), i.id).toEqual([true, true, true]);
    }
    const key = new Set(catalog.targets.filter((t) => t.key).map((t) => t.id));
    for (const i of a.delta.items.filter((x) => x.status !== 'not-applicable')) {
      const want = key.has(i.id);
      expect(['TOD', 'TOE', 'RW', 'RF'].map((k) => tasks.has(`${i.id}-${k}`)), i.id).toEqual([want, want, want, want]);
    }
    for (const i of a.delta.items.filter((x) => x.status === 'not-applicable')) expect(tasks.has(`${i.id}-D`)).toBe(false);
  });

  it('starts every task on or after the end of what it depends on, and never before the plan start', () => {
    for (const t of a.plan.tasks) {
      expect(t.start >= '2026-11-25', t.id).toBe(true);
      for (const d of t.dependsOn) expect(t.start >= tasks.get(d)!.end, `${t.id} after ${d}`).toBe(true);
    }
  });

  it('schedules scoping before documentation and design, and access/change ITGCs before IT-dependent controls', () => {
    expect(tasks.get('P-RCM')!.dependsOn).toContain('P-SCOPE');
    const ready = tasks.get('P-ITGC-READY')!;
    expect(ready.dependsOn.some((d) => d.startsWith('ITGC-AC-'))).toBe(true);
    expect(ready.dependsOn.some((d) => d.startsWith('ITGC-CM-'))).toBe(true);
    const itdm = catalog.targets.find((t) => t.category === 'process:close' && t.method !== 'manual')!;
    expect(tasks.get(`${itdm.id}-I`)!.dependsOn).toContain('P-ITGC-READY');
    expect(tasks.get(`${itdm.id}-I`)!.start >= ready.end).toBe(true);
  });

  it('runs each remediated control for its minimum operating period before its TOE, which ends before the remediation window', () => {
    // rule (plan-defaults): interim TOE ends remediationWindowMonthsBeforeYearEnd (3) months before the 404(a) year end
    const toeEnd = '2028-09-30';
    expect(a.timeline.first404a.periodEnd).toBe('2028-12-31');
    for (const t of catalog.targets) {
      const op = tasks.get(`${t.id}-O`);
      if (!op) continue;
      const expected = t.method === 'automated' ? catalog.testing.automatedMinOperatingDays : catalog.testing.byFrequency[t.frequency].minOperatingDays;
      expect(op.durationDays, t.id).toBe(Math.max(1, expected));
      const test = tasks.get(`${t.id}-TOE`);
      if (!test) continue;
      expect(test.start >= '2028-01-01' && test.start >= op.end, t.id).toBe(true);
      expect(test.latestFinish! <= toeEnd, t.id).toBe(true);
    }
  });

  it('ends with the first 404(a) report, and the §302 programme at the first certification', () => {
    expect(tasks.get('P-404A')!.end <= a.timeline.first404a.due).toBe(true);
    expect(tasks.get('P-302')!.latestFinish).toBe(a.timeline.first302.due);
    expect(a.plan.criticalPath.length).toBeGreaterThan(0);
  });

  it('flags, and does not compress, an IPO four months away', () => {
    const soon = analyse(typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-03-25', s1PeriodEnd: '2026-12-31', planStart: '2026-11-25' });
    expect(soon.plan.atRisk).toBeGreaterThan(0);
    const p302 = soon.plan.tasks.find((t) => t.id === 'P-302')!;
    expect(p302.atRisk).toBe(true);
    expect(p302.atRiskReason).toMatch(/\d+ days? after its latest finish .*anchor §302/);
    expect(soon.plan.notes.join(' ')).toMatch(/not compressed/);
    // the critical path is the chain that drives the late task, each link ending the day the next starts
    const path = soon.plan.criticalPath.map((id) => soon.plan.tasks.find((t) => t.id === id)!);
    expect(path.length).toBeGreaterThan(1);
    for (let i = 1; i < path.length; i++) expect(path[i]!.start >= path[i - 1]!.end).toBe(true);
  });

  it('never lets a task end after its latest finish unless it is flagged', () => {
    const late = (ts: PlanTask[]) => ts.filter((t) => t.latestFinish && t.end > t.latestFinish);
    const unflagged = (ts: PlanTask[]) => late(ts).filter((t) => !t.atRisk || !t.atRiskReason).map((t) => t.id);
    // Six months to the IPO (2027-05-15) is short: the controls behind the first §302 certification must operate from
    // 2027-04-01 (REFERENCE §6, Item 307), so tasks run late, each flagged with the anchor that binds it. Four months
    // away, §302 itself is late (by hand: P-302 must end by the first certification) and flagged too.
    expect(late(a.plan.tasks).filter((t) => /anchor §302/.test(t.atRiskReason ?? '')).length).toBeGreaterThan(0);
    const soon = analyse(typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-03-25', s1PeriodEnd: '2026-12-31', planStart: '2026-11-25' });
    expect(late(soon.plan.tasks).map((t) => t.id)).toContain('P-302');
    expect(unflagged(soon.plan.tasks)).toEqual([]);
    expect(unflagged(a.plan.tasks)).toEqual([]);
  });

  it('has no 404(b) phase for a non-accelerated filer, and says why', () => {
    const non = analyse(typicalSaasControls(), { ...SAAS_PROFILE, filerStatus: 'non-accelerated' });
    expect(non.plan.tasks.some((t) => t.phase === '404b')).toBe(false);
    expect(non.plan.phases.some((p) => p.id === '404b')).toBe(false);
    expect(non.plan.notes.join(' ')).toMatch(/No §404\(b\) phase: .*non-accelerated/i);
  });

  it('ends 404(b) readiness before the first 404(b) year begins', () => {
    const large = analyse(typicalSaasControls(), { ...SAAS_PROFILE, filerStatus: 'large-accelerated' });
    const b = large.plan.tasks.find((t) => t.id === 'P-404B')!;
    expect(large.timeline.first404b!.periodEnd).toBe('2028-12-31');
    expect(b.latestFinish).toBe('2027-12-31');
    const acc = analyse(typicalSaasControls(), SAAS_PROFILE);
    expect(acc.plan.tasks.find((t) => t.id === 'P-404B')!.latestFinish).toBe('2031-12-31');
  });

  it("reports each owner's workload by month and flags overloads", () => {
    expect(a.plan.workload.length).toBeGreaterThan(0);
    for (const w of a.plan.workload) {
      expect(w.capacity).toBe(catalog.planDefaults.ownerCapacityByRole[w.owner] ?? catalog.planDefaults.ownerCapacityDaysPerMonth);
      if (w.days > w.capacity + 0.05) expect(w.overloaded, `${w.owner} ${w.month}`).toBe(true);
    }
    expect(a.plan.workload.some((w) => w.owner === 'Alex Kim')).toBe(true);
  });

  it('turns an owner SoD conflict into a resolution task with the compensating control', () => {
    const sod = a.plan.tasks.filter((t) => t.id.startsWith('SOD-'));
    expect(sod.every((t) => t.kind === 'remediate')).toBe(true);
    expect(sod.length).toBe(a.sod.length);
    expect(sod[0]!.notes).toMatch(/Suggested compensating control/);
  });
});
