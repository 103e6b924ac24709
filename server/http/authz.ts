// Authentication and authorization in one place. For every /api request: who is calling (the session cookie, or the
// local user when no accounts exist), whether a state-changing request carries the session's CSRF token, and whether
// the caller's role in the engagement's or workspace's scope allows the route's need (ROUTE_RULES). What the handler
// then reads through c.get('auth') is already scoped; list queries filter by auth.visibility.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { secretHash } from '../auth/tokens.ts';
import {
  accountsExist,
  DEFAULT_WORKSPACE_ID,
  membershipsOfUser,
  sessionOf,
  userWriteCount,
  workspaceById,
  workspaceOfEngagementId,
  type Session,
  type User,
  type Visibility,
} from '../use-cases/authorization-reads.ts';
import { allows, isFirmOwner, roleInWorkspace, roleOn, type Membership, type Need, type Role } from '../domain/roles.ts';
import type { AppContext } from '../use-cases/context.ts';
import { requestError } from './errors.ts';
import type { Jobs } from './jobs.ts';
import { compileRules, matchRule } from './route-rules.ts';

export const SESSION_COOKIE = 'soxbridge_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface Auth {
  mode: 'local' | 'accounts';
  user: User | null; // null: local mode, or not signed in (public routes only)
  session: Session | null;
  memberships: Membership[];
  role: Role | null; // the caller's role in the request's scope, when it has one
  workspaceId: string | null; // the request's workspace, when it has one
  visibility: Visibility | undefined; // undefined: sees everything (local mode)
}

// Whether accounts exist. Once they do, the server requires sign-in until it stops. Until then (local mode) it does not
// count the users on every request: the answer is kept until a user is written in this process (userWriteCount) or
// recheckMs has passed, so the first `cli user add` from another process takes effect within that time, no restart.
export class AccountsSwitch {
  private on = false;
  private checked: { writes: number; at: number } | null = null;
  counts = 0; // how many times the users were counted (tests, diagnostics)
  constructor(private readonly recheckMs = 1000) {}
  async enabled(ctx: AppContext): Promise<boolean> {
    if (this.on) return true;
    const writes = userWriteCount();
    const now = Date.now();
    if (this.checked && this.checked.writes === writes && now - this.checked.at < this.recheckMs) return false;
    this.counts++;
    this.on = await accountsExist(ctx);
    this.checked = { writes, at: now };
    return this.on;
  }
}

const deny = {
  notFound: (c: Context, what: string) => requestError(c, 'not-found', `no such ${what}`, 404),
  forbidden: (c: Context, role: Role, need: Need) =>
    requestError(c, 'forbidden', `your role here is ${role}, which cannot ${need === 'manage' ? 'manage members and settings' : need}; ask an owner of the workspace`, 403),
};

export function visibilityOf(memberships: readonly Membership[]): Visibility {
  return {
    workspaceIds: [...new Set(memberships.filter((m) => m.engagementId === null).map((m) => m.workspaceId))],
    engagementIds: memberships.flatMap((m) => (m.engagementId ? [m.engagementId] : [])),
  };
}

export function authz(ctx: AppContext, jobs: Jobs, accounts: AccountsSwitch): MiddlewareHandler {
  const rules = compileRules();
  return async (c, next) => {
    const accountsOn = await accounts.enabled(ctx);
    const auth: Auth = { mode: accountsOn ? 'accounts' : 'local', user: null, session: null, memberships: [], role: null, workspaceId: null, visibility: undefined };
    if (accountsOn) {
      const cookie = getCookie(c, SESSION_COOKIE);
      const session = cookie ? await sessionOf(ctx, secretHash(cookie)) : null;
      if (session) {
        auth.user = session.user;
        auth.session = session;
        auth.memberships = await membershipsOfUser(ctx, session.user.id);
      }
      auth.visibility = visibilityOf(auth.memberships);
    }
    c.set('auth', auth);
    c.set('actor', auth.user?.email ?? 'local');

    const hit = matchRule(rules, c.req.method, c.req.path);
    if (!hit) return next(); // no such route: the API's 404
    const { rule } = hit.rule;
    const method = c.req.method;
    const writes = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
    if (auth.session && writes && c.req.header(CSRF_HEADER) !== auth.session.csrfToken)
      return requestError(c, 'csrf', 'this request lacks the page’s security token; reload the page and try again', 403);
    if (rule.scope === 'public') return next();
    if (accountsOn && !auth.user) return requestError(c, 'unauthenticated', 'sign in first', 401);
    if (rule.scope === 'signed-in') return next();
    if (rule.scope === 'firm-owner') {
      if (accountsOn && !isFirmOwner(auth.memberships, DEFAULT_WORKSPACE_ID))
        return requestError(c, 'forbidden', 'only an owner of the firm (an owner of the default workspace) can do this; ask one', 403);
      return next();
    }

    if (rule.scope === 'workspace') {
      let wsId = rule.from === 'param' ? hit.params.workspaceId : c.req.query('workspace');
      if (!wsId) {
        const own = accountsOn ? auth.memberships.filter((m) => m.engagementId === null) : [{ workspaceId: DEFAULT_WORKSPACE_ID }];
        if (own.length !== 1) return requestError(c, 'invalid-input', 'name the workspace: ?workspace=<id>', 400);
        wsId = own[0]?.workspaceId;
      }
      const exists = wsId ? await workspaceById(ctx, wsId) : null;
      const role = !exists ? null : accountsOn ? roleInWorkspace(auth.memberships, exists.id) : 'owner';
      if (!exists || !role) return deny.notFound(c, 'workspace');
      if (!allows(role, rule.need)) return deny.forbidden(c, role, rule.need);
      auth.role = role;
      auth.workspaceId = exists.id;
      return next();
    }

    let engagementId = hit.params.id;
    let what = 'engagement';
    if (rule.scope === 'job') {
      what = 'job';
      engagementId = jobs.get(hit.params.jobId ?? '')?.engagementId;
    }
    const wsId = engagementId ? await workspaceOfEngagementId(ctx, engagementId) : null;
    const role = !engagementId || !wsId ? null : accountsOn ? roleOn(auth.memberships, wsId, engagementId) : 'owner';
    if (!wsId || !role) return deny.notFound(c, what);
    if (!allows(role, rule.need)) return deny.forbidden(c, role, rule.need);
    auth.role = role;
    auth.workspaceId = wsId;
    return next();
  };
}
