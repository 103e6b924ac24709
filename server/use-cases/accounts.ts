// Accounts: adding users (the command line), signing in, password resets and invitations by one-time token, and
// membership changes. Every change is in the audit log under the acting user; no password, hash or token ever is.
import { hashPassword, passwordProblem, spendOneHash, verifyPassword } from '../auth/password.ts';
import { newSecret, secretHash } from '../auth/tokens.ts';
import { appendAudit } from '../db/audit-log.ts';
import { DEFAULT_WORKSPACE_ID, getEngagement } from '../db/engagements.ts';
import { inTransaction } from '../db/support.ts';
import {
  countUsers,
  createSession,
  createToken,
  createUser,
  deleteSession,
  deleteSessionsOf,
  disabledAt,
  normaliseEmail,
  passwordHashOf,
  revokeInvite,
  setDisabled,
  setPasswordHash,
  usableToken,
  useToken,
  userByEmail,
  type User,
} from '../db/users.ts';
import { createWorkspace, getMember, getWorkspace, listMembers, listWorkspaces, membershipsOf, removeMember, renameWorkspace, setMemberRole, setMembership, type Workspace } from '../db/workspaces.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { Role } from '../domain/roles.ts';
import { appError, type AppError } from './app-error.ts';
import type { AppContext } from './context.ts';

export const RESET_TTL_MS = 60 * 60_000; // one hour
export const INVITE_TTL_MS = 7 * 24 * 3600_000; // seven days

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkEmail(email: string): AppError | null {
  return EMAIL.test(email.trim()) && email.length <= 254 ? null : appError('invalid-input', 'email', `"${email.slice(0, 80)}" is not an e-mail address`);
}

// The workspace a name or id refers to (the command line accepts either).
async function findWorkspace(ctx: AppContext, ref: string): Promise<Workspace | null> {
  const byId = await getWorkspace(ctx.db, ref);
  if (byId) return byId;
  const all = await listWorkspaces(ctx.db);
  const named = all.filter((w) => w.name.toLowerCase() === ref.trim().toLowerCase());
  return named.length === 1 ? (named[0] ?? null) : null;
}

