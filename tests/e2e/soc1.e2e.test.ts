// The SOC 1 register screen in Chromium: the profile's service organisation is listed open, an editor records a
// Type 2 report, sees the bridge letter it needs (for which dates), adds the letter and a CUEC mapped to a control
// and an owner, saves, and the organisation is in place; the analysis follows (SVC targets lose the register finding).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx, TYPICAL_SAAS_ROWS } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, screenshot, startApp, type Running } from './harness.ts';

describe('SOC 1 register in Chromium', () => {
  let app: Running;
  let id = '';
  beforeAll(async () => {
    app = await startApp();
    // IPO 2027-05-15, FYE 12-31: the first §404(a) year is FY2028 (2028-01-01..2028-12-31).
    id = await apiCreateEngagement(app.base, { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25', serviceOrganizations: ['ADP'] });
    await apiImport(app.base, id, await buildTypicalSaasXlsx(), 'soc2.xlsx');
  }, 120_000);
  afterAll(async () => app?.stop());

  it('records a report, shows the bridge letter needed, maps a CUEC and saves', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/soc1`);
    await page.getByRole('heading', { name: 'SOC 1 register' }).waitFor();
    const org = page.locator('.soc1-org[data-org="ADP"]');
    expect(await org.locator('[data-status]').getAttribute('data-status')).toBe('open');
    expect(await org.locator('.soc1-missing').textContent()).toContain('no SOC 1 report is recorded');

    await page.getByLabel('ADP report type').selectOption('type2');
    await page.getByLabel('ADP period start').fill('2027-10-01');
    await page.getByLabel('ADP period end').fill('2028-09-30');
    await page.getByRole('button', { name: 'Save register' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    // Oct 1–Dec 31 2028 = 31 + 30 + 31 = 92 days after the period end need a bridge letter.
    expect(await org.locator('.soc1-bridge').textContent()).toBe('needed, not obtained — needed for 2028-10-01 to 2028-12-31 (92 days)');
    expect(await org.locator('[data-status]').getAttribute('data-status')).toBe('open');

    await page.getByLabel('ADP bridge letter through').fill('2028-12-31');
    await page.getByRole('button', { name: 'Add CUEC to ADP' }).click();
    await page.getByLabel('ADP CUEC 1 text').fill('Review the payroll register each pay run');
    await page.getByLabel('ADP CUEC 1 control').fill(TYPICAL_SAAS_ROWS[0]![0]!);
    await page.getByLabel('ADP CUEC 1 owner').fill('Payroll manager');
    await page.getByRole('button', { name: 'Save register' }).click();
    await org.locator('[data-status="in-place"]').waitFor();
    expect(await org.locator('.soc1-bridge').textContent()).toBe('obtained — needed for 2028-10-01 to 2028-12-31 (92 days)');
    await screenshot(page, 'soc1-register');

    // Stored, and the analysis follows: no target carries an open register finding any more.
    const reg = (await (await fetch(`${app.base}/api/engagements/${id}/soc1`)).json()) as { entries: { cuecs: { owner: string }[] }[] };
    expect(reg.entries[0]!.cuecs[0]!.owner).toBe('Payroll manager');
    const a = (await (await fetch(`${app.base}/api/engagements/${id}/analysis`)).json()) as { soc1: { complete: boolean }[]; delta: { items: { reasons: { code: string; finding: string }[] }[] } };
    expect(a.soc1.map((s) => s.complete)).toEqual([true]);
    expect(a.delta.items.flatMap((i) => i.reasons).filter((r) => r.code === 'soc1-reliance' && r.finding.startsWith('SOC 1 register:'))).toEqual([]);

    // A reload shows what was saved.
    await page.reload();
    await page.locator('.soc1-org[data-org="ADP"] [data-status="in-place"]').waitFor();
    expect(await page.getByLabel('ADP CUEC 1 owner').inputValue()).toBe('Payroll manager');
  }, 120_000);
});
