// Labels fit or wrap, never cut: on the board page at 1280×800 and 1440×900 no element's text is wider than its box
// (scrollWidth ≤ clientWidth: "Process · procure to…" and "Service organisati…" were cut by an ellipsis), and the
// milestones panel of the set-up screen shows all of itself (it was clipped at the bottom of the window).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startApp, type Running } from './harness.ts';

// Every element of the selector's subtree (SVG aside: its text is laid out by the chart) whose content is wider than
// its box, with its text, so a failure names the label.
const CLIPPED = (root: string) => `(() => {
  const out = [];
  for (const el of document.querySelectorAll('${root}, ${root} *')) {
    if (el.closest('svg')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || el.clientWidth === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName.toLowerCase() + '.' + el.className + ': ' + (el.textContent || '').trim().slice(0, 60) + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
  }
  return out;
})()`;

describe('labels fit or wrap, never cut (Chromium)', () => {
  let app: Running;
  let id = '';
  beforeAll(async () => {
    app = await startApp({ seedDemo: true });
    const list = (await (await fetch(`${app.base}/api/engagements`)).json()) as { engagements: { id: string; companyName: string }[] };
    id = list.engagements.find((e) => e.companyName === 'Acme Cloud (demo)')!.id;
  }, 120_000);
  afterAll(async () => app?.stop());

  for (const [width, height] of [
    [1280, 800],
    [1440, 900],
  ] as const) {
    it(`no board-page label is clipped at ${width}×${height}`, async () => {
      const { page } = app;
      await page.setViewportSize({ width, height });
      await page.goto(`${app.base}/#/e/${id}/board`);
      await page.locator('.board-page .rbar-label').first().waitFor();
      const labels = await page.locator('.board-page .rbar-label').allTextContents();
      expect(labels.some((l) => /^Service organi[sz]ations/.test(l))).toBe(true);
      expect(labels.some((l) => /^Process · procure to pay/i.test(l))).toBe(true);
      expect(await page.evaluate(CLIPPED('.board-page'))).toEqual([]);
      await screenshot(page, `board-${width}x${height}`);
    });

    it(`the set-up screen's milestones panel is not clipped at ${width}×${height}`, async () => {
      const { page } = app;
      await page.setViewportSize({ width, height });
      await page.goto(`${app.base}/#/e/${id}/setup`);
      const panel = page.locator('.ms-panel');
      await panel.locator('.milestone').first().waitFor();
      const box = await panel.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight, overflow: getComputedStyle(el).overflowY }));
      expect(box.scroll, JSON.stringify(box)).toBeLessThanOrEqual(box.client + 1);
      // its last milestone can be brought into view and is then inside the window
      const last = panel.locator('.milestone').last();
      await last.scrollIntoViewIfNeeded();
      const r = (await last.boundingBox())!;
      expect(r.y + r.height).toBeLessThanOrEqual(height + 1);
      expect(r.y).toBeGreaterThanOrEqual(0);
    });
  }
});
