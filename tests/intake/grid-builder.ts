// Build a Grid in code so each test shows its own sheet. Merged ranges copy their value into every covered cell
// with merged=true, as the workbook reader does.
import { readFileSync } from 'node:fs';
import type { TscCriterion } from '../../server/domain/catalog.ts';
import type { CellValue, Grid, GridCell, GridSheet, Merge } from '../../server/domain/grid.ts';

export const TSC = (
  JSON.parse(readFileSync(new URL('../../templates/tsc-2017.json', import.meta.url), 'utf8')) as {
    criteria: TscCriterion[];
  }
).criteria;

export interface SheetSpec {
  name: string;
  rows: (string | GridCell | null)[][];
  hiddenRows?: number[];
  merges?: Merge[];
  state?: 'visible' | 'hidden';
}

export function cell(text: string, value: CellValue = { kind: 'string' }): GridCell {
  return { text, value };
}

export function dateCell(iso: string, text = iso): GridCell {
  return { text, value: { kind: 'date', iso } };
}

function toCell(v: string | GridCell | null): GridCell | undefined {
  if (v === null || v === '') return undefined;
  if (typeof v !== 'string') return v;
  return /^-?\d+(\.\d+)?$/.test(v) ? { text: v, value: { kind: 'number', value: Number(v) } } : cell(v);
}

export function buildSheet(spec: SheetSpec): GridSheet {
  const rows: (GridCell | undefined)[][] = spec.rows.map((r) => r.map(toCell));
  for (const m of spec.merges ?? []) {
    const top = rows[m.top - 1]?.[m.left - 1];
    if (!top) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      for (let c = m.left; c <= m.right; c++) {
        if (r === m.top && c === m.left) continue;
        const row = rows[r - 1] ?? (rows[r - 1] = []);
        row[c - 1] = { ...top, merged: true };
      }
    }
  }
  while (rows.length > 0 && (rows.at(-1) ?? []).every((c) => c === undefined)) rows.pop();
  return {
    name: spec.name,
    state: spec.state ?? 'visible',
    rows,
    hiddenRows: spec.hiddenRows ?? [],
    merges: spec.merges ?? [],
  };
}

export function buildGrid(sheets: SheetSpec[], file = 'matrix.xlsx'): Grid {
  return { file, format: file.endsWith('.csv') ? 'csv' : 'xlsx', sheets: sheets.map(buildSheet), issues: [] };
}

export function oneSheet(rows: (string | GridCell | null)[][], extra: Partial<SheetSpec> = {}): Grid {
  return buildGrid([{ name: 'Controls', rows, ...extra }]);
}
