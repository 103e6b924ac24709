import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiCreateEngagement, apiImport, ARTIFACTS, screenshot, startApp, type Running } from './harness.ts';

// Pages in a PDF: the page objects, not the /Pages tree node. pdfinfo (poppler) when present, as a second opinion.
function pdfPages(pdf: Buffer): number {
  const s = pdf.toString('latin1');
  return (s.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

describe('gap analysis, SoD and board view in Chromium', () => {
  let app: Running;
  let id = '';
  beforeAll(async () => {
    app = await startApp({ seedDemo: true });
    const list = (await (await fetch(`${app.base}/api/engagements`)).json()) as { engagements: { id: string; companyName: string }[] };
    id = list.engagements.find((e) => e.companyName === 'Acme Cloud (demo)')!.id;
  }, 120_000);
  afterAll(async () => app?.stop());

  it('shows readiness, the 17 COSO principles and the ITGC domains', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/gaps`);
    await page.getByRole('heading', { name: 'Readiness' }).waitFor();
    // issue 22: sources by content (a control must say what the target asks), so fewer targets have sources
    expect(await page.getByText('9.1%').first().isVisible()).toBe(true);
    expect(await page.getByText(/readiness = Σ\(weight × score\)/).isVisible()).toBe(true);
    const cells = page.locator('.coso-face');
    expect(await cells.count()).toBe(17);
    expect(await page.locator('.coso-component').allTextContents()).toEqual(['Control Environment', 'Risk Assessment', 'Control Activities', 'Information and Communication', 'Monitoring Activities']);
    // Focus shows the basis and the controls behind a principle.
    await page.locator('.coso-face[data-principle="1"]').focus();
    const tip = page.locator('#coso-tip-1');
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain('ENT-01 (acme-cloud-soc2-matrix!2)');
    expect(await page.locator('.itgc-domain').count()).toBe(4);
    expect(await page.locator('.itgc-domain[data-domain="itgc-access"]').textContent()).toContain('12 targets');
  });

  it('filters the virtualised target table by reason code and shows ITGC rows; a row opens its detail with sheet and row', async () => {
    const { page } = app;
    await page.locator('#gf-reason').selectOption('no-source-control');
    await page.getByText('94 of 120 targets').waitFor();
    // Only the window is rendered, not all 94 rows.
    const rendered = await page.locator('table.vt tbody tr[data-index]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(94);
    await page.locator('.vt-scroll').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('tr[data-key="SVC-07"]').waitFor();
    // financial-scope only on ITGCs (and system-dependent process targets), never on entity-level ones
    await page.locator('#gf-reason').selectOption('financial-scope');
    await page.getByText('11 of 120 targets').waitFor();
    await page.locator('tr[data-key="ITGC-OP-06"]').waitFor();
    expect(await page.locator('tr[data-key="ITGC-OP-06"]').textContent()).toContain('ITGC · operations');
    expect(await page.locator('tr[data-key^="ELC-"]').count()).toBe(0);
    await page.locator('#gf-category').selectOption('itgc-access');
    await page.getByText('6 of 120 targets').waitFor();
    const first = page.locator('table.vt tbody tr[data-index="0"]');
    expect(await first.getAttribute('data-key')).toBe('ITGC-AC-01');
    // Keyboard: focus the row, move down, Enter opens the detail.
    await first.focus();
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-key') === 'ITGC-AC-02');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Target detail' });
    await panel.waitFor();
    expect(await panel.textContent()).toContain('ITGC-AC-02');
    // the reason reads as its label; the code stays on the element (and in the filter)
    expect(await panel.locator('.reasons .reason-label[data-code="financial-scope"]', { hasText: 'Financial systems in scope' }).count()).toBe(1);
    expect(await panel.locator('.reasons code', { hasText: 'financial-scope' }).count()).toBe(0);
    const sources = await panel.locator('table.sources tbody tr').allTextContents();
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.some((t) => /acme-cloud-soc2-matrix!\d+/.test(t))).toBe(true);
    await screenshot(page, 'gap-analysis');
  });

  it('shows the SoD conflicts of Sam Rivera with both sides and a compensating control', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'SoD', exact: true }).click();
    const sam = page.locator('section.sod-owner[data-owner="Sam Rivera"]');
    await sam.waitFor();
    const first = sam.locator('.sod-conflict').first();
    expect(await first.getAttribute('data-rule')).toBe('SOD-IT-01');
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('critical');
    expect(text).toContain('Develop (build) changes to code or configuration');
    expect(text).toContain('Deploy or promote changes to production');
    expect(text).toContain('acme-cloud-soc2-matrix!21');
    expect(text).toContain('Suggested compensating control');
    await screenshot(page, 'sod');
  });

  it('prints the board view on exactly one landscape A4 page', async () => {
    const { page } = app;
    await page.getByRole('link', { name: 'Board view' }).click();
    await page.getByRole('heading', { name: /SOX readiness for the board/ }).waitFor();
    expect(await page.getByRole('button', { name: /Print/ }).isVisible()).toBe(true);
    const board = (await page.locator('.board-page').textContent()) ?? '';
    for (const s of ['First 10-Q', 'First 10-K', '404(a)', 'Top risks', 'Sam Rivera', 'Missing entity-level controls', 'NetSuite']) expect(board).toContain(s);
    expect(await page.locator('svg.phase-timeline .pt-phase').count()).toBe(8);
    await screenshot(page, 'board');
    // page.pdf renders with the print CSS, as the browser's own Print does.
    const pdf = await page.pdf({ landscape: true, format: 'A4', printBackground: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'board.pdf');
    writeFileSync(file, pdf);
    expect(pdfPages(pdf)).toBe(1);
    try {
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+1\n/);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  });

  it('keeps the board on one page when a milestone is not applicable and its reason is long (non-accelerated filer)', async () => {
    const { page } = app;
    const other = await apiCreateEngagement(app.base, { companyName: 'Small Filer Inc', ipoDate: '2028-03-01', fiscalYearEnd: '12-31', egc: true, filerStatus: 'non-accelerated', financialSystems: ['NetSuite'] });
    await apiImport(app.base, other, await buildTypicalSaasXlsx(), 'matrix.xlsx');
    await page.goto(`${app.base}/#/e/${other}/board`);
    await page.getByRole('heading', { name: /Small Filer Inc: SOX readiness/ }).waitFor();
    expect(await page.locator('.board-milestones').textContent()).toMatch(/never while non-accelerated/i);
    expect(pdfPages(await page.pdf({ landscape: true, format: 'A4', printBackground: true }))).toBe(1);
  });

  it('sends a comment once when "Mark reviewed" is clicked while the comment is still on its way', async () => {
    const { page } = app;
    const other = await apiCreateEngagement(app.base, { companyName: 'Review Race Ltd', ipoDate: '2028-03-01', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated' });
    await apiImport(app.base, other, await buildTypicalSaasXlsx(), 'matrix.xlsx');
    await page.goto(`${app.base}/#/e/${other}/board`);
    await page.getByRole('heading', { name: /Review Race Ltd: SOX readiness/ }).waitFor();
    // a slow network: each review takes 600 ms to reach the server
    await page.route('**/reviews', async (route) => {
      if (route.request().method() === 'POST') await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await page.getByLabel('Comment').fill('Dates agreed with the CFO');
    await page.getByRole('button', { name: 'Add comment' }).click();
    expect(await page.getByRole('button', { name: 'Mark reviewed' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Mark reviewed' }).click(); // waits until the comment is in
    await page.getByText(/✔ Reviewed by/).waitFor();
    await page.unroute('**/reviews');
    const res = await fetch(`${app.base}/api/engagements/${other}/reviews?itemKind=engagement&itemId=${other}`);
    const { reviews } = (await res.json()) as { reviews: { kind: string; text: string }[] };
    expect(reviews.map((r) => [r.kind, r.text])).toEqual([
      ['comment', 'Dates agreed with the CFO'],
      ['reviewed', ''],
    ]);
    expect(await page.getByText('Dates agreed with the CFO').count()).toBe(1);
  });

  it('shows an empty state linking to Import when there is no analysis yet', async () => {
    const { page } = app;
    const r = await fetch(`${app.base}/api/engagements`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ companyName: 'Fresh Co', ipoDate: '2028-03-01', fiscalYearEnd: '12-31' }) });
    const fresh = ((await r.json()) as { id: string }).id;
    for (const tab of ['gaps', 'sod', 'board']) {
      await page.goto(`${app.base}/#/e/${fresh}/${tab}`);
      const link = page.getByRole('link', { name: 'Import the control matrix' });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe(`#/e/${fresh}/import`);
    }
  });
});
