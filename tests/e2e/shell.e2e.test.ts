import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot, startApp, type Running } from './harness.ts';

describe('the web app in Chromium', () => {
  let app: Running;
  beforeAll(async () => {
    app = await startApp({ seedDemo: true });
  }, 120_000);
  afterAll(async () => app?.stop());

  it('opens on the engagement list with the seeded demo, in local mode, keyboard reachable', async () => {
    const { page } = app;
    await page.goto(app.base);
    await page.getByRole('link', { name: 'Acme Cloud (demo)' }).waitFor();
    expect(await page.getByText('Local mode').isVisible()).toBe(true);
    expect(await page.locator('table.grid tbody tr').count()).toBe(1);
    expect(await page.getByText('9.1%').isVisible()).toBe(true); // the demo's readiness with sources read by content (issue 22)
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(focused.length).toBeGreaterThan(0);
    await screenshot(page, 'engagements');
  });
});
