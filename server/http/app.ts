// The hono application: middleware (request id, logging, secure headers, body limits, cross-origin write refusal,
// upload rate limit), the API sub-apps under /api, the OpenAPI document, /healthz, and one error handler.
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppContext } from '../use-cases/context.ts';
import { accessRoutes } from './access-routes.ts';
import type { AnalysisRenderer } from './analysis-renderer.ts';
import { auditRoutes } from './audit-routes.ts';
import { authRoutes, defaultSignInLimits, type SignInLimits } from './auth-routes.ts';
import { AccountsSwitch, authz } from './authz.ts';
import { engagementRoutes } from './engagement-routes.ts';
import { requestError } from './errors.ts';
import { exportRoutes } from './export-routes.ts';
import { importRoutes } from './import-routes.ts';
import { Jobs } from './jobs.ts';
import { jobRoutes } from './job-routes.ts';
import { mappingReviewRoutes } from './mapping-review-routes.ts';
import { planRoutes } from './plan-routes.ts';
import { RateLimiter } from './rate-limit.ts';
import { hostGuard, LOOPBACK_NAMES } from './host-guard.ts';
import { ResponseCache } from './response-cache.ts';
import { clientAddress } from './route-helpers.ts';
import { reviewRoutes } from './review-routes.ts';
import { scenarioRoutes } from './scenario-routes.ts';
import { soc1Routes } from './soc1-routes.ts';
import { newApi } from './sub-app.ts';
import { testingRoutes } from './testing-routes.ts';
import { uncoveredRoutes } from './route-rules.ts';
import { workspaceRoutes } from './workspace-routes.ts';

export interface ServerDeps {
  ctx: AppContext;
  jobs?: Jobs;
  log?: (line: Record<string, unknown>) => void;
  uploadLimitBytes?: number;
  uploadsPerMinute?: number;
  staticHandler?: (c: Context) => Promise<Response | undefined>;
  signInLimits?: SignInLimits;
  cookieSecure?: boolean; // COOKIE_SECURE=1: the session cookie is always Secure
  trustProxy?: number; // TRUST_PROXY: reverse proxies in front of the server whose X-Forwarded-For is believed (0: none)
  allowedHosts?: readonly string[]; // host names the server answers to (host-guard.ts); default: the loopback names
  accounts?: AccountsSwitch; // whether accounts exist (local mode until then); tests pass one to watch it
  analysisRenderer?: AnalysisRenderer; // where analysis bodies are made; the server passes a child process (default inline)
  staleAfterMs?: number; // how long a read of the analysis waits for a new body before it gets the previous, marked stale
}

// The session (CSRF token), sign-in and reset (session tokens), and invitations (a one-time token in the path).
const CARRIES_SECRET = /^\/api\/(?:session|auth\/|invites\/)/;

