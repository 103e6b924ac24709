// Several listing files of one system are one listing set (issue 22): NetSuite's users→roles file and its
// roles→permissions file, uploaded in either order, give the same conflicts as one workbook holding both sheets; a new
// upload replaces only the earlier file of the same kind, and the page says what each file contributes.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { NETSUITE_ROLE_PERMISSIONS, NETSUITE_USERS, xlsx } from '../fixtures/access-listings.ts';
import { apiFor, call, type Api } from './harness.ts';

async function send(app: Api, path: string, bytes: Uint8Array, name: string, businessUnit?: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), name);
  form.append('system', 'NetSuite');
  if (businessUnit !== undefined) form.append('businessUnit', businessUnit);
  const res = await app.request(path, { method: 'POST', body: form });
  return { status: res.status, json: (await res.json()) as any };
}

async function engagement(app: Api): Promise<string> {
  const r = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15' });
  return r.json.id as string;
}

const usersFile = (rows = NETSUITE_USERS) =>
  xlsx((wb) => {
    const ws = wb.addWorksheet('Users and Roles');
    ws.addRow(['Extracted 2026-10-31']);
    for (const r of rows) ws.addRow(r);
  });
const permsFile = () =>
  xlsx((wb) => {
    const ws = wb.addWorksheet('Role Permissions');
    for (const r of NETSUITE_ROLE_PERMISSIONS) ws.addRow(r);
  });
const bothFile = () =>
  xlsx((wb) => {
    const u = wb.addWorksheet('Users and Roles');
    u.addRow(['Extracted 2026-10-31']);
    for (const r of NETSUITE_USERS) u.addRow(r);
    const p = wb.addWorksheet('Role Permissions');
    for (const r of NETSUITE_ROLE_PERMISSIONS) p.addRow(r);
  });

const brief = (a: any) => a.conflicts.map((c: any) => `${c.rule} ${c.level} ${c.user ?? c.role}`).sort();