// Where a role given on the command line applies: a workspace by name or id (default: the default workspace), or one
// engagement (then its own workspace).
async function roleScope(ctx: AppContext, input: { workspace?: string; engagementId?: string }): Promise<Result<{ workspace: Workspace; engagementId: string | null }, AppError>> {
  const workspace = await findWorkspace(ctx, input.workspace ?? DEFAULT_WORKSPACE_ID);
  if (!workspace) return err(appError('not-found', 'workspace', `no workspace "${input.workspace}"; workspaces: ${(await listWorkspaces(ctx.db)).map((w) => `${w.name} (${w.id})`).join(', ')}`));
  if (!input.engagementId) return ok({ workspace, engagementId: null });
  const e = await getEngagement(ctx.db, input.engagementId);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${input.engagementId}`));
  return ok({ workspace: (await getWorkspace(ctx.db, e.workspaceId)) ?? workspace, engagementId: e.id });
}

// `cli user add`: a new user with a role in a workspace (default: the default workspace), or in one engagement.
export async function addUser(
  ctx: AppContext,
  input: { email: string; displayName?: string; password: string; role: Role; workspace?: string; engagementId?: string },
  actor = 'cli',
): Promise<Result<{ user: User; workspace: Workspace; role: Role; first: boolean }, AppError>> {
  const bad = checkEmail(input.email) ?? (passwordProblem(input.password) ? appError('invalid-input', 'password', passwordProblem(input.password) ?? '') : null);
  if (bad) return err(bad);
  if (await userByEmail(ctx.db, input.email)) return err(appError('conflict', 'user-exists', `a user ${normaliseEmail(input.email)} already exists; to reset the password: user reset ${normaliseEmail(input.email)}`));
  const scope = await roleScope(ctx, input);
  if (!scope.ok) return scope;
  const { workspace, engagementId } = scope.value;
  const hash = await hashPassword(input.password);
  const first = (await countUsers(ctx.db)) === 0;
  const user = await inTransaction(ctx.db, async (trx) => {
    const u = await createUser(trx, { email: input.email, displayName: input.displayName?.trim() || input.email.split('@')[0] || input.email, passwordHash: hash });
    await setMembership(trx, { userId: u.id, workspaceId: workspace.id, engagementId, role: input.role, createdBy: actor });
    await appendAudit(trx, { engagementId, actor, action: 'user.add', entity: 'user', entityId: u.id, after: { email: u.email, displayName: u.displayName, workspace: workspace.name, role: input.role } });
    return u;
  });
  return ok({ user, workspace, role: input.role, first });
}

// The user with this e-mail, or the not-found error the commands print (with a hint of what to do instead).
async function knownUser(ctx: AppContext, email: string, hint = ''): Promise<Result<User, AppError>> {
  const user = await userByEmail(ctx.db, email);
  return user ? ok(user) : err(appError('not-found', 'user', `no user ${normaliseEmail(email)}${hint}`));
}

// The refusal a disabled account gets wherever it tries to sign in, or null when it may.
export async function accountDisabled(ctx: AppContext, user: User): Promise<AppError | null> {
  return (await disabledAt(ctx.db, user.id))
    ? appError('forbidden', 'user-disabled', `the account ${user.email} is disabled; ask the administrator of this server to enable it`)
    : null;
}

// `cli user disable`: the account can no longer sign in and its sessions end now; its memberships stay (an owner
// removes them) so that the record of who had access stays whole. Also answers the workspaces it leaves without an
// owner who can sign in.
export async function disableUser(ctx: AppContext, email: string, actor = 'cli'): Promise<Result<{ user: User; disabledAt: string; ownerless: Workspace[] }, AppError>> {
  const found = await knownUser(ctx, email);
  if (!found.ok) return found;
  const user = found.value;
  const since = await disabledAt(ctx.db, user.id);
  if (since) return err(appError('conflict', 'user-disabled', `${user.email} is disabled already (since ${since})`));
  const at = ctx.now().toISOString();
  await inTransaction(ctx.db, async (trx) => {
    await setDisabled(trx, user.id, at);
    await deleteSessionsOf(trx, user.id);
    await appendAudit(trx, { engagementId: null, actor, action: 'user.disable', entity: 'user', entityId: user.id, after: { email: user.email, disabledAt: at } });
  });
  const ownerless: Workspace[] = [];
  for (const m of await membershipsOf(ctx.db, user.id)) {
    if (m.role !== 'owner' || m.engagementId !== null) continue;
    const owners = (await listMembers(ctx.db, m.workspaceId)).filter((o) => o.role === 'owner' && o.engagementId === null && o.disabledAt === null);
    const ws = owners.length === 0 ? await getWorkspace(ctx.db, m.workspaceId) : null;
    if (ws) ownerless.push(ws);
  }
  return ok({ user, disabledAt: at, ownerless });
}

// `cli user enable`: a disabled account may sign in again (with its old password, or a reset link).
export async function enableUser(ctx: AppContext, email: string, actor = 'cli'): Promise<Result<{ user: User }, AppError>> {
  const found = await knownUser(ctx, email);
  if (!found.ok) return found;
  const user = found.value;
  const since = await disabledAt(ctx.db, user.id);
  if (!since) return err(appError('conflict', 'user-enabled', `${user.email} is not disabled`));
  await inTransaction(ctx.db, async (trx) => {
    await setDisabled(trx, user.id, null);
    await appendAudit(trx, { engagementId: null, actor, action: 'user.enable', entity: 'user', entityId: user.id, before: { email: user.email, disabledAt: since } });
  });
  return ok({ user });
}

// `cli user role`: gives an existing user a role in a workspace (default: the default workspace) or one engagement,
// or changes the one they hold there; the workspace's last owner keeps the owner role.
export async function grantRole(
  ctx: AppContext,
  input: { email: string; role: Role; workspace?: string; engagementId?: string },
  actor = 'cli',
): Promise<Result<{ user: User; workspace: Workspace; role: Role; before: Role | null }, AppError>> {
  const found = await knownUser(ctx, input.email, `; to add one: user add ${normaliseEmail(input.email)} --role ${input.role}`);
  if (!found.ok) return found;
  const user = found.value;
  const scope = await roleScope(ctx, input);
  if (!scope.ok) return scope;
  const { workspace: ws, engagementId } = scope.value;
  const current = (await listMembers(ctx.db, ws.id)).find((m) => m.userId === user.id && m.engagementId === engagementId) ?? null;
  if (current && input.role !== 'owner' && engagementId === null && (await lastOwner(ctx, ws.id, current.id)))
    return err(appError('conflict', 'last-owner', `${user.email} is the only owner of "${ws.name}"; make someone else owner first`));
  await inTransaction(ctx.db, async (trx) => {
    await setMembership(trx, { userId: user.id, workspaceId: ws.id, engagementId, role: input.role, createdBy: actor });
    await appendAudit(trx, { engagementId, actor, action: current ? 'member.role' : 'member.add', entity: 'workspace', entityId: ws.id, field: 'role', before: current ? { email: user.email, role: current.role } : null, after: { email: user.email, role: input.role } });
  });
  return ok({ user, workspace: ws, role: input.role, before: current?.role ?? null });
}

// `cli user reset`: a one-time token, valid for an hour, that sets a new password and ends every session.
export async function createResetToken(ctx: AppContext, email: string, actor = 'cli'): Promise<Result<{ token: string; expiresAt: string; user: User }, AppError>> {
  const found = await knownUser(ctx, email);
  if (!found.ok) return found;
  const user = found.value;
  if (await disabledAt(ctx.db, user.id)) return err(appError('conflict', 'user-disabled', `${user.email} is disabled; enable it first: user enable ${user.email}`));
  const token = newSecret();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + RESET_TTL_MS).toISOString();
  await inTransaction(ctx.db, async (trx) => {
    await createToken(trx, secretHash(token), { kind: 'reset', userId: user.id, email: user.email, workspaceId: null, engagementId: null, role: null, createdBy: actor, expiresAt }, now);
    await appendAudit(trx, { engagementId: null, actor, action: 'user.reset-requested', entity: 'user', entityId: user.id, after: { email: user.email, expiresAt } });
  });
  return ok({ token, expiresAt, user });
}

const tokenUnusable = () => appError('not-found', 'token', 'this link is not valid: it was used already, it expired, or it was copied incompletely; ask for a new one');

export async function resetPassword(ctx: AppContext, token: string, password: string): Promise<Result<User, AppError>> {
  const problem = passwordProblem(password);
  if (problem) return err(appError('invalid-input', 'password', problem));
  const now = ctx.now();
  const t = await usableToken(ctx.db, secretHash(token), 'reset', now);
  if (!t?.userId || !t.email) return err(tokenUnusable());
  const hash = await hashPassword(password);
  const user = await userByEmail(ctx.db, t.email);
  if (!user) return err(tokenUnusable());
  const disabled = await accountDisabled(ctx, user); // a link printed before the account was disabled
  if (disabled) return err(disabled);
  const done = await inTransaction(ctx.db, async (trx) => {
    if (!(await useToken(trx, secretHash(token), now))) return false;
    await setPasswordHash(trx, user.id, hash);
    await deleteSessionsOf(trx, user.id);
    await appendAudit(trx, { engagementId: null, actor: user.email, action: 'user.password-reset', entity: 'user', entityId: user.id });
    return true;
  });
  return done ? ok(user) : err(tokenUnusable());
}

// The user whose password this is, or null: for an unknown e-mail, a wrong password and a disabled account alike, so
// the answer tells a guesser nothing about which accounts exist or are disabled. An unknown e-mail costs the same
// hashing time as a known one, and a disabled account's password is compared all the same.
export async function checkPassword(ctx: AppContext, email: string, password: string): Promise<User | null> {
  const user = await userByEmail(ctx.db, email);
  const hash = user ? await passwordHashOf(ctx.db, user.id) : null;
  if (!user || !hash) {
    await spendOneHash(password);
    return null;
  }
  const right = await verifyPassword(password, hash);
  return right && !(await disabledAt(ctx.db, user.id)) ? user : null;
}

export interface NewSession {
  token: string; // the cookie's value: only ever sent to the browser
  csrfToken: string;
}

export async function openSession(ctx: AppContext, userId: string): Promise<NewSession> {
  const token = newSecret();
  const csrfToken = newSecret();
  await createSession(ctx.db, { idHash: secretHash(token), userId, csrfToken, now: ctx.now() });
  return { token, csrfToken };
}

export const closeSession = (ctx: AppContext, token: string) => deleteSession(ctx.db, secretHash(token));

// An invitation: a one-time link the owner passes on (no mail server is assumed), valid for seven days.
export async function createInvite(
  ctx: AppContext,
  input: { workspaceId: string; email: string; role: Role; engagementId?: string | null },
  actor: string,
): Promise<Result<{ token: string; link: string; expiresAt: string }, AppError>> {
  const bad = checkEmail(input.email);
  if (bad) return err(bad);
  let engagementId: string | null = null;
  if (input.engagementId) {
    const e = await getEngagement(ctx.db, input.engagementId);
    if (!e || e.workspaceId !== input.workspaceId) return err(appError('invalid-input', 'engagementId', 'that engagement is not in this workspace'));
    engagementId = e.id;
  }
  const token = newSecret();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString();
  const email = normaliseEmail(input.email);
  await inTransaction(ctx.db, async (trx) => {
    await createToken(trx, secretHash(token), { kind: 'invite', userId: null, email, workspaceId: input.workspaceId, engagementId, role: input.role, createdBy: actor, expiresAt }, now);
    await appendAudit(trx, { engagementId, actor, action: 'member.invite', entity: 'workspace', entityId: input.workspaceId, after: { email, role: input.role, expiresAt } });
  });
  return ok({ token, link: `/#/invite/${token}`, expiresAt });
}

