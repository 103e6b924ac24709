// Issue 22 in Chromium: NetSuite's users→roles file and its roles→permissions file uploaded through the form, in both
// orders, are one listing set: neither is marked superseded, the page says what each contributes, and Ana's conflict
// and the toxic role (which needs the permissions file) are both on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NETSUITE_ROLE_PERMISSIONS, NETSUITE_USERS, xlsx } from '../fixtures/access-listings.ts';
import { apiCreateEngagement, startApp, type Running } from './harness.ts';

describe('Access listing sets in Chromium', () => {
  let app: Running;
  let users: Uint8Array;
  let perms: Uint8Array;
  beforeAll(async () => {
    app = await startApp();
    users = await xlsx((wb) => {
      const ws = wb.addWorksheet('Users and Roles');
      ws.addRow(['Extracted 2026-10-31']);
      for (const r of NETSUITE_USERS) ws.addRow(r);
    });
    perms = await xlsx((wb) => {
      const ws = wb.addWorksheet('Role Permissions');
      for (const r of NETSUITE_ROLE_PERMISSIONS) ws.addRow(r);
    });
  }, 120_000);
  afterAll(async () => app?.stop());

  for (const order of [
    ['users', 'perms'],
    ['perms', 'users'],
  ] as const) {
    it(`${order.join(' then ')}: one set, each file's contribution shown, every conflict kept`, async () => {
      const { page } = app;
      const id = await apiCreateEngagement(app.base, { companyName: `Set ${order[0]}`, ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
      await page.goto(`${app.base}/#/e/${id}/access`);
      await page.getByRole('heading', { name: 'Access SoD' }).waitFor();
      for (const kind of order) {
        const name = `netsuite-${kind}.xlsx`;
        await page.getByLabel('Listing file').setInputFiles({
          name,
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: Buffer.from(kind === 'users' ? users : perms),
        });
        await page.getByLabel('System (optional)').fill('NetSuite');
        await page.getByRole('button', { name: 'Upload listing' }).click();
        await page.locator('table.access-listings tbody tr', { hasText: name }).waitFor();
      }
      await page.getByRole('heading', { name: 'Conflicts by user and rule' }).waitFor();
      const rows = page.locator('table.access-listings tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await page.locator('table.access-listings .tag', { hasText: 'superseded' }).count()).toBe(0);
      expect(await rows.filter({ hasText: 'netsuite-users.xlsx' }).locator('td.contributes').innerText()).toBe('users and their roles');
      expect(await rows.filter({ hasText: 'netsuite-perms.xlsx' }).locator('td.contributes').innerText()).toBe('what each role grants');
      const matrix = page.locator('table.access-matrix');
      const who = await matrix.locator('tbody th[scope=row]').allInnerTexts();
      expect(who.some((u) => u.startsWith('Ana Ruiz'))).toBe(true);
      expect(who.some((u) => u.startsWith('Carla Diaz'))).toBe(true);
    }, 120_000);
  }
});