forEachDatabase('API access listing sets', (dbc) => {
  it('users→roles then roles→permissions, and the other way round, read like one workbook', async () => {
    const { app } = apiFor(dbc.handle);
    const one = await engagement(app);
    expect((await send(app, `/api/engagements/${one}/access/listings`, await bothFile(), 'netsuite.xlsx')).status).toBe(201);
    const expected = brief((await call(app, 'GET', `/api/engagements/${one}/access`)).json);
    // the toxic role comes from the permissions sheet: without it the set would be incomplete
    expect(expected.some((c: string) => c.includes('role Finance Power User'))).toBe(true);

    for (const order of [
      ['users', 'perms'],
      ['perms', 'users'],
    ] as const) {
      const id = await engagement(app);
      for (const kind of order) {
        const file = kind === 'users' ? await usersFile() : await permsFile();
        expect((await send(app, `/api/engagements/${id}/access/listings`, file, `netsuite-${kind}.xlsx`)).status).toBe(201);
      }
      const a = (await call(app, 'GET', `/api/engagements/${id}/access`)).json;
      expect(brief(a), order.join(' then ')).toEqual(expected);
      expect(a.listings.map((l: any) => [l.fileName, l.current, l.contributes])).toEqual(
        order.map((k) => [`netsuite-${k}.xlsx`, true, [k === 'users' ? 'users' : 'grants']]),
      );
    }
  });

  it('a new users file replaces only the earlier users file, not the permissions file', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    const base = `/api/engagements/${id}/access/listings`;
    expect((await send(app, base, await usersFile(), 'netsuite-users.xlsx')).status).toBe(201);
    expect((await send(app, base, await permsFile(), 'netsuite-perms.xlsx')).status).toBe(201);
    const fewer = NETSUITE_USERS.filter((r) => !(r[0] === 'Ana Ruiz' && r[2] === 'Payment Release'));
    expect((await send(app, base, await usersFile(fewer), 'netsuite-users-2.xlsx')).status).toBe(201);
    const a = (await call(app, 'GET', `/api/engagements/${id}`.concat('/access'))).json;
    expect(a.listings.map((l: any) => [l.fileName, l.current, l.contributes])).toEqual([
      ['netsuite-users.xlsx', false, []],
      ['netsuite-perms.xlsx', true, ['grants']],
      ['netsuite-users-2.xlsx', true, ['users']],
    ]);
    expect(brief(a).some((c: string) => c.includes('role Finance Power User'))).toBe(true);
  });

  // One users→roles file per business unit (the unit named on upload). EMEA: Ana Ruiz (A/P Clerk, Vendor Maintenance,
  // Payment Release) and the NetSuite Admin (Administrator); US: Carla Diaz (Accountant, Controller) and Ben Okafor
  // (Finance Power User). With the roles→permissions file (no unit) they read like the one workbook holding everyone.
  const header = NETSUITE_USERS[0]!;
  const emeaPeople = new Set(['Ana Ruiz', 'NetSuite Admin']);
  const usPeople = new Set(['Carla Diaz', 'Ben Okafor']);
  const unitRows = (people: Set<string>) => [header, ...NETSUITE_USERS.slice(1).filter((r) => people.has(r[0]!))];

  it('one users file per business unit: both contribute; a new EMEA file replaces only the EMEA file', async () => {
    const { app } = apiFor(dbc.handle);
    const one = await engagement(app);
    const all = unitRows(new Set([...emeaPeople, ...usPeople]));
    await send(app, `/api/engagements/${one}/access/listings`, await usersFile(all), 'netsuite-all.xlsx');
    await send(app, `/api/engagements/${one}/access/listings`, await permsFile(), 'netsuite-perms.xlsx');
    const expected = brief((await call(app, 'GET', `/api/engagements/${one}/access`)).json);

    const id = await engagement(app);
    const base = `/api/engagements/${id}/access/listings`;
    const up = await send(app, base, await usersFile(unitRows(emeaPeople)), 'netsuite-emea.xlsx', 'EMEA');
    expect(up.status).toBe(201);
    expect(up.json.businessUnit).toBe('EMEA');
    expect((await send(app, base, await usersFile(unitRows(usPeople)), 'netsuite-us.xlsx', 'US')).status).toBe(201);
    expect((await send(app, base, await permsFile(), 'netsuite-perms.xlsx')).status).toBe(201);
    const a = (await call(app, 'GET', `/api/engagements/${id}/access`)).json;
    expect(brief(a)).toEqual(expected);
    const row = (x: any, file: string) => x.listings.find((l: any) => l.fileName === file);
    expect(a.listings.map((l: any) => [l.fileName, l.businessUnit, l.current, l.contributes])).toEqual([
      ['netsuite-emea.xlsx', 'EMEA', true, ['users']],
      ['netsuite-us.xlsx', 'US', true, ['users']],
      ['netsuite-perms.xlsx', null, true, ['grants']],
    ]);
    // users and roles by hand from the rows above; the permissions file defines 3 roles in 6 rows
    expect(row(a, 'netsuite-emea.xlsx').contributed).toMatchObject({ users: 2, roles: 4, grants: 0 });
    expect(row(a, 'netsuite-us.xlsx').contributed).toMatchObject({ users: 2, roles: 3, grants: 0 });
    expect(row(a, 'netsuite-perms.xlsx').contributed).toMatchObject({ users: 0, roles: 3, grants: 6 });
    for (const f of ['netsuite-emea.xlsx', 'netsuite-us.xlsx', 'netsuite-perms.xlsx'])
      expect(row(a, f).contributed.conflicts, f).toBeGreaterThan(0);

    // EMEA re-extracted after remediation (Ana no longer releases payments), named "emea": the same unit
    const fewer = unitRows(emeaPeople).filter((r) => !(r[0] === 'Ana Ruiz' && r[2] === 'Payment Release'));
    expect((await send(app, base, await usersFile(fewer), 'netsuite-emea-2.xlsx', 'emea')).status).toBe(201);
    const b = (await call(app, 'GET', `/api/engagements/${id}/access`)).json;
    expect(b.listings.map((l: any) => [l.fileName, l.current, l.replacedBy])).toEqual([
      ['netsuite-emea.xlsx', false, 'netsuite-emea-2.xlsx'],
      ['netsuite-us.xlsx', true, null],
      ['netsuite-perms.xlsx', true, null],
      ['netsuite-emea-2.xlsx', true, null],
    ]);
    expect(row(b, 'netsuite-emea.xlsx').contributed).toEqual({ users: 0, roles: 0, grants: 0, conflicts: 0 });
    expect(row(b, 'netsuite-emea-2.xlsx').contributed).toMatchObject({ users: 2, roles: 3 });
    expect(row(b, 'netsuite-us.xlsx').contributed).toEqual(row(a, 'netsuite-us.xlsx').contributed);
    expect(row(b, 'netsuite-emea-2.xlsx').contributed.conflicts).toBeLessThan(row(a, 'netsuite-emea.xlsx').contributed.conflicts);
    // the US people's conflicts are all still there; Ana lost the ones resting on Payment Release
    const us = (x: any) => brief(x).filter((c: string) => / (Carla Diaz|Ben Okafor|Finance Power User)/u.test(c));
    expect(us(b)).toEqual(us(a));
    expect(us(b).length).toBeGreaterThan(0);
    expect(b.conflicts.filter((c: any) => c.user === 'Ana Ruiz').length).toBeLessThan(
      a.conflicts.filter((c: any) => c.user === 'Ana Ruiz').length,
    );

    // a file for no unit is the whole system: it replaces every earlier users file, of every unit
    expect((await send(app, base, await usersFile(all), 'netsuite-all.xlsx')).status).toBe(201);
    const c = (await call(app, 'GET', `/api/engagements/${id}/access`)).json;
    expect(c.listings.filter((l: any) => l.current).map((l: any) => l.fileName)).toEqual(['netsuite-perms.xlsx', 'netsuite-all.xlsx']);
    expect(brief(c)).toEqual(expected);
  });

  it('refuses a business unit name longer than 100 characters, storing nothing', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    const r = await send(app, `/api/engagements/${id}/access/listings`, await usersFile(), 'netsuite.xlsx', 'X'.repeat(101));
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/businessUnit: .*100 characters/u);
    expect((await call(app, 'GET', `/api/engagements/${id}/access`)).json.listings).toEqual([]);
  });
});