// What an invitation is for. Whether its e-mail already has an account is not said: an inviter could otherwise learn
// it for any address by inviting it.
export async function describeInvite(ctx: AppContext, token: string) {
  const t = await usableToken(ctx.db, secretHash(token), 'invite', ctx.now());
  if (!t?.workspaceId || !t.email || !t.role) return err(tokenUnusable());
  const ws = await getWorkspace(ctx.db, t.workspaceId);
  const e = t.engagementId ? await getEngagement(ctx.db, t.engagementId) : null;
  return ok({ email: t.email, workspace: ws?.name ?? '', engagement: e?.companyName ?? null, role: t.role, expiresAt: t.expiresAt });
}

// Accepting an invitation never checks, and never changes, the password of an account that exists, and its answer is
// the same whether the account existed or not; it starts no session (the user then signs in, through the sign-in
// limits). Signed in: the invitation must be for the signed-in account, and the role is added to it. Not signed in:
// a new account is created with the password given; an existing account gets the role and keeps its password.
export async function acceptInvite(
  ctx: AppContext,
  token: string,
  input: { displayName?: string; password?: string },
  signedIn: User | null,
): Promise<Result<{ email: string; accepted: true }, AppError>> {
  const now = ctx.now();
  const t = await usableToken(ctx.db, secretHash(token), 'invite', now);
  if (!t?.workspaceId || !t.email || !t.role) return err(tokenUnusable());
  if (signedIn && signedIn.email !== t.email)
    return err(appError('forbidden', 'invite-for-another', `this invitation is for ${t.email}, and you are signed in as ${signedIn.email}: sign out, then open the link again`));
  let hash: string | null = null;
  if (!signedIn) {
    const problem = passwordProblem(input.password ?? '');
    if (problem) return err(appError('invalid-input', 'password', problem));
    hash = await hashPassword(input.password ?? ''); // spent for an existing account too: the same time either way
  }
  const { workspaceId, engagementId, role, email } = t;
  const done = await inTransaction(ctx.db, async (trx) => {
    if (!(await useToken(trx, secretHash(token), now))) return false;
    const existing = signedIn ?? (await userByEmail(trx, email));
    if (existing && (await disabledAt(trx, existing.id))) {
      // A disabled account's invitation stops working, and says so to no one: spent, answered like any other.
      await appendAudit(trx, { engagementId, actor: existing.email, action: 'member.invite-refused', entity: 'workspace', entityId: workspaceId, after: { email, role, invitedBy: t.createdBy, reason: 'account disabled' } });
      return true;
    }
    const u = existing ?? (await createUser(trx, { email, displayName: input.displayName?.trim() || email.split('@')[0] || email, passwordHash: hash ?? '' }));
    await setMembership(trx, { userId: u.id, workspaceId, engagementId, role, createdBy: t.createdBy });
    await appendAudit(trx, { engagementId, actor: u.email, action: 'member.join', entity: 'workspace', entityId: workspaceId, after: { email: u.email, role, invitedBy: t.createdBy, account: existing ? 'existing' : 'new', signedIn: signedIn !== null } });
    return true;
  });
  return done ? ok({ email, accepted: true as const }) : err(tokenUnusable());
}

