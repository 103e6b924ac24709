// A second, independent reader: LibreOffice must open every export without error. .ci/run installs Debian's
// libreoffice-calc-nogui; if soffice is missing this test fails (a blocker to report), it is never skipped.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHEET_ORDER } from '../../server/excel/export/write-workbook.ts';
import { importWorkbook } from '../../server/use-cases/import-workbook.ts';
import { analyse, catalog, SAAS_PROFILE } from '../fixtures/analysis.ts';
import { exportBytes, loadWorkbook, planRowOf, saasModel, saveWorkbook } from '../fixtures/export.ts';
import { columnOf } from '../../server/domain/plan-export.ts';
import { diffExports, readExportFile } from '../../server/use-cases/round-trip.ts';
import { REAL_FIXTURE_FILES, realFixture, realFixtureCounts } from '../fixtures/real.ts';
import { readInline } from '../fixtures/reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'soxbridge-lo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every sheet of every file to its own UTF-8 CSV (LibreOffice 7.2+: the last token -1 means all sheets), in one run.
function convert(files: string[]): string[] {
  const r = spawnSync(
    'soffice',
    [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', join(dir, 'out'), ...files],
    { encoding: 'utf8', timeout: 300_000 },
  );
  if (r.error) throw new Error(`soffice could not run (${r.error.message}); install libreoffice-calc-nogui`);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/error/i);
  return readdirSync(join(dir, 'out'));
}

describe('LibreOffice opens the plan workbook', () => {
  it('converts every sheet of the typical SaaS export and of every real fixture; Plan and Summary say what soxbridge wrote', async () => {
    const m = saasModel();
    const files = [join(dir, 'acme-plan.xlsx')];
    writeFileSync(files[0]!, await exportBytes(m));
    for (const [i, f] of REAL_FIXTURE_FILES.entries()) {
      const imp = await importWorkbook(catalog, realFixture(f), f, { read: readInline });
      if (!imp.ok) throw new Error(imp.error.message);
      const a = analyse(imp.value.controls, { ...SAAS_PROFILE, planStart: '2026-11-25' });
      const file = join(dir, `fixture-${i}.xlsx`);
      writeFileSync(file, await exportBytes(saasModel({ source: { file: f, sheets: imp.value.sheetsRead } }, imp.value.controls, a)));
      files.push(file);
    }
    const outputs = convert(files);
    for (const f of files) {
      const stem = f.split('/').pop()!.replace(/\.xlsx$/, '');
      for (const s of SHEET_ORDER) expect(outputs, `${stem} ${s}`).toContain(`${stem}-${s}.csv`);
    }
    const plan = readFileSync(join(dir, 'out', 'acme-plan-Plan.csv'), 'utf8').trim().split('\n');
    expect(plan[0]).toBe('Task ID,Phase,Task,Target,Owner,Start,Due,Effort (days),Status,Depends on,Notes,At risk,At-risk reason');
    expect(plan.length).toBeGreaterThanOrEqual(m.tasks.length + 1);
    const first = m.tasks[0]!;
    expect(plan[1]).toContain(`${first.id},`);
    expect(plan[1]).toContain(first.start);
    const summary = readFileSync(join(dir, 'out', 'acme-plan-Summary.csv'), 'utf8');
    expect(summary).toContain('Acme Cloud');
    expect(summary).toMatch(/First 10-Q,[^\n]*2027[^\n]*/);
    expect(summary).toContain(`${m.analysis.readiness.overall}%`);
  }, 400_000);

  it('a client matrix re-saved as .xlsx by LibreOffice imports as the same controls, cell for cell', async () => {
    const files = REAL_FIXTURE_FILES.filter((f) => f.endsWith('.xlsx'));
    for (const f of files) writeFileSync(join(dir, f), realFixture(f));
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'matrices'), ...files.map((f) => join(dir, f))],
      { encoding: 'utf8', timeout: 300_000 },
    );
    if (r.error) throw new Error(`soffice could not run (${r.error.message}); install libreoffice-calc-nogui`);
    expect(r.status, r.stderr).toBe(0);
    for (const f of files) {
      const before = await importWorkbook(catalog, realFixture(f), f, { read: readInline });
      const after = await importWorkbook(catalog, new Uint8Array(readFileSync(join(dir, 'matrices', f))), f, { read: readInline });
      if (!before.ok || !after.ok) throw new Error(`${f}: ${!before.ok ? before.error.message : !after.ok ? after.error.message : ''}`);
      expect(after.value.controls.length, f).toBe(realFixtureCounts(f).controls);
      expect(after.value.controls, f).toEqual(before.value.controls);
    }
  }, 400_000);

  it('saves it back as .xlsx with nothing changed but the edit made: the re-import diff is that one change', async () => {
    const m = saasModel();
    const exported = await exportBytes(m);
    const t = m.tasks[4]!;
    const wb = await loadWorkbook(exported);
    planRowOf(wb.getWorksheet('Plan')!, t.id).getCell(columnOf('status')).value = 'in-progress';
    writeFileSync(join(dir, 'edited.xlsx'), await saveWorkbook(wb));
    writeFileSync(join(dir, 'untouched.xlsx'), exported);
    const r = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', join(dir, 'resaved'), join(dir, 'untouched.xlsx'), join(dir, 'edited.xlsx')],
      { encoding: 'utf8', timeout: 300_000 },
    );
    if (r.error) throw new Error(`soffice could not run (${r.error.message}); install libreoffice-calc-nogui`);
    expect(r.status, r.stderr).toBe(0);
    const original = await readExportFile(readInline, exported, 'plan.xlsx');
    if (!original.ok || !original.value) throw new Error('the export does not read back');
    const diffOf = async (name: string) => {
      const back = await readExportFile(readInline, new Uint8Array(readFileSync(join(dir, 'resaved', name))), name);
      if (!back.ok || !back.value) throw new Error(`${name} after LibreOffice: ${back.ok ? 'no longer an export' : back.error.message}`);
      const d = diffExports({ original: original.value!, edited: back.value, current: m.tasks });
      if (!d.ok) throw new Error(d.error.message);
      return d.value;
    };
    expect(await diffOf('untouched.xlsx')).toEqual({ changes: [], added: [], deleted: [], invalid: [], conflicts: [] });
    const edited = await diffOf('edited.xlsx');
    expect(edited.changes).toEqual([expect.objectContaining({ id: t.id, field: 'status', after: 'in-progress' })]);
    expect([edited.added, edited.deleted, edited.invalid, edited.conflicts]).toEqual([[], [], [], []]);
  }, 400_000);
});
