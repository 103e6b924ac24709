// Access-based SoD over HTTP, on SQLite and (when DATABASE_URL_TEST is set) PostgreSQL: the typical SaaS listing set
// (NetSuite, Salesforce Billing, ADP, Okta) and HR roster uploaded, conflicts and matrix read, a grant simulated, the
// duty map edited, decisions recorded (audited, open count and readiness move), and engagement scoping.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { listListings } from '../../server/db/access.ts';
import { currentRows, currentSystems, forgetRows, keptRows } from '../../server/use-cases/access-rows.ts';
import { forEachDatabase } from '../db/databases.ts';
import {
  buildTypicalListingSet,
  NETSUITE_ROLE_PERMISSIONS,
  NETSUITE_USERS,
  xlsx,
  type ListingFiles,
} from '../fixtures/access-listings.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload, type Api } from './harness.ts';

async function send(app: Api, path: string, bytes: Uint8Array, name: string, system?: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), name);
  if (system) form.append('system', system);
  const res = await app.request(path, { method: 'POST', body: form });
  return { status: res.status, json: (await res.json()) as any };
}

async function engagement(app: Api, name = 'Acme Cloud'): Promise<string> {
  const r = await call(app, 'POST', '/api/engagements', {
    companyName: name,
    ipoDate: '2027-05-15',
    fiscalYearEnd: '12-31',
    planStart: '2026-11-25',
  });
  expect(r.status).toBe(201);
  return r.json.id as string;
}

async function uploadAll(app: Api, id: string, f: ListingFiles) {
  const base = `/api/engagements/${id}/access`;
  const out = [
    await send(app, `${base}/listings`, f.netsuite, 'netsuite-users.xlsx'),
    await send(app, `${base}/listings`, f.salesforce, 'sf-permissions.csv', 'Salesforce Billing'),
    await send(app, `${base}/listings`, f.adp, 'adp-roles.xlsx'),
    await send(app, `${base}/listings`, f.okta, 'okta-admins.csv'),
  ];
  for (const r of out) expect(r.status).toBe(201);
  const roster = await send(app, `${base}/roster`, f.roster, 'hr-roster.csv');
  expect(roster.status).toBe(201);
  expect(roster.json).toMatchObject({ entries: 3, terminated: 2 });
  return out.map((r) => r.json);
}

// A re-extraction of the NetSuite listing on 2026-11-20, after Ana Ruiz's Payment Release role was removed.
const netsuiteReExtracted = () =>
  xlsx((wb) => {
    const users = wb.addWorksheet('Users and Roles');
    users.addRow(['Extracted 2026-11-20']);
    for (const r of NETSUITE_USERS.filter((r) => !(r[0] === 'Ana Ruiz' && r[2] === 'Payment Release'))) users.addRow(r);
    const perms = wb.addWorksheet('Role Permissions');
    for (const r of NETSUITE_ROLE_PERMISSIONS) perms.addRow(r);
  });

const find = (a: any, rule: string, level: string, who: string) =>
  a.conflicts.find((c: any) => c.rule === rule && c.level === level && (c.user === who || c.role === who));

