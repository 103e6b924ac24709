// cli analyze --soc1 register.json: the register decides SOC 1 reliance in the JSON, and the plan workbook gets a
// "SOC 1" sheet listing it (organisation, report, period, bridge letter dates, CUECs with control and owner, status).
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalSaasXlsx, TYPICAL_SAAS_ROWS } from '../fixtures/typical-saas.ts';
import { runCli } from './run-cli.ts';

let dir = '';
let saas = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-soc1-'));
  saas = join(dir, 'acme-soc2.xlsx');
  writeFileSync(saas, await buildTypicalSaasXlsx());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// IPO 2027-05-15, FYE 12-31, EGC: the first §404(a) year is FY2028 (2028-01-01..2028-12-31, 366 days).
const ARGS = ['--ipo-date', '2027-05-15', '--fye', '12-31', '--egc', 'yes', '--financial-systems', 'NetSuite,ADP', '--start', '2026-11-25', '--service-orgs', 'ADP,Carta'];
const control = TYPICAL_SAAS_ROWS[0]![0]!;

describe('cli analyze --soc1', () => {
  it('reads the register, reports each organisation and writes the SOC 1 sheet', async () => {
    const reg = join(dir, 'soc1.json');
    writeFileSync(
      reg,
      JSON.stringify({
        entries: [
          // Oct 2027–Sep 2028 report, bridge letter to 2028-11-30: December 2028 (31 days) is left uncovered.
          { org: 'ADP', reportType: 'type2', periodStart: '2027-10-01', periodEnd: '2028-09-30', bridgeLetterThrough: '2028-11-30', cuecs: [{ id: 'CUEC-1', text: 'Review payroll register', controlId: control, owner: 'Payroll manager' }, { id: 'CUEC-2', text: 'Restrict portal access' }] },
          { org: 'Carta', reportType: 'type1', periodStart: '2028-06-30', periodEnd: '2028-06-30' },
        ],
      }),
    );
    const out = join(dir, 'plan.xlsx');
    const r = runCli(['analyze', saas, ...ARGS, '--soc1', reg, '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.soc1.map((s: any) => [s.org, s.complete, s.bridgeLetter.state])).toEqual([
      ['ADP', false, 'short'],
      ['Carta', false, 'cannot-help'],
    ]);
    expect(j.soc1[0].missing).toEqual(['the bridge letter covers to 2028-11-30; 2028-12-01 to 2028-12-31 (31 days) up to the fiscal year end is not covered', 'CUEC CUEC-2: no client control, no owner']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('SOC 1');
    expect(ws).toBeDefined();
    expect(ws!.getCell('A2').value).toBe('Fiscal year in scope (first §404(a) year): 2028-01-01 to 2028-12-31 (366 days).');
    const rows: string[][] = [];
    ws!.eachRow((row, n) => {
      if (n >= 4) rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v))));
    });
    expect(rows[0]).toEqual(['Service organisation', 'Report', 'Report period', 'Year covered by the report', 'Not covered by the report', 'Bridge letter needed for', 'Bridge letter through', 'CUEC', 'CUEC text', 'Client control', 'Owner', 'Status', 'What is missing']);
    // ADP: 2028-01-01..09-30 = 274 days covered (leap year); 2028-10-01..12-31 = 92 days need the letter.
    expect(rows[1]!.slice(0, 12)).toEqual(['ADP', 'SOC 1 Type 2', '2027-10-01 to 2028-09-30', '2028-01-01 to 2028-09-30 (274 days)', '2028-10-01 to 2028-12-31 (92 days)', '2028-10-01 to 2028-12-31 (92 days)', '2028-11-30', 'CUEC-1', 'Review payroll register', control, 'Payroll manager', 'Open']);
    expect(rows[2]!.slice(7, 12)).toEqual(['CUEC-2', 'Restrict portal access', '', '', 'Open']);
    expect(rows[3]!.slice(0, 8)).toEqual(['Carta', 'SOC 1 Type 1', 'as of 2028-06-30', 'none (no operating-effectiveness coverage)', '2028-01-01 to 2028-12-31 (366 days)', 'a bridge letter cannot extend a Type 1 report: no part of the year is covered', '', 'none recorded']);
    expect(rows[3]![12]).toMatch(/Type 1 report \(as of 2028-06-30\) tests design only/);
    expect(rows.length).toBe(4);
  });

  it('refuses a bad register file, naming the file and the entry', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ org: 'ADP', reportType: 'type3' }]));
    const r = runCli(['analyze', saas, ...ARGS, '--soc1', bad, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.json: entry 1: reportType "type3" is not one of type1, type2');
  });
});
