// The scenarios saved on an engagement: the last computed set replaces the one before. Every query names both the
// workspace and the engagement, so an id guessed from another workspace finds nothing.
import type { Executor } from './support.ts';
import { fromJson, newId, toJson } from './support.ts';

export interface SavedScenario<R = unknown> {
  id: string;
  position: number;
  name: string;
  change: Record<string, unknown>;
  result: R;
  createdAt: string;
  createdBy: string;
}

export async function replaceScenarios(
  db: Executor,
  workspaceId: string,
  engagementId: string,
  scenarios: { name: string; change: unknown; result: unknown }[],
  actor: string,
  at: string,
): Promise<void> {
  await db.deleteFrom('scenarios').where('workspace_id', '=', workspaceId).where('engagement_id', '=', engagementId).execute();
  if (scenarios.length === 0) return;
  await db
    .insertInto('scenarios')
    .values(
      scenarios.map((s, position) => ({
        id: newId(),
        workspace_id: workspaceId,
        engagement_id: engagementId,
        position,
        name: s.name,
        change_json: toJson(s.change),
        result_json: toJson(s.result),
        created_at: at,
        created_by: actor,
      })),
    )
    .execute();
}

export async function listScenarios<R = unknown>(db: Executor, workspaceId: string, engagementId: string): Promise<SavedScenario<R>[]> {
  const rows = await db.selectFrom('scenarios').selectAll().where('workspace_id', '=', workspaceId).where('engagement_id', '=', engagementId).orderBy('position').execute();
  return rows.map((r) => ({ id: r.id, position: r.position, name: r.name, change: fromJson<Record<string, unknown>>(r.change_json), result: fromJson<R>(r.result_json), createdAt: r.created_at, createdBy: r.created_by }));
}
