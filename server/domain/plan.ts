// The remediation plan: tasks from every gap and enhance plus the programme tasks of the phases template, scheduled
// forward from the plan start (dependencies first) and checked backward against the SEC deadlines of the timeline.
// A task that cannot finish by its latest finish is flagged atRisk with the reason; time is never compressed.
import type { Catalog, Frequency, ReasonCode, SoxTarget } from './catalog.ts';
import { addDays, addMonths, dateParts, daysBetween, daysInMonth, fromDayNumber, maxDate, minDate, toDayNumber, type IsoDate } from './dates.ts';
import type { DeltaItem } from './delta.ts';
import type { EngagementProfile } from './profile.ts';
import type { Timeline } from './timeline.ts';
import { filingCadence } from './filing-cadence.ts';
import { plural } from './words.ts';

export type TaskKind = 'programme' | 'design' | 'implement' | 'operate' | 'test' | 'sod';
export type TaskStatus = 'not-started' | 'in-progress' | 'done' | 'blocked';
export const TASK_STATUSES: readonly TaskStatus[] = ['not-started', 'in-progress', 'done', 'blocked'];

export interface PlanTask {
  id: string;
  phase: string; // phase id from templates/phases.json
  kind: TaskKind;
  title: string;
  target: string | null;
  reasons: ReasonCode[];
  owner: string;
  start: IsoDate;
  end: IsoDate; // the day it is done
  durationDays: number;
  effortDays: number;
  latestFinish: IsoDate | null;
  deadlineBasis: string | null;
  dependsOn: string[];
  atRisk: boolean;
  atRiskReason: string | null;
  critical: boolean;
  floatDays: number | null;
  status: TaskStatus;
  notes: string;
}

export interface OwnerConflictInput {
  rule: string;
  owner: string;
  severity: string;
  compensatingControl: string;
  controls: string[];
}

export interface PlanInput {
  catalog: Pick<Catalog, 'targets' | 'phases' | 'testing' | 'planDefaults'>;
  items: DeltaItem[];
  timeline: Timeline;
  profile: EngagementProfile;
  ownersByControl: Map<string, string>; // control id → display owner, to give tasks a named owner
  conflicts: OwnerConflictInput[];
}

export interface Plan {
  start: IsoDate;
  end: IsoDate;
  tasks: PlanTask[];
  phases: { id: string; name: string; start: IsoDate; end: IsoDate; tasks: number; completeWhen: string }[];
  atRisk: number;
  criticalPath: string[];
  workload: { owner: string; month: string; days: number; overloaded: boolean }[];
  overloads: number;
  keyDates: { id: string; date: IsoDate; basis: string }[];
  notes: string[];
}

interface Draft {
  id: string;
  phase: string;
  kind: TaskKind;
  title: string;
  target: string | null;
  reasons: ReasonCode[];
  owner: string;
  durationDays: number;
  effortDays: number;
  deadline: IsoDate | null;
  deadlineBasis: string | null;
  notBefore: IsoDate | null;
  asLateAsPossible?: boolean;
  dependsOn: string[];
  notes: string;
}

const ITGC_FIRST = new Set(['itgc-access', 'itgc-change']);
const collate = new Intl.Collator().compare; // what localeCompare does, without building a collator per call

function defaultOwner(defaults: Record<string, string>, category: string): string {
  return defaults[category] ?? defaults[category.split(':')[0] === 'process' ? category : category.split('-')[0]!] ?? defaults.programme ?? 'Unassigned';
}

function operatingDays(t: SoxTarget, testing: PlanInput['catalog']['testing']): number {
  if (t.method === 'automated') return testing.automatedMinOperatingDays;
  return testing.byFrequency[t.frequency as Frequency].minOperatingDays;
}

