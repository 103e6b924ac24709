// The remediation plan: tasks from every gap and enhance plus the programme tasks of the phases template, scheduled
// forward from the plan start (dependencies first) and checked backward against the SEC deadlines of the timeline.
// A task that cannot finish by its latest finish is flagged atRisk with the reason; time is never compressed.
// Anchors (REFERENCE §6–§8): controls behind the first §302 certification (close, journal entries, revenue, entity
// level, and every control behind a disclosure) are in operation for the whole first certified quarter; the §302
// programme ends at that certification; the dry run waits for every remediated control's minimum operating period.
// Testing as auditors do it (REFERENCE §7): per key control a walkthrough and test of design, an interim test of
// operating effectiveness in one of the first quarters of the 404(a) year with the sample size of templates/testing.json,
// a reserved remediation and retest window before year end, and a year-end roll-forward.
// Then the work is levelled against each owner's monthly capacity (plan-levelling.ts).
import type { Catalog, Frequency, ReasonCode, SoxTarget } from './catalog.ts';
import { addDays, addMonths, daysBetween, endOfMonth, fromDayNumber, isEndOfMonth, maxDate, minDate, toDayNumber, type IsoDate } from './dates.ts';
import type { DeltaItem } from './delta.ts';
import { levelTasks, ownerLoad } from './plan-levelling.ts';
import type { EngagementProfile } from './profile.ts';
import type { Timeline } from './timeline.ts';
import { filingCadence } from './filing-cadence.ts';
import { plural } from './words.ts';

