// Re-import of an edited plan workbook: recognised by its meta sheet; refused when it belongs to another engagement;
// diffed by task id against what the export handed out and against the tasks as they are now. The diff is stored
// and nothing else changes until the user applies it.
import { appendAudit } from '../db/audit-log.ts';
import { getExport, getReimport, insertReimport, markReimportApplied, type ReimportRecord } from '../db/exports.ts';
import { sha256Hex } from '../db/imports.ts';
import { inTransaction } from '../db/support.ts';
import { listTasks, replaceTasks, updateTask, getTask } from '../db/tasks.ts';
import { applyPlanDiff, currentValues, type ApplyDecision, type PlanDiff } from '../domain/plan-diff.ts';
import type { PlanTask } from '../domain/plan.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { appError, type AppError } from './app-error.ts';
import { getEngagement } from '../db/engagements.ts';
import { listJudgements, listTestResults, putJudgement, putTestResult } from '../db/testing.ts';
import { diffTestingRecorded, readTestingGrid } from '../domain/testing-export.ts';
import { runAnalysis } from './run-analysis.ts';
import { listControls } from '../db/imports.ts';
import { listMappingReviews } from '../db/mapping-reviews.ts';
import { diffMapping, readMappingGrid } from '../domain/mapping-export.ts';
import { decisionProblem, writeDecisions } from './mapping-reviews.ts';
import type { AppContext } from './context.ts';
import { readExportFile, reimportDiff, storedFromRecord } from './round-trip.ts';

export async function reimportExport(
  ctx: AppContext,
  input: { engagementId: string; fileName: string; bytes: Uint8Array; actor: string },
): Promise<Result<{ reimportId: string; exportId: string; diff: PlanDiff }, AppError>> {
  const read = await readExportFile(ctx.readSpreadsheet, input.bytes, input.fileName);
  if (!read.ok) return read;
  if (read.value === null)
    return err(appError('invalid-input', 'not-an-export', `"${input.fileName}" is not a soxbridge plan workbook (no soxbridge meta sheet); to bring in a control matrix, use Import`));
  const { meta } = read.value.export;
  if (meta.engagementId !== input.engagementId)
    return err(appError('foreign-workbook', 'other-engagement', `"${input.fileName}" was exported from another engagement (${meta.company || meta.engagementId}); it cannot be applied to this one`));
  if (meta.readOnly)
    return err(appError('invalid-input', 'read-only-export', `"${input.fileName}" is a read-only copy (a viewer's export); export an editable workbook to change the plan in Excel`));
  const exported = await getExport(ctx.db, meta.exportId);
  if (!exported || exported.engagementId !== input.engagementId)
    return err(appError('conflict', 'unknown-export', `"${input.fileName}" comes from export ${meta.exportId}, which this engagement has no record of`));
  const tasks = await listTasks(ctx.db, input.engagementId);
  const diffed = reimportDiff({ edited: read.value, stored: storedFromRecord(exported), current: currentValues(tasks) });
  if (!diffed.ok) return diffed;
  const diff = diffed.value;
  // The Testing and Deficiencies sheets, against the results and judgements recorded now.
  const engagement = await getEngagement(ctx.db, input.engagementId);
  if (engagement) {
    const scope = { workspaceId: engagement.workspaceId, engagementId: engagement.id };
    const testing = diffTestingRecorded(readTestingGrid(read.value.grid), { results: await listTestResults(ctx.db, scope), judgements: await listJudgements(ctx.db, scope) });
    if (testing.changes.length + testing.invalid.length > 0) diff.testing = testing;
    // The Mapping sheet, against the decisions recorded now; a new decision must name a target and a control that exist.
    const targetIds = new Set(ctx.catalog.targets.map((t) => t.id));
    const controlIds = new Set((await listControls(ctx.db, engagement.id)).map((c) => c.id));
    const mapping = diffMapping(readMappingGrid(read.value.grid), await listMappingReviews(ctx.db, scope), (t, c) => decisionProblem({ targetId: t, controlId: c, decision: 'accept', reason: '' }, targetIds, controlIds)?.message ?? null);
    if (mapping.changes.length + mapping.invalid.length > 0) diff.mapping = mapping;
  }
  const record = await inTransaction(ctx.db, async (trx) => {
    const r = await insertReimport(trx, { engagementId: input.engagementId, exportId: meta.exportId, fileName: input.fileName, sha256: sha256Hex(input.bytes), diff });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'reimport.diff',
      entity: 'reimport',
      entityId: r.id,
      after: { fileName: input.fileName, exportId: meta.exportId, changes: diff.changes.length, added: diff.added.length, deleted: diff.deleted.length, invalid: diff.invalid.length, conflicts: diff.conflicts.length },
    });
    return r;
  });
  return ok({ reimportId: record.id, exportId: meta.exportId, diff });
}

export async function getReimportFor(ctx: AppContext, engagementId: string, id: string): Promise<ReimportRecord | null> {
  const r = await getReimport(ctx.db, id);
  return r && r.engagementId === engagementId ? r : null;
}

