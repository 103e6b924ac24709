// The one place a raw exceljs cell value becomes a GridCell. Every shape exceljs produces (string, number, boolean,
// Date, rich text, hyperlink, formula, error) goes through normaliseCell, so display text and typed value are decided
// once. Pure: no exceljs import, the value arrives as `unknown` and is inspected structurally.
import type { CellValue, GridCell, Severity } from '../domain/grid.ts';

export interface CellContext {
  numFmt: string | undefined; // the cell's number format, if any
  date1904: boolean; // the workbook counts serials from 1904-01-01
}

export interface CellNote {
  code: string;
  severity: Severity;
  message: string; // without location: the caller prefixes sheet/cell
}

export interface Normalised {
  cell: GridCell | undefined; // undefined = empty
  notes: CellNote[];
}

const SAFE_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);
// A cell the file marks as a number (or a date) whose value is not one: text written without its text type, an empty
// value, or a number past what a double holds. The reader gives NaN or Infinity; what was written cannot be recovered.
const NOT_A_NUMBER: CellNote = {
  code: 'number-unreadable',
  severity: 'warning',
  message: 'the file marks the cell as a number but what it holds is not one (or is too large to read); it was read as empty, check the cell in Excel',
};
const DAY_MS = 86_400_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

export function normaliseCell(raw: unknown, ctx: CellContext): Normalised {
  const notes: CellNote[] = [];
  const cell = normalise(raw, ctx, notes);
  return { cell, notes };
}

function normalise(raw: unknown, ctx: CellContext, notes: CellNote[]): GridCell | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (typeof raw === 'string') return raw === '' ? undefined : str(raw);
  if (typeof raw === 'number') {
    if (Number.isFinite(raw)) return numberCell(raw, ctx.numFmt);
    notes.push(NOT_A_NUMBER);
    return undefined;
  }
  if (typeof raw === 'boolean') return { text: raw ? 'TRUE' : 'FALSE', value: { kind: 'boolean', value: raw } };
  if (raw instanceof Date) return dateCell(raw, ctx, notes);
  if (typeof raw !== 'object') return str(String(raw));

  const o = raw as Record<string, unknown>;
  if (Array.isArray(o.richText)) {
    const text = flattenRichText(o.richText);
    return text === '' ? undefined : str(text);
  }
  if ('hyperlink' in o) {
    const shown = normalise(o.text, ctx, notes) ?? str(typeof o.hyperlink === 'string' ? o.hyperlink : '');
    const target = typeof o.hyperlink === 'string' ? o.hyperlink : '';
    const url = safeUrl(target);
    if (url) return { ...shown, url };
    if (target.trim() !== '') {
      notes.push({
        code: 'hyperlink-dropped',
        severity: 'warning',
        message: `a link to "${clip(target)}" was dropped (only https, http and mailto links are kept); the cell text is kept`,
      });
    }
    return shown;
  }
  if ('formula' in o || 'sharedFormula' in o || 'result' in o) {
    if (o.result === undefined || o.result === null) {
      notes.push({
        code: 'formula-no-result',
        severity: 'warning',
        message: 'the formula has no saved result (the file was never recalculated); open it in Excel, press Ctrl+Alt+F9, save and re-upload it',
      });
      return { text: '', value: { kind: 'string' }, formula: true };
    }
    const result = normalise(o.result, ctx, notes);
    return { ...(result ?? { text: '', value: { kind: 'string' } }), formula: true };
  }
  if (typeof o.error === 'string') return { text: o.error, value: { kind: 'error', value: o.error } };
  if ('text' in o) return normalise(o.text, ctx, notes);
  notes.push({ code: 'cell-unrecognised', severity: 'warning', message: 'the cell holds a value of an unknown kind and was read as empty' });
  return undefined;
}

// Most cells are text: they share one value descriptor (grid cells are read, never changed).
const STRING_VALUE: GridCell['value'] = { kind: 'string' };

function str(text: string): GridCell {
  return { text, value: STRING_VALUE };
}

