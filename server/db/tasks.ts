// The engagement's working plan. data_json keeps each task as the analysis generated it; the editable fields live in
// real columns and are the current values, so edits can be queried, diffed against an export and audited.
import type { PlanTask, TaskStatus } from '../domain/plan.ts';
import type { TasksTable } from './schema.ts';
import { chunks, fromJson, inTransaction, nowIso, toJson, type Executor } from './support.ts';

export const TASK_EDITABLE_KEYS = [
  'title',
  'owner',
  'start',
  'end',
  'effortDays',
  'status',
  'dependsOn',
  'notes',
] as const;
export type TaskEditableKey = (typeof TASK_EDITABLE_KEYS)[number];
export type TaskPatch = Partial<Pick<PlanTask, TaskEditableKey>>;
export type TaskFieldChange = {
  [K in TaskEditableKey]: { field: K; before: PlanTask[K]; after: PlanTask[K] };
}[TaskEditableKey];

export interface StoredTask {
  task: PlanTask; // the current task: generated fields with the edited ones laid over
  generated: PlanTask; // as the analysis produced it
  analysisVersion: number;
  updatedAt: string;
}

function columnsOf(t: Pick<PlanTask, TaskEditableKey>) {
  return {
    title: t.title,
    owner: t.owner,
    start: t.start,
    due: t.end,
    effort: t.effortDays,
    status: t.status,
    depends_on: toJson(t.dependsOn),
    notes: t.notes,
  };
}

function toStored(r: TasksTable): StoredTask {
  const generated = fromJson<PlanTask>(r.data_json);
  return {
    task: {
      ...generated,
      title: r.title,
      owner: r.owner,
      start: r.start,
      end: r.due,
      effortDays: r.effort,
      status: r.status as TaskStatus,
      dependsOn: fromJson<string[]>(r.depends_on),
      notes: r.notes,
    },
    generated,
    analysisVersion: r.analysis_version,
    updatedAt: r.updated_at,
  };
}

// A new analysis replaces the whole plan; carrying edits over is the use case's decision, made before calling this.
export async function replaceTasks(
  db: Executor,
  engagementId: string,
  analysisVersion: number,
  tasks: readonly PlanTask[],
  at: string = nowIso(),
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('tasks').where('engagement_id', '=', engagementId).execute();
    const rows: TasksTable[] = tasks.map((t, i) => ({
      engagement_id: engagementId,
      id: t.id,
      position: i + 1,
      analysis_version: analysisVersion,
      data_json: toJson(t),
      ...columnsOf(t),
      updated_at: at,
    }));
    for (const batch of chunks(rows, 200)) await trx.insertInto('tasks').values(batch).execute();
  });
}

// The rows as stored (their JSON unparsed), for the analysis renderer that parses them off the main thread.
export async function listTaskRows(db: Executor, engagementId: string): Promise<TasksTable[]> {
  return db.selectFrom('tasks').selectAll().where('engagement_id', '=', engagementId).orderBy('position').execute();
}

export const taskOfRow = (r: TasksTable): PlanTask => toStored(r).task;

export async function listTasks(db: Executor, engagementId: string): Promise<PlanTask[]> {
  const rows = await db
    .selectFrom('tasks')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .orderBy('position')
    .execute();
  return rows.map((r) => toStored(r).task);
}

export async function getTask(db: Executor, engagementId: string, taskId: string): Promise<StoredTask | null> {
  const r = await db
    .selectFrom('tasks')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('id', '=', taskId)
    .executeTakeFirst();
  return r ? toStored(r) : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// Writes only the fields that differ and reports them, in TASK_EDITABLE_KEYS order, for the audit log. Validating
// the values is the caller's job. null when there is no such task.
export async function updateTask(
  db: Executor,
  engagementId: string,
  taskId: string,
  patch: TaskPatch,
  at: string = nowIso(),
): Promise<{ task: PlanTask; changes: TaskFieldChange[] } | null> {
  return inTransaction(db, async (trx) => {
    const current = await getTask(trx, engagementId, taskId);
    if (!current) return null;
    const before = current.task;
    const after: PlanTask = { ...before };
    const changes: TaskFieldChange[] = [];
    for (const key of TASK_EDITABLE_KEYS) {
      const value = patch[key];
      if (value === undefined || same(value, before[key])) continue;
      changes.push({ field: key, before: before[key], after: value } as TaskFieldChange);
      (after as Record<TaskEditableKey, unknown>)[key] = value;
    }
    if (changes.length === 0) return { task: before, changes };
    await trx
      .updateTable('tasks')
      .set({ ...columnsOf(after), updated_at: at })
      .where('engagement_id', '=', engagementId)
      .where('id', '=', taskId)
      .execute();
    return { task: after, changes };
  });
}
