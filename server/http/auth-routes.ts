// Signing in and out, the current session, password resets and invitations. The session cookie is HTTP-only and
// SameSite=Strict; the CSRF token the UI must echo in X-CSRF-Token comes with the session view. Failed sign-ins are
// limited per account and per address.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PASSWORD_MIN } from '../auth/password.ts';
import { DEFAULT_WORKSPACE_ID } from '../db/engagements.ts';
import { SESSION_MAX_MS } from '../db/users.ts';
import { listWorkspaces } from '../db/workspaces.ts';
import { acceptInvite, accountDisabled, checkPassword, closeSession, describeInvite, openSession, resetPassword } from '../use-cases/accounts.ts';
import type { AppContext } from '../use-cases/context.ts';
import { newApi } from './app.ts';
import type { Auth } from './authz.ts';
import { SESSION_COOKIE } from './authz.ts';
import { requestError, sendError } from './errors.ts';
import { FailureLimiter } from './rate-limit.ts';
import { clientAddress, errors, json } from './route-helpers.ts';
import { Anything } from './schemas.ts';

const SignInBody = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) }).openapi('SignIn');
const ResetBody = z.object({ token: z.string().min(10).max(200), password: z.string().max(1024) }).openapi('PasswordReset');
const AcceptBody = z.object({ displayName: z.string().max(120).optional(), password: z.string().max(1024) }).openapi('AcceptInvite');
const TokenParam = z.object({ token: z.string().min(10).max(200).openapi({ param: { name: 'token', in: 'path' } }) });

export interface SignInLimits {
  perAccount: FailureLimiter; // default 5 failures in 15 minutes
  perAddress: FailureLimiter; // default 20 failures in 15 minutes
}

export const defaultSignInLimits = (): SignInLimits => ({ perAccount: new FailureLimiter(5, 15 * 60_000), perAddress: new FailureLimiter(20, 15 * 60_000) });

// What the UI needs to draw itself: the mode, who is signed in, their workspaces and roles, the CSRF token.
export async function sessionView(ctx: AppContext, auth: Auth) {
  if (auth.mode === 'local') {
    const workspaces = await listWorkspaces(ctx.db);
    return { mode: 'local' as const, user: null, csrfToken: null, passwordMin: PASSWORD_MIN, workspaces: workspaces.map((w) => ({ id: w.id, name: w.name, role: 'owner' as const, default: w.id === DEFAULT_WORKSPACE_ID })) };
  }
  const ids = [...new Set(auth.memberships.map((m) => m.workspaceId))];
  const workspaces = await listWorkspaces(ctx.db, ids);
  return {
    mode: 'accounts' as const,
    user: auth.user,
    csrfToken: auth.session?.csrfToken ?? null,
    passwordMin: PASSWORD_MIN,
    workspaces: workspaces.map((w) => ({ id: w.id, name: w.name, role: auth.memberships.find((m) => m.workspaceId === w.id && m.engagementId === null)?.role ?? null, default: false })),
  };
}

// cookieSecure: always mark the session cookie Secure (behind an HTTPS proxy); it is marked so anyway on https.
export function authRoutes(ctx: AppContext, limits: SignInLimits, cookieSecure = false) {
  const app = newApi();
  const secure = (c: Context) => cookieSecure || new URL(c.req.url).protocol === 'https:';
  const startSession = async (c: Context, userId: string) => {
    const s = await openSession(ctx, userId);
    setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: secure(c), maxAge: Math.floor(SESSION_MAX_MS / 1000) });
    return s;
  };
  const waitMessage = (ms: number) => `too many failed sign-ins; try again in ${Math.max(1, Math.ceil(ms / 60_000))} minute(s), or ask an administrator for a password reset`;

  app.openapi(createRoute({ method: 'get', path: '/session', summary: 'Local mode or accounts; the signed-in user, their workspaces and roles, and the CSRF token', responses: { 200: json(Anything, 'Session') } }), async (c) =>
    c.json(await sessionView(ctx, c.get('auth')), 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: '/auth/sign-in', summary: 'Sign in with e-mail and password; sets the session cookie', request: { body: { content: { 'application/json': { schema: SignInBody } } } }, responses: { 200: json(Anything, 'Signed in'), 401: { description: 'Wrong e-mail or password' }, 403: { description: 'The account is disabled' }, 429: { description: 'Too many failed attempts' }, ...errors } }),
    async (c) => {
      if (c.get('auth').mode === 'local') return requestError(c, 'invalid-input', 'this server runs in local mode: there are no accounts to sign in to', 400);
      const { email, password } = c.req.valid('json');
      const account = email.trim().toLowerCase();
      const address = clientAddress(c);
      const wait = Math.max(limits.perAccount.retryAfter(account), limits.perAddress.retryAfter(address));
      if (wait > 0) return requestError(c, 'rate-limited', waitMessage(wait), 429);
      const user = await checkPassword(ctx, account, password);
      if (!user) {
        limits.perAccount.fail(account);
        limits.perAddress.fail(address);
        return requestError(c, 'unauthenticated', 'the e-mail or the password is not right', 401);
      }
      limits.perAccount.clear(account);
      const disabled = await accountDisabled(ctx, user);
      if (disabled) return sendError(c, disabled);
      const s = await startSession(c, user.id);
      return c.json({ user, csrfToken: s.csrfToken }, 200);
    },
  );

  app.openapi(createRoute({ method: 'post', path: '/auth/sign-out', summary: 'End this session', responses: { 200: json(Anything, 'Signed out') } }), async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) await closeSession(ctx, cookie);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ signedOut: true }, 200);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/auth/reset', summary: 'Set a new password with the one-time token `cli user reset` printed; ends every session of the user', request: { body: { content: { 'application/json': { schema: ResetBody } } } }, responses: { 200: json(Anything, 'Password set'), ...errors } }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      const r = await resetPassword(ctx, token, password);
      if (!r.ok) return sendError(c, r.error);
      limits.perAccount.clear(r.value.email);
      return c.json({ email: r.value.email, reset: true }, 200);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/invites/{token}', summary: 'What an invitation is for (workspace, role, e-mail)', request: { params: TokenParam }, responses: { 200: json(Anything, 'Invitation'), ...errors } }), async (c) => {
    const r = await describeInvite(ctx, c.req.valid('param').token);
    return r.ok ? c.json(r.value, 200) : sendError(c, r.error);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/invites/{token}/accept', summary: 'Accept an invitation: a new user sets a name and password, an existing one enters theirs; signs in', request: { params: TokenParam, body: { content: { 'application/json': { schema: AcceptBody } } } }, responses: { 200: json(Anything, 'Member, signed in'), 429: { description: 'Too many failed attempts' }, ...errors } }),
    async (c) => {
      const address = clientAddress(c);
      const wait = limits.perAddress.retryAfter(address);
      if (wait > 0) return requestError(c, 'rate-limited', waitMessage(wait), 429);
      const r = await acceptInvite(ctx, c.req.valid('param').token, c.req.valid('json'));
      if (!r.ok) {
        if (r.error.code === 'unauthenticated') limits.perAddress.fail(address);
        return sendError(c, r.error);
      }
      const s = await startSession(c, r.value.id);
      return c.json({ user: r.value, csrfToken: s.csrfToken }, 200);
    },
  );
  return app;
}
