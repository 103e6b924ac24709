// Users, their sessions and their one-time tokens. A User never carries the password hash: only passwordHashOf reads
// it, for the sign-in check, so no other path can hand it to a response, a log or an export.
import type { Role } from '../domain/roles.ts';
import type { OneTimeTokensTable, UsersTable } from './schema.ts';
import { newId, nowIso, type Executor } from './support.ts';

export interface User {
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
}

const toUser = (r: Pick<UsersTable, 'id' | 'email' | 'display_name' | 'created_at'>): User => ({ id: r.id, email: r.email, displayName: r.display_name, createdAt: r.created_at });
const USER_COLUMNS = ['id', 'email', 'display_name', 'created_at'] as const;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

// Counts this process's writes that change who may sign in (a user added, disabled or enabled). Caches of "are there
// accounts at all" (http/authz.ts) compare it instead of asking the database on every request; a write from another
// process (`cli user add`) shows when their short re-check time has passed.
let userWrites = 0;
export const userWriteCount = (): number => userWrites;

export async function createUser(db: Executor, input: { email: string; displayName: string; passwordHash: string; at?: string }): Promise<User> {
  const at = input.at ?? nowIso();
  const row: UsersTable = { id: newId(), email: normaliseEmail(input.email), display_name: input.displayName.trim(), password_hash: input.passwordHash, created_at: at, updated_at: at, disabled_at: null };
  userWrites++;
  await db.insertInto('users').values(row).execute();
  userWrites++; // also after: a count read while the insert was under way is not trusted
  return toUser(row);
}

export async function userByEmail(db: Executor, email: string): Promise<User | null> {
  const r = await db.selectFrom('users').select(USER_COLUMNS).where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function userById(db: Executor, id: string): Promise<User | null> {
  const r = await db.selectFrom('users').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toUser(r) : null;
}

export async function listUsers(db: Executor): Promise<User[]> {
  return (await db.selectFrom('users').select(USER_COLUMNS).orderBy('email').execute()).map(toUser);
}

export async function countUsers(db: Executor): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function passwordHashOf(db: Executor, userId: string): Promise<string | null> {
  const r = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return r?.password_hash ?? null;
}

// When the account was disabled, or null while it may sign in.
export async function disabledAt(db: Executor, userId: string): Promise<string | null> {
  const r = await db.selectFrom('users').select('disabled_at').where('id', '=', userId).executeTakeFirst();
  return r?.disabled_at ?? null;
}

// The disabled accounts, by user id, with the time each was disabled.
export async function disabledUsers(db: Executor): Promise<Map<string, string>> {
  const rows = await db.selectFrom('users').select(['id', 'disabled_at']).where('disabled_at', 'is not', null).execute();
  return new Map(rows.map((r) => [r.id, r.disabled_at ?? '']));
}

export async function setDisabled(db: Executor, userId: string, at: string | null): Promise<void> {
  userWrites++;
  await db.updateTable('users').set({ disabled_at: at, updated_at: nowIso() }).where('id', '=', userId).execute();
}

export async function setPasswordHash(db: Executor, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso() }).where('id', '=', userId).execute();
}

// Sessions: the cookie holds a secret, the table its hash. Idle sessions end after IDLE_MS, every session after MAX_MS.
export const SESSION_IDLE_MS = 12 * 3600_000;
export const SESSION_MAX_MS = 7 * 24 * 3600_000;

