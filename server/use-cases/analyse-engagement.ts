// Runs the whole analysis on imported controls: owner SoD → delta → COSO coverage → readiness → SEC timeline → plan.
// Deterministic: "today" comes in through the profile's plan start, never from the clock.
import type { Catalog, SoxTarget } from '../domain/catalog.ts';
import { textReader } from '../domain/clause-match.ts';
import { intentReader } from '../domain/intent.ts';
import { computeCoso } from '../domain/coso.ts';
import { computeDelta, targetCriteria, type DeltaItem } from '../domain/delta.ts';
import { disclosureRisks, evaluateDeficiencies, type DeficiencyJudgement, type TestResult } from '../domain/deficiencies.ts';
import type { MappingReview } from '../domain/mapping-review.ts';
import { draftPlan, schedulePlan, type Plan, type TaskStatus } from '../domain/plan.ts';
import { resolveProfile, timelineInputOf, type ProfileInput } from '../domain/profile.ts';
import { computeReadiness } from '../domain/readiness.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { evaluateSoc1Register, fiscalYearInScope, soc1OutcomeFor, type Soc1Register } from '../domain/soc1-register.ts';
import { analyseOwnerSod } from '../domain/sod.ts';
import { computeTimeline } from '../domain/timeline.ts';
import type { SocControl } from '../domain/control.ts';
import type { Analysis } from '../domain/analysis.ts';
import { appError, type AppError } from './app-error.ts';

// Recorded test results and reviewers' judgements on deficiencies, with the task statuses people set (from the
// database). Plain data, so the analysis can also be made in the reader process at confirm.
export interface TestingRecord {
  results: TestResult[];
  judgements: DeficiencyJudgement[];
  statuses?: Record<string, TaskStatus>;
}

export interface AnalysisInputs {
  soc1Register?: Soc1Register;
  testing?: TestingRecord;
  mappingReviews?: MappingReview[]; // reviewers' decisions on source→target links: the delta applies them
  // An analysis of the same controls (a scenario's baseline). Its SoD, delta, COSO and readiness are taken as they are
  // when the profile fields they depend on (cycles in scope, financial systems) and the SOC 1 reading are the same, so a
  // scenario that only moves dates recomputes just the timeline and the plan.
  reuse?: Analysis;
}

// The intent terms of a control are read alongside its duties (one tokenising of its text) only when the delta may
// ask for them: when it names a criterion some target is met through, or none (criteria are then inferred from its
// words). A control whose criteria no target uses is never a candidate, and reading its intent was a third of the
// intent work on a 5,000-control matrix; should the delta ask after all, the reader reads it then.
function intentAlongside(targets: readonly SoxTarget[], termsOf: (control: SocControl, index: number) => unknown) {
  const used = targetCriteria(targets);
  return (control: SocControl, index: number) => {
    const cs = control.criteria;
    let wanted = cs.length === 0;
    for (let i = 0; i < cs.length && !wanted; i++) wanted = used.has(cs[i]!);
    if (wanted) termsOf(control, index);
  };
}

// The plan names a target's owner after its sources' owners: only source controls are looked up, once per delta (a
// scenario that reuses the delta reuses them; the delta's controls are the analysis's own).
const OWNERS_OF_SOURCES = new WeakMap<readonly DeltaItem[], Map<string, string>>();
function sourceOwners(items: readonly DeltaItem[], controls: readonly SocControl[]): Map<string, string> {
  let owners = OWNERS_OF_SOURCES.get(items);
  if (owners) return owners;
  const sourceIds = new Set<string>();
  for (const item of items) for (const s of item.sources) sourceIds.add(s.controlId);
  owners = new Map<string, string>();
  for (let i = 0; i < controls.length; i++) {
    const c = controls[i]!;
    if (!sourceIds.has(c.id) || owners.has(c.id)) continue;
    const o = c.owners[0];
    const name = o?.name ?? o?.role ?? null;
    if (name) owners.set(c.id, name);
  }
  OWNERS_OF_SOURCES.set(items, owners);
  return owners;
}

