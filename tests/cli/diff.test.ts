import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnOf } from '../../server/domain/plan-export.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { loadWorkbook, saveWorkbook } from '../fixtures/export.ts';
import { REAL, runCli } from './run-cli.ts';

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-diff-'));
  writeFileSync(join(dir, 'acme.xlsx'), await buildTypicalSaasXlsx());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli analyze --out and diff', () => {
  it('writes the workbook, and diff reports exactly the edit made in Excel', async () => {
    const plan = join(dir, 'plan.xlsx');
    const r = runCli(['analyze', join(dir, 'acme.xlsx'), '--ipo-date', '2027-05-15', '--start', '2026-11-25', '--company', 'Acme Cloud', '--out', plan]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const wb = await loadWorkbook(new Uint8Array(readFileSync(plan)));
    const ws = wb.getWorksheet('Plan')!;
    const id = String(ws.getRow(3).getCell(1).value);
    ws.getRow(3).getCell(columnOf('status')).value = 'done';
    const edited = join(dir, 'edited.xlsx');
    writeFileSync(edited, await saveWorkbook(wb));

    const d = runCli(['diff', plan, edited, '--json']);
    expect(d.stderr).toBe('');
    expect(d.code).toBe(0);
    expect(JSON.parse(d.stdout)).toEqual({
      changes: [{ sheet: 'Plan', row: 3, id, field: 'status', before: 'not-started', after: 'done' }],
      added: [],
      deleted: [],
      invalid: [],
      conflicts: [],
    });
    const same = runCli(['diff', plan, plan, '--json']);
    expect(JSON.parse(same.stdout)).toEqual({ changes: [], added: [], deleted: [], invalid: [], conflicts: [] });
  });

  it('refuses an export of another engagement, and a file that is not an export, with exit 2', () => {
    const a = join(dir, 'a.xlsx');
    const b = join(dir, 'b.xlsx');
    expect(runCli(['analyze', join(dir, 'acme.xlsx'), '--start', '2026-11-25', '--out', a]).code).toBe(0);
    expect(runCli(['analyze', join(REAL, 'Mehulchhabra07__Automated-Test-of-Design---Internal-Controls__sample_controls.xlsx'), '--start', '2026-11-25', '--out', b]).code).toBe(0);
    const foreign = runCli(['diff', a, b, '--json']);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toMatch(/b\.xlsx" was exported from another engagement/);
    const notExport = runCli(['diff', a, join(dir, 'acme.xlsx')]);
    expect(notExport.code).toBe(2);
    expect(notExport.stderr).toMatch(/acme\.xlsx is not a soxbridge plan workbook/);
  });
});
