// The Plan, Export & re-import and Audit screens in Chromium against the real server with the demo engagement:
// edit a task in the Gantt's panel, export the workbook, edit it with exceljs while soxbridge changes the same task,
// re-import it, resolve the conflict, apply, and find every change in the Plan and the verified audit log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, screenshot, startApp, type Running } from './harness.ts';

const WORKBOOK_NOTE = 'Scope memo signed by the auditor (from the workbook)';
const SOXBRIDGE_NOTE = 'Scope memo in review (typed in soxbridge)';

describe('plan, export and re-import, audit in Chromium', () => {
  let app: Running;
  let id: string;
  let dir: string;
  beforeAll(async () => {
    app = await startApp({ seedDemo: true });
    dir = mkdtempSync(join(tmpdir(), 'soxbridge-plan-e2e-'));
    const list = (await (await fetch(`${app.base}/api/engagements`)).json()) as { engagements: { id: string }[] };
    id = list.engagements[0]!.id;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const api = (path: string, init?: RequestInit) => fetch(`${app.base}/api/engagements/${id}${path}`, init);
  const task = async (taskId: string) => ((await (await api('/plan')).json()) as { plan: { tasks: any[] } }).plan.tasks.find((t) => t.id === taskId);

  it('shows the Gantt with milestones and a today line, zooms, and saves a task edited in the side panel', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/plan`);
    await page.locator('.gantt .g-task').first().waitFor();
    for (const m of ['10q-due', '10k-due', '404a-ye', '404a-due', '404b-ye', '404b-due', 'today'])
      expect(await page.locator(`.gantt-axis [data-milestone="${m}"]`).count(), m).toBe(1);
    expect(await page.locator('.gantt-chart line[data-line="today"]').count()).toBe(1);
    expect(await page.locator('[data-milestone="404a-due"] title').textContent()).toContain('§404(a)');
    // only the rows in view are in the DOM, not ~480
    const rendered = await page.locator('.gantt [role="treeitem"]').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(120);

    const ticks = () => page.locator('.gantt-axis .g-tick').allTextContents();
    expect(await ticks()).toContain('Jan');
    const monthWidth = Number(await page.locator('.gantt-chart').getAttribute('width'));
    await page.getByRole('radio', { name: 'Quarters' }).check();
    await expect.poll(ticks).toContain('Jan–Mar');
    expect(Number(await page.locator('.gantt-chart').getAttribute('width'))).toBeLessThan(monthWidth / 2);
    await page.getByRole('radio', { name: 'Months' }).check();
    await expect.poll(ticks).toContain('Feb');

    // keyboard: focus the first row, walk down to the first task, open it with Enter
    await page.locator('.gantt [role="treeitem"]').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#task-panel-title').textContent()).toBe('P-READINESS');

    // End reaches the last of ~480 rows although only the rows in view exist in the DOM
    await page.locator('[role="treeitem"][data-task="P-READINESS"]').focus();
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-task'))).toBe('P-404B');
    expect(await page.locator('.gantt [role="treeitem"]').count()).toBeLessThan(120);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-task'))).toBe('P-READINESS');

    await page.locator('#task-owner').fill('Dana Reyes (Controller)');
    await page.locator('#task-status').selectOption('in-progress');
    await page.locator('#task-due').fill('2027-03-01'); // after its latest finish (2027-02-03): at risk
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved 3 changes').waitFor();
    const bar = page.locator('.g-task[data-task="P-READINESS"]');
    expect(await bar.getAttribute('data-status')).toBe('in-progress');
    expect(await bar.locator('.g-risk-mark').count()).toBe(1);
    expect(await page.locator('.risk-box').textContent()).toContain('after its latest finish');
    const saved = await task('P-READINESS');
    expect([saved.owner, saved.status, saved.end]).toEqual(['Dana Reyes (Controller)', 'in-progress', '2027-03-01']);

    // the server's message when it refuses
    await page.locator('#task-due').fill('2026-01-05');
    await page.getByRole('button', { name: 'Save' }).click();
    // (the demo plan starts the day the server seeded it)
    await expect.poll(() => page.locator('.task-panel [role="alert"]').textContent()).toContain(`is before start ${saved.start}`);
    await page.getByRole('button', { name: 'Undo edits' }).click();

    // the reason for the risk on hover/focus
    await page.locator('[role="treeitem"][data-task="P-READINESS"]').focus();
    expect(await page.locator('#gantt-tip').textContent()).toContain('At risk: due');

    // after a reload the edit is still there; a dependent task shows its arrows
    await page.reload();
    await page.getByLabel('Find a task').fill('P-SCOPE');
    await page.locator('[role="treeitem"][data-task="P-SCOPE"]').click();
    await page.getByLabel('Find a task').fill('');
    await page.locator('.g-dep').first().waitFor();
    expect(await page.locator('.g-task[data-task="P-READINESS"]').getAttribute('data-status')).toBe('in-progress');
    expect(await page.locator('.g-dep.pred').count()).toBe(1);
    await page.locator('.workload-table td.over').first().waitFor();
    expect(await page.locator('.workload-table td.over').first().textContent()).toContain('⚠');
    await page.getByRole('radio', { name: 'Quarters' }).check();
    await page.locator('[role="treeitem"][data-task="P-READINESS"]').hover();
    await screenshot(page, 'plan');
  });

  it('exports the workbook, re-imports an edited copy with a conflict, applies it, and the audit chain verifies', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/exports`);
    await page.getByRole('button', { name: 'Export workbook' }).click();
    const link = page.getByRole('link', { name: /^Download .+\.xlsx$/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const exported = join(dir, 'exported.xlsx');
    await download.saveAs(exported);
    expect(await page.locator('.exports-screen table.grid tbody tr').count()).toBe(1);

    // the workbook is edited in Excel while someone changes the same task in soxbridge
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(exported);
    const ws = wb.getWorksheet('Plan')!;
    let edited = 0;
    let soc1Row = 0;
    ws.eachRow((row, n) => {
      const taskId = row.getCell('A').value;
      if (taskId === 'P-SOC1') soc1Row = n;
      if (taskId === 'P-RCM') row.getCell('I').value = 'nearly there'; // not a status
      if (taskId !== 'P-SCOPE') return;
      row.getCell('I').value = 'done';
      row.getCell('K').value = WORKBOOK_NOTE;
      edited++;
    });
    expect(edited).toBe(1);
    ws.spliceRows(soc1Row, 1); // a row deleted in Excel
    const editedPath = join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(editedPath);
    const patched = await api('/tasks/P-SCOPE', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: SOXBRIDGE_NOTE }) });
    expect(patched.status).toBe(200);

    await page.locator('#reimport-file').setInputFiles(editedPath);
    await page.getByRole('button', { name: 'Compare with soxbridge' }).click();
    const change = page.locator('[data-change="P-SCOPE.status"]');
    await change.waitFor();
    expect(await change.textContent()).toMatch(/Not started\s*→\s*Done/);
    expect(await change.getByRole('checkbox').isChecked()).toBe(true);
    const conflict = page.locator('[data-conflict="P-SCOPE.notes"]');
    expect(await conflict.textContent()).toContain(WORKBOOK_NOTE);
    expect(await conflict.textContent()).toContain(SOXBRIDGE_NOTE);
    // a deleted row is never ticked by default; an invalid value is shown but cannot be chosen
    expect(await page.locator('#del-P-SOC1').isChecked()).toBe(false);
    const invalid = page.locator('.diff-section', { hasText: 'Invalid values' }).locator('tbody tr', { hasText: 'P-RCM' });
    expect(await invalid.textContent()).toContain('nearly there');
    expect(await invalid.locator('input').count()).toBe(0);
    const apply = page.getByRole('button', { name: /Apply selected/ });
    expect(await apply.isDisabled()).toBe(true);
    expect(await page.locator('.apply-bar').textContent()).toContain('1 conflict still needs a choice');
    await screenshot(page, 'reimport-diff');

    await conflict.getByRole('radio', { name: 'Keep workbook' }).check();
    expect(await apply.isEnabled()).toBe(true);
    await apply.click();
    await page.getByText(/Applied: \d+ change\(s\) recorded/).waitFor();
    const after = await task('P-SCOPE');
    expect([after.status, after.notes]).toEqual(['done', WORKBOOK_NOTE]);
    expect((await task('P-SOC1'))?.id).toBe('P-SOC1'); // not deleted: nobody ticked it
    expect((await task('P-RCM')).status).toBe('not-started');

    // in the Plan
    await page.getByRole('link', { name: 'Open the Plan' }).click();
    await page.getByLabel('Find a task').fill('P-SCOPE');
    const row = page.locator('[role="treeitem"][data-task="P-SCOPE"]');
    await row.waitFor();
    expect(await page.locator('.g-task[data-task="P-SCOPE"]').getAttribute('data-status')).toBe('done');
    await row.click();
    expect(await page.locator('#task-notes').inputValue()).toBe(WORKBOOK_NOTE);
    expect(await page.locator('#task-status').inputValue()).toBe('done');

    // in the Audit log, newest first, and the chain verifies
    await page.goto(`${app.base}/#/e/${id}/audit`);
    await page.locator('.audit-table tbody tr').first().waitFor();
    const seqs = (await page.locator('.audit-table tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq')))));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const auditRow = (taskId: string, field: string) =>
      page.locator('.audit-table tbody tr', { hasText: taskId }).filter({ has: page.locator(`td[data-field="${field}"]`) });
    const statusRow = auditRow('P-SCOPE', 'status');
    expect(await statusRow.count()).toBe(1);
    expect(await statusRow.textContent()).toMatch(/Not started\s*→\s*Done/);
    expect(await auditRow('P-SCOPE', 'notes').first().textContent()).toContain(WORKBOOK_NOTE);
    const applied = page.locator('.audit-table tbody tr', { hasText: 'applied the changes of an edited workbook' });
    expect(await applied.count()).toBe(1);
    expect(await applied.textContent()).toContain("P-SCOPE notes: kept the workbook's value");
    expect(await auditRow('P-READINESS', 'owner').textContent()).toContain('Dana Reyes (Controller)');
    await page.getByRole('button', { name: 'Verify chain' }).click();
    const verified = (await (await fetch(`${app.base}/api/audit/verify`)).json()) as { ok: boolean; entries: number };
    expect(verified.ok).toBe(true);
    await page.getByText(`Chain intact: ${verified.entries} entries`).waitFor();
    await screenshot(page, 'audit');
  });

  it("refuses another engagement's workbook with the server's message, changing nothing", async () => {
    const { page } = app;
    const other = await apiCreateEngagement(app.base, { companyName: 'Other Co', ipoDate: '2027-09-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'non-accelerated' });
    await apiImport(app.base, other, await buildTypicalSaasXlsx(), 'other.xlsx');
    const made = (await (await fetch(`${app.base}/api/engagements/${other}/exports?wait=true`, { method: 'POST' })).json()) as { downloadUrl: string };
    const bytes = new Uint8Array(await (await fetch(`${app.base}${made.downloadUrl}`)).arrayBuffer());
    const before = (await (await api('/audit?limit=1000')).json()) as { entries: unknown[] };

    await page.goto(`${app.base}/#/e/${id}/exports`);
    await page.locator('#reimport-file').setInputFiles({ name: 'other-co-plan.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(bytes) });
    await page.getByRole('button', { name: 'Compare with soxbridge' }).click();
    const alert = page.locator('.exports-screen [role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('was exported from another engagement (Other Co)');
    expect(await page.locator('.diff-review').count()).toBe(0);
    const afterAudit = (await (await api('/audit?limit=1000')).json()) as { entries: unknown[] };
    expect(afterAudit.entries.length).toBe(before.entries.length);
  });
});
