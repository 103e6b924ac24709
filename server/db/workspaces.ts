// Workspaces (an advisor's clients, one workspace each) and memberships: one role per user per workspace, or per
// engagement within it.
import type { Membership, Role } from '../domain/roles.ts';
import type { MembershipsTable } from './schema.ts';
import { newId, nowIso, type Executor } from './support.ts';

export interface Workspace {
  id: string;
  name: string;
  createdAt: string;
}

export interface Member {
  id: string; // the membership's id
  userId: string;
  email: string;
  displayName: string;
  engagementId: string | null;
  role: Role;
  createdAt: string;
  disabledAt: string | null; // the user's account is disabled (cli user disable): they cannot sign in
}

export async function createWorkspace(db: Executor, name: string, createdBy: string): Promise<Workspace> {
  const row = { id: newId(), name: name.trim(), created_at: nowIso(), created_by: createdBy };
  await db.insertInto('workspaces').values(row).execute();
  return { id: row.id, name: row.name, createdAt: row.created_at };
}

export async function getWorkspace(db: Executor, id: string): Promise<Workspace | null> {
  const r = await db.selectFrom('workspaces').select(['id', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, name: r.name, createdAt: r.created_at } : null;
}

export async function listWorkspaces(db: Executor, ids?: readonly string[]): Promise<Workspace[]> {
  if (ids && ids.length === 0) return [];
  let q = db.selectFrom('workspaces').select(['id', 'name', 'created_at']);
  if (ids) q = q.where('id', 'in', [...ids]);
  return (await q.orderBy('name').orderBy('id').execute()).map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at }));
}

export async function membershipsOf(db: Executor, userId: string): Promise<Membership[]> {
  const rows = await db.selectFrom('memberships').select(['workspace_id', 'engagement_id', 'role']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ workspaceId: r.workspace_id, engagementId: r.engagement_id, role: r.role }));
}

// Adds the role, or changes it when the user already holds one in that scope.
export async function setMembership(db: Executor, input: { userId: string; workspaceId: string; engagementId: string | null; role: Role; createdBy: string }): Promise<string> {
  const scopeKey = input.engagementId ?? '*';
  const existing = await db.selectFrom('memberships').select('id').where('user_id', '=', input.userId).where('workspace_id', '=', input.workspaceId).where('scope_key', '=', scopeKey).executeTakeFirst();
  if (existing) {
    await db.updateTable('memberships').set({ role: input.role }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row: MembershipsTable = { id: newId(), user_id: input.userId, workspace_id: input.workspaceId, engagement_id: input.engagementId, scope_key: scopeKey, role: input.role, created_at: nowIso(), created_by: input.createdBy };
  await db.insertInto('memberships').values(row).execute();
  return row.id;
}

export async function getMember(db: Executor, workspaceId: string, memberId: string): Promise<Member | null> {
  return (await listMembers(db, workspaceId)).find((m) => m.id === memberId) ?? null;
}

export async function listMembers(db: Executor, workspaceId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.id', 'memberships.user_id', 'users.email', 'users.display_name', 'users.disabled_at', 'memberships.engagement_id', 'memberships.role', 'memberships.created_at'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('users.email')
    .orderBy('memberships.scope_key')
    .execute();
  return rows.map((r) => ({ id: r.id, userId: r.user_id, email: r.email, displayName: r.display_name, engagementId: r.engagement_id, role: r.role, createdAt: r.created_at, disabledAt: r.disabled_at }));
}

export async function setMemberRole(db: Executor, memberId: string, role: Role): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('id', '=', memberId).execute();
}

export async function removeMember(db: Executor, memberId: string): Promise<void> {
  await db.deleteFrom('memberships').where('id', '=', memberId).execute();
}

export async function renameWorkspace(db: Executor, id: string, name: string): Promise<void> {
  await db.updateTable('workspaces').set({ name: name.trim() }).where('id', '=', id).execute();
}
