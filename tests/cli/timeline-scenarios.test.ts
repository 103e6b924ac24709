// The SEC calendar options of `analyze` and the `scenarios` command, run as a user runs them (child process).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { runCli } from './run-cli.ts';

let dir = '';
let saas = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-cli-tl-'));
  saas = join(dir, 'acme-soc2.xlsx');
  writeFileSync(saas, await buildTypicalSaasXlsx());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = ['--start', '2026-11-25'];

describe('analyze: the filing calendar options', () => {
  it('issue case 1 (IPO 2027-07-21): a Q2 10-Q due 2027-09-07, the S-1 period default with its basis', () => {
    const r = runCli(['analyze', saas, '--ipo-date', '2027-07-21', ...START, '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    // 06-30 is 21 days before the IPO (< 45) → 03-31; Q2: later of 09-04 (Sat, then Labor Day) → 09-07 and 08-14
    expect(out.timeline.s1PeriodEnd).toBe('2027-03-31');
    expect(out.defaults.find((d: { field: string }) => d.field === 's1PeriodEnd').basis).toMatch(/Rule 13a-13\(a\)/);
    expect(out.timeline.filings[0]).toMatchObject({ form: '10-Q', periodEnd: '2027-06-30', due: '2027-09-07', filerStatus: 'non-accelerated', icfr: 'none', certifications: ['302', '906'] });
  });

  it('--s1-period-end, --public-float and --revenue reach the calendar', () => {
    const r = runCli(['analyze', saas, '--ipo-date', '2027-05-15', '--s1-period-end', '2027-03-31', '--public-float', '2028=800M', '--revenue', '2027=150M', ...START, '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    // float $800M at 2028-06-30 → large accelerated at 2028-12-31, EGC ends: 404(a)+(b) in FY2028, +60 = 2029-03-01
    const k = out.timeline.filings.find((f: { form: string; periodEnd: string }) => f.form === '10-K' && f.periodEnd === '2028-12-31');
    expect(k).toMatchObject({ due: '2029-03-01', filerStatus: 'large-accelerated', icfr: '404a+404b' });
    expect(out.timeline.filerStatusByYear.find((y: { fiscalYear: number }) => y.fiscalYear === 2028).basis).toMatch(/Rule 12b-2/);
  });

  it('--fye last-sat-12 and --fye 02-29 are accepted', () => {
    const a = runCli(['analyze', saas, '--ipo-date', '2027-08-20', '--fye', 'last-sat-12', ...START, '--json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout).timeline.filings[0]).toMatchObject({ periodEnd: '2027-09-25', due: '2027-11-09' });
    const b = runCli(['analyze', saas, '--ipo-date', '2027-06-10', '--fye', '02-29', ...START, '--json']);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).timeline.filings[0]).toMatchObject({ periodEnd: '2027-05-31', due: '2027-07-26' });
  });

  it.each([
    [['--egc', 'no', '--egc-ends-fy', '2029'], /EGC end year \(FY2029\).*not an Emerging Growth Company/],
    [['--first-sale', '2011-12-08'], /on or before 2011-12-08/],
    [['--filer-status', 'accelerated', '--public-float', '2028=900M'], /contradicts the facts/],
    [['--public-float', '2028=lots'], /--public-float takes FY=USD pairs/],
    [['--s1-period-end', '2027-02-15'], /not a fiscal quarter or year end/],
  ])('refuses %j with exit 2 and one line', (args, message) => {
    const r = runCli(['analyze', saas, '--ipo-date', '2027-05-15', ...START, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('scenarios', () => {
  it('prints the baseline first, then one scenario per varied value, with what moved', () => {
    const r = runCli(['scenarios', saas, '--ipo-date', '2027-05-15', ...START, '--vary', 'ipo-date=2027-09-15,2028-03-01', '--vary', 'filer-status=large-accelerated', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { scenarios } = JSON.parse(r.stdout);
    expect(scenarios.map((s: { name: string }) => s.name)).toEqual(['baseline', 'ipo-date=2027-09-15', 'ipo-date=2028-03-01', 'filer-status=large-accelerated']);
    for (const s of scenarios) {
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['name', 'profile', 'timeline', 'plan', 'moved']));
      expect(Object.keys(s.plan)).toEqual(['start', 'end', 'tasks', 'atRisk']);
    }
    expect(scenarios[0].moved).toEqual([]);
    // IPO 2027-09-15: S-1 period 06-30 (77 days) → first 10-Q Q3, due 11-15 (11-14 is a Sunday)
    expect(scenarios[1].moved).toContainEqual({ milestone: 'first10Q', from: '2027-06-30 due 2027-08-16', to: '2027-09-30 due 2027-11-15' });
    // IPO 2028-03-01: FY2027 not in the S-1 → 10-K FY2027 first (Rule 13a-1), due 2028-03-30, carrying the first §302
    expect(scenarios[2].moved).toContainEqual({ milestone: 'first302', from: '2027-06-30 due 2027-08-16', to: '2027-12-31 due 2028-03-30' });
    // large accelerated at 2028-12-31: 404(a) and 404(b) together, +60 = 2029-03-01
    expect(scenarios[3].moved).toContainEqual({ milestone: 'first404b', from: null, to: '2028-12-31 due 2029-03-01' });
    expect(scenarios[3].profile.filerStatus).toBe('large-accelerated');
  });

  it('refuses an unknown --vary key with exit 2', () => {
    const r = runCli(['scenarios', saas, '--vary', 'mood=happy', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"mood" is not one of/);
  });
});