export function buildPlan(input: PlanInput): Plan {
  const { catalog, items, timeline, profile } = input;
  const pd = catalog.planDefaults;
  const start = profile.planStart;
  const targets = new Map(catalog.targets.map((t) => [t.id, t]));
  const phaseName = new Map(catalog.phases.map((p) => [p.id, p]));
  const has = (id: string) => phaseName.has(id);
  const phaseOr = (id: string, fallback: string) => (has(id) ? id : fallback);

  // Key dates the schedule is anchored on, each with its basis.
  const y = timeline.first404a.periodEnd;
  const y0 = addDays(timeline.first10K.periodEnd, 1);
  const tw = addMonths(y, -pd.interimTestingMonthsBeforeYearEnd);
  const keyDates = [
    { id: 'plan-start', date: start, basis: 'the plan start of the engagement profile' },
    { id: 'ipo', date: profile.ipoDate, basis: 'the IPO (effective) date of the engagement profile' },
    { id: 'first302', date: timeline.first302.periodEnd, basis: `period end of the first report carrying a §302 certification (${timeline.first302.label})` },
    { id: 'first404a-year-start', date: y0, basis: 'first day of the first §404(a) fiscal year (the year after the first 10-K)' },
    { id: 'interim-testing', date: tw, basis: `interim testing starts ${plural(pd.interimTestingMonthsBeforeYearEnd, 'month')} before the 404(a) year end, then rolled forward to the year end (planning default; auditor practice under AS 2201)` },
    { id: 'first404a-year-end', date: y, basis: timeline.first404a.basis },
    { id: 'first404a-due', date: timeline.first404a.due, basis: 'the 10-K carrying the first management report is due' },
  ];
  if (timeline.first404b) keyDates.push({ id: 'first404b-year-end', date: timeline.first404b.periodEnd, basis: timeline.first404b.basis });

  const drafts: Draft[] = [];
  const programme = (d: Omit<Draft, 'kind' | 'target' | 'reasons' | 'owner' | 'notBefore' | 'notes'> & Partial<Draft>) =>
    drafts.push({ kind: 'programme', target: null, reasons: [], owner: pd.defaultOwners.programme ?? 'SOX programme lead', notBefore: null, notes: '', ...d });
  const weeks = (id: string, fallback: number) => Math.max(1, Math.round((phaseName.get(id)?.defaultWeeks ?? fallback) * 7));

  programme({ id: 'P-READINESS', phase: phaseOr('readiness', 'scope'), title: 'Readiness assessment and SOC 2 reuse analysis', durationDays: weeks('readiness', 4), effortDays: 10, deadline: null, deadlineBasis: null, dependsOn: [] });
  programme({ id: 'P-SCOPE', phase: 'scope', title: 'Scoping and materiality: significant accounts, assertions, processes, systems, locations; auditor alignment', durationDays: weeks('scope', 13), effortDays: 30, deadline: tw, deadlineBasis: 'scoping precedes all design and testing', dependsOn: ['P-READINESS'] });
  programme({ id: 'P-RCM', phase: 'document', title: 'Risk and control matrix and process narratives (assertions, key flags, IPE inventory)', durationDays: weeks('document', 10), effortDays: 40, deadline: tw, deadlineBasis: 'the RCM must exist before testing', dependsOn: ['P-SCOPE'] });
  programme({ id: 'P-WALK', phase: 'document', title: 'Walkthroughs of each significant process', durationDays: 42, effortDays: 20, deadline: tw, deadlineBasis: 'walkthroughs precede interim testing', dependsOn: ['P-RCM'] });
  programme({ id: 'P-SOC1', phase: phaseOr('remediate', 'document'), title: 'Collect SOC 1 Type II reports and bridge letters; map and assign CUECs', durationDays: 56, effortDays: 10, deadline: tw, deadlineBasis: 'service-organization reliance must be in place for interim testing (AS 2601)', dependsOn: ['P-SCOPE'] });
  programme({
    id: 'P-302',
    phase: phaseOr('s302', 'remediate'),
    title: '§302 readiness: disclosure committee, sub-certifications, CEO/CFO certification process',
    durationDays: 56,
    effortDays: 12,
    deadline: timeline.first302.periodEnd,
    deadlineBasis: `in place for the first report carrying a §302 certification (period end ${timeline.first302.periodEnd}, due ${timeline.first302.due})`,
    dependsOn: ['P-SCOPE'],
  });
  for (const c of filingCadence(timeline, 'P-302')) programme({ ...c, phase: phaseOr('s302', 'remediate') });
  programme({ id: 'P-DRYRUN', phase: phaseOr('operate', 'remediate'), title: 'Dry-run management testing of key controls', durationDays: 42, effortDays: 25, deadline: timeline.first10K.periodEnd, deadlineBasis: 'dry run within the IPO fiscal year, before the first §404(a) year begins', dependsOn: ['P-WALK'] });

  // Target tasks: design → implement → operate (minimum operating period) → test in the 404(a) window.
  const ownerOf = (item: DeltaItem) => {
    for (const s of item.sources) {
      const o = input.ownersByControl.get(s.controlId);
      if (o) return o;
    }
    return defaultOwner(pd.defaultOwners, item.category);
  };
  const itgcImplements: string[] = [];
  const dependsOnItgc: string[] = [];
  for (const item of items) {
    if (item.status !== 'gap' && item.status !== 'enhance') continue;
    const t = targets.get(item.id);
    if (!t) continue;
    const share = item.status === 'enhance' ? pd.enhanceEffortShare : 1;
    const lead = Math.max(14, Math.round(t.effort.leadTimeWeeks * 7 * share));
    const effort = Math.max(1, Math.round(t.effort.days * share * 10) / 10);
    const designDays = Math.max(7, Math.round(lead * pd.designShare));
    const implementDays = Math.max(7, lead - designDays);
    const opDays = Math.max(1, operatingDays(t, catalog.testing));
    const reasons = [...new Set(item.reasons.filter((r) => r.blocking).map((r) => r.code))];
    const owner = ownerOf(item);
    const verb = item.status === 'gap' ? 'Design' : 'Redesign';
    const base = { target: t.id, reasons, owner, notBefore: null, notes: '' } as const;
    const what = item.reasons.filter((r) => r.blocking).map((r) => r.text);
    drafts.push({ ...base, id: `${t.id}-D`, phase: phaseOr('remediate', 'document'), kind: 'design', title: `${verb}: ${t.title}`, durationDays: designDays, effortDays: Math.round(effort * pd.designShare * 10) / 10, deadline: null, deadlineBasis: null, dependsOn: ['P-SCOPE'], notes: what.join(' ') });
    const implId = `${t.id}-I`;
    drafts.push({ ...base, id: implId, phase: phaseOr('remediate', 'document'), kind: 'implement', title: `Implement and train owners: ${t.title}`, durationDays: implementDays, effortDays: Math.round(effort * (1 - pd.designShare) * 10) / 10, deadline: null, deadlineBasis: null, dependsOn: [`${t.id}-D`] });
    if (ITGC_FIRST.has(t.category)) itgcImplements.push(implId);
    else if (t.category !== 'entity' && t.category !== 'service-org' && t.method !== 'manual') dependsOnItgc.push(implId);
    drafts.push({
      ...base,
      id: `${t.id}-O`,
      phase: phaseOr('operate', 'remediate'),
      kind: 'operate',
      title: `Operate for the minimum period (${plural(opDays, 'day')}, ${t.method === 'automated' ? 'automated' : t.frequency}): ${t.title}`,
      durationDays: opDays,
      effortDays: 0,
      deadline: tw,
      deadlineBasis: `must operate ${plural(opDays, 'day')} (${t.method === 'automated' ? 'automated control' : `${t.frequency} control`}; minimum operating period before testing: auditor practice for testing operating effectiveness under AS 2201) before interim testing of the first §404(a) year starts on ${tw}`,
      dependsOn: [implId],
    });
    drafts.push({
      ...base,
      id: `${t.id}-T`,
      phase: phaseOr('404a', 'operate'),
      kind: 'test',
      title: `Test operating effectiveness: ${t.title}`,
      durationDays: pd.testingDays,
      effortDays: t.key ? 2 : 1,
      deadline: y,
      deadlineBasis: `interim testing within the first §404(a) year ending ${y}`,
      notBefore: tw,
      dependsOn: [`${t.id}-O`, 'P-RCM'],
    });
  }
  if (itgcImplements.length > 0) {
    programme({ id: 'P-ITGC-READY', phase: phaseOr('remediate', 'document'), title: 'Access and change ITGCs over financial systems remediated (automated and IT-dependent controls rely on them)', durationDays: 1, effortDays: 0, deadline: null, deadlineBasis: null, dependsOn: itgcImplements });
    const relying = new Set(dependsOnItgc);
    for (const d of drafts) if (relying.has(d.id)) d.dependsOn.push('P-ITGC-READY');
  }

  const monthly = catalog.testing.byFrequency.monthly.minOperatingDays;
  input.conflicts.forEach((c, i) => {
    drafts.push({
      id: `SOD-${String(i + 1).padStart(3, '0')}`,
      phase: phaseOr('remediate', 'document'),
      kind: 'sod',
      title: `Resolve SoD conflict ${c.rule} (${c.owner}): remove one duty or operate a compensating control`,
      target: null,
      reasons: ['sod'],
      owner: pd.defaultOwners.programme ?? 'SOX programme lead',
      durationDays: 28,
      effortDays: 3,
      deadline: addDays(tw, -monthly),
      deadlineBasis: `a compensating control must operate ${monthly} days (monthly) before interim testing starts on ${tw}`,
      notBefore: null,
      dependsOn: ['P-SCOPE'],
      notes: `Controls: ${c.controls.join(', ')}. Suggested compensating control: ${c.compensatingControl}`,
    });
  });

  const tests = drafts.filter((d) => d.kind === 'test').map((d) => d.id);
  programme({ id: 'P-INTERIM', phase: phaseOr('404a', 'operate'), title: 'Interim testing of all key controls (covered ones included)', durationDays: Math.max(14, daysBetween(tw, y) - 7), effortDays: 40, deadline: y, deadlineBasis: `interim testing within the first §404(a) year ending ${y}`, notBefore: tw, dependsOn: ['P-WALK', 'P-DRYRUN', 'P-SOC1'] });
  programme({ id: 'P-ROLLFWD', phase: phaseOr('404a', 'operate'), title: 'Roll-forward testing to year end and deficiency evaluation (AS 2201 App. A)', durationDays: pd.rollForwardDaysAfterYearEnd, effortDays: 15, deadline: addDays(timeline.first404a.due, -14), deadlineBasis: `done two weeks before the 10-K with the first management report is due (${timeline.first404a.due})`, notBefore: addDays(y, 1), dependsOn: ['P-INTERIM', ...tests] });
  programme({ id: 'P-404A', phase: phaseOr('404a', 'operate'), title: 'Management assessment and §404(a) report; audit committee sign-off', durationDays: 14, effortDays: 8, deadline: timeline.first404a.due, deadlineBasis: `the first §404(a) report is filed with the 10-K due ${timeline.first404a.due} (${timeline.first404a.label})`, dependsOn: ['P-ROLLFWD'] });

  const notes: string[] = [];
  if (timeline.first404b) {
    const b0 = addDays(timeline.first404b.periodEnd, -365);
    const bStart = addDays(y === timeline.first404b.periodEnd ? timeline.first10K.periodEnd : addMonths(timeline.first404b.periodEnd, -12), 1);
    void b0;
    programme({
      id: 'P-404B',
      phase: phaseOr('404b', '404a'),
      title: '§404(b) readiness: auditor-reliance quality documentation, testing and remediation',
      durationDays: weeks('404b', 52),
      effortDays: 40,
      deadline: addDays(bStart, -1),
      deadlineBasis: `ends before the first §404(b) fiscal year begins on ${bStart} (${timeline.first404b.label})`,
      asLateAsPossible: true,
      dependsOn: ['P-DRYRUN'],
    });
  } else {
    notes.push(`No §404(b) phase: ${timeline.first404bReason ?? 'no auditor attestation is required'}`);
  }

  const tasks = schedule(drafts, start);
  const phases = catalog.phases
    .map((p) => {
      const mine = tasks.filter((t) => t.phase === p.id);
      if (mine.length === 0) return null;
      return {
        id: p.id,
        name: p.name,
        start: minDate(mine[0]!.start, ...mine.map((t) => t.start)),
        end: maxDate(mine[0]!.end, ...mine.map((t) => t.end)),
        tasks: mine.length,
        completeWhen: p.completeWhen,
      };
    })
    .filter((p): p is NonNullable<typeof p> => p !== null);
  const workload = computeWorkload(tasks, pd.ownerCapacityDaysPerMonth);
  const minFloat = Math.min(...tasks.map((t) => t.floatDays ?? Infinity));

  const criticalPath = drivingChain(tasks);
  const onPath = new Set(criticalPath);
  for (const t of tasks) t.critical = onPath.has(t.id);
  if (tasks.some((t) => t.atRisk))
    notes.push(`${plural(tasks.filter((t) => t.atRisk).length, 'task')} cannot finish by their latest finish; the worst is ${plural(-minFloat, 'day')} late. Dates are not compressed: move the IPO, add people, or accept the risk explicitly.`);
  return {
    start,
    end: maxDate(start, ...tasks.map((t) => t.end)),
    tasks,
    phases,
    atRisk: tasks.filter((t) => t.atRisk).length,
    criticalPath,
    workload,
    overloads: workload.filter((w) => w.overloaded).length,
    keyDates,
    notes,
  };
}

