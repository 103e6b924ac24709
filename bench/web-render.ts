// Web benchmark: the time from navigation to the gap table's first rows on screen, in Chromium, for a 5,000-control
// engagement against the same page with 50 controls. The page marks the moment (performance.now(), i.e. since the
// navigation started) on the table's scroll container as data-rendered.
import { apiCreateEngagement, apiImport, startApp } from '../tests/e2e/harness.ts';
import { buildMatrix } from './generate.ts';
import { medianBy } from './median.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PROFILE = { companyName: 'Bench Co', ipoDate: '2028-03-01', fiscalYearEnd: '12-31', egc: true, filerStatus: 'non-accelerated', financialSystems: ['NetSuite'] };

type Line = (name: string, value: number, unit: string, baseline: number, target: string) => void;

export async function webRenderBench(line: Line): Promise<void> {
  const app = await startApp({ seedDemo: false });
  try {
    const ids: Record<'small' | 'large', string> = { small: '', large: '' };
    for (const [k, n] of [['small', 50], ['large', 5000]] as const) {
      ids[k] = await apiCreateEngagement(app.base, { ...PROFILE, companyName: `Bench ${n}` });
      await apiImport(app.base, ids[k], await buildMatrix(n), `matrix-${n}.xlsx`);
      const r = await fetch(`${app.base}/api/engagements/${ids[k]}/analysis`);
      if (!r.ok) throw new Error(`no analysis for the ${n}-control engagement: HTTP ${r.status}`);
    }
    const { page } = app;
    const once = async (id: string): Promise<number> => {
      await page.goto('about:blank');
      await page.goto(`${app.base}/#/e/${id}/gaps`);
      const marked = await page.waitForSelector('.vt-scroll[data-rendered]', { timeout: 60_000 });
      return Number(await marked.getAttribute('data-rendered'));
    };
    // One warm-up each (the server caches the analysis JSON; the browser caches the app), then alternate.
    await once(ids.small);
    await once(ids.large);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      small.push(await once(ids.small));
      large.push(await once(ids.large));
    }
    const med = (xs: number[]) => medianBy(xs, (x) => x);
    line('web gap table render 5000 vs 50 controls', med(large), 'ms', med(small), '<= 2');
  } finally {
    await app.stop();
  }
}

// Run on its own: `npx tsx bench/web-render.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  await webRenderBench((name, value, unit, baseline, target) =>
    console.log(`${name}: ${value.toFixed(0)} ${unit} (baseline ${baseline.toFixed(0)}, ratio ${(value / baseline).toFixed(2)}, target ${target})`),
  );
}