export async function newWorkspace(ctx: AppContext, name: string, actor: { userId: string | null; email: string }): Promise<Result<Workspace, AppError>> {
  const clean = name.trim();
  if (!clean || clean.length > 120) return err(appError('invalid-input', 'name', 'a workspace needs a name of 1 to 120 characters'));
  return ok(
    await inTransaction(ctx.db, async (trx) => {
      const ws = await createWorkspace(trx, clean, actor.email);
      if (actor.userId) await setMembership(trx, { userId: actor.userId, workspaceId: ws.id, engagementId: null, role: 'owner', createdBy: actor.email });
      await appendAudit(trx, { engagementId: null, actor: actor.email, action: 'workspace.create', entity: 'workspace', entityId: ws.id, after: { name: ws.name } });
      return ws;
    }),
  );
}

// A workspace keeps at least one owner: the last one can be neither demoted nor removed.
async function lastOwner(ctx: AppContext, workspaceId: string, memberId: string): Promise<boolean> {
  const owners = (await listMembers(ctx.db, workspaceId)).filter((m) => m.role === 'owner' && m.engagementId === null);
  return owners.length === 1 && owners[0]?.id === memberId;
}

export async function changeMember(ctx: AppContext, workspaceId: string, memberId: string, role: Role | null, actor: string): Promise<Result<{ removed: boolean }, AppError>> {
  const m = await getMember(ctx.db, workspaceId, memberId);
  if (!m) return err(appError('not-found', 'member', 'no such member in this workspace'));
  if (role !== 'owner' && (await lastOwner(ctx, workspaceId, memberId))) return err(appError('conflict', 'last-owner', `${m.email} is the workspace's only owner; make someone else owner first`));
  await inTransaction(ctx.db, async (trx) => {
    if (role === null) await removeMember(trx, memberId);
    else await setMemberRole(trx, memberId, role);
    await appendAudit(trx, { engagementId: m.engagementId, actor, action: role === null ? 'member.remove' : 'member.role', entity: 'workspace', entityId: workspaceId, field: 'role', before: { email: m.email, role: m.role }, after: role === null ? null : { email: m.email, role } });
  });
  return ok({ removed: role === null });
}

