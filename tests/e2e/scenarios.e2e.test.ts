// The Scenarios screen in Chromium: add two variants, compare, see scenarios in columns and milestones in rows with
// what moved highlighted, adopt one (the profile changes, audited); and the S-1 period on the set-up screen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, screenshot, startApp, type Running } from './harness.ts';

describe('Scenarios screen in Chromium', () => {
  let app: Running;
  let id = '';
  beforeAll(async () => {
    app = await startApp();
    id = await apiCreateEngagement(app.base, { companyName: 'Acme Cloud', ipoDate: '2027-05-15', planStart: '2026-11-25', filerStatus: 'accelerated', financialSystems: ['NetSuite'] });
    await apiImport(app.base, id, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
  }, 180_000);
  afterAll(async () => app?.stop());

  it('compares variants side by side, highlights what moved, and adopts one', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/scenarios`);
    await page.getByRole('heading', { name: 'Scenarios' }).waitFor();
    await page.getByText('No scenarios yet').waitFor();

    await page.locator('#vary-field').selectOption('ipoDate');
    await page.locator('#vary-value').fill('2028-03-01');
    await page.getByRole('button', { name: 'Add scenario' }).click();
    await page.locator('#vary-field').selectOption('filerStatus');
    await page.locator('#vary-value').fill('large-accelerated');
    await page.getByRole('button', { name: 'Add scenario' }).click();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('table.scenario-table').waitFor();

    // scenarios in columns, baseline first; milestones in rows
    expect(await page.locator('table.scenario-table thead th').allTextContents()).toEqual(['Milestone', 'baseline', 'ipoDate=2028-03-01', 'filerStatus=large-accelerated']);
    const rows = await page.locator('table.scenario-table tbody th[scope="row"]').allTextContents();
    expect(rows.slice(0, 7)).toEqual(['Latest period in the S-1', 'First 10-Q', 'First §302 certification', 'First 10-K', 'First §404(a) report', 'First §404(b) attestation', 'EGC status ends']);

    // IPO 2028-03-01: the S-1 lacks FY2027 (61 days < 90) → period 2027-09-30; first 10-Q Q1 2028, due 2028-05-15: moved
    const q = page.locator('tr[data-milestone="first10Q"] td[data-scenario="ipoDate=2028-03-01"]');
    expect(await q.textContent()).toBe('due 2028-05-15 · period 2028-03-31 moved');
    expect(await q.getAttribute('class')).toBe('moved');
    const baseQ = page.locator('tr[data-milestone="first10Q"] td[data-scenario="baseline"]');
    expect(await baseQ.getAttribute('class')).toBeNull();
    const bg = (sel: typeof q) => sel.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await bg(q)).not.toBe(await bg(baseQ));
    // large accelerated at 2028-12-31: 404(b) with the first 404(a), due 2029-03-01 (+60)
    const b = page.locator('tr[data-milestone="first404b"] td[data-scenario="filerStatus=large-accelerated"]');
    expect(await b.textContent()).toBe('due 2029-03-01 · period 2028-12-31 moved');
    // unchanged: the large-accelerated scenario keeps the baseline's first 10-Q
    expect(await page.locator('tr[data-milestone="first10Q"] td[data-scenario="filerStatus=large-accelerated"]').getAttribute('class')).toBeNull();
    await screenshot(page, 'scenarios');

    // the profile did not change by comparing; adopting changes it and is audited
    expect(((await (await fetch(`${app.base}/api/engagements/${id}`)).json()) as { profile: { filerStatus: string } }).profile.filerStatus).toBe('accelerated');
    await page.getByRole('button', { name: 'Adopt filerStatus=large-accelerated' }).click();
    await page.getByRole('status').filter({ hasText: 'Adopted' }).waitFor();
    expect(((await (await fetch(`${app.base}/api/engagements/${id}`)).json()) as { profile: { filerStatus: string } }).profile.filerStatus).toBe('large-accelerated');
    const audit = (await (await fetch(`${app.base}/api/engagements/${id}/audit`)).json()) as { entries?: { action: string }[] };
    expect(JSON.stringify(audit)).toContain('scenario.adopt');
  });

  it('shows the S-1 period default on the set-up screen, and saves a given one', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/setup`);
    await page.locator('#s1PeriodEnd').waitFor();
    // IPO 2027-05-15: 2027-03-31 is exactly 45 days before → the default
    await page.locator('#hint-s1').filter({ hasText: 'Default: 2027-03-31' }).waitFor();
    // an S-1 with the audited FY2026 (2026-12-31): the first 10-Q becomes Q1 2027 (03-31), due later of 06-29 and 05-15
    await page.locator('#s1PeriodEnd').fill('2026-12-31');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(/Saved at .* recalculated/).waitFor();
    const stored = (await (await fetch(`${app.base}/api/engagements/${id}`)).json()) as { profile: { s1PeriodEnd: string } };
    expect(stored.profile.s1PeriodEnd).toBe('2026-12-31');
    const tl = (await (await fetch(`${app.base}/api/engagements/${id}/analysis`)).json()) as { timeline: { first10Q: { periodEnd: string; due: string } } };
    expect(tl.timeline.first10Q).toMatchObject({ periodEnd: '2027-03-31', due: '2027-06-29' });
  });
});
