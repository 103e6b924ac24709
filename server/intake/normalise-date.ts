// lastTested as an ISO date. Only unambiguous or conventional text formats are read (YYYY-MM-DD, US MM/DD/YYYY,
// DD-Mon-YYYY); anything else keeps its text and becomes an issue rather than a guessed date.
import type { GridCell } from '../domain/grid.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function iso(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseDateText(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(t);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return iso(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.indexOf((m[2] ?? '').toLowerCase());
    if (month >= 0) return iso(Number(m[3]), month + 1, Number(m[1]));
  }
  return null;
}

export function cellDate(cell: GridCell | undefined): string | null {
  if (!cell) return null;
  if (cell.value.kind === 'date') return cell.value.iso.slice(0, 10);
  return parseDateText(cell.text);
}
