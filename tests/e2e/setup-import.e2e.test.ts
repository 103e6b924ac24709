// Creating an engagement through the form with live SEC milestones, then the import wizard on a real client-like
// workbook: tables, mapping beside the rows as read, a mapping change, confirm, summary; and a bad file's message.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, screenshot, startApp, type Running } from './harness.ts';

const MATRIX = join(ROOT, 'tests', 'fixtures', 'real', 'robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx');
// Sticky headers are drawn where the scroll left them: full-page screenshots are taken from the top.
const top = (page: Page) => page.evaluate(() => window.scrollTo(0, 0));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('engagement set-up and the import wizard in Chromium', () => {
  let app: Running;
  let id = '';
  beforeAll(async () => {
    app = await startApp();
  }, 120_000);
  afterAll(async () => app?.stop());

  const m404b = () => app.page.locator('[data-milestone="first404b"]');
  const waitFor404b = async (text: string) => {
    await app.page.waitForFunction((t) => document.querySelector('[data-milestone="first404b"]')?.textContent?.includes(t) ?? false, text, { timeout: 10_000 });
  };

  it('creates an engagement through the form, with the milestones live beside it', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/new`);
    await page.getByLabel('Company name').fill('Rob Parker Inc');
    // Defaults are shown with their basis before anything is typed.
    await page.getByText('Assumed until you say otherwise').waitFor();
    expect(await page.locator('.ms-defaults').textContent()).toContain('plan start + 12 months');
    expect(await page.locator('.ms-defaults').textContent()).toContain('inventory');
    expect(await page.getByLabel('Inventory').isChecked()).toBe(false);

    await page.getByLabel('IPO date').fill('2026-09-15');
    await page.getByRole('radio', { name: 'No', exact: true }).check();
    await page.getByRole('radio', { name: 'Accelerated filer', exact: true }).check();
    await page.waitForFunction(() => document.querySelector('[data-milestone="first10Q"]')?.textContent?.includes('Q3 FY2026') ?? false);
    expect(await page.locator('[data-milestone="first10Q"]').textContent()).toContain('16 Nov 2026');
    expect(await page.locator('[data-milestone="first10K"]').textContent()).toContain('31 Mar 2027');
    expect(await page.locator('[data-milestone="first404a"]').textContent()).toContain('15 Mar 2028');
    await waitFor404b('15 Mar 2028');
    expect(await m404b().textContent()).toContain('75 days after year end');

    // Non-accelerated: no auditor attestation at all.
    await page.getByRole('radio', { name: 'Non-accelerated filer', exact: true }).check();
    await waitFor404b('does not apply');
    expect(await m404b().textContent()).toContain('never while non-accelerated');

    // Large accelerated: 404(b) comes back, 60 days after year end.
    await page.getByRole('radio', { name: 'Large accelerated filer', exact: true }).check();
    await waitFor404b('29 Feb 2028');
    expect(await m404b().textContent()).not.toContain('does not apply');

    // As an EGC staying accelerated, 404(b) waits for the fifth anniversary; an EGC end year pulls it forward.
    await page.getByRole('radio', { name: 'Yes', exact: true }).check();
    await page.getByRole('radio', { name: 'Accelerated filer', exact: true }).check();
    await waitFor404b('FY2031');
    await page.getByLabel('EGC end year (optional)').fill('2028');
    await waitFor404b('FY2028');
    expect(await page.locator('[data-milestone="egcEnds"]').textContent()).toContain('FY2028');

    // Invalid input: the server's message next to the field.
    await page.getByLabel('IPO date').fill('1985-01-01');
    const err = page.locator('#err-ipoDate');
    await err.waitFor();
    expect(await err.textContent()).toContain('outside');
    expect(await page.getByLabel('IPO date').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('IPO date').fill('2026-09-15');
    await err.waitFor({ state: 'detached' });

    await page.getByLabel('Financial systems').fill('NetSuite, Stripe\nADP Workforce');
    await waitFor404b('FY2028');
    await page.waitForFunction(() => document.querySelector('.ms-panel [role="status"]')?.textContent === '');
    await top(page);
    await screenshot(page, 'setup');

    await page.getByRole('button', { name: 'Create engagement' }).click();
    await page.waitForURL(/#\/e\/[^/]+\/import$/);
    id = decodeURIComponent(/#\/e\/([^/]+)\/import/.exec(page.url())![1]!);
    const stored = (await (await fetch(`${app.base}/api/engagements/${id}`)).json()) as { companyName: string; profile: Record<string, unknown> };
    expect(stored.companyName).toBe('Rob Parker Inc');
    expect(stored.profile).toMatchObject({ ipoDate: '2026-09-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', egcEndsFiscalYear: 2028, financialSystems: ['NetSuite', 'Stripe', 'ADP Workforce'] });
    expect(stored.profile.cyclesInScope).not.toContain('inventory');
  });

  it('imports the workbook: tables, mapping beside the rows as read, a changed column, confirm, summary', async () => {
    const { page } = app;
    await page.getByRole('heading', { name: 'Import the SOC 2 control matrix' }).waitFor();
    await page.setInputFiles('#matrix-file', MATRIX);
    // A mapping workbook (SOC 2 <-> NIST with relationship columns): its 37 NIST controls, with the criteria they map to.
    await page.getByRole('heading', { name: /Tables found: 37 controls in 1 sheet/ }).waitFor({ timeout: 30_000 });
    const tables = await page.locator('section[aria-labelledby="tables-heading"] table').textContent();
    expect(tables).toContain('SOC2 to NIST Mapping');
    expect(tables).toContain('42 data rows (2–43)');
    expect(tables).toContain("repeats 42 of 42 rows of 'SOC2 to NIST Mapping'");

    // The proposal: A is criteria, C is kept as an extra column; the first row as read is NIST SA-2 with its name.
    expect(await page.getByLabel('A SOC2_Control').inputValue()).toBe('criteria');
    const trust = page.getByLabel('C SOC2_Trust_Service');
    expect(await trust.inputValue()).toBe('');
    const firstRow = page.locator('.preview-rows tbody tr').first();
    expect(await firstRow.textContent()).toContain('CC1.1');
    expect(await firstRow.locator('td').nth(2).textContent()).toBe('Allocation of Resources');

    // Read column C as the title, and at once K as the status: the server re-reads with both changes and the
    // preview shows the titles; the dropdowns keep what was picked while it works.
    const notes = page.getByLabel('K SaaS_Notes');
    await trust.selectOption('title');
    await notes.selectOption('status');
    expect(await trust.inputValue()).toBe('title');
    await page.waitForFunction(() => document.querySelector('.preview-rows tbody tr td:nth-child(3)')?.textContent === 'Security');
    await page.waitForFunction(() => document.querySelector('.busy-line')?.textContent === '');
    expect(await trust.inputValue()).toBe('title');
    expect(await notes.inputValue()).toBe('status');
    expect(await page.locator('tr.changed').count()).toBe(2);
    expect(await page.locator('tr.changed').first().textContent()).toContain('set by you');
    // Choosing the proposal again drops that change.
    await notes.selectOption('');
    await page.waitForFunction(() => document.querySelectorAll('tr.changed').length === 1);

    // Issues grouped by kind, expandable to the place.
    const group = page.locator('details.issue-group', { has: page.locator('summary [data-code="sheet-duplicate"]') });
    await group.locator('summary').click();
    expect(await group.locator('table').isVisible()).toBe(true);
    await top(page);
    await screenshot(page, 'import-mapping');

    await page.getByLabel('Save this mapping for Rob Parker Inc').check();
    await page.getByLabel('Name of the saved mapping').fill('NIST crosswalk');
    await page.getByRole('button', { name: 'Confirm import of 37 controls' }).click();
    await page.getByRole('heading', { name: /Imported robparker29/ }).waitFor({ timeout: 30_000 });
    expect(await page.locator('.import-done').textContent()).toContain('37 controls stored and analysed');
    expect(await page.locator('.import-done').textContent()).toContain('saved as “NIST crosswalk”');
    await screenshot(page, 'import-summary');
    const gaps = page.getByRole('link', { name: 'Open the gap analysis →' });
    expect(await gaps.getAttribute('href')).toBe(`#/e/${encodeURIComponent(id)}/gaps`);
    const controls = (await (await fetch(`${app.base}/api/engagements/${id}/controls`)).json()) as { controls: { title: string }[] };
    expect(controls.controls).toHaveLength(37);
    expect(controls.controls[0]!.title).toBe('Security');
  });

  it('applies the saved mapping to the same file next time', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Import another file' }).click();
    await page.setInputFiles('#matrix-file', MATRIX);
    await page.getByText('Your saved mapping “NIST crosswalk” for Rob Parker Inc was applied').waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('C SOC2_Trust_Service').inputValue()).toBe('title');
  });

  it("shows a bad file's specific message, not a generic failure", async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Choose a different file' }).click();
    await page.setInputFiles('#matrix-file', { name: 'controls.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: PNG });
    const alert = page.locator('.upload-error [role="alert"]');
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('"controls.xlsx" is a PNG image, not a spreadsheet');
    expect(text).toContain('Fix the file');
    expect(text.toLowerCase()).not.toContain('something went wrong');
    // The drop zone stays, keyboard reachable, to try another file.
    await page.locator('#matrix-file').focus();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('matrix-file');
    await screenshot(page, 'import-error');
  });

  it('saves a profile change on the Set-up tab with a confirmation', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${encodeURIComponent(id)}/setup`);
    expect(await page.getByLabel('Company name').inputValue()).toBe('Rob Parker Inc');
    expect(await page.getByLabel('Financial systems').inputValue()).toBe('NetSuite\nStripe\nADP Workforce');
    await page.getByRole('radio', { name: 'Non-accelerated filer', exact: true }).check();
    await waitFor404b('does not apply');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Saved at .* recalculated/).waitFor();
    await top(page);
    await screenshot(page, 'setup-saved');
    const stored = (await (await fetch(`${app.base}/api/engagements/${id}`)).json()) as { profile: { filerStatus: string } };
    expect(stored.profile.filerStatus).toBe('non-accelerated');
  });
});

