// Anchors, task kinds, sample sizes and minimum operating periods of the plan, worked by hand from REFERENCE §6–§7.
import { describe, expect, it } from 'vitest';
import type { Frequency, Method } from '../../server/domain/catalog.ts';
import { behind302, operatingDays, sampleSizeFor, TASK_KINDS, type PlanTask } from '../../server/domain/plan.ts';
import { analyse, catalog, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

// H1-style inputs: the typical SaaS fixture with the IPO ten months after the plan start.
const H1 = { ...SAAS_PROFILE, ipoDate: '2027-09-25', planStart: '2026-11-25' };
const h1 = analyse(typicalSaasControls(), H1);
const task = (id: string): PlanTask => {
  const t = h1.plan.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id}`);
  return t;
};

describe('sample sizes and minimum operating periods (templates/testing.json, REFERENCE §7)', () => {
  // rule: the low end of "annual 1; quarterly 2; monthly 2–5; semi-monthly 3–8; weekly 5–15; daily 20–40; several
  // times a day 25–60"; an automated control: one instance per configuration (plus the ITGC baseline)
  const cases: [Frequency, Method, number, number][] = [
    // frequency, method, sample, minimum operating days (quarterly 2 quarters, monthly 2 months, weekly 5 weeks, daily ~1 month)
    ['annual', 'manual', 1, 0],
    ['semi-annual', 'manual', 1, 183],
    ['quarterly', 'manual', 2, 182],
    ['monthly', 'manual', 2, 61],
    ['semi-monthly', 'it-dependent-manual', 3, 46],
    ['weekly', 'manual', 5, 35],
    ['daily', 'it-dependent-manual', 20, 30],
    ['continuous', 'manual', 25, 30],
    ['event-driven', 'manual', 25, 30],
    ['daily', 'automated', 1, 0],
    ['quarterly', 'automated', 1, 0],
  ];
  it.each(cases)('%s %s: sample %i, operates %i days first', (frequency, method, sample, days) => {
    expect(sampleSizeFor({ frequency, method }, catalog.testing)).toBe(sample);
    expect(operatingDays({ frequency, method }, catalog.testing)).toBe(days);
  });

  // real key controls of the catalogue, one per frequency/method, through the whole plan
  const planned: [string, number, number][] = [
    ['ELC-04', 2, 182], // quarterly manual
    ['ITGC-AC-06', 2, 61], // monthly IT-dependent manual
    ['P2P-04', 5, 35], // weekly
    ['PAY-01', 3, 46], // semi-monthly
    ['ITGC-OP-01', 20, 30], // daily
    ['ITGC-AC-01', 25, 30], // event-driven
    ['ITGC-AC-09', 1, 1], // automated: 0 days, at least one day of operation in the plan
  ];
  it.each(planned)('%s: TOE sample %i, after %i days of operation', (id, sample, days) => {
    const toe = task(`${id}-TOE`);
    expect(toe.kind).toBe('toe');
    expect(toe.sampleSize).toBe(sample);
    const op = h1.plan.tasks.find((t) => t.id === `${id}-O`);
    if (op) {
      expect(op.durationDays).toBe(days);
      expect(toe.start >= op.end).toBe(true);
    }
  });
});

describe('anchors (REFERENCE §6: §302 from the first 10-Q)', () => {
  // first 10-Q after a 2027-09-25 IPO: Q3 ending 2027-09-30, due +45 days = 2027-11-14 (Sunday) → 2027-11-15.
  // Controls behind it are implemented by the end of the prior quarter, 2027-06-30, so they operate the whole
  // certified quarter, more than one quarter before the certification.
  it('reads the first certification from the timeline', () => {
    expect(h1.timeline.first302.periodEnd).toBe('2027-09-30');
    expect(h1.timeline.first302.due).toBe('2027-11-15');
  });

  const anchored: [string, string][] = [
    ['CLOSE-JE-02', 'journal entries (close)'],
    ['ELC-04', 'entity level'],
    ['REV-01', 'revenue'],
  ];
  it.each(anchored)('%s (%s) is implemented by 2027-06-30 or flagged naming the anchor', (id) => {
    const impl = task(`${id}-I`);
    expect(impl.latestFinish! <= '2027-06-30').toBe(true);
    // the binding anchor is named: §302, or the dry run when that is tighter
    expect(impl.deadlineBasis).toMatch(/anchor (§302|dry run)/);
    if (impl.end > impl.latestFinish!) expect(impl.atRiskReason).toMatch(/anchor (§302|dry run)/);
    expect(task(`${id}-D`).deadlineBasis).toMatch(/anchor (§302|dry run)/);
  });

  it('anchors every control behind a disclosure, and no other procure-to-pay control', () => {
    for (const t of catalog.targets) {
      const impl = h1.plan.tasks.find((x) => x.id === `${t.id}-I`);
      if (!impl) continue;
      const want = ['entity', 'process:close', 'process:revenue'].includes(t.category) || t.assertions.includes('presentation-and-disclosure');
      expect(behind302(t), t.id).toBe(want);
      if (want) expect(impl.latestFinish! <= '2027-06-30', t.id).toBe(true);
      else expect(impl.deadlineBasis ?? '', t.id).not.toMatch(/anchor §302/);
    }
    expect(behind302({ category: 'process:procure-to-pay', assertions: ['occurrence'] })).toBe(false);
    expect(behind302({ category: 'process:tax', assertions: ['presentation-and-disclosure'] })).toBe(true);
  });

  it('ends the §302 programme at the first certification, with its three deliverables', () => {
    const p = task('P-302');
    expect(p.end).toBe('2027-11-15');
    expect(p.latestFinish).toBe('2027-11-15');
    expect(p.deliverables).toHaveLength(3);
    expect(p.deliverables.join(' | ')).toMatch(/charter.*\|.*sub-certification cascade.*\|.*sign-offs/i);
  });

  it('starts the dry run only after every remediated control has operated its minimum period', () => {
    const dry = task('P-DRYRUN');
    const ops = h1.plan.tasks.filter((t) => t.kind === 'operate');
    expect(ops.length).toBeGreaterThan(50);
    for (const o of ops) expect(dry.start >= o.end, o.id).toBe(true);
  });

  it('flags a task that cannot meet the §302 anchor, naming it (IPO four months out)', () => {
    // with the audited FY2026 in the S-1, so the first certification is the Q1 2027 10-Q (REFERENCE §6)
    const soon = analyse(typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-03-25', s1PeriodEnd: '2026-12-31', planStart: '2026-11-25' });
    const late = soon.plan.tasks.filter((t) => t.atRisk && /anchor §302/.test(t.atRiskReason ?? ''));
    expect(late.map((t) => t.id)).toContain('CLOSE-JE-02-I');
    expect(late.map((t) => t.id)).toContain('P-302');
  });
});

describe('testing tasks (REFERENCE §7)', () => {
  it('uses every task kind', () => {
    const kinds = new Set(h1.plan.tasks.map((t) => t.kind));
    // retest tasks come from deficiencies only (deficiencies.test.ts)
    for (const k of TASK_KINDS.filter((x) => x !== 'retest')) expect(kinds.has(k), k).toBe(true);
  });

  const chain: [string, string, string][] = [
    // id suffix, kind, what must precede it
    ['-TOD', 'tod', '-I'],
    ['-TOE', 'toe', '-TOD'],
    ['-RW', 'remediate', '-TOE'],
    ['-RF', 'rollforward', '-RW'],
  ];
  it.each(chain)('%s is a %s task after %s', (suffix, kind, before) => {
    const t = task(`CLOSE-JE-02${suffix}`);
    expect(t.kind).toBe(kind);
    expect(t.dependsOn).toContain(`CLOSE-JE-02${before}`);
    expect(t.start >= task(`CLOSE-JE-02${before}`).end).toBe(true);
  });

  it('spreads TOE over at least three months of the 404(a) year and leaves a remediation window before year end', () => {
    const toe = h1.plan.tasks.filter((t) => t.kind === 'toe');
    const first = toe.map((t) => t.start).sort()[0]!;
    const last = toe.map((t) => t.end).sort().at(-1)!;
    expect(first >= '2028-01-01').toBe(true);
    const months = (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5, 7)) - Number(first.slice(5, 7));
    expect(months).toBeGreaterThanOrEqual(3);
    // rule: interim TOE ends 3 months before the 2028-12-31 year end; the window is the fourth quarter
    for (const t of toe) if (!t.atRisk) expect(t.end <= '2028-09-30', t.id).toBe(true);
    for (const rw of h1.plan.tasks.filter((t) => t.id.endsWith('-RW'))) {
      expect(rw.latestFinish).toBe('2028-12-31');
      if (!rw.atRisk) expect(rw.durationDays).toBe(92); // 2028-09-30 → 2028-12-31
    }
    for (const rf of h1.plan.tasks.filter((t) => t.kind === 'rollforward')) expect(rf.start >= '2029-01-01').toBe(true);
    // several quarters used, not one window
    expect(new Set(toe.map((t) => t.start.slice(0, 7))).size).toBeGreaterThanOrEqual(3);
  });
});