// Applies the chosen part of a stored diff. All or nothing: conflicts must each be resolved, and a failure changes nothing.
export async function applyReimport(
  ctx: AppContext,
  input: { engagementId: string; reimportId: string; decision: ApplyDecision; actor: string },
): Promise<Result<{ tasks: PlanTask[]; applied: number }, AppError>> {
  const record = await getReimportFor(ctx, input.engagementId, input.reimportId);
  if (!record) return err(appError('not-found', 'reimport', `no re-import ${input.reimportId} in this engagement`));
  if (record.status !== 'pending') return err(appError('conflict', 'reimport-settled', `this re-import was already ${record.status}`));
  const current = await listTasks(ctx.db, input.engagementId);
  const applied = applyPlanDiff(current, record.diff, input.decision);
  if (!applied.ok) return err(appError('conflict', applied.error.code, applied.error.message));
  const next = applied.value;
  const before = new Map(current.map((t) => [t.id, t]));
  const after = new Map(next.map((t) => [t.id, t]));
  const out = await inTransaction(ctx.db, async (trx) => {
    if (!(await markReimportApplied(trx, record.id))) throw new Error('re-import settled concurrently');
    let count = 0;
    const structural = next.some((t) => !before.has(t.id)) || current.some((t) => !after.has(t.id));
    if (structural) {
      // Rows were added or deleted: rewrite the task list, keeping what each surviving task was generated as.
      const version = (await getTask(trx, input.engagementId, current[0]?.id ?? ''))?.analysisVersion ?? 1;
      const generated = new Map<string, PlanTask>();
      for (const t of current) {
        const g = await getTask(trx, input.engagementId, t.id);
        if (g) generated.set(t.id, g.generated);
      }
      await replaceTasks(trx, input.engagementId, version, next.map((t) => generated.get(t.id) ?? t));
    }
    for (const t of next) {
      const was = before.get(t.id);
      if (!was) {
        count++;
        await appendAudit(trx, { engagementId: input.engagementId, actor: input.actor, action: 'task.create', entity: 'task', entityId: t.id, after: JSON.parse(JSON.stringify(t)) });
        continue;
      }
      // After a rewrite the row holds its generated values: restore the current ones first, unaudited (they already were).
      if (structural) await updateTask(trx, input.engagementId, t.id, was); // (updateTask takes the editable fields of a task and only those)
      const res = await updateTask(trx, input.engagementId, t.id, t);
      for (const c of res?.changes ?? []) {
        count++;
        await appendAudit(trx, {
          engagementId: input.engagementId, actor: input.actor, action: 'task.update', entity: 'task', entityId: t.id, field: c.field,
          before: JSON.parse(JSON.stringify(c.before)), after: JSON.parse(JSON.stringify(c.after)),
        });
      }
    }
    for (const t of current)
      if (!after.has(t.id)) {
        count++;
        await appendAudit(trx, { engagementId: input.engagementId, actor: input.actor, action: 'task.delete', entity: 'task', entityId: t.id, before: JSON.parse(JSON.stringify(t)) });
      }
    // Results and judgements recorded on the Testing and Deficiencies sheets (valid rows only), then the analysis again.
    const t = record.diff.testing;
    const engagement = await getEngagement(trx, input.engagementId);
    const reanalyse: string[] = [];
    if (engagement && t && ((t.results?.length ?? 0) > 0 || (t.judgements?.length ?? 0) > 0)) {
      const scope = { workspaceId: engagement.workspaceId, engagementId: engagement.id };
      const at = ctx.now().toISOString();
      for (const r of t.results ?? []) {
        count++;
        await putTestResult(trx, scope, r, input.actor, at);
        await appendAudit(trx, { engagementId: input.engagementId, actor: input.actor, action: 'test.result', entity: 'test', entityId: r.testId, after: JSON.parse(JSON.stringify(r)) });
      }
      for (const j of t.judgements ?? []) {
        count++;
        await putJudgement(trx, scope, j, input.actor, at);
        await appendAudit(trx, { engagementId: input.engagementId, actor: input.actor, action: 'deficiency.judgement', entity: 'deficiency', entityId: j.deficiencyId, after: JSON.parse(JSON.stringify(j)) });
      }
      reanalyse.push('test results re-imported from the workbook');
    }
    // Mapping decisions edited on the Mapping sheet: recorded (or withdrawn) and audited like those made in the app.
    const m = record.diff.mapping;
    if (engagement && m && m.decisions.length + m.withdrawals.length > 0) {
      count += await writeDecisions(trx, engagement, [...m.decisions, ...m.withdrawals.map((w) => ({ ...w, decision: null }))], input.actor, ctx.now().toISOString(), 'workbook');
      reanalyse.push('mapping decisions re-imported from the workbook');
    }
    if (engagement && reanalyse.length > 0) {
      const rerun = await runAnalysis(ctx, trx, engagement, input.actor, reanalyse.join('; '));
      if (!rerun.ok) throw new Error(rerun.error.message);
    }
    await appendAudit(trx, { engagementId: input.engagementId, actor: input.actor, action: 'reimport.apply', entity: 'reimport', entityId: record.id, after: { changes: count, decision: JSON.parse(JSON.stringify(input.decision)) } });
    return { tasks: await listTasks(trx, input.engagementId), applied: count };
  });
  return ok(out);
}
