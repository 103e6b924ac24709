// Engagements: one per client company going public. Archived engagements are kept, hidden from the default list.
import type { ProfileInput } from '../domain/profile.ts';
import { DEFAULT_WORKSPACE_ID } from './migrations/0004-accounts.ts';
import type { EngagementsTable } from './schema.ts';
import { fromJson, newId, nowIso, toJson, type Executor } from './support.ts';

export { DEFAULT_WORKSPACE_ID };

export interface Engagement {
  id: string;
  companyName: string;
  profile: ProfileInput;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  workspaceId: string;
}

function toEngagement(r: EngagementsTable): Engagement {
  return {
    id: r.id,
    companyName: r.company_name,
    profile: fromJson<ProfileInput>(r.profile_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
    workspaceId: r.workspace_id ?? DEFAULT_WORKSPACE_ID,
  };
}

export async function createEngagement(
  db: Executor,
  input: { id?: string; companyName: string; profile: ProfileInput; at?: string; workspaceId?: string },
): Promise<Engagement> {
  const at = input.at ?? nowIso();
  const row: EngagementsTable = {
    id: input.id ?? newId(),
    company_name: input.companyName,
    profile_json: toJson(input.profile),
    created_at: at,
    updated_at: at,
    archived_at: null,
    workspace_id: input.workspaceId ?? DEFAULT_WORKSPACE_ID,
  };
  await db.insertInto('engagements').values(row).execute();
  return toEngagement(row);
}

export async function getEngagement(db: Executor, id: string): Promise<Engagement | null> {
  const r = await db.selectFrom('engagements').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toEngagement(r) : null;
}

// What a caller may see: every engagement of these workspaces, plus these single engagements. Omitted: everything
// (local mode, and the command line).
export interface Visibility {
  workspaceIds: readonly string[];
  engagementIds: readonly string[];
}

export async function listEngagements(
  db: Executor,
  opts: { includeArchived?: boolean; visibleTo?: Visibility; workspaceId?: string } = {},
): Promise<Engagement[]> {
  let q = db.selectFrom('engagements').selectAll();
  if (!opts.includeArchived) q = q.where('archived_at', 'is', null);
  if (opts.workspaceId) q = q.where('workspace_id', '=', opts.workspaceId);
  const v = opts.visibleTo;
  if (v) {
    if (v.workspaceIds.length === 0 && v.engagementIds.length === 0) return [];
    q = q.where((eb) =>
      eb.or([
        ...(v.workspaceIds.length ? [eb('workspace_id', 'in', [...v.workspaceIds])] : []),
        ...(v.engagementIds.length ? [eb('id', 'in', [...v.engagementIds])] : []),
      ]),
    );
  }
  const rows = await q.orderBy('created_at').orderBy('id').execute();
  return rows.map(toEngagement);
}

// The company name follows the profile when the profile names one, so lists never show a stale name.
export async function updateEngagementProfile(
  db: Executor,
  id: string,
  profile: ProfileInput,
  at: string = nowIso(),
): Promise<Engagement | null> {
  const name = profile.companyName?.trim();
  await db
    .updateTable('engagements')
    .set({ profile_json: toJson(profile), updated_at: at, ...(name ? { company_name: name } : {}) })
    .where('id', '=', id)
    .execute();
  return getEngagement(db, id);
}

// Idempotent: archiving an archived engagement keeps the first archive time.
export async function archiveEngagement(db: Executor, id: string, at: string = nowIso()): Promise<Engagement | null> {
  await db
    .updateTable('engagements')
    .set({ archived_at: at, updated_at: at })
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .execute();
  return getEngagement(db, id);
}

export async function unarchiveEngagement(db: Executor, id: string, at: string = nowIso()): Promise<Engagement | null> {
  await db.updateTable('engagements').set({ archived_at: null, updated_at: at }).where('id', '=', id).execute();
  return getEngagement(db, id);
}

// The workspace an engagement belongs to; null when there is no such engagement. (Authorization asks this first.)
export async function workspaceOfEngagement(db: Executor, id: string): Promise<string | null> {
  const r = await db.selectFrom('engagements').select('workspace_id').where('id', '=', id).executeTakeFirst();
  return r ? (r.workspace_id ?? DEFAULT_WORKSPACE_ID) : null;
}
