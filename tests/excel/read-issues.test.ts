// Issues a person reads once: each distinct fact once, the cells listed together; an empty saved formula result is a
// value; defined names in plain words; and the import tells no issue code twice for the same cells.
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import { importWorkbook } from '../../server/use-cases/import-workbook.ts';
import { TSC } from '../intake/grid-builder.ts';
import { inlineCell, rawXlsx, textRow } from './build.ts';
import { readInlineWith } from '../fixtures/reader.ts';

const HEADER = textRow(1, ['Control ID', 'Description', 'TSC', 'Owner']);

function controlRow(r: number, extra = '', hidden = false): string {
  const cells = [
    inlineCell(`A${r}`, `AC-${r}`),
    inlineCell(`B${r}`, `Access to production is reviewed by the owner (${r})`),
    inlineCell(`C${r}`, 'CC6.1'),
  ].join('');
  return `<row r="${r}"${hidden ? ' hidden="1"' : ''}>${cells}${extra}</row>`;
}

// Rows 2..9: D2-D4 formulas saved with an empty result (<v/>, <v></v>), D5 and D6 formulas never calculated (no <v>);
// rows 4, 6 and 8 hidden; a defined name over whole columns.
function noisyWorkbook(): Uint8Array {
  const d = (r: number): string => {
    if (r === 2) return `<c r="D2" t="str"><f>IF(1,"","x")</f><v/></c>`;
    if (r === 3) return `<c r="D3" t="str"><f>IF(1,"","x")</f><v></v></c>`;
    if (r === 4) return `<c r="D4"><f>""</f><v/></c>`;
    if (r === 5 || r === 6) return `<c r="D${r}"><f>A${r}&amp;"-owner"</f></c>`;
    return inlineCell(`D${r}`, 'Dana Lee');
  };
  let rows = HEADER;
  for (let r = 2; r <= 9; r++) rows += controlRow(r, d(r), r === 4 || r === 6 || r === 8);
  return rawXlsx({
    sheets: [{ name: 'Controls', rows }],
    definedNames: `<definedName name="AllOwners">Controls!$D:$D</definedName>`,
  });
}

describe('read issues', () => {
  it('reads an empty saved formula result (<v/>) as a value, and lists the never-calculated cells together once', async () => {
    const r = await readSpreadsheet(noisyWorkbook(), 'noisy.xlsx');
    if (!r.ok) throw new Error(r.error.message);
    const rows = r.value.sheets[0]?.rows ?? [];
    for (const row of [2, 3, 4]) expect(rows[row - 1]?.[3]).toEqual({ text: '', value: { kind: 'string' }, formula: true });
    const noResult = r.value.issues.filter((i) => i.code === 'formula-no-result');
    expect(noResult).toHaveLength(1);
    expect(noResult[0]).toMatchObject({ sheet: 'Controls', row: 5, column: 'D' });
    expect(noResult[0]?.message).toContain('2 cells (D5, D6)');
    const hidden = r.value.issues.filter((i) => i.code === 'rows-hidden');
    expect(hidden.map((i) => i.message)).toEqual([
      '"noisy.xlsx", sheet "Controls": rows 4, 6, 8 are hidden; they were imported, and controls read from them are marked hidden.',
    ]);
    expect(r.value.issues.filter((i) => i.code === 'defined-name-removed').map((i) => i.message)).toEqual([
      '"noisy.xlsx": a named range ("AllOwners") covering whole columns was ignored; it does not affect the controls.',
    ]);
  });

  it('an import reports no issue code twice for the same cells', async () => {
    const r = await importWorkbook({ tsc: TSC }, noisyWorkbook(), 'noisy.xlsx', { read: readInlineWith({ maxDefinedNameCells: 1000 }) });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.controls).toHaveLength(8);
    expect(r.value.controls.filter((c) => c.hidden).map((c) => c.id)).toEqual(['AC-4', 'AC-6', 'AC-8']);
    const keys = r.value.issues.map((i) => `${i.code}|${i.sheet}|${i.row}|${i.column}`);
    expect(keys.length).toBeGreaterThan(2);
    expect(new Set(keys).size).toBe(keys.length);
    // The hidden rows, told by the reader, are not told again by the intake.
    expect(r.value.issues.filter((i) => /hidden/.test(i.code)).map((i) => i.code)).toEqual(['rows-hidden']);
    expect(r.value.issues.filter((i) => i.code === 'formula-no-result')).toHaveLength(1);
  });
});
