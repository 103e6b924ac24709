import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx, TYPICAL_SAAS_ROWS } from '../fixtures/typical-saas.ts';
import { REAL, runCli } from './run-cli.ts';
import { loadCatalog } from '../../server/catalog/load-catalog.ts';
import { REAL_FIXTURE_COUNTS, REAL_FIXTURE_FILES } from '../fixtures/real.ts';

const CATALOG = loadCatalog();
function catalogTargets(category: string): string[] {
  if (!CATALOG.ok) throw new Error('the catalogue does not load');
  return CATALOG.value.targets.filter((t) => t.category === category).map((t) => t.id).sort();
}

let dir = '';
let saas = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-cli-'));
  saas = join(dir, 'acme-soc2.xlsx');
  writeFileSync(saas, await buildTypicalSaasXlsx());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARGS = ['--ipo-date', '2027-05-15', '--fye', '12-31', '--egc', 'yes', '--filer-status', 'accelerated', '--financial-systems', 'NetSuite,Salesforce Billing,ADP', '--start', '2026-11-25', '--json'];

describe('cli analyze on the typical SaaS matrix (end to end, from an .xlsx built in code)', () => {
  let out: Record<string, any>;
  beforeAll(() => {
    const r = runCli(['analyze', saas, ...ARGS]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    out = JSON.parse(r.stdout);
  });

  it('prints the whole JSON contract of DESIGN.md', () => {
    expect(out.import.controls).toBe(TYPICAL_SAAS_ROWS.length);
    expect(out.import.sheets).toEqual(['Controls']);
    expect(Array.isArray(out.import.issues)).toBe(true);
    expect(out.criteria.invalid).toEqual([]);
    expect(out.coso.map((c: any) => c.principle)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    for (const c of out.coso) expect(['covered', 'partial', 'gap']).toContain(c.status);
    for (const k of ['covered', 'enhance', 'gap']) expect(typeof out.delta.summary[k]).toBe('number');
    for (const i of out.delta.items) {
      expect(typeof i.id).toBe('string');
      expect(typeof i.category).toBe('string');
      expect(['covered', 'enhance', 'gap', 'not-applicable']).toContain(i.status);
      for (const r of i.reasons) expect(typeof r.code).toBe('string');
      for (const s of i.sources) expect(Object.keys(s)).toEqual(expect.arrayContaining(['sheet', 'row', 'controlId']));
    }
    for (const k of ['first10Q', 'first10K', 'first404a', 'first404b']) expect(out.timeline).toHaveProperty(k);
    expect(out.timeline.first10Q).toMatchObject({ periodEnd: '2027-06-30', due: '2027-08-16' });
    expect(out.timeline.first10K).toMatchObject({ periodEnd: '2027-12-31', due: '2028-03-30' });
    expect(out.timeline.first404a).toMatchObject({ periodEnd: '2028-12-31', due: '2029-03-16' });
    expect(out.timeline.first404b).toMatchObject({ periodEnd: '2032-12-31', due: '2033-03-16' });
    expect(Array.isArray(out.plan.tasks)).toBe(true);
    for (const p of out.plan.phases) expect(Object.keys(p)).toEqual(expect.arrayContaining(['name', 'start', 'end']));
    expect(typeof out.plan.atRisk).toBe('number');
  });

  it('finds the SoD conflict of the engineering manager who approves and deploys changes', () => {
    const mine = out.sod.filter((s: any) => s.owner === 'Sam Rivera');
    expect(mine.map((s: any) => s.rule)).toContain('SOD-IT-03');
    expect(mine[0].controls).toEqual(expect.arrayContaining(['CM-01', 'CM-02']));
  });

  it('raises financial-scope on the access and change ITGCs, and gaps for the close and revenue controls', () => {
    const items = new Map<string, any>(out.delta.items.map((i: any) => [i.id, i]));
    for (const id of ['ITGC-AC-04', 'ITGC-CM-01']) {
      const i = items.get(id);
      expect(i.status).toBe('enhance');
      expect(i.reasons.map((r: any) => r.code)).toContain('financial-scope');
    }
    const access = out.delta.items.filter((i: any) => i.category === 'itgc-access' && i.status === 'enhance');
    const change = out.delta.items.filter((i: any) => i.category === 'itgc-change' && i.status === 'enhance');
    expect(access.map((i: any) => i.id)).toContain('ITGC-AC-04');
    expect(change.map((i: any) => i.id)).toContain('ITGC-CM-01');
    // the access review target is sourced from the control that reviews access; provisioning, removal and privileged
    // access share its criteria but do not review access: they are candidates, with the reason
    expect(items.get('ITGC-AC-04').sources.map((s: any) => s.controlId)).toEqual(['AC-03']);
    expect(items.get('ITGC-AC-04').candidates.map((s: any) => s.controlId)).toEqual(expect.arrayContaining(['AC-01', 'AC-02', 'AC-05']));
    for (const cat of ['process:close', 'process:revenue']) {
      const mine = out.delta.items.filter((i: any) => i.category === cat);
      // one delta item for each catalogue target of the category (templates/sox-program), none left out
      expect(mine.map((i: any) => i.id).sort(), cat).toEqual(catalogTargets(cat));
      expect(mine.filter((i: any) => i.status === 'gap').length, cat).toBeGreaterThanOrEqual(mine.length - 1);
    }
    expect(items.get('CLOSE-JE-02').status).toBe('gap');
  });

  it('keeps every client control in the output, classified', () => {
    expect(out.delta.controls.map((c: any) => c.controlId)).toEqual(TYPICAL_SAAS_ROWS.map((r) => r[0]));
    const prv = out.delta.controls.find((c: any) => c.controlId === 'PRV-01');
    expect(prv.classification).toBe('not-sox-relevant');
  });
});

describe('cli errors: exit 2 with one line naming the problem, never a stack trace', () => {
  const cases: { name: string; args: () => string[]; match: RegExp }[] = [
    { name: 'missing file', args: () => ['analyze', join(dir, 'nope.xlsx')], match: /cannot open .*nope\.xlsx/ },
    { name: 'PNG renamed .xlsx', args: () => { const p = join(dir, 'logo.xlsx'); writeFileSync(p, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')); return ['analyze', p]; }, match: /logo\.xlsx.*PNG/ },
    { name: 'impossible IPO date', args: () => ['analyze', saas, '--ipo-date', '2027-02-30'], match: /IPO date: 2027-02-30 does not exist/ },
    { name: 'impossible fiscal year end', args: () => ['analyze', saas, '--fye', '02-30'], match: /02-30/ },
    { name: 'unknown filer status', args: () => ['analyze', saas, '--filer-status', 'huge'], match: /filer status "huge"/ },
    { name: 'IPO before 1990', args: () => ['analyze', saas, '--ipo-date', '1989-12-31'], match: /1989-12-31/ },
    { name: 'unknown sheet', args: () => ['analyze', saas, '--sheet', 'Nope'], match: /no sheet named "Nope"/ },
    { name: 'unknown option', args: () => ['analyze', saas, '--frobnicate'], match: /frobnicate/ },
    { name: 'prose CSV', args: () => { const p = join(dir, 'notes.csv'); writeFileSync(p, 'These are my meeting notes.\nNothing to see here.\n'); return ['analyze', p]; }, match: /notes\.csv.*no control matrix/ },
  ];
  it.each(cases)('$name', ({ args, match }) => {
    const r = runCli(args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(match);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });
});

describe('cli on the real fixtures', () => {
  it('analyses every real file without error', () => {
    for (const f of REAL_FIXTURE_FILES) {
      const r = runCli(['analyze', join(REAL, f), '--start', '2026-11-25', '--json']);
      expect(r.stderr, f).toBe('');
      expect(r.code, f).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.import.controls, f).toBe(REAL_FIXTURE_COUNTS[f].controls);
      expect(out.delta.controls.length, f).toBe(out.import.controls);
    }
  }, 180_000); // a fresh command per file, each reading in its own reader process
});

describe('cli analyze text output counts SoD like the JSON (issue 22)', () => {
  it('gives the owner conflicts by severity and says what the owner SoD looked at', () => {
    const json = JSON.parse(runCli(['analyze', saas, ...ARGS]).stdout);
    const r = runCli(['analyze', saas, ...ARGS.filter((a) => a !== '--json')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Segregation-of-duties conflicts among the control owners ('));
    const count = (sev: string) => json.sod.filter((c: any) => c.severity === sev).length;
    expect(count('critical') + count('high')).toBe(json.sod.length); // this fixture has no medium or low
    expect(lines[at]).toBe(`Segregation-of-duties conflicts among the control owners (${count('critical')} critical, ${count('high')} high):`);
    const line = lines[at + 1];
    expect(line).toContain(json.sodScope.sentence);
  });
});
