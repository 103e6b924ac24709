// Seeded random edits to the Plan sheet of a real export, as a finance team might make them in Excel: values of every
// type typed over cells (text, numbers, dates, formulas, rich text, links, errors, long pastes), cells cleared, rows
// deleted and rows added. Whatever they do, the diff must come back (never an exception), and it must report only what
// they touched: no change, invalid value or deletion for a cell or row left alone, and every deleted row as deleted.
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnOf, EDITABLE_FIELDS, PLAN_COLUMNS, type PlanField } from '../../server/domain/plan-export.ts';
import { diffExports, readExportFile } from '../../server/use-cases/round-trip.ts';
import { exportBytes, loadWorkbook, saasModel, saveWorkbook } from '../fixtures/export.ts';
import { seededRandom } from '../fixtures/seeded-random.ts';
import { readInline } from '../fixtures/reader.ts';


const VALUES: ExcelJS.CellValue[] = [
  '', ' ', 'Done', 'done ', 'In progress', 'blocked', 'nearly there', 42, -1, 0.5, 1e12,
  new Date(Date.UTC(2027, 2, 1)), new Date(Date.UTC(1899, 11, 31)), new Date(Date.UTC(9999, 11, 31)),
  '2027-02-30', '31/12/2027', 'Mar 5, 2027', '=1+1', '@SUM(A1)',
  { formula: 'TODAY()', result: new Date(Date.UTC(2027, 0, 1)) }, { formula: '1/0', result: { error: '#DIV/0!' } },
  { richText: [{ text: 'Dana ' }, { font: { bold: true }, text: 'Lee' }] }, { text: 'a link', hyperlink: 'https://example.com/x' },
  true, 'P-SCOPE', 'P-SCOPE, P-RCM', 'NOPE-1', 'x'.repeat(5000), 'Zoë — ünïcode 𝔘', null,
] as ExcelJS.CellValue[];

describe('random edits to the plan workbook', () => {
  it('give a diff that reports what was touched and nothing else (30 edited workbooks)', async () => {
    const model = saasModel();
    const bytes = await exportBytes(model);
    const original = await readExportFile(readInline, bytes, 'plan.xlsx');
    if (!original.ok || !original.value) throw new Error('the export does not read back');
    const editable = PLAN_COLUMNS.filter((c) => c.editable).map((c) => c.field) as PlanField[];
    const rnd = seededRandom(1204);
    let reported = 0;
    for (let i = 0; i < 30; i++) {
      const wb = await loadWorkbook(bytes);
      const ws = wb.getWorksheet('Plan')!;
      const touched = new Set<string>(); // `${taskId}.${field}`, and `${taskId}.phase|target` for read-only columns
      const deleted = new Set<string>();
      const idAt = (r: number) => String(ws.getRow(r).getCell(1).value ?? '');
      for (let e = 0, n = 1 + rnd.int(10); e < n; e++) {
        const r = 2 + rnd.int(ws.rowCount - 1);
        const id = idAt(r);
        const op = rnd.int(8);
        if (op === 0 && id) {
          ws.spliceRows(r, 1);
          deleted.add(id);
        } else if (op === 1) {
          const row = ws.addRow([]);
          for (const f of editable) if (rnd.int(3) > 0) row.getCell(columnOf(f)).value = rnd.pick(VALUES);
        } else if (id) {
          const field = op === 2 ? rnd.pick(['phase', 'target'] as const) : rnd.pick(editable);
          ws.getRow(r).getCell(columnOf(field)).value = rnd.pick(VALUES);
          touched.add(`${id}.${field}`);
        }
      }
      const name = `edited-${i}.xlsx`;
      const edited = await readExportFile(readInline, await saveWorkbook(wb), name);
      if (!edited.ok || !edited.value) throw new Error(`${name} did not read back: ${edited.ok ? 'not an export' : edited.error.message}`);
      const d = diffExports({ original: original.value, edited: edited.value, current: model.tasks });
      if (!d.ok) throw new Error(d.error.message);
      const { changes, invalid, deleted: gone, conflicts } = d.value;
      for (const c of changes) expect(touched, `${name}: change ${c.id}.${c.field} was not made`).toContain(`${c.id}.${c.field}`);
      for (const v of invalid) {
        if (v.id === null || v.code === 'duplicate-id' || !model.tasks.some((t) => t.id === v.id)) continue; // an added row
        expect(touched, `${name}: ${v.id}.${v.field} reported invalid (${v.message}) but not edited`).toContain(`${v.id}.${v.field}`);
        expect(v).toMatchObject({ sheet: 'Plan', column: expect.stringMatching(/^[A-Z]+$/) });
        expect(v.message).not.toMatch(/undefined|\[object|NaN/);
        expect(v.message.length).toBeLessThan(300);
      }
      expect(gone.map((x) => x.id).sort(), `${name}: deleted rows`).toEqual([...deleted].sort());
      expect(conflicts).toEqual([]); // soxbridge itself changed nothing since the export
      expect(changes.every((c) => (EDITABLE_FIELDS as string[]).includes(c.field))).toBe(true);
      reported += changes.length + invalid.length + gone.length;
    }
    expect(reported).toBeGreaterThan(30); // the edits were seen at all
  }, 180_000);
});
