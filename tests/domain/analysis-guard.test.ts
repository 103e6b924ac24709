// A refactoring guard for the analysis hot paths (issue 24/22 speed work): the whole Analysis of the demo matrix and of
// the 5,000-control bench matrix must stay byte-for-byte what it was before the optimisation. The digests in
// analysis-guard.json are the engine's OWN output, recorded before the hot paths were rewritten. That is acceptable
// here, and only here, because this test answers no regulatory question: it says "the rewrite changed nothing". The
// regulatory answers stay in the hand-worked tests (delta.test.ts, plan-testing.test.ts, deficiencies.test.ts...).
//
// A digest per top-level field names the part that moved. To see the difference, dump both versions and diff them:
//   ANALYSIS_GUARD_DUMP=/tmp/before npx vitest run tests/domain/analysis-guard.test.ts   (on the old code)
//   ANALYSIS_GUARD_DUMP=/tmp/after  npx vitest run tests/domain/analysis-guard.test.ts   (on the new code)
// A deliberate change of the analysis's output rewrites the digests: ANALYSIS_GUARD_WRITE=1 (say why in the commit).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixRows, HEADER } from '../../bench/generate.ts';
import type { ProfileInput } from '../../server/domain/profile.ts';
import { analyseEngagement, type TestingRecord } from '../../server/use-cases/analyse-engagement.ts';
import type { Analysis } from '../../server/domain/analysis.ts';
import { importWorkbook } from '../../server/use-cases/import-workbook.ts';
import { catalog } from '../fixtures/analysis.ts';
import { readInlineWith } from '../fixtures/reader.ts';

const GUARD = new URL('./analysis-guard.json', import.meta.url);
const demo = JSON.parse(readFileSync(new URL('../../templates/demo/acme-cloud-soc2.json', import.meta.url), 'utf8')) as {
  company: string;
  header: string[];
  rows: string[][];
  profile: ProfileInput;
};

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (rows: string[][]) => new TextEncoder().encode(rows.map((r) => r.map(csvCell).join(',')).join('\r\n'));
const text = (v: string | Date) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

async function controlsOf(rows: string[][], name: string) {
  const r = await importWorkbook(catalog, csv(rows), name, { read: readInlineWith({ maxRows: 1_000_000 }) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.controls;
}

function analyse(controls: Parameters<typeof analyseEngagement>[1], profile: ProfileInput, testing?: TestingRecord, reuse?: Analysis): Analysis {
  const a = analyseEngagement(catalog, controls, profile, '2026-11-25', { ...(testing ? { testing } : {}), ...(reuse ? { reuse } : {}) });
  if (!a.ok) throw new Error(a.error.message);
  return a.value;
}

// One digest per top-level field of the analysis, and one of the whole.
function digests(a: Analysis): Record<string, string> {
  const out: Record<string, string> = {};
  const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
  for (const [k, v] of Object.entries(a)) out[k] = sha(JSON.stringify(v));
  out['*'] = sha(JSON.stringify(a));
  return out;
}

const failed: TestingRecord = {
  results: [
    { testId: 'REV-03-TOE', tested: 2, exceptions: 1, conclusion: 'ineffective', testedOn: null, note: '' },
    { testId: 'ITGC-AC-01-TOE', tested: 25, exceptions: 3, conclusion: 'ineffective', testedOn: '2028-03-10', note: 'three leavers kept access' },
    { testId: 'CLOSE-JE-01-TOD', tested: 1, exceptions: 0, conclusion: 'effective', testedOn: '2027-09-01', note: '' },
  ],
  judgements: [
    { deficiencyId: 'DEF-REV-03', likelihood: 'reasonably-possible', magnitude: 1_500_000, compensatingControl: null, indicators: [], overrideSeverity: null, overrideReason: null },
    { deficiencyId: 'DEF-ITGC-AC-01', likelihood: 'probable', magnitude: 200_000, compensatingControl: 'quarterly access recertification', indicators: ['restatement'], overrideSeverity: 'significant-deficiency', overrideReason: 'reviewer: restatement was immaterial' },
  ],
  statuses: { 'P-READINESS': 'done', 'P-SCOPE': 'in-progress' },
};

async function cases(): Promise<Record<string, Analysis>> {
  const demoControls = await controlsOf([demo.header, ...demo.rows], 'acme.csv');
  const demoProfile: ProfileInput = { ...demo.profile, companyName: demo.company, materiality: 1_000_000 };
  const bench = matrixRows(5000).map((r) => r.map(text));
  const benchControls = await controlsOf([HEADER, ...bench], 'matrix-5000.csv');
  // the same matrix with one control in ten carrying no criteria (inferred from its words) and role-only owners
  const sparse = bench.map((r, i) => (i % 10 === 0 ? r.map((v, c) => (c === 3 ? '' : c === 4 ? 'Controller' : v)) : r));
  const sparseControls = await controlsOf([HEADER, ...sparse], 'matrix-5000-sparse.csv');
  const benchProfile: ProfileInput = { ipoDate: '2027-05-15', financialSystems: ['NetSuite'], materiality: 1_000_000 };
  const benchRun = analyse(benchControls, benchProfile, { results: [failed.results[0]!], judgements: [] });
  return {
    'demo': analyse(demoControls, demoProfile),
    'demo with testing': analyse(demoControls, demoProfile, failed),
    'bench 5000': benchRun,
    'bench 5000, second system': analyse(benchControls, { ...benchProfile, financialSystems: ['NetSuite', 'ADP'] }, failed),
    'bench 5000, scenario reusing the delta': analyse(benchControls, { ...benchProfile, ipoDate: '2027-09-15' }, failed, benchRun),
    'bench 5000 sparse': analyse(sparseControls, { ...benchProfile, financialSystems: ['NetSuite', 'AWS'] }, failed),
  };
}

describe('analysis refactoring guard', () => {
  it('the analysis of the demo and of the 5,000-control matrix is byte-for-byte unchanged', async () => {
    const all = await cases();
    const got: Record<string, Record<string, string>> = {};
    for (const [name, a] of Object.entries(all)) got[name] = digests(a);
    const dump = process.env.ANALYSIS_GUARD_DUMP;
    if (dump) {
      mkdirSync(dump, { recursive: true });
      for (const [name, a] of Object.entries(all)) writeFileSync(join(dump, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`), JSON.stringify(a, null, 1));
    }
    if (process.env.ANALYSIS_GUARD_WRITE === '1') writeFileSync(GUARD, `${JSON.stringify(got, null, 2)}\n`);
    const want = JSON.parse(readFileSync(GUARD, 'utf8')) as typeof got;
    expect(got).toEqual(want);
    // the cases exercise what the hot paths hold: deficiencies, levelling shifts, inferred criteria, candidates
    expect(all['demo with testing']!.deficiencies.length).toBeGreaterThan(1);
    expect(all['bench 5000 sparse']!.delta.controls.some((c) => c.inferred.length > 0)).toBe(true);
    expect(all['bench 5000']!.delta.items.some((i) => i.candidates.length > 0)).toBe(true);
  }, 120_000);
});