// Forward pass (earliest dates from the plan start and dependencies), then a backward pass from each task's own
// deadline and its successors' latest starts. Float = latest finish − earliest finish; negative float is atRisk.
function schedule(drafts: Draft[], planStart: IsoDate): PlanTask[] {
  // Dates are day numbers while scheduling (hundreds of tasks, thousands of comparisons), ISO text again on output.
  const byId = new Map(drafts.map((d) => [d.id, d]));
  for (const d of drafts) d.dependsOn = [...new Set(d.dependsOn)].filter((p) => byId.has(p));
  const order = topo(drafts);
  const day0 = toDayNumber(planStart);
  const es = new Map<string, number>();
  const ef = new Map<string, number>();
  for (const d of order) {
    let s = day0;
    for (const p of d.dependsOn) s = Math.max(s, ef.get(p)!);
    if (d.notBefore) s = Math.max(s, toDayNumber(d.notBefore));
    if (d.asLateAsPossible && d.deadline) s = Math.max(s, toDayNumber(d.deadline) - d.durationDays);
    es.set(d.id, s);
    ef.set(d.id, s + d.durationDays);
  }
  const successors = new Map<string, string[]>();
  for (const d of drafts)
    for (const p of d.dependsOn) {
      const list = successors.get(p);
      if (list) list.push(d.id);
      else successors.set(p, [d.id]);
    }
  const lf = new Map<string, number | null>();
  const lfBasis = new Map<string, string | null>();
  const rootBasis = new Map<string, string | null>(); // the deadline that ultimately drives the task, in words
  for (const d of [...order].reverse()) {
    let latest: number | null = d.deadline === null ? null : toDayNumber(d.deadline);
    let basis = d.deadlineBasis;
    let root = d.deadlineBasis;
    for (const s of successors.get(d.id) ?? []) {
      const sl = lf.get(s);
      if (sl === null || sl === undefined) continue;
      const ls = sl - byId.get(s)!.durationDays;
      if (latest === null || ls < latest) {
        latest = ls;
        root = rootBasis.get(s) ?? null;
        basis = `so that ${s} can start by ${fromDayNumber(ls)}${root ? `; ${root}` : ''}`;
      }
    }
    lf.set(d.id, latest);
    lfBasis.set(d.id, basis);
    rootBasis.set(d.id, root);
  }
  const floats = drafts.map((d) => {
    const l = lf.get(d.id);
    return l === null || l === undefined ? null : l - ef.get(d.id)!;
  });
  // Tasks placed as late as possible have zero float by construction; they do not define the critical path.
  const finite = floats.filter((f, i): f is number => f !== null && !drafts[i]!.asLateAsPossible);
  const minFloat = finite.length > 0 ? Math.min(...finite) : 0;
  return drafts.map((d, i) => {
    const float = floats[i] ?? null;
    const end = fromDayNumber(ef.get(d.id)!);
    const l = lf.get(d.id);
    const latest = l === null || l === undefined ? null : fromDayNumber(l);
    const atRisk = float !== null && float < 0;
    return {
      id: d.id,
      phase: d.phase,
      kind: d.kind,
      title: d.title,
      target: d.target,
      reasons: d.reasons,
      owner: d.owner,
      start: fromDayNumber(es.get(d.id)!),
      end,
      durationDays: d.durationDays,
      effortDays: d.effortDays,
      latestFinish: latest,
      deadlineBasis: lfBasis.get(d.id) ?? null,
      dependsOn: d.dependsOn,
      atRisk,
      atRiskReason: atRisk ? `finishes ${end} at the earliest, ${plural(-float!, 'day')} after its latest finish ${latest} (${lfBasis.get(d.id)})` : null,
      critical: float !== null && float === minFloat && !d.asLateAsPossible,
      floatDays: float,
      status: 'not-started',
      notes: d.notes,
    };
  });
}

