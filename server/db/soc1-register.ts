// The SOC 1 register of an engagement: one row per (workspace, engagement). Every read and write names both, so a
// caller holding one workspace's id cannot reach another's register.
import type { Soc1Entry } from '../domain/soc1-register.ts';
import { fromJson, newId, toJson, type Executor } from './support.ts';

export interface StoredSoc1Register {
  entries: Soc1Entry[];
  updatedAt: string | null; // null: nothing saved yet
  updatedBy: string | null;
}

export async function getSoc1Register(db: Executor, workspaceId: string, engagementId: string): Promise<StoredSoc1Register> {
  const r = await db
    .selectFrom('soc1_registers')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  return r ? { entries: fromJson<Soc1Entry[]>(r.entries_json), updatedAt: r.updated_at, updatedBy: r.updated_by } : { entries: [], updatedAt: null, updatedBy: null };
}

export async function saveSoc1Register(
  db: Executor,
  workspaceId: string,
  engagementId: string,
  entries: Soc1Entry[],
  actor: string,
  at: string,
): Promise<StoredSoc1Register> {
  const updated = await db
    .updateTable('soc1_registers')
    .set({ entries_json: toJson(entries), updated_at: at, updated_by: actor })
    .where('workspace_id', '=', workspaceId)
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await db
      .insertInto('soc1_registers')
      .values({ id: newId(), workspace_id: workspaceId, engagement_id: engagementId, entries_json: toJson(entries), updated_at: at, updated_by: actor })
      .execute();
  return { entries, updatedAt: at, updatedBy: actor };
}
