// Records a test result or a reviewer's judgement on a deficiency, then re-runs the analysis so the deficiencies,
// their ratings and their remediation and retest tasks follow. One transaction: the record, the audit entry and the
// new analysis land together or not at all.
import { appendAudit } from '../db/audit-log.ts';
import { getEngagement } from '../db/engagements.ts';
import { latestAnalysis } from '../db/analyses.ts';
import { inTransaction } from '../db/support.ts';
import { listJudgements, listTestResults, putJudgement, putTestResult } from '../db/testing.ts';
import type { Deficiency, DeficiencyJudgement, TestResult } from '../domain/deficiencies.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { testTasks } from '../domain/testing-export.ts';
import { listTasks } from '../db/tasks.ts';
import { appError, type AppError } from './app-error.ts';
import type { AppContext } from './context.ts';
import { runAnalysis } from './run-analysis.ts';

const json = (v: unknown) => JSON.parse(JSON.stringify(v ?? null));

export async function recordTestResult(ctx: AppContext, input: { engagementId: string; result: TestResult; actor: string }): Promise<Result<{ result: TestResult; deficiencies: Deficiency[] }, AppError>> {
  const e = await getEngagement(ctx.db, input.engagementId);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${input.engagementId}`));
  const tests = new Set(testTasks(await listTasks(ctx.db, e.id)).map((t) => t.id));
  if (!tests.has(input.result.testId)) return err(appError('not-found', 'test', `no test ${input.result.testId} in this engagement's plan (TOD, TOE or retest task ids)`));
  if (input.result.exceptions > input.result.tested) return err(appError('invalid-input', 'exceptions', `${input.result.exceptions} exceptions in ${input.result.tested} tested`));
  return record(ctx, e, input.actor, async (trx, scope, at) => {
    await putTestResult(trx, scope, input.result, input.actor, at);
    await appendAudit(trx, { engagementId: e.id, actor: input.actor, action: 'test.result', entity: 'test', entityId: input.result.testId, after: json(input.result) });
  }).then((r) => (r.ok ? ok({ result: input.result, deficiencies: r.value }) : r));
}

export async function recordJudgement(ctx: AppContext, input: { engagementId: string; judgement: DeficiencyJudgement; actor: string }): Promise<Result<{ deficiencies: Deficiency[] }, AppError>> {
  const e = await getEngagement(ctx.db, input.engagementId);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${input.engagementId}`));
  const latest = await latestAnalysis(ctx.db, e.id);
  if (!latest?.analysis.deficiencies?.some((d) => d.id === input.judgement.deficiencyId)) return err(appError('not-found', 'deficiency', `no deficiency ${input.judgement.deficiencyId} in this engagement`));
  if (input.judgement.overrideSeverity && !input.judgement.overrideReason?.trim()) return err(appError('invalid-input', 'overrideReason', 'an override of the rating needs a reason'));
  return record(ctx, e, input.actor, async (trx, scope, at) => {
    await putJudgement(trx, scope, input.judgement, input.actor, at);
    await appendAudit(trx, { engagementId: e.id, actor: input.actor, action: 'deficiency.judgement', entity: 'deficiency', entityId: input.judgement.deficiencyId, after: json(input.judgement) });
  }).then((r) => (r.ok ? ok({ deficiencies: r.value }) : r));
}

async function record(
  ctx: AppContext,
  e: NonNullable<Awaited<ReturnType<typeof getEngagement>>>,
  actor: string,
  write: (trx: Parameters<Parameters<typeof inTransaction>[1]>[0], scope: { workspaceId: string; engagementId: string }, at: string) => Promise<void>,
): Promise<Result<Deficiency[], AppError>> {
  let failure: AppError | null = null;
  const out = await inTransaction(ctx.db, async (trx) => {
    await write(trx, { workspaceId: e.workspaceId, engagementId: e.id }, ctx.now().toISOString());
    const r = await runAnalysis(ctx, trx, e, actor, 'test result or deficiency judgement recorded');
    if (!r.ok) {
      failure = r.error;
      throw new Error('rollback');
    }
    return r.value.analysis.deficiencies;
  }).catch((x: unknown) => {
    if (failure) return null;
    throw x;
  });
  return out === null ? err(failure!) : ok(out);
}

// What the Testing screen shows: every test with its sample size and recorded result, the deficiencies and risks.
export async function testingView(ctx: AppContext, engagementId: string) {
  const e = await getEngagement(ctx.db, engagementId);
  const latest = await latestAnalysis(ctx.db, engagementId);
  if (!e || !latest) return null;
  const scope = { workspaceId: e.workspaceId, engagementId };
  const results = new Map((await listTestResults(ctx.db, scope)).map((r) => [r.testId, r]));
  const tasks = await listTasks(ctx.db, engagementId);
  return {
    tests: testTasks(tasks).map((t) => ({ testId: t.id, target: t.target, kind: t.kind === 'tod' ? 'TOD' : 'TOE', retest: t.kind === 'retest', title: t.title, owner: t.owner, start: t.start, end: t.end, sampleSize: t.sampleSize, atRisk: t.atRisk, result: results.get(t.id) ?? null })),
    deficiencies: latest.analysis.deficiencies ?? [],
    judgements: await listJudgements(ctx.db, scope),
    disclosureRisks: latest.analysis.disclosureRisks ?? [],
    tasks: tasks.filter((t) => t.id.startsWith('DEF-')),
  };
}
