// The authorization matrix, generated from the route table (server/http/route-rules.ts) and the routes the app really
// registers: every route × every role × own or foreign workspace, on SQLite and (in CI) PostgreSQL. A route without a
// rule, or a path parameter this test has no sample for, fails it. Allowed: the request reaches the route (any answer
// but 401, 403 or the middleware's 404). Denied by role: 403. Foreign workspace: 404, the same answer as for an id
// that does not exist, so existence is not leaked.
import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/http/app.ts';
import { Jobs } from '../../server/http/jobs.ts';
import { CHANGES_NOTHING, ROUTE_RULES, uncoveredRoutes, type Rule } from '../../server/http/route-rules.ts';
import { listMembers } from '../../server/db/workspaces.ts';
import { allows, leastRoleFor, ROLES, type Role } from '../../server/domain/roles.ts';
import { sql } from 'kysely';
import type { AppContext } from '../../server/use-cases/context.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildNetSuiteXlsx } from '../fixtures/access-listings.ts';
import { catalog } from '../fixtures/analysis.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { addMember, as, signIn, type Who } from './accounts-harness.ts';
import { apiFor, call, upload, type Api } from './harness.ts';
import { readInline } from '../fixtures/reader.ts';

type Side = 'own' | 'foreign';
const AUTHZ_404 = new Set(['no such engagement', 'no such workspace', 'no such job']);

// One client's data, built through the API in local mode before any account exists.
async function client(app: Api, name: string, bytes: Uint8Array, listing: Uint8Array) {
  const ws = await call(app, 'POST', '/api/workspaces', { name });
  expect(ws.status).toBe(201);
  const workspaceId = ws.json.id as string;
  const e = await call(app, 'POST', `/api/engagements?workspace=${workspaceId}`, { companyName: name, ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
  expect(e.status).toBe(201);
  const id = e.json.id as string;
  const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, bytes, 'soc2.xlsx');
  expect(up.status).toBe(200);
  expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
  const analysis = await call(app, 'GET', `/api/engagements/${id}/analysis`);
  const ex = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
  expect(ex.status).toBe(200);
  const file = new Uint8Array(await (await app.request(ex.json.downloadUrl)).arrayBuffer());
  const re = await upload(app, `/api/engagements/${id}/reimports`, file, 'plan.xlsx');
  expect(re.status).toBe(200);
  const li = await upload(app, `/api/engagements/${id}/access/listings`, listing, 'netsuite.xlsx');
  expect(li.status).toBe(201);
  const job = await call(app, 'POST', `/api/engagements/${id}/exports`);
  expect(job.status).toBe(202);
  expect((await call(app, 'POST', `/api/workspaces/${workspaceId}/invites`, { email: `someone@${name.replace(/\W/g, '')}.example`, role: 'viewer' })).status).toBe(201);
  const invites = await call(app, 'GET', `/api/workspaces/${workspaceId}/invites`);
  // a failed test opens a deficiency (issue 24), so the deficiency routes have one to name
  const toe = analysis.json.plan.tasks.find((t: { kind: string }) => t.kind === 'toe');
  expect((await call(app, 'PUT', `/api/engagements/${id}/tests/${toe.id}`, { tested: 2, exceptions: 1 })).status).toBe(200);
  return {
    testId: toe.id as string,
    deficiencyId: `DEF-${toe.target as string}`,
    id,
    workspaceId,
    importId: up.json.importId as string,
    taskId: analysis.json.plan.tasks[0].id as string,
    exportId: ex.json.exportId as string,
    reimportId: re.json.reimportId as string,
    listingId: li.json.id as string,
    jobId: job.json.job.id as string,
    inviteId: invites.json.invites[0].id as string,
    controlId: analysis.json.delta.items.find((i: { id: string }) => i.id === 'ITGC-AC-04').sources[0].controlId as string, // a link the mapping-review routes can name
  };
}

function expectation(rule: Rule, role: Role, side: Side): 'allow' | 'forbidden' | 'not-found' {
  switch (rule.scope) {
    case 'public':
    case 'signed-in':
      return 'allow';
    case 'firm-owner':
      return 'forbidden'; // the matrix's users are members of client workspaces, none an owner of the firm's own

    default:
      if (side === 'foreign') return 'not-found';
      return allows(role, rule.need) ? 'allow' : 'forbidden';
  }
}

function outcome(status: number, body: any): 'allow' | 'forbidden' | 'not-found' | 'unauthenticated' {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404 && AUTHZ_404.has(body?.error?.message)) return 'not-found';
  return 'allow';
}

