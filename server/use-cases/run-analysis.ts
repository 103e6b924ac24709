// Re-runs the analysis of an engagement from its stored controls and profile, stores it as a new version, and
// rebuilds the task list — carrying over every field a person edited on a task that still exists. Call inside a
// transaction: the analysis, the tasks and the audit entry land together or not at all.
import { appendAudit } from '../db/audit-log.ts';
import { insertAnalysis } from '../db/analyses.ts';
import type { Engagement } from '../db/engagements.ts';
import { listControls } from '../db/imports.ts';
import { listMappingReviews } from '../db/mapping-reviews.ts';
import { getSoc1Register } from '../db/soc1-register.ts';
import type { Executor } from '../db/support.ts';
import { getTask, listTasks, replaceTasks, TASK_EDITABLE_KEYS, updateTask } from '../db/tasks.ts';
import type { PlanTask } from '../domain/plan.ts';
import { listJudgements, listTestResults } from '../db/testing.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { analyseEngagement, type AnalysisInputs } from './analyse-engagement.ts';
import type { Analysis } from '../domain/analysis.ts';
import type { AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';

// What an analysis reads beside the controls and the profile: the SOC 1 register, the recorded test results and
// deficiency judgements, the task statuses people set, and the reviewers' decisions on source→target links. Plain data (the reader process makes the analysis at confirm).
// `tasks`: the engagement's tasks when the caller has read them already (runAnalysis needs them for the edits too).
export async function analysisInputsOf(db: Executor, engagement: Engagement, tasks?: PlanTask[]): Promise<AnalysisInputs> {
  const scope = { workspaceId: engagement.workspaceId, engagementId: engagement.id };
  return {
    soc1Register: { entries: (await getSoc1Register(db, engagement.workspaceId, engagement.id)).entries },
    testing: {
      results: await listTestResults(db, scope),
      judgements: await listJudgements(db, scope),
      statuses: Object.fromEntries((tasks ?? (await listTasks(db, engagement.id))).map((t) => [t.id, t.status])),
    },
    mappingReviews: await listMappingReviews(db, scope),
  };
}

export async function runAnalysis(
  ctx: AppContext,
  trx: Executor,
  engagement: Engagement,
  actor: string,
  why: string,
  // the analysis already made of exactly the controls stored (confirm-import makes it in the reader, before its
  // transaction): the transaction then only writes
  precomputed?: Result<Analysis, AppError>,
): Promise<Result<{ version: number; analysis: Analysis; tasks: PlanTask[] }, AppError>> {
  const previous = await listTasks(trx, engagement.id);
  const analysed = precomputed ?? analyseEngagement(ctx.catalog, await listControls(trx, engagement.id), engagement.profile, isoDay(ctx.now()), await analysisInputsOf(trx, engagement, previous));
  if (!analysed.ok) return err(analysed.error);
  const analysis = analysed.value;

  // Carry over edits: a field whose current value differs from what the previous analysis generated was set by a person.
  const edited = new Map<string, Partial<PlanTask>>();
  for (const t of previous) {
    const stored = await getTask(trx, engagement.id, t.id);
    if (!stored) continue;
    const patch: Partial<PlanTask> = {};
    for (const k of TASK_EDITABLE_KEYS)
      if (JSON.stringify(stored.task[k]) !== JSON.stringify(stored.generated[k])) (patch as Record<string, unknown>)[k] = stored.task[k];
    if (Object.keys(patch).length > 0) edited.set(t.id, patch);
  }
  const record = await insertAnalysis(trx, { engagementId: engagement.id, importId: null, analysis });
  await replaceTasks(trx, engagement.id, record.version, analysis.plan.tasks);
  const tasks: PlanTask[] = [];
  for (const t of analysis.plan.tasks) {
    const patch = edited.get(t.id);
    if (!patch) {
      tasks.push(t);
      continue;
    }
    const r = await updateTask(trx, engagement.id, t.id, patch);
    tasks.push(r?.task ?? t);
  }
  await appendAudit(trx, {
    engagementId: engagement.id,
    actor,
    action: 'analysis.run',
    entity: 'analysis',
    entityId: String(record.version),
    after: { version: record.version, summary: analysis.delta.summary, readiness: analysis.readiness.overall, why, editsCarriedOver: edited.size },
  });
  return ok({ version: record.version, analysis, tasks });
}
