// Runs the whole analysis on imported controls: owner SoD → delta → COSO coverage → readiness → SEC timeline → plan.
// Deterministic: "today" comes in through the profile's plan start, never from the clock.
import type { Catalog } from '../domain/catalog.ts';
import { computeCoso, type CosoCoverage } from '../domain/coso.ts';
import { computeDelta, type Delta } from '../domain/delta.ts';
import { disclosureRisks, evaluateDeficiencies, type Deficiency, type DeficiencyJudgement, type DisclosureRisk, type TestResult } from '../domain/deficiencies.ts';
import { buildPlan, type Plan, type TaskStatus } from '../domain/plan.ts';
import { resolveProfile, type EngagementProfile, type ProfileDefault, type ProfileInput } from '../domain/profile.ts';
import { computeReadiness, type Readiness } from '../domain/readiness.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { analyseOwnerSod, type SodConflict } from '../domain/sod.ts';
import { computeTimeline, type Timeline } from '../domain/timeline.ts';
import type { SocControl } from '../intake/control.ts';
import type { IntakeIssue } from '../intake/grid.ts';
import { appError, type AppError } from './app-error.ts';

export interface Analysis {
  profile: EngagementProfile;
  defaults: ProfileDefault[];
  delta: Delta;
  coso: CosoCoverage[];
  readiness: Readiness;
  sod: SodConflict[];
  sodIssues: IntakeIssue[];
  timeline: Timeline;
  plan: Plan;
  testResults: TestResult[];
  judgements: DeficiencyJudgement[];
  deficiencies: Deficiency[];
  disclosureRisks: DisclosureRisk[];
}

// Recorded test results and reviewers' judgements on deficiencies, with task statuses (from the database).
export interface TestingRecord {
  results: TestResult[];
  judgements: DeficiencyJudgement[];
  statusOf?: (taskId: string) => TaskStatus;
}

export function analyseEngagement(
  catalog: Catalog,
  controls: SocControl[],
  profileInput: ProfileInput,
  today: string,
  testing: TestingRecord = { results: [], judgements: [] },
): Result<Analysis, AppError> {
  const resolved = resolveProfile(profileInput, today);
  if (!resolved.ok) return err(appError('invalid-input', resolved.error.field, resolved.error.message));
  const { profile, defaults } = resolved.value;

  const timeline = computeTimeline({
    ipoDate: profile.ipoDate,
    fiscalYearEnd: profile.fiscalYearEnd,
    egc: profile.egc,
    filerStatus: profile.filerStatus,
    ...(profile.egcEndsFiscalYear !== null ? { egcEndsFiscalYear: profile.egcEndsFiscalYear } : {}),
  });
  if (!timeline.ok) return err(appError('invalid-input', timeline.error.field, timeline.error.message));

  const sod = analyseOwnerSod(controls, catalog.sodRules);
  const delta = computeDelta(catalog, controls, profile, sod.conflicts);
  const coso = computeCoso(catalog.coso, delta.items);
  const readiness = computeReadiness(delta.items);

  const ownersByControl = new Map<string, string>();
  for (const c of controls) {
    const o = c.owners[0];
    const name = o?.name ?? o?.role ?? null;
    if (name && !ownersByControl.has(c.id)) ownersByControl.set(c.id, name);
  }
  const planInput = { catalog, items: delta.items, timeline: timeline.value, profile, ownersByControl, conflicts: sod.conflicts };
  let plan = buildPlan(planInput);
  // Deficiencies from failed tests and overdue gaps; their remediation and retest tasks go into the plan, then the
  // status of each is judged against the rescheduled tasks.
  const evaluate = (p: Plan) =>
    evaluateDeficiencies({
      catalog,
      items: delta.items,
      tasks: p.tasks,
      statusOf: testing.statusOf ?? (() => 'not-started'),
      results: testing.results,
      judgements: testing.judgements,
      materiality: profile.materiality,
      asOf: today < profile.planStart ? profile.planStart : today,
      yearEnd: timeline.value.first404a.periodEnd,
    });
  let found = evaluate(plan);
  if (found.tasks.length > 0) {
    plan = buildPlan({ ...planInput, extraTasks: found.tasks });
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
    timeline: tl,
    plan,
    testResults: testing.results,
    judgements: testing.judgements,
    deficiencies: found.deficiencies,
    disclosureRisks: risks,
  });
}
