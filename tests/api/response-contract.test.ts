// The typed contract, checked against the real API: every route in /api/openapi.json declares a schema for each of
// its 2xx answers (not an any or empty one), and a walk through the main flow (engagement, import, analysis, plan,
// export and re-import, reviews, scenarios, SOC 1, testing, access SoD, workspaces, then accounts: sign-in,
// invitations, reset) validates every 2xx body it gets against the schema its route declares, both ways: what the
// schema requires is there with its type, and nothing is sent that the schema leaves out. Routes the walk does
// not reach with a 2xx fail the test, so a new route needs a step here.
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { columnOf } from '../../server/domain/plan-export.ts';
import { createResetToken } from '../../server/use-cases/accounts.ts';
import { openMemoryDatabase } from '../../server/db/connect.ts';
import { buildTypicalListingSet } from '../fixtures/access-listings.ts';
import { loadWorkbook, planRowOf, saveWorkbook } from '../fixtures/export.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { forEachDatabase } from '../db/databases.ts';
import { addMember, PASSWORD, sessionCookie } from './accounts-harness.ts';
import { apiFor, type Api } from './harness.ts';

interface Declared {
  method: string;
  path: string; // OpenAPI form: /api/engagements/{id}
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: z.ZodType }> }>;
}

function declaredRoutes(app: Api): Declared[] {
  return app.openAPIRegistry.definitions.flatMap((d) => {
    if (d.type !== 'route') return [];
    const r = d.route as unknown as Pick<Declared, 'method' | 'path' | 'responses'>;
    const pattern = new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return [{ method: r.method.toUpperCase(), path: r.path, pattern, responses: r.responses }];
  });
}

