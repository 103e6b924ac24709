// `analyze … --access [SYSTEM=]file`: access-based SoD folded into the analysis JSON and the plan workbook.
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalListingSet } from '../fixtures/access-listings.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { runCli } from './run-cli.ts';
import { loadCatalog } from '../../server/catalog/load-catalog.ts';

let dir = '';
const path = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-cli-access-'));
  writeFileSync(path('acme-soc2.xlsx'), await buildTypicalSaasXlsx());
  const f = await buildTypicalListingSet();
  writeFileSync(path('netsuite-users.xlsx'), f.netsuite);
  writeFileSync(path('sf-permissions.csv'), f.salesforce);
  writeFileSync(path('adp-roles.xlsx'), f.adp);
  writeFileSync(path('okta-admins.csv'), f.okta);
  writeFileSync(path('roster.csv'), f.roster);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const access = () => [
  '--access',
  path('netsuite-users.xlsx'),
  '--access',
  `Salesforce Billing=${path('sf-permissions.csv')}`,
  '--access',
  path('adp-roles.xlsx'),
  '--access',
  path('okta-admins.csv'),
  '--access-roster',
  path('roster.csv'),
];
const BASE = ['--ipo-date', '2027-05-15', '--start', '2026-11-25'];

describe('cli analyze --access', () => {
  it('folds the access conflicts into the JSON as "access" and the workbook as the SoD – Access sheet', async () => {
    const r = runCli(['analyze', path('acme-soc2.xlsx'), ...BASE, ...access(), '--out', path('plan.xlsx'), '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const catalog = loadCatalog();
    expect(out.delta.items.length).toBe(catalog.ok ? catalog.value.targets.length : -1); // one item per catalogue target, still all there
    expect(out.access.listings.map((l: any) => [l.system, l.systemBasis])).toEqual([
      ['NetSuite', 'file-name'],
      ['Salesforce Billing', 'argument'],
      ['ADP', 'sheet-name'],
      ['Okta', 'file-name'],
    ]);
    const ana = out.access.conflicts.find((c: any) => c.rule === 'SOD-P2P-03' && c.user === 'Ana Ruiz');
    expect(ana).toMatchObject({ level: 'user', severity: 'critical', status: 'open' });
    expect(out.access.leavers.map((l: any) => [l.user, l.system])).toEqual([['Dave Nguyen', 'NetSuite']]);
    expect(out.access.matrix.rows.find((x: any) => x.user === 'Ana Ruiz').conflicts).toBeGreaterThan(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path('plan.xlsx')) as unknown as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.indexOf('SoD – Access')).toBe(names.indexOf('SoD') + 1);
    let found = false;
    wb.getWorksheet('SoD – Access')!.eachRow((row) => {
      if (row.getCell(1).value === 'Ana Ruiz' && row.getCell(3).value === 'SOD-P2P-03') found = true;
    });
    expect(found).toBe(true);
  });

  it('without --access the JSON has no "access" and the workbook no access sheet', async () => {
    const r = runCli(['analyze', path('acme-soc2.xlsx'), ...BASE, '--out', path('plain.xlsx'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).access).toBeUndefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path('plain.xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).not.toContain('SoD – Access');
  });

  it('prints a line about access in the short summary, and one line on stderr for a listing it cannot use', () => {
    const r = runCli(['analyze', path('acme-soc2.xlsx'), ...BASE, ...access()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Access SoD: \d+ conflicts \(\d+ critical, \d+ high[^)]*\) in 4 listings, 1 leaver still active/);
    writeFileSync(path('numbers.csv'), 'a,b\n1,2\n');
    const bad = runCli(['analyze', path('acme-soc2.xlsx'), ...BASE, '--access', path('numbers.csv')]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/numbers\.csv" holds no access listing/);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