export function createApp(deps: ServerDeps) {
  const jobs = deps.jobs ?? new Jobs();
  const log = deps.log ?? ((line) => process.stdout.write(`${JSON.stringify(line)}\n`));
  // the reader's own upload limit (the administrator's IMPORT_MAX_UPLOAD_MB), so the two never disagree
  const uploadLimit = deps.uploadLimitBytes ?? deps.ctx.readSpreadsheet.limits.maxUploadBytes;
  const limiter = new RateLimiter(deps.uploadsPerMinute ?? 30, 60_000);
  const app = newApi();
  const cache = new ResponseCache();

  app.use('*', requestId());
  app.use('*', async (c, next) => {
    const t0 = performance.now();
    c.set('actor', 'local');
    c.set('trustProxy', deps.trustProxy ?? 0);
    await next();
    // One-time tokens travel in invitation paths: never into the log. The acting user's id, not their e-mail.
    const path = c.req.path.replace(/(\/invites\/)[^/]+/, '$1[token]');
    log({ at: new Date().toISOString(), requestId: c.get('requestId'), method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - t0), user: c.get('auth')?.user?.id ?? null });
  });
  // Only the configured host names, before anything else answers (DNS rebinding: host-guard.ts); refusals are logged.
  app.use('*', hostGuard(deps.allowedHosts ?? LOOPBACK_NAMES));
  // JSON and the web app's own files go gzipped to a browser that accepts it (a 7 MB analysis is under 1 MB on the
  // wire); the cached analyses come gzipped already (response-cache.ts), event streams and workbooks never are.
  // Responses that carry the CSRF token or a one-time token are never compressed: compressed size next to text an
  // attacker can influence could reveal a secret byte by byte (BREACH).
  const gzip = compress();
  app.use('*', (c, next) => (CARRIES_SECRET.test(c.req.path) ? next() : gzip(c, next)));
  app.use('*', secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:'], styleSrc: ["'self'", "'unsafe-inline'"], connectSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"] } }));
  // Cross-origin writes are refused: a browser must be on this origin to change data. Non-browser clients (the CLI,
  // curl, scripts) send neither header and are allowed; they are bound by the loopback address instead.
  app.use('/api/*', async (c, next) => {
    const m = c.req.method;
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const sameOrigin = origin === undefined || origin === new URL(c.req.url).origin;
    if ((site !== undefined && site !== 'same-origin' && site !== 'none') || !sameOrigin)
      return requestError(c, 'cross-origin', 'cross-origin writes are refused: use soxbridge from its own address', 403);
    return next();
  });
  const uploads = bodyLimit({
    maxSize: uploadLimit + 16 * 1024, // room for the multipart envelope
    onError: (c) => requestError(c, 'too-large', `the upload is larger than the ${Math.round(uploadLimit / 1048576)} MB limit; remove unused sheets or split the file`, 413),
  });
  const json = bodyLimit({ maxSize: 1024 * 1024, onError: (c) => requestError(c, 'too-large', 'the request body is larger than 1 MB', 413) });
  const isUpload = (c: Context) => c.req.method === 'POST' && (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
  // Who is calling and what their role allows, for every /api route, in one place (route-rules.ts).
  app.use('/api/*', authz(deps.ctx, jobs, deps.accounts ?? new AccountsSwitch()));
  // Uploads per minute: per account when signed in (changing address does not help), per client address otherwise
  // (clientAddress: the loopback range is one client; TRUST_PROXY for the address behind a reverse proxy).
  app.use('/api/*', async (c, next) => {
    if (!isUpload(c)) return next();
    const user = c.get('auth')?.user?.id;
    if (!limiter.take(user ? `user:${user}` : `address:${clientAddress(c)}`))
      return requestError(c, 'rate-limited', 'too many uploads in the last minute; wait a moment and try again', 429);
    return next();
  });
  // Body limits after both: an upload refused as too large still counts against the caller's uploads.
  app.use('/api/*', (c, next) => (isUpload(c) ? uploads(c, next) : json(c, next)));

  app.get('/healthz', (c) => c.json({ ok: true }));
  // Any write to an engagement invalidates its cached analysis (registered before the
  // routes, so it wraps every one of them: a confirm or an import is a write too).
  for (const path of ['/api/engagements/:id', '/api/engagements/:id/*'])
    app.use(path, async (c, next) => {
      await next();
      if (c.req.method !== 'GET') cache.invalidate(c.req.param('id') ?? '');
    });
  app.route('/api', authRoutes(deps.ctx, deps.signInLimits ?? defaultSignInLimits(), deps.cookieSecure ?? false));
  app.route('/api', workspaceRoutes(deps.ctx));
  app.route('/api', engagementRoutes(deps.ctx));
  app.route('/api', importRoutes(deps.ctx, jobs));
  app.route('/api', planRoutes(deps.ctx, cache, deps.analysisRenderer, deps.staleAfterMs));
  app.route('/api', exportRoutes(deps.ctx, jobs));
  app.route('/api', auditRoutes(deps.ctx));
  app.route('/api', accessRoutes(deps.ctx, cache));
  app.route('/api', reviewRoutes(deps.ctx));
  app.route('/api', scenarioRoutes(deps.ctx));
  app.route('/api', soc1Routes(deps.ctx));
  app.route('/api', testingRoutes(deps.ctx));
  app.route('/api', mappingReviewRoutes(deps.ctx));
  app.route('/api', jobRoutes(jobs));
  app.doc('/api/openapi.json', { openapi: '3.0.0', info: { title: 'soxbridge API', version: deps.ctx.version, description: 'SOC 2 to SOX readiness: engagements, imports, analysis, plan, exports, audit.' } });
  const { withoutRule, withoutRoute } = uncoveredRoutes(app.routes);
  if (withoutRule.length || withoutRoute.length)
    throw new Error(`authorization rules and API routes disagree: routes without a rule: ${withoutRule.join(', ') || 'none'}; rules without a route: ${withoutRoute.join(', ') || 'none'} (server/http/route-rules.ts)`);
  app.all('/api/*', (c) => requestError(c, 'not-found', `no API route ${c.req.method} ${c.req.path}`, 404));
  if (deps.staticHandler) {
    const handler = deps.staticHandler;
    app.get('*', async (c, next) => (await handler(c)) ?? next());
  }
  app.notFound((c) => requestError(c, 'not-found', `nothing at ${c.req.path}`, 404));
  app.onError((e, c) => {
    if (e instanceof HTTPException) return requestError(c, 'http', e.message || `HTTP ${e.status}`, e.status);
    log({ at: new Date().toISOString(), requestId: c.get('requestId'), level: 'error', message: e.message, stack: e.stack });
    return requestError(c, 'internal', `internal error (request ${c.get('requestId')}); the error is logged`, 500);
  });
  return app;
}
