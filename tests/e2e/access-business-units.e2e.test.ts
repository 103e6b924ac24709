// Issue 22 in Chromium: one NetSuite users→roles file per business unit, each uploaded through the form with its unit
// named, plus the roles→permissions file, are one listing set: every file is read, the page names each file's unit
// and what it contributed (the same counts as the API), and a new EMEA file replaces only the EMEA file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETSUITE_ROLE_PERMISSIONS, NETSUITE_USERS, xlsx } from '../fixtures/access-listings.ts';
import { apiCreateEngagement, screenshot, startApp, type Running } from './harness.ts';

const header = NETSUITE_USERS[0]!;
const rowsOf = (people: string[], drop?: (r: string[]) => boolean) => [
  header,
  ...NETSUITE_USERS.slice(1).filter((r) => people.includes(r[0]!) && !drop?.(r)),
];
const usersFile = (rows: string[][]) =>
  xlsx((wb) => {
    const ws = wb.addWorksheet('Users and Roles');
    ws.addRow(['Extracted 2026-10-31']);
    for (const r of rows) ws.addRow(r);
  });

describe('Access listing sets by business unit in Chromium', () => {
  let app: Running;
  beforeAll(async () => {
    app = await startApp();
  }, 120_000);
  afterAll(async () => app?.stop());

  it('two business units both contribute; a new EMEA file replaces only the EMEA file', async () => {
    const { page } = app;
    const id = await apiCreateEngagement(app.base, { companyName: 'Units Co', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
    // EMEA: Ana Ruiz (3 roles) and the NetSuite Admin; US: Carla Diaz (2 roles) and Ben Okafor (1 role)
    const emea = await usersFile(rowsOf(['Ana Ruiz', 'NetSuite Admin']));
    const us = await usersFile(rowsOf(['Carla Diaz', 'Ben Okafor']));
    const perms = await xlsx((wb) => {
      const ws = wb.addWorksheet('Role Permissions');
      for (const r of NETSUITE_ROLE_PERMISSIONS) ws.addRow(r);
    });
    const emea2 = await usersFile(rowsOf(['Ana Ruiz', 'NetSuite Admin'], (r) => r[2] === 'Payment Release'));

    await page.goto(`${app.base}/#/e/${id}/access`);
    await page.getByRole('heading', { name: 'Access SoD' }).waitFor();
    const rows = page.locator('table.access-listings tbody tr');
    const row = (file: string) => rows.filter({ has: page.locator('td.file').getByText(file, { exact: true }) });
    const uploadOne = async (name: string, bytes: Uint8Array, unit: string) => {
      await page.getByLabel('Listing file').setInputFiles({
        name,
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: Buffer.from(bytes),
      });
      await page.getByLabel('System (optional)').fill('NetSuite');
      await page.getByLabel('Business unit (optional)').fill(unit);
      await page.getByRole('button', { name: 'Upload listing' }).click();
      await row(name).waitFor();
    };
    await uploadOne('netsuite-emea.xlsx', emea, 'EMEA');
    await page.getByText('Read netsuite-emea.xlsx (business unit EMEA)').waitFor();
    await uploadOne('netsuite-us.xlsx', us, 'US');
    await uploadOne('netsuite-perms.xlsx', perms, '');
    await page.getByRole('heading', { name: 'Conflicts by user and rule' }).waitFor();

    const api = async () =>
      (await (await fetch(`${app.base}/api/engagements/${id}/access`)).json()) as {
        listings: { fileName: string; contributed: { users: number; roles: number; grants: number; conflicts: number } }[];
      };
    const conflictsOf = (a: Awaited<ReturnType<typeof api>>, file: string) =>
      a.listings.find((l) => l.fileName === file)!.contributed.conflicts;

    expect(await rows.count()).toBe(3);
    expect(await page.locator('table.access-listings .tag', { hasText: 'superseded' }).count()).toBe(0);
    expect(await row('netsuite-emea.xlsx').locator('td.unit').innerText()).toBe('EMEA');
    expect(await row('netsuite-us.xlsx').locator('td.unit').innerText()).toBe('US');
    expect(await row('netsuite-perms.xlsx').locator('td.unit').innerText()).toBe('whole system');
    const a = await api();
    const n = (c: number) => `${c} ${c === 1 ? 'conflict' : 'conflicts'}`;
    // users and roles counted by hand from the rows above; the conflicts are the API's own count, shown as it says
    expect(await row('netsuite-emea.xlsx').locator('td.contributed').innerText()).toBe(`2 users, 4 roles, ${n(conflictsOf(a, 'netsuite-emea.xlsx'))}`);
    expect(await row('netsuite-us.xlsx').locator('td.contributed').innerText()).toBe(`2 users, 3 roles, ${n(conflictsOf(a, 'netsuite-us.xlsx'))}`);
    expect(await row('netsuite-perms.xlsx').locator('td.contributed').innerText()).toBe(`3 roles, 6 role grants, ${n(conflictsOf(a, 'netsuite-perms.xlsx'))}`);
    expect(conflictsOf(a, 'netsuite-emea.xlsx')).toBeGreaterThan(0);
    expect(conflictsOf(a, 'netsuite-us.xlsx')).toBeGreaterThan(0);
    const matrix = page.locator('table.access-matrix');
    const who = await matrix.locator('tbody th[scope=row]').allInnerTexts();
    expect(who.some((u) => u.startsWith('Ana Ruiz'))).toBe(true);
    expect(who.some((u) => u.startsWith('Carla Diaz'))).toBe(true);

    // EMEA re-extracted after remediation: Ana no longer releases payments
    await uploadOne('netsuite-emea-2.xlsx', emea2, 'EMEA');
    await page.locator('table.access-listings tr.superseded', { hasText: 'netsuite-emea.xlsx' }).waitFor();
    expect(await rows.count()).toBe(4);
    expect(await page.locator('table.access-listings .tag', { hasText: 'superseded' }).count()).toBe(1);
    expect(await row('netsuite-emea.xlsx').locator('td.contributes').innerText()).toBe('nothing: replaced by netsuite-emea-2.xlsx');
    const b = await api();
    expect(await row('netsuite-emea-2.xlsx').locator('td.contributed').innerText()).toBe(`2 users, 3 roles, ${n(conflictsOf(b, 'netsuite-emea-2.xlsx'))}`);
    expect(await row('netsuite-us.xlsx').locator('td.contributed').innerText()).toBe(`2 users, 3 roles, ${n(conflictsOf(a, 'netsuite-us.xlsx'))}`);
    expect(conflictsOf(b, 'netsuite-emea-2.xlsx')).toBeLessThan(conflictsOf(a, 'netsuite-emea.xlsx'));
    await row('netsuite-us.xlsx').scrollIntoViewIfNeeded();
    await screenshot(page, 'access-business-units');
  }, 180_000);
});