forEachDatabase('API access SoD', (dbc) => {
  it('reads the four listings and the roster: AP clerk, controller, toxic role, leaver, matrix, simulation', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    const base = `/api/engagements/${id}/access`;
    const empty = await call(app, 'GET', base);
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ conflicts: [], listings: [], roster: null });

    const f = await buildTypicalListingSet();
    const uploaded = await uploadAll(app, id, f);
    expect(uploaded.map((l) => l.systems.map((s: any) => [s.system, s.systemBasis, s.extractedAt, s.rows]))).toEqual([
      [['NetSuite', 'file-name', '2026-10-31', 15]],
      [['Salesforce Billing', 'argument', null, 5]],
      [['ADP', 'sheet-name', '2026-10-30', 3]],
      [['Okta', 'file-name', '2026-10-31', 4]],
    ]);
    // the same bytes again: refused, not read twice
    const again = await send(app, `${base}/listings`, f.netsuite, 'copy.xlsx');
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/same file as listing "netsuite-users.xlsx"/);
    // a file that is no listing
    const notListing = await send(app, `${base}/listings`, new TextEncoder().encode('a,b\n1,2\n'), 'numbers.csv');
    expect(notListing.status).toBe(400);
    expect(notListing.json.error.message).toMatch(/holds no access listing/);

    const a = (await call(app, 'GET', base)).json;
    expect(a.listings.map((l: any) => [l.system, l.fileName, l.extractedAt, l.rows, l.current])).toEqual([
      ['NetSuite', 'netsuite-users.xlsx', '2026-10-31', 15, true],
      ['Salesforce Billing', 'sf-permissions.csv', null, 5, true],
      ['ADP', 'adp-roles.xlsx', '2026-10-30', 3, true],
      ['Okta', 'okta-admins.csv', '2026-10-31', 4, true],
    ]);
    const ana = find(a, 'SOD-P2P-03', 'user', 'Ana Ruiz');
    expect(ana).toMatchObject({ severity: 'critical', systems: ['NetSuite'], status: 'open', resolution: null });
    expect(ana.sides.map((s: any) => s.grants.map((g: any) => [g.role, g.permission, g.row]))).toEqual([
      [['Vendor Maintenance', 'Vendors', 6]],
      [['Payment Release', 'Approve Vendor Payments', 7]],
    ]);
    expect(find(a, 'SOD-GL-01', 'user', 'Carla Diaz').sides.map((s: any) => s.grants.map((g: any) => g.role))).toEqual([
      ['Accountant'],
      ['Controller'],
    ]);
    expect(find(a, 'SOD-GL-01', 'role', 'Finance Power User')).toMatchObject({ holders: 1, systems: ['NetSuite'] });
    expect(find(a, 'SOD-IT-06', 'privileged', 'Carla Diaz').systems).toContain('Okta');
    expect(a.leavers.map((l: any) => [l.user, l.system, l.daysSinceTermination, l.asOf, l.status])).toEqual([
      ['Dave Nguyen', 'NetSuite', 46, '2026-10-31', 'open'],
    ]);
    expect(a.generic.map((g: any) => g.account)).toEqual([
      'admin@acme.com',
      'svc-scim@acme.com',
      'integration@acme.com',
    ]);
    expect(a.summary.conflicts.role).toBeGreaterThan(0);

    // the matrix: users × rules, a cell per conflict group
    const m = a.matrix;
    const col = (rule: string) => m.columns.findIndex((c: any) => c.id === rule);
    const row = (user: string) => m.rows.find((r: any) => r.user === user);
    expect(col('SOD-P2P-03')).toBeGreaterThanOrEqual(0);
    expect(row('Ana Ruiz').cells[col('SOD-P2P-03')]).toMatchObject({
      severity: 'critical',
      count: 1,
      open: 1,
      keys: [ana.key],
    });
    expect(row('Ana Ruiz').cells[col('SOD-GL-01')]).toBeNull();
    expect(row('Carla Diaz').cells[col('SOD-IT-06')]).toMatchObject({ levels: ['privileged'] });
    for (const r of m.rows) expect(r.cells).toHaveLength(m.columns.length);
    // role-level conflicts belong to no user: not a row of their own
    expect(m.rows.map((r: any) => r.user)).not.toContain('Finance Power User');
    expect(m.columns.map((c: any) => c.severity)).toEqual(
      [...m.columns.map((c: any) => c.severity)].sort(
        (x: string, y: string) =>
          ['critical', 'high', 'medium', 'low'].indexOf(x) - ['critical', 'high', 'medium', 'low'].indexOf(y),
      ),
    );

    // what-if: a payroll practitioner given the toxic finance role gets a new critical conflict; a harmless grant none
    const sim = await call(app, 'POST', `${base}/simulate`, {
      user: 'gina.park@acme.com',
      system: 'NetSuite',
      role: 'Finance Power User',
    });
    expect(sim.status).toBe(200);
    expect(sim.json).toMatchObject({ user: 'Gina Park', knownUser: true, roleKnown: true });
    expect(sim.json.newConflicts.map((c: any) => [c.rule, c.level, c.severity])).toEqual([
      ['SOD-GL-01', 'user', 'critical'],
    ]);
    const harmless = await call(app, 'POST', `${base}/simulate`, {
      user: 'Dana Moss',
      system: 'NetSuite',
      role: 'Payment Release',
    });
    expect(harmless.json.newConflicts).toEqual([]);
    expect((await call(app, 'POST', `${base}/simulate`, { user: 'x', system: 'NetSuite' })).status).toBe(400);
  });

  it('edits the duty map (override, invalid entry, named template) and the analysis follows', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    const base = `/api/engagements/${id}/access`;
    await uploadAll(app, id, await buildTypicalListingSet());

    const dm = await call(app, 'GET', `${base}/duty-map`);
    expect(dm.status).toBe(200);
    expect(dm.json.entries).toEqual([]);
    expect(dm.json.unmapped.map((u: any) => [u.system, u.kind, u.name])).toContainEqual([
      'Salesforce Billing',
      'permission',
      'Edit Opportunities',
    ]);
    const release = dm.json.applied.find((d: any) => d.name === 'Payment Release');
    expect(release).toMatchObject({ basis: 'permissions', confirmed: false });
    expect(dm.json.fileTemplates.map((t: any) => t.id)).toContain('netsuite-standard-roles');
    expect(dm.json.duties.length).toBeGreaterThan(10);

    const bad = await call(app, 'PUT', `${base}/duty-map`, {
      entries: [{ name: 'Payment Release', kind: 'role', duties: ['no-such-duty'], systems: ['NetSuite'] }],
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/unknown duty "no-such-duty"/);
    const noSystem = await call(app, 'PUT', `${base}/duty-map`, { entries: [{ name: 'Payment Release', duties: [] }] });
    expect(noSystem.status).toBe(400);

    // the advisor confirms that "Payment Release" only views vendors and releases nothing in this client's account
    const put = await call(app, 'PUT', `${base}/duty-map`, {
      entries: [
        { name: 'Payment Release', kind: 'role', duties: [], systems: ['NetSuite'], note: 'reviewed with the client' },
        { name: 'Edit Opportunities', kind: 'permission', duties: [], systems: ['Salesforce Billing'] },
        {
          name: 'A/R Clerk',
          kind: 'role',
          duties: ['billing'],
          systems: ['NetSuite'],
          note: 'cash is applied by treasury',
        },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.json.applied.find((d: any) => d.name === 'Payment Release')).toMatchObject({
      basis: 'override',
      duties: [],
      confirmed: true,
    });
    expect(put.json.unmapped.map((u: any) => u.name)).not.toContain('Edit Opportunities');
    const a = (await call(app, 'GET', base)).json;
    expect(find(a, 'SOD-P2P-03', 'user', 'Ana Ruiz')).toBeUndefined();
    expect(find(a, 'SOD-REV-02', 'role', 'A/R Clerk')).toBeUndefined();

    const t = await call(app, 'POST', `${base}/duty-map/templates`, { name: 'NetSuite reviewed roles' });
    expect(t.status).toBe(201);
    expect(t.json).toMatchObject({ name: 'NetSuite reviewed roles', systems: ['NetSuite', 'Salesforce Billing'] });
    // a second engagement layers the saved template in and gets the same reading
    const other = await engagement(app, 'Beta Co');
    await uploadAll(app, other, await buildTypicalListingSet());
    const before = (await call(app, 'GET', `/api/engagements/${other}/access`)).json;
    expect(find(before, 'SOD-REV-02', 'role', 'A/R Clerk')).toBeDefined();
    const use = await call(app, 'PUT', `/api/engagements/${other}/access/duty-map`, {
      entries: [],
      templates: [t.json.id],
    });
    expect(use.status).toBe(200);
    expect(use.json.savedTemplates.map((x: any) => x.name)).toEqual(['NetSuite reviewed roles']);
    const layered = (await call(app, 'GET', `/api/engagements/${other}/access`)).json;
    // the saved template beats the shipped NetSuite template for a role known by name…
    expect(find(layered, 'SOD-REV-02', 'role', 'A/R Clerk')).toBeUndefined();
    // …but, like any template, not the client's own role → permission export: only the engagement's map overrides that
    expect(find(layered, 'SOD-P2P-03', 'user', 'Ana Ruiz')).toBeDefined();
    expect(
      (await call(app, 'PUT', `/api/engagements/${other}/access/duty-map`, { entries: [], templates: ['nope'] }))
        .status,
    ).toBe(400);

    const audit = (await call(app, 'GET', `/api/engagements/${id}/audit`)).json.entries;
    expect(audit.map((e: any) => e.action)).toEqual(
      expect.arrayContaining([
        'access.listing.upload',
        'access.roster.upload',
        'access.duty-map.update',
        'access.duty-map.template.save',
      ]),
    );
  });

  it('records each kind of decision, audited, and the open count and readiness follow; the export gets the sheet', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    const base = `/api/engagements/${id}/access`;
    // a control matrix, so there is a delta readiness to adjust
    const up = await upload(
      app,
      `/api/engagements/${id}/imports?wait=true`,
      await buildTypicalSaasXlsx(),
      'acme-soc2.xlsx',
    );
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(
      200,
    );
    await uploadAll(app, id, await buildTypicalListingSet());
    const a0 = (await call(app, 'GET', base)).json;
    const r0 = a0.readiness;
    expect(typeof r0.readiness).toBe('number');
    expect(r0.penalty).toBe(
      Math.min(
        25,
        2 * r0.openBySeverity.critical +
          r0.openBySeverity.high +
          0.5 * r0.openBySeverity.medium +
          0.25 * r0.openBySeverity.low,
      ),
    );
    expect(r0.withAccess).toBeCloseTo(Math.max(0, r0.readiness - r0.penalty), 5);
    expect(r0.formula).toMatch(/readiness with access = max\(0, readiness − access penalty\)/);
    const key = (rule: string, level: string, who: string) => find(a0, rule, level, who).key as string;
    const ana = key('SOD-P2P-03', 'user', 'Ana Ruiz');
    const carla = key('SOD-GL-01', 'user', 'Carla Diaz');
    const toxic = key('SOD-GL-01', 'role', 'Finance Power User');
    const ben = key('SOD-GL-01', 'user', 'Ben Okafor');
    const leaver = a0.leavers[0].key as string;

    // invalid decisions: 400 with what is missing, nothing stored
    const noReason = await call(app, 'POST', `${base}/resolutions`, { key: ana, kind: 'accepted' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.message).toMatch(/needs a written reason/);
    const noFreq = await call(app, 'POST', `${base}/resolutions`, {
      key: carla,
      kind: 'mitigated',
      control: 'CFO review',
      owner: 'CFO',
    });
    expect(noFreq.status).toBe(400);
    expect(noFreq.json.error.message).toMatch(/missing: frequency/);
    expect(
      (
        await call(app, 'POST', `${base}/resolutions`, {
          key: carla,
          kind: 'mitigated',
          control: 'x',
          owner: 'y',
          frequency: 'hourly',
        })
      ).status,
    ).toBe(400);
    expect((await call(app, 'POST', `${base}/resolutions`, { key: ana, kind: 'ignored' })).status).toBe(400);
    expect(
      (await call(app, 'POST', `${base}/resolutions`, { key: 'SOD-X|user|nobody|NetSuite', kind: 'remediated' }))
        .status,
    ).toBe(404);

    const rem = await call(app, 'POST', `${base}/resolutions`, {
      key: ana,
      kind: 'remediated',
      owner: 'NetSuite administrator',
      note: 'remove Payment Release',
    });
    expect(rem.status).toBe(200);
    expect(rem.json).toMatchObject({
      status: 'remediated',
      resolution: { kind: 'remediated', owner: 'NetSuite administrator', decidedBy: 'local' },
    });
    expect(rem.json.task).toMatchObject({
      kind: 'remediate',
      phase: 'remediate',
      owner: 'NetSuite administrator',
      start: '2026-11-25',
      status: 'not-started',
    });
    expect(rem.json.open.critical).toBe(r0.openBySeverity.critical - 1);
    expect(rem.json.readiness.penalty).toBe(r0.penalty - 2);
    // readiness with access = max(0, readiness − penalty) (ACCESS_READINESS_FORMULA): two points back, unless the
    // delta readiness is below the penalty either way
    expect(rem.json.readiness.withAccess).toBe(Math.round(Math.max(0, r0.readiness - (r0.penalty - 2)) * 10) / 10);

    const mit = await call(app, 'POST', `${base}/resolutions`, {
      key: carla,
      kind: 'mitigated',
      control: 'CFO reviews every journal the controller prepares and approves',
      owner: 'CFO',
      frequency: 'monthly',
    });
    expect(mit.json).toMatchObject({ status: 'mitigated', task: { owner: 'CFO' } });
    // the toxic role accepted: Ben Okafor's conflict, which comes only through that role, is settled with it
    const acc = await call(app, 'POST', `${base}/resolutions`, {
      key: toxic,
      kind: 'accepted',
      reason: 'role retired at the ERP upgrade in Q1; until then every journal is reviewed by the CFO',
    });
    expect(acc.json).toMatchObject({ status: 'accepted', task: null });
    const lv = await call(app, 'POST', `${base}/resolutions`, { key: leaver, kind: 'remediated', owner: 'IT' });
    expect(lv.json.task.title).toMatch(/Disable NetSuite account dave\.nguyen@acme\.com/);

    const a1 = (await call(app, 'GET', base)).json;
    expect(find(a1, 'SOD-GL-01', 'user', 'Ben Okafor')).toMatchObject({
      status: 'accepted',
      resolution: { via: toxic },
    });
    expect(a1.readiness.openBySeverity.critical).toBe(r0.openBySeverity.critical - 4); // Ana, Carla, the role, Ben
    expect(a1.readiness.openBySeverity.high).toBe(r0.openBySeverity.high - 1); // the leaver
    expect(a1.resolution.open).not.toContain(ben);
    expect(a1.plan.tasks.map((t: any) => t.findingKey).sort()).toEqual([ana, carla, leaver].sort());
    expect(
      a1.matrix.rows.find((r: any) => r.user === 'Ana Ruiz').cells.find((c: any) => c?.keys.includes(ana)),
    ).toMatchObject({ open: 0, count: 1 });

    // every decision audited with before and after; a changed decision shows the previous one as before
    await call(app, 'POST', `${base}/resolutions`, {
      key: ana,
      kind: 'accepted',
      reason: 'single AP person until the Q2 hire; CFO approves every payment run',
    });
    const audit = (await call(app, 'GET', `/api/engagements/${id}/audit`)).json.entries.filter(
      (e: any) => e.action === 'access.resolution.record',
    );
    expect(audit.map((e: any) => [e.entityId, e.after.kind])).toEqual([
      [ana, 'remediated'],
      [carla, 'mitigated'],
      [toxic, 'accepted'],
      [leaver, 'remediated'],
      [ana, 'accepted'],
    ]);
    expect(audit[0].before).toBeNull();
    expect(audit[4].before).toMatchObject({ kind: 'remediated', owner: 'NetSuite administrator' });
    expect(audit[1].after).toMatchObject({
      control: expect.stringMatching(/CFO reviews/),
      owner: 'CFO',
      frequency: 'monthly',
    });

    // reopening puts the finding back in the count, audited
    const re = await call(app, 'DELETE', `${base}/resolutions?key=${encodeURIComponent(ana)}`);
    expect(re.status).toBe(200);
    expect(re.json).toMatchObject({ status: 'open', resolution: null });
    expect(re.json.open.critical).toBe(a1.readiness.openBySeverity.critical + 1);
    expect((await call(app, 'DELETE', `${base}/resolutions?key=${encodeURIComponent(ana)}`)).status).toBe(404);
    expect((await call(app, 'GET', '/api/audit/verify')).json.ok).toBe(true);

    // the plan workbook gets the access sheet right after SoD, and the Summary counts
    const exp = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
    expect(exp.status).toBe(200);
    const dl = new Uint8Array(await (await app.request(exp.json.downloadUrl)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(dl.buffer as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.indexOf('SoD – Access')).toBe(names.indexOf('SoD') + 1);
    const ws = wb.getWorksheet('SoD – Access')!;
    const statuses: Record<string, string> = {};
    ws.eachRow((r) => {
      if (r.number > 3 && r.getCell(3).value === 'SOD-GL-01')
        statuses[String(r.getCell(1).value)] = String(r.getCell(11).value);
    });
    expect(statuses).toMatchObject({
      'Carla Diaz': 'Mitigated',
      'Ben Okafor': 'Accepted',
      'Role: Finance Power User (1 holder)': 'Accepted',
    });
  });

  it("keeps each engagement's listings to itself, and a later listing of a system supersedes the earlier one", async () => {
    const { app } = apiFor(dbc.handle);
    const a = await engagement(app, 'Alpha');
    const b = await engagement(app, 'Beta');
    const f = await buildTypicalListingSet();
    const mine = await send(app, `/api/engagements/${a}/access/listings`, f.netsuite, 'netsuite-users.xlsx');
    expect(mine.status).toBe(201);
    const lid = mine.json.id as string;
    expect((await call(app, 'DELETE', `/api/engagements/${b}/access/listings/${lid}`)).status).toBe(404);
    expect((await app.request(`/api/engagements/${b}/access/listings/${lid}/file`)).status).toBe(404);
    expect((await call(app, 'GET', `/api/engagements/${b}/access`)).json.listings).toEqual([]);
    expect((await call(app, 'GET', '/api/engagements/nope/access')).status).toBe(404);
    expect((await send(app, '/api/engagements/nope/access/listings', f.okta, 'okta.csv')).status).toBe(404);

    // the original bytes, untouched
    const file = await app.request(`/api/engagements/${a}/access/listings/${lid}/file`);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(f.netsuite);

    // a re-extraction of NetSuite without Ana's Payment Release role supersedes the first listing
    const fixed = await netsuiteReExtracted();
    expect((await send(app, `/api/engagements/${a}/access/listings`, fixed, 'netsuite-2026-11-20.xlsx')).status).toBe(
      201,
    );
    const after = (await call(app, 'GET', `/api/engagements/${a}/access`)).json;
    expect(after.listings.map((l: any) => [l.fileName, l.current])).toEqual([
      ['netsuite-users.xlsx', false],
      ['netsuite-2026-11-20.xlsx', true],
    ]);
    expect(find(after, 'SOD-P2P-03', 'user', 'Ana Ruiz')).toBeUndefined();

    const del = await call(app, 'DELETE', `/api/engagements/${a}/access/listings/${lid}`);
    expect(del.status).toBe(200);
    const audit = (await call(app, 'GET', `/api/engagements/${a}/audit`)).json.entries;
    expect(audit.find((e: any) => e.action === 'access.listing.delete')).toMatchObject({
      entityId: lid,
      before: { fileName: 'netsuite-users.xlsx', rows: 15 },
    });
    expect((await call(app, 'GET', `/api/engagements/${a}/access`)).json.listings.map((l: any) => l.fileName)).toEqual([
      'netsuite-2026-11-20.xlsx',
    ]);
  });
  it('gives the page a lean view (no user or privileged conflicts, found by key on demand) with the same matrix', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app, 'Delta');
    await uploadAll(app, id, await buildTypicalListingSet());
    const base = `/api/engagements/${id}/access`;
    const full = (await call(app, 'GET', base)).json;
    const page = await call(app, 'GET', `${base}?view=page`);
    expect(page.status).toBe(200);
    expect(page.json.conflictsShown).toBe('role');
    expect(page.json.conflicts).toEqual(full.conflicts.filter((c: any) => c.level === 'role'));
    expect(page.json.conflicts.length).toBeGreaterThan(0);
    expect(page.json).not.toHaveProperty('privileged');
    expect(page.json).not.toHaveProperty('resolution');
    for (const k of ['matrix', 'leavers', 'generic', 'unmapped', 'dutyMap', 'listings', 'readiness', 'summary'])
      expect(page.json[k]).toEqual(full[k]);
    expect(JSON.stringify(page.json).length).toBeLessThan(JSON.stringify(full).length);

    // a matrix cell's keys give its conflicts exactly as the whole analysis has them
    const ana = full.matrix.rows.find((r: any) => r.user === 'Ana Ruiz');
    const keys: string[] = ana.cells.filter(Boolean).flatMap((cell: any) => cell.keys);
    const q = (ks: string[]) => `${base}/conflicts?${ks.map((k) => `key=${encodeURIComponent(k)}`).join('&')}`;
    const got = await call(app, 'GET', q([...keys, 'SOD-NONE|user|email:nobody@example.com|X']));
    expect(got.status).toBe(200);
    expect(got.json.conflicts).toEqual(full.conflicts.filter((c: any) => keys.includes(c.key)));
    expect(got.json.conflicts.map((c: any) => c.sides.length)).toEqual(keys.map(() => 2));
    expect(got.json.missing).toEqual(['SOD-NONE|user|email:nobody@example.com|X']);
    const tooMany = await call(app, 'GET', q(Array.from({ length: 201 }, (_, i) => `k${i}`)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.error.message).toMatch(/at most 200 conflicts/);
    expect((await call(app, 'GET', `/api/engagements/nope/access/conflicts?key=x`)).status).toBe(404);
  });

  it('keeps the rows and matched users between analyses, matched at upload; a new or deleted listing is read afresh', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const a = await engagement(app, 'Gamma');
    const f = await buildTypicalListingSet();
    const first = await send(app, `/api/engagements/${a}/access/listings`, f.netsuite, 'netsuite-users.xlsx');
    expect(first.status).toBe(201);
    // the upload matched the users already
    const kept = keptRows(a);
    const rows = kept?.access.length ?? 0;
    expect(rows).toBeGreaterThan(5);
    expect(kept?.users.rowAccount).toHaveLength(rows);
    const read = async () => (await call(app, 'GET', `/api/engagements/${a}/access`)).json;
    const before = await read();
    expect(find(before, 'SOD-P2P-03', 'user', 'Ana Ruiz')).toBeDefined();
    expect(await read()).toEqual(before);
    const listings = await listListings(ctx.db, a);
    expect(await currentRows(ctx.db, a, listings, currentSystems(listings))).toBe(kept);
    // the rows kept from the upload are the rows stored: read back from the database, the analysis is the same
    forgetRows(a);
    expect(await read()).toEqual(before);
    expect(keptRows(a)).not.toBe(kept);

    // a re-extraction without Ana's Payment Release role: read afresh, and it supersedes the first
    const fixed = await netsuiteReExtracted();
    const second = await send(app, `/api/engagements/${a}/access/listings`, fixed, 'netsuite-2026-11-20.xlsx');
    expect(second.status).toBe(201);
    expect(keptRows(a)?.access).toHaveLength(rows - 1);
    expect(find(await read(), 'SOD-P2P-03', 'user', 'Ana Ruiz')).toBeUndefined();

    // deleting the re-extraction makes the first listing current again: Ana's conflict is back
    expect((await call(app, 'DELETE', `/api/engagements/${a}/access/listings/${second.json.id}`)).status).toBe(200);
    expect(keptRows(a)).toBeUndefined();
    const again = await read();
    expect(again.listings.map((l: any) => [l.fileName, l.current])).toEqual([['netsuite-users.xlsx', true]]);
    expect(find(again, 'SOD-P2P-03', 'user', 'Ana Ruiz')).toEqual(find(before, 'SOD-P2P-03', 'user', 'Ana Ruiz'));
    expect(keptRows(a)?.access).toHaveLength(rows);
  });

  it('keeps the rows of at most 16 engagements in memory, dropping the least recently used; a dropped one is read again', async () => {
    const { app } = apiFor(dbc.handle);
    const f = await buildTypicalListingSet();
    const ids: string[] = [];
    for (let i = 0; i < 17; i++) {
      const id = await engagement(app, `Client ${i}`);
      expect((await send(app, `/api/engagements/${id}/access/listings`, f.okta, 'okta-admins.csv')).status).toBe(201);
      ids.push(id);
      // reading the first engagement again keeps it recently used
      if (i === 8) expect((await call(app, 'GET', `/api/engagements/${ids[0]}/access`)).status).toBe(200);
    }
    expect(keptRows(ids[0]!)).toBeDefined();
    expect(keptRows(ids[1]!)).toBeUndefined();
    for (const id of ids.slice(2)) expect(keptRows(id)).toBeDefined();
    const again = await call(app, 'GET', `/api/engagements/${ids[1]}/access`);
    expect(again.json.listings.map((l: any) => l.fileName)).toEqual(['okta-admins.csv']);
    expect(again.json.conflicts).toEqual((await call(app, 'GET', `/api/engagements/${ids[2]}/access`)).json.conflicts);
    expect(keptRows(ids[1]!)).toBeDefined();
  });

  it('puts the tasks access decisions call for into the engagement plan, read-only, and takes them out on reopening', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'soc2.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
    const planned = (await call(app, 'GET', `/api/engagements/${id}/plan`)).json.plan.tasks.length;
    const base = `/api/engagements/${id}/access`;
    await uploadAll(app, id, await buildTypicalListingSet());
    // no decision yet: nothing added
    expect((await call(app, 'GET', `/api/engagements/${id}/plan`)).json.plan.tasks).toHaveLength(planned);
    const ana = (await call(app, 'GET', base)).json.conflicts.find((c: any) => c.rule === 'SOD-P2P-03' && c.level === 'user' && c.user?.startsWith('Ana')).key;
    expect((await call(app, 'POST', `${base}/resolutions`, { key: ana, kind: 'remediated', owner: 'NetSuite administrator' })).status).toBe(200);
    const plan = (await call(app, 'GET', `/api/engagements/${id}/plan`)).json.plan;
    expect(plan.tasks).toHaveLength(planned + 1);
    const task = plan.tasks.find((t: any) => t.source === 'access');
    expect(task).toMatchObject({ findingKey: ana, owner: 'NetSuite administrator', phase: 'remediate', start: '2026-11-25' });
    expect(plan.phases.map((p: any) => p.id)).toContain(task.phase);
    // it is not the plan's own task: edited through the decision, not PATCH
    expect((await call(app, 'PATCH', `/api/engagements/${id}/tasks/${encodeURIComponent(task.id)}`, { owner: 'Someone' })).status).toBe(404);
    expect((await call(app, 'DELETE', `${base}/resolutions?key=${encodeURIComponent(ana)}`)).status).toBe(200);
    expect((await call(app, 'GET', `/api/engagements/${id}/plan`)).json.plan.tasks).toHaveLength(planned);
  });
});

describe('access routes are in the OpenAPI document', () => {
  it('lists them', async () => {
    const { openMemoryDatabase } = await import('../../server/db/connect.ts');
    const h = await openMemoryDatabase();
    const doc = (await call(apiFor(h).app, 'GET', '/api/openapi.json')).json;
    await h.close();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/engagements/{id}/access',
        '/api/engagements/{id}/access/listings',
        '/api/engagements/{id}/access/listings/{listingId}',
        '/api/engagements/{id}/access/roster',
        '/api/engagements/{id}/access/duty-map',
        '/api/engagements/{id}/access/duty-map/templates',
        '/api/engagements/{id}/access/simulate',
        '/api/engagements/{id}/access/resolutions',
      ]),
    );
  });
});
