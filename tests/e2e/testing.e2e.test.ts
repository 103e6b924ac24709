// The Testing screen in Chromium: record a failed test of operating effectiveness and see the deficiency, its rating
// with the reasoning, and its remediation, operation and retest tasks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, screenshot, startApp, type Running } from './harness.ts';

describe('Testing screen in Chromium', () => {
  let app: Running;
  let id = '';
  beforeAll(async () => {
    app = await startApp();
    id = await apiCreateEngagement(app.base, { companyName: 'Acme Cloud', ipoDate: '2027-09-25', planStart: '2026-11-25', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', financialSystems: ['NetSuite', 'ADP'], materiality: 1000000 });
    await apiImport(app.base, id, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
  }, 180_000);
  afterAll(async () => app?.stop());

  it('records a failed test and shows the deficiency, its rating and its remediation and retest tasks', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/testing`);
    await page.getByRole('heading', { name: 'Testing' }).waitFor();
    expect(await page.getByText('No deficiency').isVisible()).toBe(true);
    await page.locator('#test-filter').fill('REV-03');
    const row = page.locator('tr[data-test="REV-03-TOE"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('TOE');
    await row.getByRole('button', { name: 'REV-03-TOE' }).click();
    const form = page.getByRole('form', { name: 'Result of REV-03-TOE' });
    await form.locator('input[name="tested"]').fill('2');
    await form.locator('input[name="exceptions"]').fill('1');
    await form.locator('input[name="testedOn"]').fill('2028-03-15');
    await form.getByRole('button', { name: 'Record result' }).click();

    const def = page.locator('li.deficiency[data-id="DEF-REV-03"]');
    await def.waitFor({ timeout: 60_000 });
    expect(await def.locator('.severity').textContent()).toBe('Significant deficiency');
    const text = (await def.textContent()) ?? '';
    expect(text).toMatch(/1 exception in 2 tested/);
    expect(text).toMatch(/Magnitude not weighed/);
    for (const t of ['DEF-REV-03-REM', 'DEF-REV-03-OP', 'DEF-REV-03-RT']) expect(await def.locator(`tr[data-task="${t}"]`).count(), t).toBe(1);
    expect(await def.locator('tr[data-task="DEF-REV-03-RT"]').textContent()).toContain('Retest');
    expect(await def.locator('tr[data-task="DEF-REV-03-REM"]').textContent()).toContain('Remediate');
    expect(await page.locator('tr[data-test="REV-03-TOE"]').getAttribute('class')).toBe('failed');
    await screenshot(page, 'testing-deficiency');
  }, 120_000);
});
