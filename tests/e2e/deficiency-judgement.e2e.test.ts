// The deficiency judgement editor of the Testing screen in Chromium (issue 24): an advisor records the factors of a
// deficiency opened by a failed test and sees the rating and its reasoning follow, then overrides it with a reason.
//
// Hand-worked from REFERENCE §7 / AS 2201.62–.70 / SEC Release 33-8810 (templates/deficiency-severity.json), with the
// profile's materiality 1,000,000 and the significant share of materiality 20% (200,000):
//   no magnitude recorded                           → significant deficiency ("Magnitude not weighed")
//   1,500,000 ≥ 1,000,000, no compensating control  → material weakness (AS 2201.A7)
//   the same with an effective compensating control → significant deficiency (AS 2201.68)
//   150,000 < 200,000                               → deficiency
//   an indicator (restatement)                      → material weakness, whatever the magnitude (AS 2201.69)
//   override without a reason                       → refused; with a reason → the override's rating, the computed one named
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, screenshot, startApp, type Running } from './harness.ts';

describe('Deficiency judgement editor in Chromium', () => {
  let app: Running;
  let id = '';
  beforeAll(async () => {
    app = await startApp();
    id = await apiCreateEngagement(app.base, { companyName: 'Acme Cloud', ipoDate: '2027-09-25', planStart: '2026-11-25', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', financialSystems: ['NetSuite', 'ADP'], materiality: 1000000 });
    await apiImport(app.base, id, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
    // the failed interim test that opens the deficiency (recording it through the screen is tests/e2e/testing.e2e.test.ts)
    const r = await fetch(`${app.base}/api/engagements/${id}/tests/REV-03-TOE`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tested: 2, exceptions: 1, testedOn: '2028-03-15' }) });
    expect(r.status).toBe(200);
  }, 180_000);
  afterAll(async () => app?.stop());

  it('records likelihood, magnitude, compensating control and indicators, and overrides the rating with a reason', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/testing`);
    await page.getByRole('heading', { name: 'Testing' }).waitFor();
    const def = page.locator('li.deficiency[data-id="DEF-REV-03"]');
    const rated = (severity: string) => page.locator(`li.deficiency[data-id="DEF-REV-03"][data-severity="${severity}"]`).waitFor({ timeout: 60_000 });
    await rated('significant-deficiency');
    expect(await def.textContent()).toMatch(/Magnitude not weighed/);
    expect(await def.locator('.weighed').textContent()).toContain('likelihood reasonably possible; magnitude not recorded; no compensating control');

    const form = page.getByRole('form', { name: 'Judgement on DEF-REV-03' });
    const judge = async (fill: () => Promise<void>) => {
      await def.getByRole('button', { name: 'Edit judgement' }).click();
      await form.waitFor();
      await fill();
      await form.getByRole('button', { name: 'Save judgement' }).click();
    };

    // 1,500,000 against materiality 1,000,000, nothing compensates: a material weakness
    await judge(() => form.locator('input[name="magnitude"]').fill('1,500,000'));
    await rated('material-weakness');
    expect(await def.locator('.severity').textContent()).toBe('Material weakness');
    let text = (await def.textContent()) ?? '';
    expect(text).toContain('Potential misstatement 1,500,000 ≥ materiality 1,000,000 (150%).');
    expect(text).toContain('No effective compensating control');
    expect(await def.locator('.weighed').textContent()).toContain('potential misstatement 1,500,000');

    // the form opens with what was recorded; an effective compensating control makes it a significant deficiency
    await judge(async () => {
      expect(await form.locator('input[name="magnitude"]').inputValue()).toBe('1500000');
      await form.locator('input[name="compensatingControl"]').fill('CFO monthly revenue analytics at 2% precision');
    });
    await rated('significant-deficiency');
    expect(await def.textContent()).toContain('Compensating control "CFO monthly revenue analytics at 2% precision" operates effectively');

    // below a fifth of materiality, no compensating control: a control deficiency
    await judge(async () => {
      await form.locator('input[name="magnitude"]').fill('150000');
      await form.locator('input[name="compensatingControl"]').fill('');
    });
    await rated('deficiency');
    expect(await def.textContent()).toContain('Potential misstatement 150,000 is below 20% of materiality (200,000): a control deficiency.');

    // an indicator makes it a material weakness whatever the magnitude
    await judge(() => form.getByLabel('Restatement of previously issued financial statements').check());
    await rated('material-weakness');
    expect(await def.textContent()).toContain('Indicator of a material weakness (AS 2201.69');
    // what the rating weighed names the indicator in words, never its code
    expect(await def.textContent()).toContain('indicators: restatement of previously issued financial statements');
    expect(await def.textContent()).not.toMatch(/senior-management-fraud|auditor-identified|ineffective-audit/);

    // an override needs a reason: refused, the rating stays
    await def.getByRole('button', { name: 'Edit judgement' }).click();
    await form.locator('select[name="overrideSeverity"]').selectOption('significant-deficiency');
    await form.getByRole('button', { name: 'Save judgement' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).toContain('an override of the rating needs a reason');
    expect(await def.getAttribute('data-severity')).toBe('material-weakness');
    // with a reason, the override's rating shows, with the computed one and the reason beside it
    await form.locator('input[name="overrideReason"]').fill('the restated amount was a prior-period classification error');
    await form.getByRole('button', { name: 'Save judgement' }).click();
    await rated('significant-deficiency');
    text = (await def.textContent()) ?? '';
    expect(text).toContain('rated Material weakness, overridden: the restated amount was a prior-period classification error');

    // stored: a fresh page shows the same, and the API holds the judgement as recorded
    await page.reload();
    await rated('significant-deficiency');
    const view = (await (await fetch(`${app.base}/api/engagements/${id}/testing`)).json()) as { judgements: unknown[] };
    expect(view.judgements).toEqual([
      {
        deficiencyId: 'DEF-REV-03',
        likelihood: null,
        magnitude: 150000,
        compensatingControl: null,
        indicators: ['restatement'],
        overrideSeverity: 'significant-deficiency',
        overrideReason: 'the restated amount was a prior-period classification error',
      },
    ]);
    await screenshot(page, 'deficiency-judgement');
  }, 240_000);
});
