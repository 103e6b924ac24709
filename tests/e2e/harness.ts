// End-to-end harness: the real server (npm start's entry) on a free loopback port with a fresh data directory, and
// Debian's Chromium driven by playwright-core. Never downloads a browser.
import { freePort } from '../fixtures/net.ts';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Running {
  base: string;
  dataDir: string;
  server: ChildProcess;
  browser: Browser;
  page: Page;
  logs: string[];
  stop(): Promise<void>;
}

// seedDemo: start with the demo engagement (as a newcomer's first start does).
export async function startApp(opts: { seedDemo?: boolean; viewport?: { width: number; height: number } } = {}): Promise<Running> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'soxbridge-e2e-'));
  const logs: string[] = [];
  const server = spawn(process.execPath, ['scripts/build-web.mjs'], { cwd: ROOT, stdio: 'ignore' });
  await new Promise((r) => server.once('exit', r));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: opts.seedDemo ? '1' : '0', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
  const base = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 300 && !up; i++) {
    try {
      up = (await fetch(`${base}/healthz`)).ok;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!up) throw new Error(`server did not start:\n${logs.join('')}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1280, height: 860 }, acceptDownloads: true, locale: 'en-GB', timezoneId: 'America/Los_Angeles' });
  const page = await context.newPage();
  return {
    base,
    dataDir,
    server: child,
    browser,
    page,
    logs,
    stop: async () => {
      await browser.close().catch(() => {});
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// Creates an engagement through the API (fast set-up for screen tests that are not about creation).
// headers: a signed-in user's cookie and CSRF token, when the server has accounts.
export async function apiCreateEngagement(base: string, profile: Record<string, unknown>, headers: Record<string, string> = {}, workspace?: string): Promise<string> {
  const r = await fetch(`${base}/api/engagements${workspace ? `?workspace=${workspace}` : ''}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(profile) });
  return ((await r.json()) as { id: string }).id;
}

export async function apiImport(base: string, id: string, bytes: Uint8Array, name: string, headers: Record<string, string> = {}): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), name);
  const up = (await (await fetch(`${base}/api/engagements/${id}/imports?wait=true`, { method: 'POST', body: form, headers })).json()) as { importId: string };
  await fetch(`${base}/api/engagements/${id}/imports/${up.importId}/confirm`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
}

// The command line on the running server's database (as an administrator would run it).
export function cli(dataDir: string, args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });
}