// The common case without the general path's allocations: a plain, non-empty string. null: take the general path.
export function plainTextCell(raw: unknown): GridCell | null {
  return typeof raw === 'string' && raw !== '' ? { text: raw, value: STRING_VALUE } : null;
}

function flattenRichText(runs: unknown[]): string {
  let out = '';
  for (const run of runs) {
    const t = run && typeof run === 'object' ? (run as { text?: unknown }).text : undefined;
    if (typeof t === 'string') out += t;
  }
  return out;
}

export function safeUrl(target: string): string | undefined {
  try {
    const u = new URL(target.trim());
    return SAFE_PROTOCOLS.has(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

// ---- numbers

function numberCell(n: number, numFmt: string | undefined): GridCell {
  const value: CellValue = { kind: 'number', value: n };
  return { text: formatNumber(n, numFmt), value };
}

export function formatNumber(n: number, numFmt: string | undefined): string {
  if (!Number.isFinite(n)) return String(n);
  const fmt = stripFormatLiterals(numFmt ?? '');
  if (fmt.includes('%')) return `${plain(n * 100)}%`;
  // Fixed decimals from a plain format such as "0.00" or "#,##0.0": a person sees "1.10", not "1.1".
  const fixed = /^[#,0]*\.(0+)$/.exec(fmt.split(';')[0]?.trim() ?? '');
  if (fixed?.[1] && fixed[1].length <= 10) return n.toFixed(fixed[1].length);
  return plain(n);
}

function plain(n: number): string {
  if (Number.isInteger(n)) return String(n);
  // 15 significant digits, as Excel shows: 0.1 + 0.2 reads as 0.3.
  return String(Number(n.toPrecision(15)));
}

function stripFormatLiterals(fmt: string): string {
  return fmt
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '');
}

// exceljs calls any format with an m, d, y, h or s a date, escaped literals included: "#,##0 \k\m" turns an amount
// into a date. We look again with the literals removed.
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  return /[ymdhs]/i.test(stripFormatLiterals(numFmt).replace(/General/gi, ''));
}

// ---- dates

// A serial day number as a Date, as exceljs turns one into a date (UTC, whole milliseconds).
export function fromSerial(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * DAY_MS));
}

function toSerial(d: Date, date1904: boolean): number {
  return 25569 + d.getTime() / DAY_MS - (date1904 ? 1462 : 0);
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function dateCell(d: Date, ctx: CellContext, notes: CellNote[]): GridCell | undefined {
  if (Number.isNaN(d.getTime())) {
    notes.push(NOT_A_NUMBER);
    return undefined;
  }
  const serial = toSerial(d, ctx.date1904);
  if (ctx.numFmt !== undefined && !isDateFormat(ctx.numFmt)) return numberCell(roundSerial(serial), ctx.numFmt);

  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) {
    if (serial >= 0 && serial < 1) {
      // A time of day with no date (Excel's day 0): show the clock time, keep the fraction.
      const hms = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
      const s = d.getUTCSeconds();
      return { text: s ? `${hms}:${pad(s)}` : hms, value: { kind: 'number', value: roundSerial(serial) } };
    }
    notes.push({
      code: 'date-out-of-range',
      severity: 'warning',
      message: `the date has year ${year}, outside ${MIN_YEAR}-${MAX_YEAR}; it was kept as the number ${plain(roundSerial(serial))}; check the cell`,
    });
    return numberCell(roundSerial(serial), undefined);
  }
  const ymd = `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0 && d.getUTCMilliseconds() === 0) return { text: ymd, value: { kind: 'date', iso: ymd } };
  const text = `${ymd} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
  return { text, value: { kind: 'date', iso: d.toISOString() } };
}

function roundSerial(serial: number): number {
  return Math.round(serial * 1e9) / 1e9;
}

// An ISO `t="d"` cell's text as stored in the sheet xml, read as UTC when it carries no zone.
export function isoDateValue(text: string): Date | undefined {
  const t = text.trim();
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(t) || /(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`;
  const d = new Date(withZone);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function clip(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
