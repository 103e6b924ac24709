// The newcomer's journey on one engagement, in the browser: create it through the form, import the code-built
// typical SaaS matrix through the wizard, confirm, and find what the analysis is for — the SoD conflict of the
// engineering manager and the financial-scope findings on the ITGCs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { screenshot, startApp, type Running } from './harness.ts';

describe('journey: create, import the typical SaaS matrix, see the findings', () => {
  let app: Running;
  beforeAll(async () => {
    app = await startApp({ seedDemo: false });
  }, 120_000);
  afterAll(async () => app?.stop());

  it('takes a finance user from an empty list to the SoD conflict and the financial-scope findings', async () => {
    const { page } = app;
    await page.goto(app.base);
    await page.getByRole('link', { name: '+ New engagement' }).click();
    await page.locator('#companyName').fill('Journey Cloud');
    await page.locator('#ipoDate').fill('2027-05-15');
    await page.locator('#financialSystems').fill('NetSuite, Salesforce Billing, ADP');
    await page.getByRole('button', { name: /Create engagement/ }).click();
    await page.getByRole('heading', { name: 'Import the SOC 2 control matrix' }).waitFor({ timeout: 30_000 });

    const file = join(app.dataDir, 'journey-soc2.xlsx');
    writeFileSync(file, await buildTypicalSaasXlsx());
    await page.setInputFiles('#matrix-file', file);
    await page.getByRole('heading', { name: /Tables found: 29 controls/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Confirm import of 29 controls' }).click();
    await page.getByRole('heading', { name: /Imported journey-soc2/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('link', { name: 'Open the gap analysis →' }).click();

    await page.getByText('9.1%').first().waitFor({ timeout: 30_000 });
    await page.locator('#gf-reason').selectOption('financial-scope');
    const row = page.locator('tr[data-key^="ITGC-AC-"]').first();
    await row.waitFor().catch(async (e) => {
      await screenshot(page, 'journey-debug');
      throw e;
    });
    expect(await row.textContent()).toContain('Financial systems in scope'); // the reason's label; the code stays in the filter
    await screenshot(page, 'journey-gaps');

    await page.getByRole('link', { name: 'SoD', exact: true }).click();
    await page.getByText('Sam Rivera').first().waitFor({ timeout: 30_000 });
    expect(await page.getByText('SOD-IT-01').first().isVisible()).toBe(true);
    await screenshot(page, 'journey-sod');
  }, 180_000);
});