export const TASK_KINDS = ['design', 'implement', 'operate', 'tod', 'toe', 'remediate', 'retest', 'rollforward', 'programme'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
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
  sampleSize: number | null; // tod / toe / retest / rollforward: instances to inspect
  deliverables: string[];
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

export interface WorkloadRow {
  owner: string;
  month: string;
  days: number;
  capacity: number;
  overloaded: boolean;
}

export interface PlanInput {
  catalog: Pick<Catalog, 'targets' | 'phases' | 'testing' | 'planDefaults'>;
  items: DeltaItem[];
  timeline: Timeline;
  profile: EngagementProfile;
  ownersByControl: Map<string, string>; // control id → display owner, to give tasks a named owner
  conflicts: OwnerConflictInput[];
  extraTasks?: ExtraTaskDraft[]; // remediation, operation and retest of deficiencies (deficiencies.ts)
}

// A task added from outside the plan's own construction (a deficiency's remediation and retest).
export interface ExtraTaskDraft {
  id: string;
  kind: 'remediate' | 'operate' | 'retest';
  title: string;
  target: string;
  owner: string;
  durationDays: number;
  effortDays: number;
  sampleSize: number | null;
  notBefore: IsoDate | null;
  deadline: IsoDate | null;
  deadlineBasis: string | null;
  dependsOn: string[];
  notes: string;
}

export interface Plan {
  start: IsoDate;
  end: IsoDate;
  tasks: PlanTask[];
  phases: { id: string; name: string; start: IsoDate; end: IsoDate; tasks: number; completeWhen: string }[];
  atRisk: number;
  criticalPath: string[];
  workload: WorkloadRow[]; // after levelling
  overloads: number;
  levelling: { peakBefore: WorkloadRow | null; peakAfter: WorkloadRow | null; overloadsBefore: number; shifted: number; overCapacity: number };
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
  sampleSize: number | null;
  deliverables: string[] | null;
  deadline: IsoDate | null;
  deadlineBasis: string | null;
  notBefore: IsoDate | null;
  asLateAsPossible: boolean;
  dependsOn: string[];
  notes: string;
  // the deadline and the not-before date as day numbers (NaN: none), worked out once: every schedule of the plan reads
  // them, in both passes
  deadlineDay: number;
  notBeforeDay: number;
}
type DraftFields = Omit<Draft, 'sampleSize' | 'deliverables' | 'asLateAsPossible' | 'deadlineDay' | 'notBeforeDay'> & Partial<Pick<Draft, 'sampleSize' | 'deliverables' | 'asLateAsPossible'>>;

// Every draft is made here, its fields always in this order: the schedule reads hundreds of drafts, and objects of one
// shape keep its optimised code from being thrown away. No draft is made by spreading an object and adding fields,
// which in Node 20 allocates about 5 KB per object (a plan's drafts came to 4 MB per analysis).
function newDraft(d: DraftFields): Draft {
  return {
    id: d.id,
    phase: d.phase,
    kind: d.kind,
    title: d.title,
    target: d.target,
    reasons: d.reasons,
    owner: d.owner,
    durationDays: d.durationDays,
    effortDays: d.effortDays,
    sampleSize: d.sampleSize ?? null,
    deliverables: d.deliverables ?? null,
    deadline: d.deadline,
    deadlineBasis: d.deadlineBasis,
    notBefore: d.notBefore,
    asLateAsPossible: d.asLateAsPossible ?? false,
    dependsOn: d.dependsOn,
    notes: d.notes,
    deadlineDay: d.deadline === null ? NaN : toDayNumber(d.deadline),
    notBeforeDay: d.notBefore ? toDayNumber(d.notBefore) : NaN,
  };
}

const ITGC_FIRST = new Set(['itgc-access', 'itgc-change']);
const collate = new Intl.Collator().compare; // what localeCompare does, without building a collator per call

function defaultOwner(defaults: Record<string, string>, category: string): string {
  return defaults[category] ?? defaults[category.split(':')[0] === 'process' ? category : category.split('-')[0]!] ?? defaults.programme ?? 'Unassigned';
}

export function operatingDays(t: Pick<SoxTarget, 'method' | 'frequency'>, testing: PlanInput['catalog']['testing']): number {
  if (t.method === 'automated') return testing.automatedMinOperatingDays;
  return testing.byFrequency[t.frequency as Frequency].minOperatingDays;
}

// Sample size of a test of operating effectiveness (templates/testing.json): the low end of the frequency's range, or
// one instance per configuration for an automated control (relying on the ITGC baseline).
export function sampleSizeFor(t: Pick<SoxTarget, 'method' | 'frequency'>, testing: PlanInput['catalog']['testing']): number {
  if (t.method === 'automated') return testing.automatedSampleSize;
  return testing.byFrequency[t.frequency as Frequency].sampleSize.min;
}

// Controls the first §302 certification relies on: close and journal entries, revenue, entity level, and any control
// behind a disclosure (presentation-and-disclosure assertion).
export function behind302(t: Pick<SoxTarget, 'category' | 'assertions'>): boolean {
  return t.category === 'entity' || t.category === 'process:close' || t.category === 'process:revenue' || t.assertions.includes('presentation-and-disclosure');
}

// A period end N months earlier, month ends kept as month ends.
function monthsBefore(d: IsoDate, n: number): IsoDate {
  const back = addMonths(d, -n);
  return isEndOfMonth(d) ? endOfMonth(back) : back;
}

export function capacityOf(pd: PlanInput['catalog']['planDefaults'], overrides: Record<string, number>): (owner: string) => number {
  return (owner) => overrides[owner] ?? pd.ownerCapacityByRole[owner] ?? pd.ownerCapacityDaysPerMonth;
}

export function buildPlan(input: PlanInput): Plan {
  return schedulePlan(draftPlan(input), input.extraTasks ?? []);
}

// The plan's own tasks, drafted once: the analysis schedules them again with a deficiency's remediation and retest
// added (scheduling never changes a draft).
export interface PlanDrafts {
  input: Omit<PlanInput, 'extraTasks'>;
  drafts: readonly Draft[];
  keyDates: Plan['keyDates'];
  notes: readonly string[];
  extraPhase: string;
}

export function draftPlan(input: Omit<PlanInput, 'extraTasks'>): PlanDrafts {
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
  const toeEnd = monthsBefore(y, pd.remediationWindowMonthsBeforeYearEnd);
  const cert = timeline.first302.due;
  const certQuarterEnd = timeline.first302.periodEnd;
  const inOperationBy = monthsBefore(certQuarterEnd, pd.s302OperatedMonthsBefore);
  const anchor302 = `anchor §302: in operation from ${addDays(inOperationBy, 1)} through the first certified quarter ending ${certQuarterEnd}, at least one quarter before the CEO/CFO certification of the first 10-Q (due ${cert}; Item 307, Rule 13a-14(a))`;
  const quarterStart = (k: number) => addMonths(y0, 3 * k);
  const keyDates = [
    { id: 'plan-start', date: start, basis: 'the plan start of the engagement profile' },
    { id: 'ipo', date: profile.ipoDate, basis: 'the IPO (effective) date of the engagement profile' },
    { id: 's302-in-operation', date: inOperationBy, basis: `controls behind the first §302 certification are implemented by this day (${plural(pd.s302OperatedMonthsBefore, 'month')} before its period end; planning default)` },
    { id: 'first302', date: certQuarterEnd, basis: `period end of the first report carrying a §302 certification (${timeline.first302.label})` },
    { id: 'first302-certification', date: cert, basis: 'the first 10-Q is filed and the CEO and CFO sign the §302 certification' },
    { id: 'first404a-year-start', date: y0, basis: 'first day of the first §404(a) fiscal year (the year after the first 10-K)' },
    { id: 'interim-testing-end', date: toeEnd, basis: `interim operating-effectiveness testing ends ${plural(pd.remediationWindowMonthsBeforeYearEnd, 'month')} before the 404(a) year end, leaving a remediation and retest window (planning default; auditor practice under AS 2201)` },
    { id: 'first404a-year-end', date: y, basis: timeline.first404a.basis },
    { id: 'first404a-due', date: timeline.first404a.due, basis: 'the 10-K carrying the first management report is due' },
  ];
  if (timeline.first404b) keyDates.push({ id: 'first404b-year-end', date: timeline.first404b.periodEnd, basis: timeline.first404b.basis });

  const drafts: Draft[] = [];
  const programmeOwner = pd.defaultOwners.programme ?? 'SOX programme lead';
  const programme = (d: Omit<DraftFields, 'kind' | 'target' | 'reasons' | 'owner' | 'notBefore' | 'notes'> & Partial<DraftFields>) =>
    drafts.push(
      newDraft({
        id: d.id,
        phase: d.phase,
        kind: d.kind ?? 'programme',
        title: d.title,
        target: d.target ?? null,
        reasons: d.reasons ?? [],
        owner: d.owner ?? programmeOwner,
        durationDays: d.durationDays,
        effortDays: d.effortDays,
        sampleSize: d.sampleSize,
        deliverables: d.deliverables,
        deadline: d.deadline,
        deadlineBasis: d.deadlineBasis,
        notBefore: d.notBefore ?? null,
        asLateAsPossible: d.asLateAsPossible,
        dependsOn: d.dependsOn,
        notes: d.notes ?? '',
      }),
    );
  const weeks = (id: string, fallback: number) => Math.max(1, Math.round((phaseName.get(id)?.defaultWeeks ?? fallback) * 7));

  programme({ id: 'P-READINESS', phase: phaseOr('readiness', 'scope'), title: 'Readiness assessment and SOC 2 reuse analysis', durationDays: weeks('readiness', 4), effortDays: 10, deadline: null, deadlineBasis: null, dependsOn: [] });
  programme({ id: 'P-SCOPE', phase: 'scope', title: 'Scoping and materiality: significant accounts, assertions, processes, systems, locations; auditor alignment', durationDays: weeks('scope', 13), effortDays: 30, deadline: toeEnd, deadlineBasis: 'scoping precedes all design and testing', dependsOn: ['P-READINESS'] });
  programme({ id: 'P-RCM', phase: 'document', title: 'Risk and control matrix and process narratives (assertions, key flags, IPE inventory)', durationDays: weeks('document', 10), effortDays: 40, deadline: toeEnd, deadlineBasis: 'the RCM must exist before testing', dependsOn: ['P-SCOPE'] });
  programme({ id: 'P-WALK', phase: 'document', title: 'Walkthroughs of each significant process', durationDays: 42, effortDays: 20, deadline: toeEnd, deadlineBasis: 'walkthroughs precede interim testing', dependsOn: ['P-RCM'] });
  programme({ id: 'P-SOC1', phase: phaseOr('remediate', 'document'), title: 'Collect SOC 1 Type II reports and bridge letters; map and assign CUECs', durationDays: 56, effortDays: 10, deadline: toeEnd, deadlineBasis: 'service-organization reliance must be in place for interim testing (AS 2601)', dependsOn: ['P-SCOPE'] });
  // The §302 programme ends at the first certification: the charter a month before the first certified quarter, the
  // sub-certification cascade over that quarter, and the sign-offs up to the 10-Q filing.
  const charterBy = addDays(inOperationBy, -28);
  programme({
    id: 'P-302',
    phase: phaseOr('s302', 'remediate'),
    title: '§302 programme: disclosure committee, sub-certification cascade, first CEO/CFO certification',
    durationDays: Math.max(28, daysBetween(charterBy, cert)),
    effortDays: 12,
    deliverables: [
      `Disclosure committee charter, approved by ${inOperationBy}`,
      `First sub-certification cascade: owners of significant accounts and disclosures sub-certify the quarter ending ${certQuarterEnd}`,
      `First quarter's sign-offs: disclosure committee minutes and the CEO and CFO §302 certifications of the first 10-Q (due ${cert})`,
    ],
    deadline: cert,
    deadlineBasis: `anchor §302: ends with the first certification, signed with the first 10-Q due ${cert} (period end ${certQuarterEnd})`,
    asLateAsPossible: true,
    dependsOn: ['P-SCOPE'],
  });
  // The cascade runs within the §302 programme (which ends at the first certification), from the same start: scoping.
  const cadencePhase = phaseOr('s302', 'remediate');
  for (const c of filingCadence(timeline, 'P-SCOPE'))
    programme({ id: c.id, phase: cadencePhase, title: c.title, durationDays: c.durationDays, effortDays: c.effortDays, deadline: c.deadline, deadlineBasis: c.deadlineBasis, notBefore: c.notBefore, dependsOn: c.dependsOn });

  // Target tasks: design → implement → operate (minimum operating period).
  const ownerOf = (item: DeltaItem) => {
    for (const s of item.sources) {
      const o = input.ownersByControl.get(s.controlId);
      if (o) return o;
    }
    return defaultOwner(pd.defaultOwners, item.category);
  };
  const itgcImplements: string[] = [];
  const dependsOnItgc: string[] = [];
  const operates: string[] = [];
  const tester = pd.defaultOwners.testing ?? pd.defaultOwners.programme ?? 'SOX programme lead';
  const keyItems: { item: DeltaItem; t: SoxTarget; operate: string | null; implement: string | null }[] = [];
  for (const item of items) {
    if (item.status === 'not-applicable') continue;
    const t = targets.get(item.id);
    if (!t) continue;
    if (item.status !== 'gap' && item.status !== 'enhance') {
      if (t.key) keyItems.push({ item, t, operate: null, implement: null });
      continue;
    }
    const share = item.status === 'enhance' ? pd.enhanceEffortShare : 1;
    const lead = Math.max(14, Math.round(t.effort.leadTimeWeeks * 7 * share));
    const effort = Math.max(1, Math.round(t.effort.days * share * 10) / 10);
    const designDays = Math.max(7, Math.round(lead * pd.designShare));
    const implementDays = Math.max(7, lead - designDays);
    const opDays = Math.max(1, operatingDays(t, catalog.testing));
    const reasons = [...new Set(item.reasons.filter((r) => r.blocking).map((r) => r.code))];
    const owner = ownerOf(item);
    const verb = item.status === 'gap' ? 'Design' : 'Redesign';
    const what = item.reasons.filter((r) => r.blocking).map((r) => r.text);
    const anchored = behind302(t);
    drafts.push(newDraft({ target: t.id, reasons, owner, notBefore: null, id: `${t.id}-D`, phase: phaseOr('remediate', 'document'), kind: 'design', title: `${verb}: ${t.title}`, durationDays: designDays, effortDays: Math.round(effort * pd.designShare * 10) / 10, deadline: null, deadlineBasis: null, dependsOn: ['P-SCOPE'], notes: what.join(' ') }));
    const implId = `${t.id}-I`;
    drafts.push(
      newDraft({
        target: t.id,
        reasons,
        owner,
        notBefore: null,
        notes: '',
        id: implId,
        phase: phaseOr('remediate', 'document'),
        kind: 'implement',
        title: `Implement and train owners: ${t.title}`,
        durationDays: implementDays,
        effortDays: Math.round(effort * (1 - pd.designShare) * 10) / 10,
        deadline: anchored ? inOperationBy : null,
        deadlineBasis: anchored ? anchor302 : null,
        dependsOn: [`${t.id}-D`],
      }),
    );
    if (ITGC_FIRST.has(t.category)) itgcImplements.push(implId);
    else if (t.category !== 'entity' && t.category !== 'service-org' && t.method !== 'manual') dependsOnItgc.push(implId);
    drafts.push(
      newDraft({
        target: t.id,
        reasons,
        owner,
        notBefore: null,
        id: `${t.id}-O`,
        phase: phaseOr('operate', 'remediate'),
        kind: 'operate',
        title: `Operate for the minimum period (${plural(opDays, 'day')}, ${t.method === 'automated' ? 'automated' : t.frequency}): ${t.title}`,
        durationDays: opDays,
        effortDays: 0,
        deadline: null,
        deadlineBasis: null,
        dependsOn: [implId],
        notes: `Minimum operating period before the control can be tested: ${plural(opDays, 'day')} (${t.method === 'automated' ? 'automated control' : `${t.frequency} control`}; auditor practice under AS 2201).`,
      }),
    );
    operates.push(`${t.id}-O`);
    if (t.key) keyItems.push({ item, t, operate: `${t.id}-O`, implement: implId });
  }
  if (itgcImplements.length > 0) {
    programme({ id: 'P-ITGC-READY', phase: phaseOr('remediate', 'document'), title: 'Access and change ITGCs over financial systems remediated (automated and IT-dependent controls rely on them)', durationDays: 1, effortDays: 0, deadline: null, deadlineBasis: null, dependsOn: itgcImplements });
    const relying = new Set(dependsOnItgc);
    for (const d of drafts) if (relying.has(d.id)) d.dependsOn.push('P-ITGC-READY');
  }
  // The dry run starts only once every remediated control has operated for its minimum period.
  programme({
    id: 'P-DRYRUN',
    phase: phaseOr('operate', 'remediate'),
    title: 'Dry-run management testing of key controls (design and operating effectiveness)',
    durationDays: 42,
    effortDays: 25,
    deadline: timeline.first10K.periodEnd,
    deadlineBasis: 'anchor dry run: within the IPO fiscal year, before the first §404(a) year begins, after every remediated control has operated its minimum period',
    dependsOn: ['P-WALK', ...operates],
  });

  const monthly = catalog.testing.byFrequency.monthly.minOperatingDays;
  input.conflicts.forEach((c, i) => {
    drafts.push(
      newDraft({
        id: `SOD-${String(i + 1).padStart(3, '0')}`,
        phase: phaseOr('remediate', 'document'),
        kind: 'remediate',
        title: `Resolve SoD conflict ${c.rule} (${c.owner}): remove one duty or operate a compensating control`,
        target: null,
        reasons: ['sod'],
        owner: pd.defaultOwners.programme ?? 'SOX programme lead',
        durationDays: 28,
        effortDays: 3,
        deadline: addDays(toeEnd, -monthly),
        deadlineBasis: `a compensating control must operate ${monthly} days (monthly) before interim testing ends on ${toeEnd}`,
        notBefore: null,
        dependsOn: ['P-SCOPE'],
        notes: `Controls: ${c.controls.join(', ')}. Suggested compensating control: ${c.compensatingControl}`,
      }),
    );
  });

  // Testing per key control: TOD after implementation, TOE spread over the first quarters of the 404(a) year, a
  // reserved remediation and retest window, and the year-end roll-forward.
  const quarters = Math.max(1, pd.toeQuarters);
  const windowDays = Math.max(1, daysBetween(toeEnd, y));
  const rollForwardDue = addDays(timeline.first404a.due, -14);
  const rollforwards: string[] = [];
  const windows: string[] = [];
  // What every key control's testing tasks share (a plan has hundreds of them, and a scenario drafts it again for
  // each variant): worked out once.
  const testPhase = phaseOr('operate', 'remediate');
  const yearPhase = phaseOr('404a', 'operate');
  const toeBasis = `interim testing ends ${toeEnd}, ${plural(pd.remediationWindowMonthsBeforeYearEnd, 'month')} before the 404(a) year end ${y}, so that a failure can be remediated and retested`;
  const windowBasis = `a failed control is fixed, operates and is retested before the 404(a) year end ${y}`;
  const rollForwardBasis = `roll-forward done two weeks before the 10-K with the first management report is due (${timeline.first404a.due})`;
  const afterYearEnd = addDays(y, 1);
  const quarterStarts: IsoDate[] = [];
  const toeNotes = new Map<string, string>(); // by frequency and sample size (automated: one text)
  const toeNote = (t: SoxTarget, n: number, automated: boolean): string => {
    const key = automated ? '' : `${t.frequency}\u0000${n}`;
    let note = toeNotes.get(key);
    if (note === undefined) {
      note = automated
        ? `${catalog.testing.automatedSampleSize} instance per configuration, relying on the ITGC baseline (access and change ITGCs effective): ${catalog.testing.automatedSampleSource}`
        : `Sample ${n} (${t.frequency}: ${catalog.testing.byFrequency[t.frequency].sampleSize.min}–${catalog.testing.byFrequency[t.frequency].sampleSize.max}, auditor practice under AS 2201); fails above ${plural(catalog.testing.tolerableExceptions, 'exception')}.`;
      toeNotes.set(key, note);
    }
    return note;
  };
  keyItems.forEach(({ item, t, operate, implement }, i) => {
    // Quarterly and semi-annual controls need an occurrence in the year before they can be sampled; an annual control
    // is tested at its occurrence, so it goes last.
    const first = t.method === 'automated' ? 0 : t.frequency === 'annual' ? quarters - 1 : t.frequency === 'quarterly' || t.frequency === 'semi-annual' ? Math.min(1, quarters - 1) : 0;
    const k = first + (i % (quarters - first));
    const n = sampleSizeFor(t, catalog.testing);
    const automated = t.method === 'automated';
    const none: ReasonCode[] = []; // one (empty) list of reasons for the four testing tasks of a target
    const todId = `${t.id}-TOD`;
    drafts.push(
      newDraft({
        target: t.id,
        reasons: none,
        owner: tester,
        id: todId,
        phase: testPhase,
        kind: 'tod',
        title: `Walkthrough and test of design: ${t.title}`,
        durationDays: 7,
        effortDays: 0.5,
        sampleSize: 1,
        deadline: null,
        deadlineBasis: null,
        notBefore: null,
        dependsOn: [implement ?? 'P-RCM', 'P-RCM'],
        notes: `One transaction end to end; would the control, operated as described, prevent or detect the misstatement (${item.status}).`,
      }),
    );
    const toeId = `${t.id}-TOE`;
    drafts.push(
      newDraft({
        target: t.id,
        reasons: none,
        owner: tester,
        id: toeId,
        phase: yearPhase,
        kind: 'toe',
        title: `Test operating effectiveness (interim, Q${k + 1}, ${n} ${automated ? 'instance per configuration + ITGC baseline' : `${n === 1 ? 'sample' : 'samples'}, ${t.frequency}`}): ${t.title}`,
        durationDays: pd.testingDays,
        // effort grows with the sample: half a day to plan and conclude, about half an hour per instance (judgement)
        effortDays: Math.round((0.5 + n * 0.06) * 10) / 10,
        sampleSize: n,
        deadline: toeEnd,
        deadlineBasis: toeBasis,
        notBefore: (quarterStarts[k] ??= quarterStart(k)),
        dependsOn: [todId, ...(operate ? [operate] : []), 'P-RCM'],
        notes: toeNote(t, n, automated),
      }),
    );
    const rwId = `${t.id}-RW`;
    drafts.push(
      newDraft({
        target: t.id,
        reasons: none,
        owner: tester,
        notes: '',
        id: rwId,
        phase: yearPhase,
        kind: 'remediate',
        title: `Remediation and retest window (reserved; used if the interim test finds exceptions): ${t.title}`,
        durationDays: windowDays,
        effortDays: 0,
        deadline: y,
        deadlineBasis: windowBasis,
        notBefore: null,
        asLateAsPossible: true,
        dependsOn: [toeId],
      }),
    );
    windows.push(rwId);
    const rfId = `${t.id}-RF`;
    drafts.push(
      newDraft({
        target: t.id,
        reasons: none,
        owner: tester,
        notes: '',
        id: rfId,
        phase: yearPhase,
        kind: 'rollforward',
        title: `Year-end roll-forward: ${t.title}`,
        durationDays: 14,
        effortDays: 0.3,
        sampleSize: automated ? 1 : Math.max(1, Math.ceil(n / 4)),
        deadline: rollForwardDue,
        deadlineBasis: rollForwardBasis,
        notBefore: afterYearEnd,
        dependsOn: [rwId],
      }),
    );
    rollforwards.push(rfId);
  });

  programme({ id: 'P-INTERIM', phase: phaseOr('404a', 'operate'), title: 'Interim testing programme: test plan agreed with the auditor, evidence requests, quarterly status', durationDays: Math.max(14, daysBetween(y0, toeEnd)), effortDays: 10, deadline: toeEnd, deadlineBasis: `interim testing ends ${toeEnd}`, notBefore: y0, dependsOn: ['P-WALK', 'P-DRYRUN', 'P-SOC1'] });
  programme({ id: 'P-ROLLFWD', phase: phaseOr('404a', 'operate'), title: 'Roll-forward testing to year end and deficiency evaluation (AS 2201 App. A)', durationDays: pd.rollForwardDaysAfterYearEnd, effortDays: 15, deadline: rollForwardDue, deadlineBasis: `done two weeks before the 10-K with the first management report is due (${timeline.first404a.due})`, notBefore: addDays(y, 1), dependsOn: ['P-INTERIM', ...windows] });
  programme({ id: 'P-404A', phase: phaseOr('404a', 'operate'), title: 'Management assessment and §404(a) report; audit committee sign-off', durationDays: 14, effortDays: 8, deadline: timeline.first404a.due, deadlineBasis: `the first §404(a) report is filed with the 10-K due ${timeline.first404a.due} (${timeline.first404a.label})`, dependsOn: ['P-ROLLFWD', ...rollforwards] });

  const notes: string[] = [];
  if (timeline.first404b) {
    const bStart = addDays(y === timeline.first404b.periodEnd ? timeline.first10K.periodEnd : addMonths(timeline.first404b.periodEnd, -12), 1);
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

  return { input, drafts, keyDates, notes, extraPhase: phaseOr('404a', 'operate') };
}

export function schedulePlan(base: PlanDrafts, extraTasks: readonly ExtraTaskDraft[]): Plan {
  const { catalog, profile } = base.input;
  const pd = catalog.planDefaults;
  const start = profile.planStart;
  const { keyDates } = base;
  const notes = [...base.notes];
  const drafts = [...base.drafts];
  for (const x of extraTasks)
    drafts.push(newDraft({ id: x.id, phase: base.extraPhase, kind: x.kind, title: x.title, target: x.target, reasons: [], owner: x.owner, durationDays: x.durationDays, effortDays: x.effortDays, sampleSize: x.sampleSize, deadline: x.deadline, deadlineBasis: x.deadlineBasis, notBefore: x.notBefore, dependsOn: x.dependsOn, notes: x.notes }));
  const cap = capacityOf(pd, profile.ownerCapacity);
  const { tasks, levelling, workload } = schedule(drafts, start, cap);
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
  const minFloat = Math.min(...tasks.map((t) => t.floatDays ?? Infinity));

  const criticalPath = drivingChain(tasks);
  const onPath = new Set(criticalPath);
  for (const t of tasks) t.critical = onPath.has(t.id);
  const late = tasks.filter((t) => t.atRisk && t.floatDays !== null && t.floatDays < 0).length;
  if (late > 0)
    notes.push(`${plural(late, 'task')} cannot finish by their latest finish; the worst is ${plural(-minFloat, 'day')} late. Dates are not compressed: move the IPO, add people, or accept the risk explicitly.`);
  if (levelling.overCapacity > 0)
    notes.push(`${plural(levelling.overCapacity, 'task')} do not fit their owner's monthly capacity anywhere within their slack (marked "over capacity"): add people, raise the capacity on the engagement, or accept the risk.`);
  return {
    start,
    end: maxDate(start, ...tasks.map((t) => t.end)),
    tasks,
    phases,
    atRisk: tasks.filter((t) => t.atRisk).length,
    criticalPath,
    workload,
    overloads: workload.filter((w) => w.overloaded).length,
    levelling,
    keyDates,
    notes,
  };
}

// Forward pass (earliest dates from the plan start and dependencies), then a backward pass from each task's own
// deadline and its successors' latest starts. Float = latest finish − earliest finish; negative float is atRisk.
function schedule(
  drafts: readonly Draft[],
  planStart: IsoDate,
  capacity: (owner: string) => number,
): { tasks: PlanTask[]; levelling: Plan['levelling']; workload: WorkloadRow[] } {
  // Dates are day numbers while scheduling (hundreds of tasks, thousands of comparisons), ISO text again on output;
  // tasks are numbered by their place in `drafts` (drafts are shared between the schedules of one analysis: never
  // changed here).
  const n = drafts.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) index.set(drafts[i]!.id, i);
  // each task's predecessors: known ones, each once, in the order written (ids for the output, numbers here)
  const dependsOn: string[][] = new Array<string[]>(n);
  const pre: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) {
    const ids: string[] = [];
    const at: number[] = [];
    const written = drafts[i]!.dependsOn;
    const seen = written.length > 8 ? new Set<string>() : null;
    for (const p of written) {
      const j = index.get(p);
      if (j === undefined || (seen ? seen.has(p) : ids.includes(p))) continue;
      seen?.add(p);
      ids.push(p);
      at.push(j);
    }
    dependsOn[i] = ids;
    pre[i] = at;
  }
  const order = topo(drafts, pre);
  const day0 = toDayNumber(planStart);
  // Day numbers in typed arrays, NaN for "none": arrays whose kind of element never changes, whatever the plan, so the
  // optimised code for one scenario's plan is not thrown away on the next one's.
  const es = new Float64Array(n);
  const ef = new Float64Array(n);
  const own = new Float64Array(n); // the earliest start a task's own constraints allow, predecessors aside
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const d = drafts[i]!;
    let o = day0;
    if (d.notBefore) o = Math.max(o, d.notBeforeDay);
    let s = o;
    const ps = pre[i]!;
    for (let q = 0; q < ps.length; q++) s = Math.max(s, ef[ps[q]!]!);
    if (d.asLateAsPossible && d.deadline) {
      o = Math.max(o, d.deadlineDay - d.durationDays);
      s = Math.max(s, d.deadlineDay - d.durationDays);
    }
    own[i] = o;
    es[i] = s;
    ef[i] = s + d.durationDays;
  }
  const successors: number[][] = [];
  for (let i = 0; i < n; i++) successors.push([]);
  for (let i = 0; i < n; i++) {
    const ps = pre[i]!;
    for (let q = 0; q < ps.length; q++) successors[ps[q]!]!.push(i);
  }
  const lf = new Float64Array(n).fill(NaN); // latest finish, NaN when no deadline reaches the task
  const lfBasis = new Array<string | null>(n).fill(null);
  const rootBasis = new Array<string | null>(n).fill(null); // the deadline that ultimately drives the task, in words
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k]!;
    const d = drafts[i]!;
    let latest = d.deadlineDay;
    let root = d.deadlineBasis;
    let driver = -1; // the successor whose latest start sets this latest finish (words written once)
    const ss = successors[i]!;
    for (let q = 0; q < ss.length; q++) {
      const s = ss[q]!;
      const sl = lf[s]!;
      if (Number.isNaN(sl)) continue;
      const ls = sl - drafts[s]!.durationDays;
      if (Number.isNaN(latest) || ls < latest) {
        latest = ls;
        root = rootBasis[s] ?? null;
        driver = s;
      }
    }
    lf[i] = latest;
    lfBasis[i] = driver < 0 ? d.deadlineBasis : `so that ${drafts[driver]!.id} can start by ${fromDayNumber(latest)}${root ? `; ${root}` : ''}`;
    rootBasis[i] = root;
  }

  // Levelling against owner capacity, within each task's slack.
  const load = (startOf: (i: number) => number) =>
    ownerLoad(
      drafts.map((d, i) => ({ owner: d.owner, start: startOf(i), durationDays: d.durationDays, effortDays: d.effortDays })),
      capacity,
    );
  const before = load((i) => es[i]!);
  const levelled = levelTasks(
    drafts.map((d, i) => ({
      id: d.id,
      owner: d.owner,
      effortDays: d.effortDays,
      durationDays: d.durationDays,
      dependsOn: dependsOn[i]!,
      earliestStart: own[i]!,
      latestFinish: Number.isNaN(lf[i]) ? null : lf[i]!,
      fixed: d.asLateAsPossible === true,
    })),
    capacity,
    pre,
  );
  const start = levelled.start;
  const workload = load((i) => start[i]!);
  const peak = (rows: WorkloadRow[]) => rows.reduce<WorkloadRow | null>((m, r) => (m === null || r.days > m.days ? r : m), null);

  const floats = new Float64Array(n); // NaN: no latest finish
  for (let i = 0; i < n; i++) floats[i] = lf[i]! - (start[i]! + drafts[i]!.durationDays);
  // Tasks placed as late as possible have zero float by construction; they do not define the critical path.
  let minFloat = Infinity;
  for (let i = 0; i < n; i++) {
    const f = floats[i]!;
    if (!Number.isNaN(f) && !drafts[i]!.asLateAsPossible && f < minFloat) minFloat = f;
  }
  if (minFloat === Infinity) minFloat = 0;
  const tasks = drafts.map((d, i): PlanTask => {
    const float = Number.isNaN(floats[i]) ? null : floats[i]!;
    const end = fromDayNumber(start[i]! + d.durationDays);
    const l = lf[i]!;
    const latest = Number.isNaN(l) ? null : fromDayNumber(l);
    const late = float !== null && float < 0;
    const over = levelled.overCapacity.get(d.id);
    const why = late
      ? [`finishes ${end} at the earliest, ${plural(-float!, 'day')} after its latest finish ${latest} (${lfBasis[i]})`]
      : [];
    if (over) why.push(`over capacity: ${over}`);
    return {
      id: d.id,
      phase: d.phase,
      kind: d.kind,
      title: d.title,
      target: d.target,
      reasons: d.reasons,
      owner: d.owner,
      start: fromDayNumber(start[i]!),
      end,
      durationDays: d.durationDays,
      effortDays: d.effortDays,
      sampleSize: d.sampleSize ?? null,
      deliverables: d.deliverables ?? [],
      latestFinish: latest,
      deadlineBasis: lfBasis[i] ?? null,
      dependsOn: dependsOn[i]!,
      atRisk: why.length > 0,
      atRiskReason: why.length > 0 ? why.join('; ') : null,
      critical: float !== null && float === minFloat && !d.asLateAsPossible,
      floatDays: float,
      status: 'not-started',
      notes: d.notes,
    };
  });
  return {
    tasks,
    workload,
    levelling: {
      peakBefore: peak(before),
      peakAfter: peak(workload),
      overloadsBefore: before.filter((w) => w.overloaded).length,
      shifted: levelled.shifted,
      overCapacity: levelled.overCapacity.size,
    },
  };
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

// Tasks in an order where every task comes after its predecessors (depth first, in draft order), as numbers.
function topo(drafts: readonly Draft[], pre: readonly number[][]): number[] {
  const state = new Uint8Array(drafts.length); // 1 visiting, 2 done
  const out: number[] = [];
  const visit = (i: number) => {
    const s = state[i];
    if (s === 2) return;
    if (s === 1) throw new Error(`dependency cycle at ${drafts[i]!.id}`); // a bug in plan construction, not bad input
    state[i] = 1;
    for (const p of pre[i]!) visit(p);
    state[i] = 2;
    out.push(i);
  };
  for (let i = 0; i < drafts.length; i++) visit(i);
  return out;
}