describe('route table', () => {
  // Issue 19, hole 5: every state-changing route is in the one table with its lowest role. A viewer may call a route
  // that is not a GET only when it is part of signing in, stores nothing (CHANGES_NOTHING), or is an export (a
  // viewer's export is a protected read-only copy: README, roles).
  it('lists the lowest role of every state-changing route; a viewer changes nothing but sign-in state and exports', () => {
    const lowest = Object.entries(ROUTE_RULES)
      .filter(([key]) => !key.startsWith('GET '))
      .map(([key, rule]) => [key, rule.scope === 'public' || rule.scope === 'signed-in' || rule.scope === 'firm-owner' ? rule.scope : leastRoleFor(rule.need)] as const);
    const viewerMay = lowest.filter(([, least]) => least === 'viewer' || least === 'signed-in' || least === 'public').map(([key]) => key).sort();
    expect(viewerMay).toEqual([
      'POST /api/auth/reset',
      'POST /api/auth/sign-in',
      'POST /api/auth/sign-out',
      'POST /api/engagements/:id/access/simulate',
      'POST /api/engagements/:id/exports',
      'POST /api/invites/:token/accept',
      'POST /api/timeline/preview',
    ]);
    for (const key of viewerMay) expect(key.includes('/auth/') || key.includes('/invites/') || key.endsWith('/exports') || CHANGES_NOTHING.has(key), key).toBe(true);
    expect(Object.fromEntries(lowest)['POST /api/workspaces']).toBe('firm-owner');
  });

  it('every /api route has exactly one rule, and a new route without one is caught', () => {
    const ctx = { db: null, catalog, version: 't', now: () => new Date(), readSpreadsheet: readInline } as unknown as AppContext;
    const app = createApp({ ctx, log: () => {} });
    expect(uncoveredRoutes(app.routes)).toEqual({ withoutRule: [], withoutRoute: [] });
    const grown = [...app.routes, { method: 'POST', path: '/api/engagements/:id/new-thing' }];
    expect(uncoveredRoutes(grown).withoutRule).toEqual(['POST /api/engagements/:id/new-thing']);
  });
});

