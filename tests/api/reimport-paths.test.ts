// One re-import pipeline: the same edited workbooks go through the server (upload to /reimports) and the CLI
// (`diff <exported> <edited> --current <later export>`), and the two diffs are identical, field for field. The first
// case is the one found on review: the Plan tab renamed and the read-only Phase column edited, where the server used
// to report the sheet as "Plan" and no read-only edit.
import type ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnOf } from '../../server/domain/plan-export.ts';
import { runCli } from '../cli/run-cli.ts';
import { forEachDatabase } from '../db/databases.ts';
import { diffExports, readExportFile } from '../../server/use-cases/round-trip.ts';
import { exportBytes, loadWorkbook, planRowOf, saasModel, saveWorkbook } from '../fixtures/export.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload } from './harness.ts';
import { readInline } from '../fixtures/reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'soxbridge-reimport-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Edit = (wb: ExcelJS.Workbook, ids: { design: string; implement: string; other: string }) => void;

const CASES: { name: string; edit: Edit }[] = [
  {
    name: 'renamed Plan tab, read-only Phase edited, a status changed',
    edit: (wb, ids) => {
      const ws = wb.getWorksheet('Plan')!;
      ws.name = 'Plan - CFO edits';
      planRowOf(ws, ids.implement).getCell(columnOf('phase')).value = 'Phase edited by the CFO';
      planRowOf(ws, ids.implement).getCell(columnOf('status')).value = 'done';
    },
  },
  {
    name: 'a conflict, an unknown owner, a deleted row and a new row',
    edit: (wb, ids) => {
      const ws = wb.getWorksheet('Plan')!;
      planRowOf(ws, ids.design).getCell(columnOf('notes')).value = 'from the workbook';
      planRowOf(ws, ids.implement).getCell(columnOf('owner')).value = 'Nobody Known';
      const gone = planRowOf(ws, ids.other);
      ws.spliceRows(gone.number, 1);
      const added = ws.addRow([]);
      added.getCell(columnOf('title')).value = 'Walk the auditors through the close';
      added.getCell(columnOf('start')).value = new Date(Date.UTC(2027, 0, 4));
      added.getCell(columnOf('due')).value = new Date(Date.UTC(2027, 0, 8));
      added.getCell(columnOf('effort')).value = 2;
      added.getCell(columnOf('status')).value = 'not-started';
    },
  },
];

forEachDatabase('re-import: server and CLI', (dbc) => {
  it('give identical diffs for the same edited workbooks', async () => {
    const { app } = apiFor(dbc.handle);
    const created = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', financialSystems: ['NetSuite', 'ADP'] });
    const id = created.json.id as string;
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
    const tasks = (await call(app, 'GET', `/api/engagements/${id}/plan`)).json.plan.tasks as { id: string; kind: string }[];
    const ids = {
      design: tasks.find((t) => t.kind === 'design')!.id,
      implement: tasks.find((t) => t.kind === 'implement')!.id,
      other: tasks.filter((t) => t.kind === 'implement')[1]!.id,
    };
    const download = async () => {
      const exp = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
      return new Uint8Array(await (await app.request(exp.json.downloadUrl)).arrayBuffer());
    };
    const original = await download();
    writeFileSync(join(dir, `${dbc.dialect}-original.xlsx`), original);
    // soxbridge moves on after the export: the design task's notes change in the app
    expect((await call(app, 'PATCH', `/api/engagements/${id}/tasks/${ids.design}`, { notes: 'from the app' })).status).toBe(200);
    writeFileSync(join(dir, `${dbc.dialect}-later.xlsx`), await download());

    const diffs: { server: unknown; cli: unknown }[] = [];
    for (const [i, c] of CASES.entries()) {
      const wb = await loadWorkbook(original);
      c.edit(wb, ids);
      const edited = await saveWorkbook(wb);
      const file = join(dir, `${dbc.dialect}-edited-${i}.xlsx`);
      writeFileSync(file, edited);
      const server = await upload(app, `/api/engagements/${id}/reimports`, edited, `edited-${i}.xlsx`);
      expect(server.status, c.name).toBe(200);
      const cli = runCli(['diff', join(dir, `${dbc.dialect}-original.xlsx`), file, '--current', join(dir, `${dbc.dialect}-later.xlsx`), '--json']);
      expect(cli.stderr, c.name).toBe('');
      expect(cli.code, c.name).toBe(0);
      diffs.push({ server: server.json.diff, cli: JSON.parse(cli.stdout) });
      expect(server.json.diff, c.name).toEqual(JSON.parse(cli.stdout));
    }

    // By hand, from the edits: case 1 reports the status change on the renamed sheet and the Phase edit as read-only.
    const one = diffs[0]!.server as any;
    expect(one.changes.map((x: any) => [x.sheet, x.id, x.field, x.after])).toEqual([['Plan - CFO edits', ids.implement, 'status', 'done']]);
    expect(one.invalid.map((x: any) => [x.sheet, x.id, x.code, x.column])).toEqual([['Plan - CFO edits', ids.implement, 'read-only', 'B']]);
    expect([one.added, one.deleted, one.conflicts]).toEqual([[], [], []]);
    // Case 2: the notes changed on both sides (a conflict), an owner not in the export's list (accepted as a new owner
    // with a note, issue 24), one row gone, one new.
    const two = diffs[1]!.server as any;
    expect(two.conflicts.map((x: any) => [x.id, x.field, x.workbook, x.current])).toEqual([[ids.design, 'notes', 'from the workbook', 'from the app']]);
    expect(two.invalid).toEqual([]);
    expect(two.changes.filter((x: any) => x.field === 'owner').map((x: any) => [x.id, /^new owner /.test(x.note)])).toEqual([[ids.implement, true]]);
    expect(two.deleted.map((x: any) => x.id)).toEqual([ids.other]);
    expect(two.added.map((x: any) => x.values.title)).toEqual(['Walk the auditors through the close']);
  }, 240_000);
});

describe('the row hashes of the export', () => {
  it('refuse an "original" that was edited after the export, naming the sheet, row and task', async () => {
    const model = saasModel();
    const pristine = await exportBytes(model);
    const wb = await loadWorkbook(pristine);
    const task = model.tasks[3]!;
    planRowOf(wb.getWorksheet('Plan')!, task.id).getCell(columnOf('notes')).value = 'edited before it came back';
    const touched = await readExportFile(readInline, await saveWorkbook(wb), 'touched.xlsx');
    const clean = await readExportFile(readInline, pristine, 'plan.xlsx');
    if (!touched.ok || !touched.value || !clean.ok || !clean.value) throw new Error('exports do not read back');
    const refused = diffExports({ original: touched.value, edited: clean.value, current: null });
    expect(!refused.ok && [refused.error.reason, refused.error.message]).toEqual([
      'original-edited',
      `"touched.xlsx" is not the export as soxbridge wrote it: sheet "Plan" row 5 (task ${task.id}) was edited since; give the workbook as it was exported, and the edited copy second`,
    ]);
    // The same pair the right way round is an ordinary diff: one note changed.
    const ok = diffExports({ original: clean.value, edited: touched.value, current: null });
    expect(ok.ok && ok.value.changes.map((c) => [c.id, c.field, c.after])).toEqual([[task.id, 'notes', 'edited before it came back']]);
  });
});