// Every request of the walk goes through here: a 2xx JSON body must parse with the schema its route declares.
function checker(app: Api) {
  const routes = declaredRoutes(app);
  const reached = new Set<string>();
  const problems: string[] = [];
  const samples: Record<string, unknown> = {};
  async function request(method: string, path: string, init: { body?: unknown; form?: FormData; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers };
    let body: BodyInit | undefined;
    if (init.form) body = init.form;
    else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const type = res.headers.get('content-type') ?? '';
    const bare = path.split('?')[0] ?? path;
    const route = routes.find((r) => r.method === method && r.pattern.test(bare));
    const json = type.includes('json') ? ((await res.json()) as any) : null;
    if (res.status >= 200 && res.status < 300) {
      if (!route) problems.push(`${method} ${bare}: answered ${res.status} but is not in the OpenAPI document`);
      else {
        const key = `${method} ${route.path} ${res.status}`;
        reached.add(`${method} ${route.path}`);
        const declared = route.responses[String(res.status)]?.content;
        const media = declared ? Object.keys(declared) : [];
        if (!declared) problems.push(`${key}: no response declared for this status`);
        else if (json !== null) {
          const schema = declared['application/json']?.schema;
          if (!schema) problems.push(`${key}: answered JSON but declares ${media.join(', ')}`);
          else {
            const parsed = schema.safeParse(json);
            if (!parsed.success) problems.push(`${key}: ${parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
            // and nothing the schema leaves out: parsing drops undeclared keys, so what it drops was sent undeclared
            else for (const extra of undeclared(json, parsed.data, '').slice(0, 5)) problems.push(`${key}: ${extra} is sent but not declared`);
          }
          samples[key] ??= json;
        } else if (!media.some((m) => type.startsWith(m))) problems.push(`${key}: answered ${type} but declares ${media.join(', ')}`);
      }
    }
    return { status: res.status, json, res };
  }
  return { request, reached, problems, samples, routes };
}

// The paths of keys in `sent` that the parsed copy no longer has (arrays by index, objects by key).
function undeclared(sent: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((v, i) => undeclared(v, parsed[i], `${path}[${i}]`));
  if (sent && typeof sent === 'object' && parsed && typeof parsed === 'object' && !Array.isArray(sent)) {
    const p = parsed as Record<string, unknown>;
    return Object.entries(sent).flatMap(([k, v]) => (k in p ? undeclared(v, p[k], `${path}.${k}`) : [`${path}.${k}`.slice(1)]));
  }
  return [];
}

const file = (bytes: Uint8Array, name: string, extra: Record<string, string> = {}) => {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), name);
  for (const [k, v] of Object.entries(extra)) form.append(k, v);
  return form;
};

describe('OpenAPI document', () => {
  it('declares a response schema for every 2xx answer of every route, and none is any or empty', async () => {
    const h = await openMemoryDatabase();
    const { app } = apiFor(h);
    const res = await app.request('/api/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> }>>; components?: { schemas?: Record<string, Record<string, unknown>> } };
    const missing: string[] = [];
    let answers = 0;
    const resolve = (s: Record<string, unknown> | undefined) => {
      const ref = s?.$ref;
      return typeof ref === 'string' ? doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] : s;
    };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops))
        for (const [status, r] of Object.entries(op.responses)) {
          if (!/^2\d\d$/.test(status)) continue;
          answers++;
          const media = Object.entries(r.content ?? {});
          if (media.length === 0) missing.push(`${method.toUpperCase()} ${path} ${status}: no content`);
          for (const [type, m] of media) {
            const s = resolve(m.schema);
            const meaningful = s !== undefined && (typeof s.type === 'string' || Array.isArray(s.anyOf) || Array.isArray(s.oneOf) || Array.isArray(s.allOf) || Array.isArray(s.enum));
            const emptyObject = s?.type === 'object' && !s.properties && !s.additionalProperties;
            if (!meaningful || emptyObject) missing.push(`${method.toUpperCase()} ${path} ${status} ${type}: ${JSON.stringify(s ?? null)}`);
          }
        }
    expect(missing).toEqual([]);
    // 53 routes; the count moves only when a route is added or removed
    expect(answers).toBeGreaterThanOrEqual(50);
    await h.close();
  });
});

forEachDatabase('API responses match their declared schemas', (dbc) => {
  it('walks the main flow and every 2xx body parses with its route schema; every declared route is reached', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const k = checker(app);
    const { request: r } = k;
    const ok = async (p: Promise<{ status: number; json: any; res: Response }>, status = 200) => {
      const out = await p;
      // CONTRACT_SAMPLES=<file>: write one body per route and status (arrays cut to 3) to look at
      if (process.env.CONTRACT_SAMPLES) writeFileSync(process.env.CONTRACT_SAMPLES, JSON.stringify(k.samples, (_k, v: unknown) => (Array.isArray(v) ? v.slice(0, 3) : v), 1));
      expect(out.status, JSON.stringify(out.json)).toBe(status);
      return out;
    };

    // session, workspaces, engagements
    await ok(r('GET', '/api/session'));
    await ok(r('GET', '/api/workspaces'));
    const ws = await ok(r('POST', '/api/workspaces', { body: { name: 'Client B' } }), 201);
    await ok(r('PATCH', `/api/workspaces/${ws.json.id}`, { body: { name: 'Client B Inc' } }));
    await ok(r('POST', '/api/timeline/preview', { body: { ipoDate: '2027-05-15', filerStatus: 'large-accelerated' } }));
    const created = await ok(r('POST', '/api/engagements', { body: { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', planStart: '2026-11-25', financialSystems: ['NetSuite', 'ADP'], serviceOrganizations: ['ADP'], materiality: 1000000 } }), 201);
    const id = created.json.id as string;
    const e = `/api/engagements/${id}`;
    await ok(r('GET', '/api/engagements'));
    await ok(r('GET', e));
    await ok(r('PATCH', e, { body: { companyName: 'Acme Cloud Inc' } }));
    await ok(r('GET', `/api/workspaces/default/members`));

    // import: upload as a job (202, then the job), and waited for; remap; confirm; saved mapping profiles
    const matrix = await buildTypicalSaasXlsx();
    const job = await ok(r('POST', `${e}/imports`, { form: file(matrix, 'acme-soc2.xlsx') }), 202);
    for (let i = 0; i < 200; i++) {
      const j = await ok(r('GET', `/api/jobs/${job.json.job.id}`));
      if (j.json.state !== 'running') break;
      await new Promise((res) => setImmediate(res));
    }
    const up = await ok(r('POST', `${e}/imports?wait=true`, { form: file(matrix, 'acme-soc2.xlsx') }));
    await ok(r('PUT', `${e}/imports/${up.json.importId}/mapping`, { body: { sheets: [], overrides: [] } }));
    await ok(r('POST', `${e}/imports/${up.json.importId}/confirm`, { body: { saveProfileAs: 'Acme standard' } }));
    await ok(r('GET', `${e}/mapping-profiles`));

    // the analysis and its parts
    const analysis = await ok(r('GET', `${e}/analysis`));
    for (const part of ['coso', 'sod', 'plan', 'timeline', 'delta', 'readiness', 'controls']) await ok(r('GET', `${e}/${part}`));
    const task = analysis.json.plan.tasks.find((t: any) => t.kind === 'design');
    await ok(r('PATCH', `${e}/tasks/${task.id}`, { body: { owner: 'Dana Cho', status: 'in-progress' } }));

    // export, download, edit, re-import, apply
    await ok(r('POST', `${e}/exports`), 202);
    const exp = await ok(r('POST', `${e}/exports?wait=true`));
    await ok(r('GET', `${e}/exports`));
    const dl = await ok(r('GET', exp.json.downloadUrl));
    const wb = await loadWorkbook(new Uint8Array(await dl.res.arrayBuffer()));
    const other = analysis.json.plan.tasks.find((t: any) => t.kind === 'implement');
    planRowOf(wb.getWorksheet('Plan')!, other.id).getCell(columnOf('status')).value = 'done';
    const re = await ok(r('POST', `${e}/reimports`, { form: file(await saveWorkbook(wb), 'edited.xlsx') }));
    await ok(r('GET', `${e}/reimports/${re.json.reimportId}`));
    await ok(r('POST', `${e}/reimports/${re.json.reimportId}/apply`, { body: {} }));

    // reviews, scenarios, SOC 1, testing
    await ok(r('POST', `${e}/reviews`, { body: { itemKind: 'task', itemId: task.id, kind: 'comment', text: 'who owns this?' } }), 201);
    await ok(r('POST', `${e}/reviews`, { body: { itemKind: 'task', itemId: task.id, kind: 'reviewed' } }), 201);
    await ok(r('GET', `${e}/reviews`));
    await ok(r('POST', `${e}/scenarios`, { body: { variants: [{ name: 'Later IPO', change: { ipoDate: '2027-11-15' } }] } }));
    await ok(r('GET', `${e}/scenarios`));
    await ok(r('POST', `${e}/scenarios/adopt`, { body: { name: 'Later IPO' } }));
    await ok(r('GET', `${e}/soc1`));
    await ok(r('PUT', `${e}/soc1`, { body: { entries: [{ org: 'ADP', reportType: 'type2', periodStart: '2027-01-01', periodEnd: '2027-12-31', targets: [], cuecs: [{ id: 'CUEC-1', text: 'review payroll registers', controlId: 'PAY-01', owner: 'Controller' }] }] } }));
    await ok(r('GET', `${e}/testing`));
    await ok(r('PUT', `${e}/tests/REV-03-TOE`, { body: { tested: 2, exceptions: 1, testedOn: '2028-03-15', note: 'one invoice without approval' } }));
    await ok(r('PUT', `${e}/deficiencies/DEF-REV-03`, { body: { magnitude: 1500000 } }));
    // reviewers' decisions on source→target links (the analysis read again below carries the review marks)
    const link = (c: string) => `${e}/targets/ITGC-AC-04/mapping-reviews/${c}`;
    await ok(r('PUT', link('AC-03'), { body: { decision: 'reject', reason: 'reviews admin accounts only' } }));
    await ok(r('PUT', link('AC-01'), { body: { decision: 'add', reason: 'the quarterly review covers every financial system' } }));
    await ok(r('PUT', link('AC-02'), { body: { decision: 'accept', reason: 'checked with the controller' } }));
    await ok(r('GET', `${e}/targets/ITGC-AC-04/mapping-reviews`));
    await ok(r('DELETE', link('AC-02')));

    // access SoD
    const a = `${e}/access`;
    const f = await buildTypicalListingSet();
    const listing = await ok(r('POST', `${a}/listings`, { form: file(f.netsuite, 'netsuite-users.xlsx') }), 201);
    await ok(r('POST', `${a}/listings`, { form: file(f.salesforce, 'sf-permissions.csv', { system: 'Salesforce Billing' }) }), 201);
    await ok(r('POST', `${a}/listings`, { form: file(f.okta, 'okta-admins.csv', { businessUnit: 'US' }) }), 201);
    await ok(r('POST', `${a}/roster`, { form: file(f.roster, 'hr-roster.csv') }), 201);
    const access = await ok(r('GET', a));
    await ok(r('GET', `${a}?view=page`));
    const conflict = access.json.conflicts.find((c: any) => c.level === 'user');
    await ok(r('GET', `${a}/conflicts?key=${encodeURIComponent(conflict.key)}&key=nope`));
    await ok(r('GET', `${a}/duty-map`));
    await ok(r('PUT', `${a}/duty-map`, { body: { entries: [{ name: 'Payment Release', kind: 'role', duties: [], systems: ['NetSuite'], note: 'reviewed with the client' }], templates: [] } }));
    await ok(r('POST', `${a}/duty-map/templates`, { body: { name: 'NetSuite roles' } }), 201);
    await ok(r('POST', `${a}/simulate`, { body: { user: 'Ana Ruiz', system: 'NetSuite', role: 'Controller' } }));
    await ok(r('POST', `${a}/resolutions`, { body: { key: conflict.key, kind: 'accepted', reason: 'two-person rule on payments above 10k' } }));
    const leaver = access.json.leavers[0];
    expect(leaver, 'the roster has leavers with accounts').toBeDefined();
    const removed = await ok(r('POST', `${a}/resolutions`, { body: { key: leaver.key, kind: 'remediated', owner: 'IT Operations' } }));
    expect(removed.json.task).not.toBeNull(); // removing the access is a plan task
    // read again with decisions, access tasks, test results, deficiencies and a SOC 1 register in place
    await ok(r('GET', a));
    await ok(r('GET', `${e}/analysis`));
    await ok(r('GET', `${e}/plan`));
    await ok(r('DELETE', `${a}/resolutions?key=${encodeURIComponent(conflict.key)}`));
    await ok(r('GET', `${a}/listings/${listing.json.id}/file`));
    await ok(r('DELETE', `${a}/listings/${listing.json.id}`));

    // audit, archive
    await ok(r('GET', `${e}/audit`));
    await ok(r('GET', '/api/audit/verify'));
    const spare = await ok(r('POST', '/api/engagements', { body: { companyName: 'Spare Co' } }), 201);
    await ok(r('POST', `/api/engagements/${spare.json.id}/archive`));

    // workspace members and invitations (local mode: the caller is an owner)
    const inv = await ok(r('POST', '/api/workspaces/default/invites', { body: { email: 'board@acme.example', role: 'viewer' } }), 201);
    const list = await ok(r('GET', '/api/workspaces/default/invites'));
    const second = await ok(r('POST', '/api/workspaces/default/invites', { body: { email: 'cfo@acme.example', role: 'editor' } }), 201);
    const cfo = list.json.invites.find((i: any) => i.email === 'board@acme.example');
    await ok(r('DELETE', `/api/workspaces/default/invites/${cfo.id}`));

    // accounts: the first user ends local mode
    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    const signIn = await ok(r('POST', '/api/auth/sign-in', { body: { email: 'ann@acme.example', password: PASSWORD } }));
    const ann = { cookie: sessionCookie(signIn.res) ?? '', 'x-csrf-token': signIn.json.csrfToken as string };
    await ok(r('GET', '/api/session', { headers: ann }));
    const token = String(second.json.link).split('/').pop() ?? '';
    await ok(r('GET', `/api/invites/${token}`));
    await ok(r('POST', `/api/invites/${token}/accept`, { body: { displayName: 'Cy Fo', password: 'a chief financial passphrase' } }));
    const members = await ok(r('GET', '/api/workspaces/default/members', { headers: ann }));
    const cy = members.json.members.find((m: any) => m.email === 'cfo@acme.example');
    await ok(r('PATCH', `/api/workspaces/default/members/${cy.id}`, { headers: ann, body: { role: 'reviewer' } }));
    await ok(r('DELETE', `/api/workspaces/default/members/${cy.id}`, { headers: ann }));
    await ok(r('POST', '/api/auth/sign-out', { headers: ann }));
    const reset = await createResetToken(ctx, 'ann@acme.example', 'test');
    if (!reset.ok) throw new Error(reset.error.message);
    await ok(r('POST', '/api/auth/reset', { body: { token: reset.value.token, password: 'another long passphrase 2' } }));
    void inv;

    expect(k.problems).toEqual([]);
    const unreached = k.routes.map((x) => `${x.method} ${x.path}`).filter((x) => !k.reached.has(x));
    expect(unreached).toEqual([]);
  });
});
void ExcelJS;