// The critical path: the task with the least float (the most critical), the chain of predecessors that drove its
// start (a predecessor drives a task when it ends the day the task starts), and the successors it drives with the same
// float. A chain stops where a start was set by the plan start or a testing window rather than by a predecessor.
function drivingChain(tasks: PlanTask[]): string[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const candidates = tasks.filter((t) => t.critical);
  if (candidates.length === 0) return [];
  const seed = candidates.sort((a, b) => collate(a.start, b.start) || collate(a.id, b.id))[0]!;
  const back: PlanTask[] = [];
  for (let cur: PlanTask | undefined = seed; cur; ) {
    back.unshift(cur);
    const c: PlanTask = cur;
    cur = c.dependsOn.map((d) => byId.get(d)).find((p) => p !== undefined && p.end === c.start);
  }
  const forward: PlanTask[] = [];
  for (let cur: PlanTask | undefined = seed; cur; ) {
    const c: PlanTask = cur;
    cur = tasks.find((t) => t.dependsOn.includes(c.id) && t.start === c.end && t.floatDays === seed.floatDays);
    if (cur) forward.push(cur);
  }
  return [...back, ...forward].map((t) => t.id);
}

function topo(drafts: Draft[]): Draft[] {
  const byId = new Map(drafts.map((d) => [d.id, d]));
  const state = new Map<string, 1 | 2>();
  const out: Draft[] = [];
  const visit = (d: Draft) => {
    const s = state.get(d.id);
    if (s === 2) return;
    if (s === 1) throw new Error(`dependency cycle at ${d.id}`); // a bug in plan construction, not bad input
    state.set(d.id, 1);
    for (const p of d.dependsOn) visit(byId.get(p)!);
    state.set(d.id, 2);
    out.push(d);
  };
  for (const d of drafts) visit(d);
  return out;
}

function computeWorkload(tasks: PlanTask[], capacity: number): Plan['workload'] {
  // Effort is spread evenly over a task's days; each calendar month it touches gets its days' share.
  const load = new Map<string, number>();
  for (const t of tasks) {
    if (t.effortDays <= 0 || t.durationDays <= 0) continue;
    const perDay = t.effortDays / t.durationDays;
    let { year, month, day } = dateParts(t.start);
    for (let left = t.durationDays; left > 0; ) {
      const n = Math.min(left, daysInMonth(year, month) - day + 1);
      const key = `${t.owner}\u0000${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
      load.set(key, (load.get(key) ?? 0) + perDay * n);
      left -= n;
      day = 1;
      if (++month > 12) [month, year] = [1, year + 1];
    }
  }
  return [...load]
    .map(([k, days]) => {
      const [owner, month] = k.split('\u0000') as [string, string];
      const rounded = Math.round(days * 10) / 10;
      return { owner, month, days: rounded, overloaded: rounded > capacity };
    })
    .sort((a, b) => collate(a.owner, b.owner) || collate(a.month, b.month));
}
