// Several listing files of one system are one listing set (issue 22): NetSuite's users→roles file and its
// roles→permissions file, uploaded in either order, give the same conflicts as one workbook holding both sheets; a new
// upload replaces only the earlier file of the same kind, and the page says what each file contributes.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { NETSUITE_ROLE_PERMISSIONS, NETSUITE_USERS, xlsx } from '../fixtures/access-listings.ts';
import { apiFor, call, type Api } from './harness.ts';

async function send(app: Api, path: string, bytes: Uint8Array, name: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), name);
  form.append('system', 'NetSuite');
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
});

