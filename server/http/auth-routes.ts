// Signing in and out, the current session, password resets and invitations. The session cookie is HTTP-only and
// SameSite=Strict; the CSRF token the UI must echo in X-CSRF-Token comes with the session view. Every password check
// and every one-time token goes through the sign-in throttle first (sign-in-throttle.ts): checked and counted before
// the hash is compared, slowed per account, per address and per both. A wrong password, an unknown e-mail and a
// disabled account get the same answer.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { PASSWORD_MIN } from '../auth/password.ts';
import { isFirmOwner } from '../domain/roles.ts';
import { acceptInvite, checkPassword, closeSession, describeInvite, openSession, resetPassword } from '../use-cases/accounts.ts';
import type { AppContext } from '../use-cases/context.ts';
import { DEFAULT_WORKSPACE_ID, normaliseEmail, SESSION_MAX_MS, workspacesNamed } from '../use-cases/workspace-reads.ts';
import { newApi } from './sub-app.ts';
import type { Auth } from './authz.ts';
import { SESSION_COOKIE } from './authz.ts';
import { requestError, sendError } from './errors.ts';
import { SignInThrottle, waitMessage } from './sign-in-throttle.ts';
import { clientAddress, errors, json } from './route-helpers.ts';
import { InviteAccepted, InviteView, PasswordReset, SessionView, SignedIn, SignedOut } from './openapi-records.ts';

const SignInBody = z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(1024) }).openapi('SignIn');
const ResetBody = z.object({ token: z.string().min(10).max(200), password: z.string().max(1024) }).openapi('PasswordReset');
const AcceptBody = z.object({ displayName: z.string().max(120).optional(), password: z.string().max(1024).optional() }).openapi('AcceptInvite');
const TokenParam = z.object({ token: z.string().min(10).max(200).openapi({ param: { name: 'token', in: 'path' } }) });

export type SignInLimits = SignInThrottle;
export const defaultSignInLimits = (): SignInLimits => new SignInThrottle();

// What the UI needs to draw itself: the mode, who is signed in, their workspaces and roles, the CSRF token.
export async function sessionView(ctx: AppContext, auth: Auth): Promise<z.input<typeof SessionView>> {
  if (auth.mode === 'local') {
    const workspaces = await workspacesNamed(ctx);
    return { mode: 'local' as const, user: null, csrfToken: null, passwordMin: PASSWORD_MIN, canCreateWorkspaces: true, workspaces: workspaces.map((w) => ({ id: w.id, name: w.name, role: 'owner' as const, default: w.id === DEFAULT_WORKSPACE_ID })) };
  }
  const ids = [...new Set(auth.memberships.map((m) => m.workspaceId))];
  const workspaces = await workspacesNamed(ctx, ids);
  return {
    mode: 'accounts' as const,
    user: auth.user,
    csrfToken: auth.session?.csrfToken ?? null,
    passwordMin: PASSWORD_MIN,
    canCreateWorkspaces: isFirmOwner(auth.memberships, DEFAULT_WORKSPACE_ID), // route-rules.ts: firm-owner
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
  const slowDown = (c: Context, ms: number) => {
    c.header('Retry-After', String(Math.max(1, Math.ceil(ms / 1000))));
    return requestError(c, 'rate-limited', waitMessage(ms), 429);
  };
  const wrong = (c: Context) => requestError(c, 'unauthenticated', 'the e-mail or the password is not right', 401);

  app.openapi(createRoute({ method: 'get', path: '/session', summary: 'Local mode or accounts; the signed-in user, their workspaces and roles, and the CSRF token', responses: { 200: json(SessionView, 'Session') } }), async (c) =>
    c.json(await sessionView(ctx, c.get('auth')), 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: '/auth/sign-in', summary: 'Sign in with e-mail and password; sets the session cookie', request: { body: { content: { 'application/json': { schema: SignInBody } } } }, responses: { 200: json(SignedIn, 'Signed in'), 401: { description: 'Wrong e-mail or password, or a disabled account (the same answer)' }, 429: { description: 'Too many failed attempts: wait (Retry-After)' }, ...errors } }),
    async (c) => {
      if (c.get('auth').mode === 'local') return requestError(c, 'invalid-input', 'this server runs in local mode: there are no accounts to sign in to', 400);
      const { email, password } = c.req.valid('json');
      const gate = limits.begin(normaliseEmail(email), clientAddress(c)); // checked and counted before any await
      if ('wait' in gate) return slowDown(c, gate.wait);
      const user = await checkPassword(ctx, email, password);
      if (!user) return wrong(c);
      limits.succeeded(gate.attempt);
      const s = await startSession(c, user.id);
      return c.json({ user, csrfToken: s.csrfToken } satisfies z.input<typeof SignedIn>, 200);
    },
  );

  app.openapi(createRoute({ method: 'post', path: '/auth/sign-out', summary: 'End this session', responses: { 200: json(SignedOut, 'Signed out') } }), async (c) => {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie) await closeSession(ctx, cookie);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ signedOut: true } as const satisfies z.input<typeof SignedOut>, 200);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/auth/reset', summary: 'Set a new password with the one-time token `cli user reset` printed; ends every session of the user', request: { body: { content: { 'application/json': { schema: ResetBody } } } }, responses: { 200: json(PasswordReset, 'Password set'), ...errors } }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      const address = clientAddress(c);
      const gate = limits.beginToken(address);
      if ('wait' in gate) return slowDown(c, gate.wait);
      const r = await resetPassword(ctx, token, password);
      if (!r.ok) {
        if (r.error.code !== 'not-found') limits.tokenWorked(address); // a good token, a bad new password
        return sendError(c, r.error);
      }
      limits.tokenWorked(address);
      limits.clearAccount(r.value.email);
      return c.json({ email: r.value.email, reset: true } as const satisfies z.input<typeof PasswordReset>, 200);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/invites/{token}', summary: 'What an invitation is for (workspace, role, e-mail)', request: { params: TokenParam }, responses: { 200: json(InviteView, 'Invitation'), ...errors } }), async (c) => {
    const r = await describeInvite(ctx, c.req.valid('param').token);
    return r.ok ? c.json(r.value satisfies z.input<typeof InviteView>, 200) : sendError(c, r.error);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/invites/{token}/accept', summary: 'Accept an invitation. Signed in: adds the role to your account. Not signed in: a new account gets the password given, an existing one keeps its own (the answer is the same); then sign in', request: { params: TokenParam, body: { content: { 'application/json': { schema: AcceptBody } } } }, responses: { 200: json(InviteAccepted, 'Accepted; sign in (or go on) as the invited e-mail'), 429: { description: 'Too many failed attempts' }, ...errors } }),
    async (c) => {
      const address = clientAddress(c);
      const gate = limits.beginToken(address);
      if ('wait' in gate) return slowDown(c, gate.wait);
      const r = await acceptInvite(ctx, c.req.valid('param').token, c.req.valid('json'), c.get('auth').user);
      if (!r.ok && r.error.code === 'not-found') return sendError(c, r.error);
      limits.tokenWorked(address);
      return r.ok ? c.json(r.value satisfies z.input<typeof InviteAccepted>, 200) : sendError(c, r.error);
    },
  );
  return app;
}
