// A person edits a task (owner, status, dates, notes…): validated, written, and every changed field audited with its
// before and after — the evidence lineage auditors ask for.
import { appendAudit } from '../db/audit-log.ts';
import { inTransaction } from '../db/support.ts';
import { getTask, updateTask as write, type TaskPatch } from '../db/tasks.ts';
import { daysBetween } from '../domain/dates.ts';
import type { PlanTask } from '../domain/plan.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { appError, type AppError } from './app-error.ts';
import type { AppContext } from './context.ts';

export async function updateTask(
  ctx: AppContext,
  input: { engagementId: string; taskId: string; patch: TaskPatch; actor: string },
): Promise<Result<PlanTask, AppError>> {
  const current = await getTask(ctx.db, input.engagementId, input.taskId);
  if (!current) return err(appError('not-found', 'task', `no task ${input.taskId} in this engagement`));
  const start = input.patch.start ?? current.task.start;
  const end = input.patch.end ?? current.task.end;
  if (end < start) return err(appError('invalid-input', 'dates-reversed', `due ${end} is before start ${start}`));
  const r = await inTransaction(ctx.db, async (trx) => {
    const res = await write(trx, input.engagementId, input.taskId, input.patch);
    if (!res) return null;
    for (const c of res.changes)
      await appendAudit(trx, {
        engagementId: input.engagementId,
        actor: input.actor,
        action: 'task.update',
        entity: 'task',
        entityId: input.taskId,
        field: c.field,
        before: JSON.parse(JSON.stringify(c.before)),
        after: JSON.parse(JSON.stringify(c.after)),
      });
    return res.task;
  });
  if (!r) return err(appError('not-found', 'task', `no task ${input.taskId} in this engagement`));
  const t: PlanTask = { ...r, durationDays: daysBetween(r.start, r.end) };
  t.atRisk = t.latestFinish !== null && t.end > t.latestFinish;
  return ok(t);
}
