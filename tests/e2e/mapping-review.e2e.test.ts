// Reviewable mappings in Chromium (issue 22): in the target detail an editor rejects a strong source with a reason
// (the target falls to gap), accepts a candidate (a source by the reviewer's decision: enhance), adds a control the
// engine did not link, and withdraws a decision (the engine's verdict applies again). Each change is stored by the
// server and the screen follows the re-run analysis.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, screenshot, startApp, type Running } from './harness.ts';

describe('mapping review in the target detail (Chromium)', () => {
  let app: Running;
  let id = '';
  const dir = mkdtempSync(join(tmpdir(), 'soxbridge-mapping-e2e-'));
  beforeAll(async () => {
    app = await startApp();
    id = await apiCreateEngagement(app.base, { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
    await apiImport(app.base, id, await buildTypicalSaasXlsx(), 'soc2.xlsx');
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects a source, accepts a candidate, adds a control and withdraws a decision, with reasons', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/gaps`);
    await page.getByRole('heading', { name: 'SOX targets' }).waitFor();
    await page.locator('#gf-text').fill('ITGC-AC-04');
    await page.locator('tr[data-key="ITGC-AC-04"]').click();
    const panel = page.getByRole('complementary', { name: 'Target detail' });
    const status = panel.locator('.target-detail > p .badge');
    await status.filter({ hasText: 'enhance' }).waitFor();
    const source = (c: string) => panel.locator(`table.sources tbody tr[data-control="${c}"]`);
    const candidate = (c: string) => panel.locator(`details.candidates tbody tr[data-control="${c}"]`);
    expect(await source('AC-03').textContent()).toContain('strong');

    // Reject the strong source: a reason is required.
    await panel.getByRole('button', { name: 'Reject AC-03' }).click();
    const form = panel.getByRole('form', { name: 'Mapping decision' });
    expect(await form.getByRole('button', { name: 'Save decision' }).isDisabled()).toBe(true);
    await form.getByLabel('Reason').fill('Reviews AWS console access only, not NetSuite');
    await form.getByRole('button', { name: 'Save decision' }).click();
    await status.filter({ hasText: 'gap' }).waitFor();
    expect(await source('AC-03').count()).toBe(0);
    expect(await candidate('AC-03').textContent()).toContain('rejected by local: Reviews AWS console access only, not NetSuite');

    // Accept a candidate (a reason is optional when accepting): it becomes a source by the reviewer's decision.
    await panel.getByRole('button', { name: 'Accept AC-01' }).click();
    await form.getByLabel('Reason (optional)').fill('The request form carries the quarterly recertification');
    await form.getByRole('button', { name: 'Save decision' }).click();
    await source('AC-01').waitFor();
    await status.filter({ hasText: 'enhance' }).waitFor();
    expect(await source('AC-01').textContent()).toContain('reviewer');
    expect(await source('AC-01').textContent()).toContain('accepted by local');

    // Add a control the engine did not link, picked by its id.
    const add = panel.getByRole('form', { name: 'Add a control' });
    await add.getByLabel('Control ID').fill('OPS-03');
    expect(await add.getByRole('button', { name: 'Add control' }).isDisabled()).toBe(true);
    await add.getByLabel('Reason').fill('The job monitoring covers the access recertification batch');
    await add.getByRole('button', { name: 'Add control' }).click();
    await source('OPS-03').waitFor();
    expect(await source('OPS-03').textContent()).toContain('added by local');
    await screenshot(page, 'mapping-review');

    // Withdraw the rejection: AC-03 is the engine's strong source again.
    await candidate('AC-03').getByRole('button', { name: 'Withdraw the decision on AC-03' }).click();
    await source('AC-03').waitFor();
    expect(await source('AC-03').textContent()).toContain('strong');

    // Stored on the server, and the analysis follows.
    const listed = (await (await fetch(`${app.base}/api/engagements/${id}/targets/ITGC-AC-04/mapping-reviews`)).json()) as { reviews: { controlId: string; decision: string }[] };
    expect(listed.reviews.map((r) => `${r.controlId} ${r.decision}`)).toEqual(['AC-01 accept', 'OPS-03 add']);
    const a = (await (await fetch(`${app.base}/api/engagements/${id}/analysis`)).json()) as { delta: { items: { id: string; sources: { controlId: string; match: string }[] }[] } };
    expect(a.delta.items.find((i) => i.id === 'ITGC-AC-04')!.sources.map((s) => `${s.controlId} ${s.match}`)).toEqual(['AC-01 reviewer', 'AC-03 strong', 'OPS-03 reviewer']);
  }, 120_000);
  it('a decision edited on the Mapping sheet shows in the re-import review and is recorded when applied', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/exports`);
    await page.getByRole('button', { name: 'Export workbook' }).click();
    const link = page.getByRole('link', { name: /^Download .+\.xlsx$/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const exported = join(dir, 'exported.xlsx');
    await download.saveAs(exported);

    // In "Excel": reject the candidate AC-02 of ITGC-AC-04, with a reason.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(exported);
    const ws = wb.getWorksheet('Mapping')!;
    const head = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (h: string) => head.indexOf(h);
    let edited = 0;
    ws.eachRow((row, n) => {
      if (n === 1 || row.getCell(col('Target')).value !== 'ITGC-AC-04' || row.getCell(col('Control ID')).value !== 'AC-02') return;
      row.getCell(col('Decision')).value = 'reject';
      row.getCell(col('Reason')).value = 'Provisioning only: no review of existing access';
      edited++;
    });
    expect(edited).toBe(1);
    const editedPath = join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(editedPath);

    await page.locator('#reimport-file').setInputFiles(editedPath);
    await page.getByRole('button', { name: 'Compare with soxbridge' }).click();
    const change = page.locator('[data-mapping="ITGC-AC-04/AC-02.decision"]');
    await change.waitFor();
    expect(await change.textContent()).toMatch(/\(empty\)\s*→\s*reject/);
    expect(await page.locator('.diff-summary').textContent()).toContain('1 mapping decision(s)');
    const apply = page.getByRole('button', { name: /Apply selected \(1\)/ });
    expect(await apply.isEnabled()).toBe(true); // nothing else changed: the mapping decision alone can be applied
    await apply.click();
    await page.getByText(/Applied: \d+ change\(s\) recorded/).waitFor();

    const listed = (await (await fetch(`${app.base}/api/engagements/${id}/targets/ITGC-AC-04/mapping-reviews`)).json()) as { reviews: { controlId: string; decision: string; reason: string }[] };
    expect(listed.reviews.find((r) => r.controlId === 'AC-02')).toMatchObject({ decision: 'reject', reason: 'Provisioning only: no review of existing access' });
  }, 120_000);
});
