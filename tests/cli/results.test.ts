// Round trip of test results through the workbook: export the plan, record a failed test on the Testing sheet and a
// judgement on the Deficiencies sheet with openpyxl (as a user's Excel would), then `analyze --results` folds them in.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { runCli } from './run-cli.ts';

let dir = '';
let saas = '';
const H1 = ['--ipo-date', '2027-09-25', '--fye', '12-31', '--egc', 'yes', '--filer-status', 'accelerated', '--financial-systems', 'NetSuite,Salesforce Billing,ADP', '--start', '2026-11-25', '--materiality', '1000000'];

// openpyxl: edit cells by the header of row 1, keyed by the id in column A.
function edit(file: string, out: string, sheet: string, id: string, cells: Record<string, string | number>): void {
  const script = `
import json, sys, openpyxl
src, dst, sheet, key, cells = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
wb = openpyxl.load_workbook(src)
ws = wb[sheet]
head = {c.value: c.column for c in ws[1]}
for row in ws.iter_rows(min_row=2):
    if row[0].value == key:
        for h, v in cells.items():
            ws.cell(row=row[0].row, column=head[h]).value = v
        break
else:
    sys.exit('no row ' + key)
wb.save(dst)
`;
  execFileSync('/usr/bin/python3', ['-c', script, file, out, sheet, id, JSON.stringify(cells)]);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-results-'));
  saas = join(dir, 'acme-soc2.xlsx');
  writeFileSync(saas, await buildTypicalSaasXlsx());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('analyze --results <edited export>', () => {
  it('reads a failed test from the Testing sheet and rates the deficiency; a judgement on the Deficiencies sheet changes the rating', () => {
    const plan = join(dir, 'plan.xlsx');
    const first = runCli(['analyze', saas, ...H1, '--out', plan]);
    expect(first.stderr).toBe('');
    // the Testing sheet has the headers the issue asks for, one row per test
    const headers = execFileSync('/usr/bin/python3', ['-c', 'import openpyxl,sys,json; ws=openpyxl.load_workbook(sys.argv[1])["Testing"]; print(json.dumps([c.value for c in ws[1]])); print(ws.max_row-1)', plan]).toString().trim().split('\n');
    expect(JSON.parse(headers[0]!)).toEqual(expect.arrayContaining(['Test ID', 'Target', 'Kind', 'Sample size', 'Tested', 'Exceptions', 'Conclusion']));
    expect(Number(headers[1])).toBeGreaterThan(150); // TOD + TOE of every key control

    const edited = join(dir, 'edited.xlsx');
    edit(plan, edited, 'Testing', 'REV-03-TOE', { Tested: 2, Exceptions: 1, Conclusion: 'ineffective', 'Tested on': '2028-03-15' });
    const r = runCli(['analyze', saas, ...H1, '--results', edited, '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out.deficiencies).toHaveLength(1);
    const d = out.deficiencies[0];
    // no magnitude recorded: a key control failed with a reasonable possibility of misstatement → significant deficiency
    expect(d).toMatchObject({ id: 'DEF-REV-03', target: 'REV-03', origin: 'test', severity: 'significant-deficiency', aggregatedWith: [], tasks: ['DEF-REV-03-REM', 'DEF-REV-03-OP', 'DEF-REV-03-RT'] });
    expect(d.basis.join(' ')).toMatch(/1 exception in 2 tested/);
    const ids = new Set(out.plan.tasks.map((t: { id: string }) => t.id));
    for (const t of d.tasks) expect(ids.has(t)).toBe(true);

    // export the analysis with the result, then the reviewer records the magnitude on the Deficiencies sheet
    const plan2 = join(dir, 'plan2.xlsx');
    expect(runCli(['analyze', saas, ...H1, '--results', edited, '--out', plan2]).stderr).toBe('');
    const judged = join(dir, 'judged.xlsx');
    edit(plan2, judged, 'Deficiencies', 'DEF-REV-03', { 'Potential misstatement': 1500000 });
    const r2 = JSON.parse(runCli(['analyze', saas, ...H1, '--results', judged, '--json']).stdout);
    // 1.5M ≥ materiality 1M, no compensating control → material weakness, and an Item 9A risk at the 404(a) 10-K
    expect(r2.deficiencies[0].severity).toBe('material-weakness');
    expect(r2.disclosureRisks.map((x: { periodEnd: string }) => x.periodEnd)).toContain('2028-12-31');

    // the diff reports the recorded result as changes on the Testing sheet
    const diff = JSON.parse(runCli(['diff', plan, edited, '--json']).stdout);
    expect(diff.testing.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: 'Testing', id: 'REV-03-TOE', field: 'exceptions', before: '', after: '1' }),
        expect.objectContaining({ sheet: 'Testing', id: 'REV-03-TOE', field: 'conclusion', before: '', after: 'ineffective' }),
      ]),
    );
  }, 180_000); // eight commands (each reading in its own reader process) and openpyxl

  it("weighs the decisions on the Mapping sheet: a strong source rejected there leaves its target a gap", () => {
    const plan = join(dir, 'plan-mapping.xlsx');
    const before = JSON.parse(runCli(['analyze', saas, ...H1, '--json', '--out', plan]).stdout);
    const target = (o: any) => o.delta.items.find((i: any) => i.id === 'ITGC-AC-04');
    expect(target(before).sources.map((x: any) => x.controlId)).toContain('AC-03');
    // openpyxl: the row of ITGC-AC-04 × AC-03 (Target in column A, Control ID in D), Decision and Reason filled in
    const script = `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Mapping']
head = {c.value: c.column for c in ws[1]}
for row in ws.iter_rows(min_row=2):
    if row[head['Target'] - 1].value == 'ITGC-AC-04' and row[head['Control ID'] - 1].value == 'AC-03':
        ws.cell(row=row[0].row, column=head['Decision']).value = 'reject'
        ws.cell(row=row[0].row, column=head['Reason']).value = 'reviews admin accounts only'
        break
else:
    sys.exit('no row ITGC-AC-04 x AC-03')
wb.save(sys.argv[2])
`;
    const edited = join(dir, 'mapping-edited.xlsx');
    execFileSync('/usr/bin/python3', ['-c', script, plan, edited]);
    const r = runCli(['analyze', saas, ...H1, '--results', edited, '--json']);
    expect(r.stderr).toBe('');
    const after = target(JSON.parse(r.stdout));
    // the only strong source rejected: no source left, so a gap (no-source-control), and the reason is the reviewer's
    expect(after.status).toBe('gap');
    expect(after.sources).toEqual([]);
    expect(after.candidates.find((c: any) => c.controlId === 'AC-03').reason).toBe('rejected by mapping-edited.xlsx: reviews admin accounts only');
  }, 120_000);

  it('refuses a bad value with the sheet, cell and test named', () => {
    const plan = join(dir, 'plan-bad.xlsx');
    runCli(['analyze', saas, ...H1, '--out', plan]);
    const bad = join(dir, 'bad.xlsx');
    edit(plan, bad, 'Testing', 'REV-03-TOE', { Tested: 2, Exceptions: 'two', Conclusion: 'ineffective' });
    const r = runCli(['analyze', saas, ...H1, '--results', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Testing!I\d+ \(REV-03-TOE\): "two" is not a whole number/);
  });

  it('levels against an owner capacity given on the command line', () => {
    const base = JSON.parse(runCli(['analyze', saas, ...H1, '--json']).stdout);
    const more = JSON.parse(runCli(['analyze', saas, ...H1, '--owner-capacity', 'Controller=30, CFO=10', '--json']).stdout);
    const cap = (o: any, owner: string) => o.plan.workload.find((w: any) => w.owner === owner).capacity;
    expect([cap(base, 'Controller'), cap(base, 'CFO')]).toEqual([12, 4]); // role defaults (templates/plan-defaults.json)
    expect([cap(more, 'Controller'), cap(more, 'CFO')]).toEqual([30, 10]);
    expect(more.plan.atRisk).toBeLessThan(base.plan.atRisk);
    expect(runCli(['analyze', saas, ...H1, '--owner-capacity', 'Controller']).stderr).toMatch(/--owner-capacity takes "Owner=days/);
  });
});