export function analyseEngagement(
  catalog: Catalog,
  controls: SocControl[],
  profileInput: ProfileInput,
  today: string,
  inputs: AnalysisInputs = {},
): Result<Analysis, AppError> {
  const { soc1Register = { entries: [] }, testing = { results: [], judgements: [] }, reuse, mappingReviews = [] } = inputs;
  const resolved = resolveProfile(profileInput, today);
  if (!resolved.ok) return err(appError('invalid-input', resolved.error.field, resolved.error.message));
  const { profile, defaults } = resolved.value;

  const timeline = computeTimeline(timelineInputOf(profile, defaults));
  if (!timeline.ok) return err(appError('invalid-input', timeline.error.field, timeline.error.message));

  const same = reuse && JSON.stringify([reuse.profile.cyclesInScope, reuse.profile.financialSystems]) === JSON.stringify([profile.cyclesInScope, profile.financialSystems]);
  // the SoD duty matcher and the delta's intent reader read the same control texts: tokenised once, each control's
  // intent terms read right after its duties
  const read = textReader();
  const termsOf = intentReader(catalog.targets, read);
  const sod = same
    ? { conflicts: reuse.sod, issues: reuse.sodIssues, scope: reuse.sodScope }
    : analyseOwnerSod(controls, catalog.sodRules, undefined, { read, alongside: intentAlongside(catalog.targets, termsOf) });
  // The register decides SOC 1 reliance once the engagement names a service organisation or registers one. It reads
  // the fiscal year in scope from the timeline, so a scenario that moves dates may change it: the delta is reused only
  // when the register's reading is the same.
  const soc1 =
    profile.serviceOrganizations.length > 0 || soc1Register.entries.length > 0
      ? evaluateSoc1Register(soc1Register, profile.serviceOrganizations, fiscalYearInScope(timeline.value), new Set(controls.map((c) => c.id)))
      : [];
  const sameDelta = same && JSON.stringify(reuse.soc1) === JSON.stringify(soc1) && JSON.stringify(reuse.delta.reviews ?? []) === JSON.stringify(mappingReviews);
  const delta = sameDelta ? reuse.delta : computeDelta(catalog, controls, profile, sod.conflicts, soc1.length > 0 ? (t) => soc1OutcomeFor(soc1, t) : undefined, mappingReviews, termsOf);
  const coso = sameDelta ? reuse.coso : computeCoso(catalog.coso, delta.items);
  const readiness = sameDelta ? reuse.readiness : computeReadiness(delta.items);

  const ownersByControl = sourceOwners(delta.items, controls);
  const planInput = { catalog, items: delta.items, timeline: timeline.value, profile, ownersByControl, conflicts: sod.conflicts };
  // drafted once, scheduled again when deficiencies add their remediation and retest
  const drafted = draftPlan(planInput);
  let plan = schedulePlan(drafted, []);
  // Deficiencies from failed tests and overdue gaps; their remediation and retest tasks go into the plan, then the
  // status of each is judged against the rescheduled tasks.
  const statuses = testing.statuses ?? {};
  const evaluate = (p: Plan) =>
    evaluateDeficiencies({
      catalog,
      items: delta.items,
      tasks: p.tasks,
      statusOf: (id) => statuses[id] ?? 'not-started',
      results: testing.results,
      judgements: testing.judgements,
      materiality: profile.materiality,
      asOf: today < profile.planStart ? profile.planStart : today,
      yearEnd: timeline.value.first404a.periodEnd,
    });
  let found = evaluate(plan);
  if (found.tasks.length > 0) {
    plan = schedulePlan(drafted, found.tasks);
    found = evaluate(plan);
  }
  const tl = timeline.value;
  const risks = disclosureRisks(found.deficiencies, plan.tasks, [
    { label: `first 10-K (${tl.first10K.label})`, periodEnd: tl.first10K.periodEnd, due: tl.first10K.due },
    { label: `first §404(a) 10-K (${tl.first404a.label})`, periodEnd: tl.first404a.periodEnd, due: tl.first404a.due },
  ], today);
  return ok({
    profile,
    defaults,
    delta,
    coso,
    readiness,
    sod: sod.conflicts,
    sodIssues: sod.issues,
    sodScope: sod.scope,
    timeline: tl,
    plan,
    soc1,
    testResults: testing.results,
    judgements: testing.judgements,
    deficiencies: found.deficiencies,
    disclosureRisks: risks,
  });
}