forEachDatabase('authorization matrix', (dbc) => {
  it('every route × every role × own or foreign workspace allows or denies as the rule says', { timeout: 600_000 }, async () => {
    const jobs = new Jobs();
    const { app, ctx } = apiFor(dbc.handle, { jobs });
    const bytes = await buildTypicalSaasXlsx();
    const listing = await buildNetSuiteXlsx();
    const data = { own: await client(app, 'Client A', bytes, listing), foreign: await client(app, 'Client B', bytes, listing) };

    // Accounts: one user per role in A; B has its own owner. A bystander in each is the target of member routes.
    for (const role of ROLES) await addMember(ctx, `${role}@a.example`, role, data.own.workspaceId);
    await addMember(ctx, 'owner@b.example', 'owner', data.foreign.workspaceId);
    await addMember(ctx, 'bystander@a.example', 'viewer', data.own.workspaceId);
    await addMember(ctx, 'bystander@b.example', 'viewer', data.foreign.workspaceId);
    const memberOf = async (ws: string) => (await listMembers(dbc.db, ws)).find((m) => m.email.startsWith('bystander'))?.id ?? '';
    const members = { own: await memberOf(data.own.workspaceId), foreign: await memberOf(data.foreign.workspaceId) };
    const users = {} as Record<Role, Who>;
    for (const role of ROLES) users[role] = await signIn(app, `${role}@a.example`);

    // Signed out, nothing but the public routes answers.
    expect((await as(null, app, 'GET', `/api/engagements/${data.own.id}`)).status).toBe(401);

    const sample = (param: string, side: Side): string => {
      const d = data[side];
      const values: Record<string, string> = { id: d.id, workspaceId: d.workspaceId, jobId: d.jobId, importId: d.importId, taskId: d.taskId, exportId: d.exportId, reimportId: d.reimportId, listingId: d.listingId, inviteId: d.inviteId, testId: d.testId, deficiencyId: d.deficiencyId, targetId: 'ITGC-AC-04', controlId: d.controlId, memberId: members[side], token: 'not-a-real-token-0000000000' };
      const v = values[param];
      if (v === undefined) throw new Error(`the authorization matrix has no sample value for the path parameter ":${param}"; add one`);
      return v;
    };

    const routes = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`))].sort();
    const mismatches: string[] = [];
    const startedJobs: string[] = [];
    let cells = 0;
    for (const key of routes) {
      const rule = ROUTE_RULES[key];
      expect(rule, `no rule for ${key}`).toBeDefined();
      if (!rule) continue;
      const [method = 'GET', template = ''] = key.split(' ');
      for (const role of ROLES) {
        for (const side of ['own', 'foreign'] as const) {
          // The workspace of a new engagement is named in the query.
          const pathWith = (value: (param: string) => string) =>
            template.replace(/:([A-Za-z]+)/g, (_, p: string) => encodeURIComponent(value(p))) + (key === 'POST /api/engagements' ? `?workspace=${encodeURIComponent(value('workspaceId'))}` : '');
          const path = pathWith((p) => sample(p, side));
          // Signing out ends the session it is sent with: use a session of its own.
          const who = key === 'POST /api/auth/sign-out' ? await signIn(app, `${role}@a.example`) : users[role];
          const body = method === 'GET' || method === 'DELETE' ? undefined : {};
          const r = await as(who, app, method, path, body);
          if (r.status === 202 && r.json?.job?.id) startedJobs.push(r.json.job.id);
          const want = expectation(rule, role, side);
          const got = outcome(r.status, r.json);
          cells++;
          if (want !== got) mismatches.push(`${key} as ${role} (${side}): expected ${want}, got ${got} (${r.status} ${JSON.stringify(r.json?.error ?? '').slice(0, 120)})`);
          if (want === 'not-found' && got === 'not-found') {
            // Indistinguishable from an id that does not exist.
            const missing = await as(who, app, method, pathWith(() => 'does-not-exist'), body);
            if (missing.status !== 404 || missing.json?.error?.message !== r.json?.error?.message) mismatches.push(`${key} as ${role}: foreign answers differently from missing (${missing.status})`);
          }
        }
      }
    }
    for (const id of startedJobs) while (jobs.get(id)?.state === 'running') await new Promise((res) => setTimeout(res, 50));
    expect(mismatches).toEqual([]);
    expect(cells).toBe(routes.length * ROLES.length * 2);
    console.log(`authorization matrix [${dbc.dialect}]: ${routes.length} routes × ${ROLES.length} roles × 2 workspaces = ${cells} cells`);
  });
});

// Issue 19, hole 5, written as the attack: a viewer made themselves an owner by creating a workspace, which opened the
// owner-only routes; viewers also called POST routes. Now: creating a workspace is for an owner of the firm only; the
// POST routes a viewer may call store nothing, except an export (documented: a protected read-only copy).
const TABLES = ['engagements', 'workspaces', 'memberships', 'imports', 'controls', 'mapping_profiles', 'analyses', 'tasks', 'exports', 'reimports', 'audit_log', 'access_listings', 'access_rosters', 'access_duty_maps', 'access_resolutions', 'reviews', 'mapping_reviews'];
async function counts(db: any) {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await sql<{ n: number | string }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0]?.n ?? 0);
  return out;
}

forEachDatabase('roles as users expect them (issue 19, hole 5)', (dbc) => {
  it('a viewer cannot create a workspace or reach firm-owner routes; its POSTs store nothing but a read-only export', { timeout: 300_000 }, async () => {
    const jobs = new Jobs();
    const { app, ctx } = apiFor(dbc.handle, { jobs });
    const a = await client(app, 'Client A', await buildTypicalSaasXlsx(), await buildNetSuiteXlsx());
    while (jobs.get(a.jobId)?.state === 'running') await new Promise((res) => setTimeout(res, 50));
    await addMember(ctx, 'viewer@a.example', 'viewer', a.workspaceId);
    await addMember(ctx, 'owner@a.example', 'owner', a.workspaceId);
    await addMember(ctx, 'partner@firm.example', 'owner', 'default');
    const viewer = await signIn(app, 'viewer@a.example');
    const clientOwner = await signIn(app, 'owner@a.example');
    const firm = await signIn(app, 'partner@firm.example');

    // The attack: a viewer creates a workspace to own it.
    const made = await as(viewer, app, 'POST', '/api/workspaces', { name: 'Mine now' });
    expect(made.status).toBe(403);
    expect(made.json.error.message).toMatch(/only an owner of the firm/);
    expect((await as(viewer, app, 'GET', '/api/audit/verify')).status).toBe(403);
    // An owner of one client's workspace is no owner of the firm either.
    expect((await as(clientOwner, app, 'POST', '/api/workspaces', { name: 'Mine now' })).status).toBe(403);
    expect((await as(clientOwner, app, 'GET', '/api/audit/verify')).status).toBe(403);
    expect((await as(viewer, app, 'GET', '/api/session')).json.canCreateWorkspaces).toBe(false);
    // The firm's owner can.
    expect((await as(firm, app, 'GET', '/api/session')).json.canCreateWorkspaces).toBe(true);
    const ok = await as(firm, app, 'POST', '/api/workspaces', { name: 'Client D' });
    expect(ok.status).toBe(201);
    expect((await as(firm, app, 'GET', '/api/audit/verify')).status).toBe(200);

    // A viewer's POSTs that compute from data or the body: answered, and every table is as it was.
    const before = await counts(dbc.db);
    const sim = await as(viewer, app, 'POST', `/api/engagements/${a.id}/access/simulate`, { user: 'Ana Ruiz', system: 'NetSuite', role: 'Administrator' });
    expect(sim.status, JSON.stringify(sim.json?.error)).toBe(200);
    const preview = await as(viewer, app, 'POST', '/api/timeline/preview', { ipoDate: '2027-05-15', fiscalYearEnd: '12-31' });
    expect(preview.status, JSON.stringify(preview.json?.error)).toBe(200);
    expect(await counts(dbc.db)).toEqual(before);
    // A viewer's export: one protected read-only copy, in the audit log under the viewer.
    const ex = await as(viewer, app, 'POST', `/api/engagements/${a.id}/exports?wait=true`);
    expect(ex.status).toBe(200);
    expect(ex.json.readOnly).toBe(true);
    const after = await counts(dbc.db);
    expect(after).toEqual({ ...before, exports: before.exports! + 1, audit_log: after.audit_log });
    expect(after.audit_log).toBeGreaterThan(before.audit_log!);
    // Every other POST, PUT, PATCH and DELETE of the engagement is refused to the viewer (the matrix above, one example).
    expect((await as(viewer, app, 'PATCH', `/api/engagements/${a.id}`, { ipoDate: '2030-01-31' })).status).toBe(403);
  });
});
