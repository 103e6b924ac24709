// The plan workbook's data validations, read back by openpyxl (another reader than the one that wrote them): no two
// ranges overlap on any sheet (Excel offers to "repair" a workbook where they do), and each editable Plan column is
// validated on exactly its data rows.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { columnLetter } from '../../server/domain/grid.ts';
import { columnOf } from '../../server/domain/plan-export.ts';
import { exportBytes, saasModel } from '../fixtures/export.ts';

const dir = mkdtempSync(join(tmpdir(), 'soxbridge-dv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every sheet's validations as [sheet, sqref range, type] and every pair of ranges that share a cell.
const SCRIPT = `
import json, sys, warnings
warnings.simplefilter("error")  # a workbook openpyxl has to repair would warn
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1])
out = {"ranges": [], "overlaps": []}
for ws in wb.worksheets:
    rs = []
    for dv in ws.data_validations.dataValidation:
        for r in dv.sqref.ranges:
            rs.append((r.coord, dv.type, r.min_row, r.max_row, r.min_col, r.max_col))
            out["ranges"].append([ws.title, r.coord, dv.type])
    for i in range(len(rs)):
        for j in range(i + 1, len(rs)):
            a, b = rs[i], rs[j]
            if a[2] <= b[3] and b[2] <= a[3] and a[4] <= b[5] and b[4] <= a[5]:
                out["overlaps"].append([ws.title, a[0], b[0]])
print(json.dumps(out))
`;

function validations(bytes: Uint8Array): { ranges: [string, string, string][]; overlaps: [string, string, string][] } {
  const file = join(dir, `wb-${Math.random().toString(36).slice(2)}.xlsx`);
  writeFileSync(file, bytes);
  const r = spawnSync('/usr/bin/python3', ['-c', SCRIPT, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('data validations of the plan workbook (openpyxl)', () => {
  it('has no overlapping validation ranges on any sheet, and one range per editable Plan column', async () => {
    const model = saasModel();
    const v = validations(await exportBytes(model));
    expect(v.overlaps).toEqual([]);
    const last = model.tasks.length + 1;
    expect(last).toBeGreaterThan(10); // rows 2–9 and 10+ are where exceljs's string sort made two ranges
    const plan = v.ranges.filter(([s]) => s === 'Plan');
    for (const [field, type] of [['owner', 'list'], ['start', 'date'], ['due', 'date'], ['status', 'list']] as const) {
      const col = columnLetter(columnOf(field));
      expect(plan.filter(([, coord]) => coord.startsWith(col)), field).toEqual([['Plan', `${col}2:${col}${last}`, type]]);
    }
  });

  it('has none either for a plan of a single task', async () => {
    const model = saasModel();
    const one = saasModel({ tasks: model.tasks.slice(0, 1) });
    const v = validations(await exportBytes(one));
    expect(v.overlaps).toEqual([]);
    expect(v.ranges.filter(([s]) => s === 'Plan').map(([, c]) => c)).toContain(`${columnLetter(columnOf('status'))}2`); // openpyxl writes I2:I2 as I2
  });
});