export async function withdrawInvite(ctx: AppContext, workspaceId: string, id: string, actor: string): Promise<Result<{ revoked: true }, AppError>> {
  return inTransaction(ctx.db, async (trx) => {
    const r = await revokeInvite(trx, workspaceId, id, ctx.now());
    if (!r) return err(appError('not-found', 'invite', 'no such pending invitation in this workspace (it may have been accepted or have expired)'));
    await appendAudit(trx, { engagementId: null, actor, action: 'member.invite-revoked', entity: 'workspace', entityId: workspaceId, before: { email: r.email, role: r.role } });
    return ok({ revoked: true as const });
  });
}

export async function renameWorkspaceAs(ctx: AppContext, workspaceId: string, name: string, actor: string): Promise<Result<Workspace, AppError>> {
  const clean = name.trim();
  if (!clean || clean.length > 120) return err(appError('invalid-input', 'name', 'a workspace needs a name of 1 to 120 characters'));
  const before = await getWorkspace(ctx.db, workspaceId);
  if (!before) return err(appError('not-found', 'workspace', 'no such workspace'));
  await inTransaction(ctx.db, async (trx) => {
    await renameWorkspace(trx, workspaceId, clean);
    await appendAudit(trx, { engagementId: null, actor, action: 'workspace.rename', entity: 'workspace', entityId: workspaceId, field: 'name', before: before.name, after: clean });
  });
  return ok({ ...before, name: clean });
}
