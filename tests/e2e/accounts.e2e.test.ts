// Accounts in Chromium against the real server: the first owner is added with the command line (the server then
// asks for sign-in); an advisor with two client workspaces sees only the right data in each; a board member invited
// as viewer opens the timeline, exports a read-only workbook, and finds no way to edit — and the server refuses a
// write sent by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, cli, screenshot, startApp, type Running } from './harness.ts';

const ADVISOR = { email: 'avery@firm.example', password: 'advisor passphrase 2026' };
const BOARD = { email: 'bo.board@alpha.example', password: 'board member passphrase' };

async function headersOf(page: Page, base: string): Promise<Record<string, string>> {
  const cookie = (await page.context().cookies(base)).map((c) => `${c.name}=${c.value}`).join('; ');
  const s = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': s.csrfToken };
}

describe('accounts, workspaces and roles in Chromium', () => {
  let app: Running;
  let board: BrowserContext;
  const ids = { alpha: '', beta: '', workspaceA: '', workspaceB: '' };
  let inviteLink = '';
  beforeAll(async () => {
    app = await startApp({ seedDemo: false });
  }, 120_000);
  afterAll(async () => {
    await board?.close().catch(() => {});
    await app?.stop();
  });

  it('an advisor with two client workspaces sees only the right data in each', { timeout: 180_000 }, async () => {
    const { page, base } = app;
    await page.goto(base);
    await page.getByText('Local mode · this computer only').waitFor();
    expect(cli(app.dataDir, ['user', 'add', '--owner', ADVISOR.email, '--name', 'Avery Advisor', '--password', ADVISOR.password])).toMatch(/requires sign-in/);

    // The running server now asks for sign-in.
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('E-mail').fill(ADVISOR.email);
    await page.getByLabel('Password').fill('not the passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('the e-mail or the password is not right').waitFor();
    await screenshot(page, 'accounts-sign-in');
    await page.getByLabel('Password').fill(ADVISOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByText('Avery Advisor').isVisible()).toBe(true);

    // Two client workspaces, made in the UI.
    await page.getByRole('link', { name: 'Members' }).click();
    for (const name of ['Client A', 'Client B']) {
      await page.getByLabel('Client name').fill(name);
      await page.getByRole('button', { name: 'Create workspace' }).click();
      await page.getByRole('heading', { name: `Members of ${name}` }).waitFor();
    }
    const spaces = (await (await fetch(`${base}/api/workspaces`, { headers: await headersOf(page, base) })).json()) as { workspaces: { id: string; name: string }[] };
    ids.workspaceA = spaces.workspaces.find((w) => w.name === 'Client A')?.id ?? '';
    ids.workspaceB = spaces.workspaces.find((w) => w.name === 'Client B')?.id ?? '';
    const h = await headersOf(page, base);
    ids.alpha = await apiCreateEngagement(base, { companyName: 'Alpha Corp', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', financialSystems: ['NetSuite', 'ADP'] }, h, ids.workspaceA);
    await apiImport(base, ids.alpha, await buildTypicalSaasXlsx(), 'alpha-soc2.xlsx', h);
    ids.beta = await apiCreateEngagement(base, { companyName: 'Beta Inc', ipoDate: '2027-09-30' }, h, ids.workspaceB);

    const switcher = page.getByRole('combobox', { name: 'Workspace' });
    const companies = () => page.locator('table.grid tbody td:first-child a').allTextContents();
    await switcher.selectOption({ label: 'Client A (owner)' });
    await page.getByRole('heading', { name: 'Engagements · Client A' }).waitFor();
    await expect.poll(companies).toEqual(['Alpha Corp']);
    await switcher.selectOption({ label: 'Client B (owner)' });
    await page.getByRole('heading', { name: 'Engagements · Client B' }).waitFor();
    await expect.poll(companies).toEqual(['Beta Inc']);
    await screenshot(page, 'accounts-advisor-client-b');

    // The advisor (owner, so also a reviewer) marks Alpha's plan reviewed with a comment.
    await page.goto(`${base}/#/e/${ids.alpha}/board`);
    await page.getByRole('heading', { name: /SOX readiness for the board/ }).waitFor();
    await page.getByLabel('Comment').fill('Timeline agreed with the audit committee chair');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.getByRole('button', { name: 'Mark reviewed' }).click();
    await page.getByText(`✔ Reviewed by ${ADVISOR.email}`).waitFor();

    // The advisor invites the board member of Client A as a viewer; the one-time link is shown once.
    await switcher.selectOption({ label: 'Client A (owner)' });
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members of Client A' }).waitFor();
    await page.getByLabel('E-mail').fill(BOARD.email);
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create invitation link' }).click();
    inviteLink = await page.getByLabel('Invitation link').inputValue();
    expect(inviteLink).toMatch(new RegExp(`^${base}/#/invite/[A-Za-z0-9_-]{43}$`));
    // the owner sees it pending (without its link), and could revoke it
    await page.getByRole('heading', { name: 'Pending invitations (1)' }).waitFor();
    await screenshot(page, 'accounts-members');
    expect(await page.getByRole('button', { name: `Revoke the invitation for ${BOARD.email}` }).isVisible()).toBe(true);
    expect(await page.locator('table', { hasText: BOARD.email }).last().innerText()).not.toContain(inviteLink.split('/').pop() ?? '?');
  });

  it('a board viewer opens the timeline, exports it read-only, and finds no way to edit', { timeout: 180_000 }, async () => {
    const { base } = app;
    board = await app.browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, locale: 'en-GB', timezoneId: 'America/New_York' });
    const page = await board.newPage();
    await page.goto(inviteLink);
    await page.getByRole('heading', { name: 'Join Client A' }).waitFor();
    expect(await page.getByText('viewer (reads and exports)').isVisible()).toBe(true);
    await page.getByLabel('Your name').fill('Bo Board');
    await page.getByLabel(/Choose a password/).fill(BOARD.password);
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // Only Client A, only Alpha; no way to create.
    expect(await page.getByRole('combobox', { name: 'Workspace' }).locator('option').allTextContents()).toEqual(['Client A (viewer)']);
    await expect.poll(() => page.locator('table.grid tbody td:first-child a').allTextContents()).toEqual(['Alpha Corp']);
    expect(await page.getByRole('link', { name: /New engagement/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Archive/ }).count()).toBe(0);

    // The timeline, on the board view.
    await page.getByRole('link', { name: 'Alpha Corp' }).click();
    await page.getByText('viewer · read-only').waitFor();
    expect(await page.getByRole('navigation', { name: 'Engagement' }).getByRole('link').allTextContents()).not.toContain('Import');
    await page.getByRole('link', { name: 'Board view' }).click();
    await page.getByRole('heading', { name: /SOX readiness for the board/ }).waitFor();
    expect(await page.locator('svg.phase-timeline .pt-phase').count()).toBe(8);
    expect(await page.getByRole('button', { name: 'Mark reviewed' }).count()).toBe(0);
    expect(await page.getByText(`✔ Reviewed by ${ADVISOR.email}`).isVisible()).toBe(true);
    expect(await page.getByText('Timeline agreed with the audit committee chair').isVisible()).toBe(true);
    await screenshot(page, 'accounts-board-viewer');

    // Export: a read-only workbook that names who made it.
    await page.getByRole('link', { name: 'Export & re-import' }).click();
    await page.getByRole('button', { name: 'Export workbook' }).click();
    const link = page.getByRole('link', { name: /^Download .+\.xlsx$/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = join(app.dataDir, 'board-copy.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('Timeline');
    for (const ws of wb.worksheets) expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet, ws.name).toBe(true);
    expect(String(wb.getWorksheet('Summary')?.getCell('A2').value)).toContain(`by ${BOARD.email}`);
    expect(await page.getByRole('heading', { name: /Re-import/ }).count()).toBe(0);
    await expect.poll(() => page.locator('.exports-screen table.grid tbody tr').first().innerText()).toContain(BOARD.email);

    // No edit controls anywhere: the set-up is read-only, a task opens without Save.
    await page.getByRole('link', { name: 'Set-up' }).click();
    await page.getByText('You can read this profile').waitFor();
    expect(await page.getByLabel('Company name').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Save changes/ }).count()).toBe(0);
    await page.getByRole('link', { name: 'Plan', exact: true }).click();
    await page.locator('.gantt [role="treeitem"]').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByText('You can read this task').waitFor();
    expect(await page.locator('.task-form').getByLabel('Owner').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Access SoD' }).click();
    // Wait for the page to have loaded the analysis (its body or its empty state), then look for the write buttons.
    await page.getByText('No access listing yet').or(page.getByRole('heading', { name: 'Conflicts by user and rule' })).waitFor();
    expect(await page.getByRole('heading', { name: 'Access SoD' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /Upload|Decide|Record/ }).count()).toBe(0);

    // The server refuses a write sent by hand from the viewer's own page, and hides the other client.
    const status = await page.evaluate(async (id) => {
      const s = (await (await fetch('/api/session')).json()) as { csrfToken: string };
      const r = await fetch(`/api/engagements/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-csrf-token': s.csrfToken }, body: JSON.stringify({ ipoDate: '2027-12-31' }) });
      return r.status;
    }, ids.alpha);
    expect(status).toBe(403);
    await page.goto(`${base}/#/e/${ids.beta}/board`);
    await page.getByText('no such engagement').waitFor();

    // Signing out ends the session.
    await page.goto(`${base}/#/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await page.evaluate(async () => (await fetch('/api/engagements')).status))).toBe(401);
  });
});