export interface Session {
  idHash: string;
  user: User;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export async function createSession(db: Executor, input: { idHash: string; userId: string; csrfToken: string; now: Date }): Promise<void> {
  const at = input.now.toISOString();
  await db
    .insertInto('sessions')
    .values({ id_hash: input.idHash, user_id: input.userId, csrf_token: input.csrfToken, created_at: at, last_seen_at: at, expires_at: new Date(input.now.getTime() + SESSION_IDLE_MS).toISOString() })
    .execute();
}

// The live session for a cookie's hash, extended by use (at most once a minute, never past SESSION_MAX_MS).
export async function liveSession(db: Executor, idHash: string, now: Date): Promise<Session | null> {
  const r = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id_hash', 'sessions.csrf_token', 'sessions.created_at as s_created', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id', 'users.email', 'users.display_name', 'users.created_at'])
    .where('sessions.id_hash', '=', idHash)
    .where('users.disabled_at', 'is', null) // a disabled account's sessions stop working at once
    .executeTakeFirst();
  if (!r) return null;
  const t = now.getTime();
  if (Date.parse(r.expires_at) <= t || t - Date.parse(r.s_created) >= SESSION_MAX_MS) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return null;
  }
  let { last_seen_at: lastSeen, expires_at: expires } = r;
  if (t - Date.parse(lastSeen) > 60_000) {
    lastSeen = now.toISOString();
    expires = new Date(Math.min(t + SESSION_IDLE_MS, Date.parse(r.s_created) + SESSION_MAX_MS)).toISOString();
    await db.updateTable('sessions').set({ last_seen_at: lastSeen, expires_at: expires }).where('id_hash', '=', idHash).execute();
  }
  return { idHash: r.id_hash, user: toUser(r), csrfToken: r.csrf_token, createdAt: r.s_created, lastSeenAt: lastSeen, expiresAt: expires };
}

export async function deleteSession(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOf(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

// One-time tokens: password resets (for a user) and invitations (an e-mail, a workspace or engagement, a role).
export interface OneTimeToken {
  kind: 'reset' | 'invite';
  userId: string | null;
  email: string | null;
  workspaceId: string | null;
  engagementId: string | null;
  role: Role | null;
  createdBy: string;
  expiresAt: string;
}

const toToken = (r: OneTimeTokensTable): OneTimeToken => ({ kind: r.kind, userId: r.user_id, email: r.email, workspaceId: r.workspace_id, engagementId: r.engagement_id, role: r.role, createdBy: r.created_by, expiresAt: r.expires_at });

export async function createToken(db: Executor, tokenHash: string, t: OneTimeToken, now: Date): Promise<void> {
  await db
    .insertInto('one_time_tokens')
    .values({ token_hash: tokenHash, kind: t.kind, user_id: t.userId, email: t.email, workspace_id: t.workspaceId, engagement_id: t.engagementId, role: t.role, created_at: now.toISOString(), created_by: t.createdBy, expires_at: t.expiresAt, used_at: null })
    .execute();
}

// A token that exists, is unused and has not expired; null otherwise (the caller cannot tell which, nor can a guesser).
export async function usableToken(db: Executor, tokenHash: string, kind: OneTimeToken['kind'], now: Date): Promise<OneTimeToken | null> {
  const r = await db.selectFrom('one_time_tokens').selectAll().where('token_hash', '=', tokenHash).where('kind', '=', kind).where('used_at', 'is', null).executeTakeFirst();
  return r && Date.parse(r.expires_at) > now.getTime() ? toToken(r) : null;
}

// Marks a token used; false when another request used it first (then the caller's transaction must roll back).
export async function useToken(db: Executor, tokenHash: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('one_time_tokens').set({ used_at: now.toISOString() }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// Invitations not yet accepted, revoked or expired, of one workspace; id: the token's hash (it opens nothing).
export async function pendingInvites(db: Executor, workspaceId: string, now: Date) {
  const rows = await db
    .selectFrom('one_time_tokens')
    .select(['token_hash', 'email', 'role', 'engagement_id', 'created_by', 'created_at', 'expires_at'])
    .where('kind', '=', 'invite')
    .where('workspace_id', '=', workspaceId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ id: r.token_hash, email: r.email ?? '', role: r.role, engagementId: r.engagement_id, createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at }));
}

// Revokes a pending invitation of the workspace; false when there is none such.
export async function revokeInvite(db: Executor, workspaceId: string, id: string, now: Date): Promise<{ email: string; role: Role | null } | null> {
  const r = await db.selectFrom('one_time_tokens').select(['email', 'role']).where('token_hash', '=', id).where('kind', '=', 'invite').where('workspace_id', '=', workspaceId).where('used_at', 'is', null).executeTakeFirst();
  if (!r) return null;
  await db.updateTable('one_time_tokens').set({ used_at: now.toISOString() }).where('token_hash', '=', id).execute();
  return { email: r.email ?? '', role: r.role };
}
