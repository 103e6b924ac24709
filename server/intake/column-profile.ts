// What a column's values are, whatever its header says: how unique, how full, and the share of short codes, prose,
// yes/no marks, numbers, dates, TSC criteria, other frameworks' references, frequency / nature / method words and
// line breaks. Shares are exact counts over every non-empty value, each distinct value tested once, and only when a
// mapping decision asks (a column of 5,000 descriptions is never tested for frequency words).
import { looksLikeCriteria } from '../domain/criteria.ts';
import { cellAt, textAt, type FoundTable } from './find-tables.ts';
import type { GridSheet } from '../domain/grid.ts';
import { looksLikeDate } from '../domain/date-text.ts';
import { normaliseFrequency } from './normalise-frequency.ts';
import { isNatureWord, normaliseMethod } from './normalise-nature-method.ts';

const PLACEHOLDER = /^(?:[-\u2010-\u2015.]+|n\/?a|none|tbd|null|nil|not applicable)$/i;
const FLAG = /^(?:x|\u2713|\u2714|\u2611|\u2612|\u25cf|\u2022|yes|y|1|true)$/i;
const CODE = /^[A-Za-z]{1,6}(?:[-_.][A-Za-z]{1,6})*[-_.]?\d{1,5}(?:[-_.]\d{1,4})*[a-z]?$/;
// Yes/no in the languages the headers are read in, and the marks RCMs use ('O'/'X' in Korean matrices is not here:
// 'O' is also a cycle code).
const YES_NO =
  /^(?:y|n|yes|no|true|false|key|non ?key|not key|예|아니오|아니요|아니|네|はい|いいえ|有|無|ja|nein|oui|non|si|sí|sim|nao|não|\u25cb|\u25ef|\u00d7|\u2713|\u2714|\u2717|\u2718)$/i;
const NUMBER = /^-?\d+(?:[.,]\d+)?%?$/;
// One reference of a framework: 'AC-2', 'A.5.1', 'PR.AC-1', '164.308(a)(1)(ii)', 'CIS 5.1', 'Art. 32', '§ 500.7'. It
// holds a digit, has at most three words, and is not a whole number ('5.15' of ISO 27002 is a reference).
const REFERENCE = /^(?=[^\n]*\d)[\p{L}\d\u00a7][\p{L}\d .:()\-_/\u00a7]{0,29}$/u;
const LIST_SPLIT = /\s*(?:\r?\n|[,;|])\s*/;

export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.trim());
}

// A short code such as 'AC-01' or 'CC6.1a': how control ids are written.
export function isCodeLike(text: string): boolean {
  return CODE.test(text.trim());
}

export function isFlag(text: string): boolean {
  return FLAG.test(text.trim());
}

export function isYesNo(text: string): boolean {
  return YES_NO.test(text.trim());
}

function referenceTokens(v: string): string[] | null {
  const tokens = v.split(LIST_SPLIT).filter((t) => t !== '');
  if (tokens.length === 0) return null;
  for (const t of tokens) {
    if (!REFERENCE.test(t) || /^\d+$/.test(t) || t.split(' ').length > 3) return null;
  }
  return tokens;
}

// Another framework's references: every token of the cell is one ('AC-2, AC-3', 'A.5.1\nA.5.2').
export function isReferenceList(v: string): boolean {
  return referenceTokens(v) !== null;
}

// Prose: a sentence or more (six words and forty characters, or twenty characters of Korean/Japanese text).
function isProse(v: string): boolean {
  if (v.length >= 40 && v.split(/\s+/).length >= 6) return true;
  return v.length >= 20 && /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(v);
}

export interface ColumnProfile {
  rows: number; // data rows of the table
  nonEmpty: number;
  fill: number; // nonEmpty / rows
  unique: number; // distinct non-empty values / nonEmpty
  avgLength: number;
  code: number; // share of values that are short codes like 'AC-01'
  integer: number;
  criteria: number;
  frequency: number;
  nature: number;
  method: number;
  date: number;
  flag: number;
  yesNo: number;
  number: number;
  prose: number;
  reference: number; // values that are other frameworks' references (one or a list)
  list: number; // values that list two or more references
  multiline: number;
  distinct: number; // distinct non-empty values
  first: string; // the first non-empty value // share of values with two or more lines
  // share >= threshold, decided without reading every value once the rest cannot reach it
  atLeast(share: ValueShare, threshold: number): boolean;
}

export type ValueShare =
  | 'code'
  | 'integer'
  | 'number'
  | 'criteria'
  | 'frequency'
  | 'nature'
  | 'method'
  | 'flag'
  | 'yesNo'
  | 'prose'
  | 'reference'
  | 'list'
  | 'multiline';

const SHARE_TESTS: Record<ValueShare, (v: string) => boolean> = {
  code: (v) => CODE.test(v),
  integer: (v) => /^\d+$/.test(v),
  criteria: looksLikeCriteria,
  frequency: (v) => normaliseFrequency(v) !== null,
  nature: isNatureWord,
  method: (v) => normaliseMethod(v) !== null,
  flag: isFlag,
  yesNo: isYesNo,
  number: (v) => NUMBER.test(v),
  prose: isProse,
  reference: isReferenceList,
  list: (v) => (referenceTokens(v)?.length ?? 0) >= 2,
  multiline: (v) => v.split(/\r?\n/).filter((l) => l.trim() !== '').length >= 2,
};

// Each test runs once per distinct value (weighted by how often it occurs), and only when a mapping decision reads
// it: a column of 5,000 long descriptions is never tested for frequency words. Shares are exact counts over every
// non-empty value, not a sample.
// A column's profile is asked for several times in one intake (the sheet choice, the mapping, the layouts, the file's
// recognition): it is built once per sheet, table rows and column, and held weakly, so it goes with the grid. Its
// answers depend only on those cells, so a kept profile answers as a new one would.
const profiles = new WeakMap<GridSheet, WeakMap<readonly number[], Map<number, ColumnProfile>>>();

export function profileColumn(sheet: GridSheet, table: FoundTable, column: number): ColumnProfile {
  let bySheet = profiles.get(sheet);
  if (!bySheet) profiles.set(sheet, (bySheet = new WeakMap()));
  let byRows = bySheet.get(table.dataRows);
  if (!byRows) bySheet.set(table.dataRows, (byRows = new Map()));
  let p = byRows.get(column);
  if (!p) byRows.set(column, (p = buildProfile(sheet, table, column)));
  return p;
}

function buildProfile(sheet: GridSheet, table: FoundTable, column: number): ColumnProfile {
  // distinct value -> occurrences, and how many of them are date-typed cells; null marks a placeholder
  const counts = new Map<string, { k: number; typed: number } | null>();
  let n = 0;
  let totalLength = 0;
  for (const r of table.dataRows) {
    const text = textAt(sheet, r, column);
    if (text === '') continue;
    let seen = counts.get(text);
    if (seen === undefined) {
      seen = isPlaceholder(text) ? null : { k: 0, typed: 0 };
      counts.set(text, seen);
    }
    if (seen === null) continue;
    seen.k++;
    n++;
    totalLength += text.length;
    if (cellAt(sheet, r, column)?.value.kind === 'date') seen.typed++;
  }
  const values = new Array<string>(counts.size);
  const weights = new Array<number>(counts.size);
  const typedDates = new Array<number>(counts.size);
  let distinct = 0;
  counts.forEach((c, v) => {
    if (c === null) return;
    values[distinct] = v;
    weights[distinct] = c.k;
    typedDates[distinct] = c.typed;
    distinct++;
  });
  values.length = weights.length = typedDates.length = distinct;

  // Per share: how far the values have been tested, so a later question (another floor) resumes instead of re-testing.
  const progress = new Map<ValueShare, { hits: number; misses: number; next: number }>();
  // Stops early (returning null) once even every value not yet read passing could not lift the share to `floor`.
  const count = (key: ValueShare, floor: number): number | null => {
    if (n === 0) return 0;
    let p = progress.get(key);
    if (!p) progress.set(key, (p = { hits: 0, misses: 0, next: 0 }));
    if (p.next < values.length) {
      if ((n - p.misses) / n < floor) return null;
      const test = SHARE_TESTS[key];
      for (; p.next < values.length; ) {
        const i = p.next++;
        const k = weights[i] ?? 0;
        if (test(values[i] ?? '')) p.hits += k;
        else {
          p.misses += k;
          if ((n - p.misses) / n < floor) return null;
        }
      }
    }
    return p.hits / n;
  };
  const share = (key: ValueShare): number => count(key, -Infinity) ?? 0;

  // A date-typed cell is a date whatever its text; other cells are dates when their text parses as one.
  let dates: number | null = null;
  const dateShare = (): number => {
    if (dates === null) {
      let d = 0;
      for (let i = 0; i < values.length; i++) {
        const v = values[i] ?? '';
        const k = weights[i] ?? 0;
        const typed = typedDates[i] ?? 0;
        d += typed + (typed < k && looksLikeDate(v) ? k - typed : 0);
      }
      dates = n === 0 ? 0 : d / n;
    }
    return dates;
  };
  let unique: number | null = null;

  const rows = table.dataRows.length;
  return {
    rows,
    nonEmpty: n,
    fill: rows === 0 ? 0 : n / rows,
    distinct,
    first: values[0] ?? '',
    get unique() {
      unique ??= n === 0 ? 0 : new Set(values.map((v) => v.toLowerCase())).size / n;
      return unique;
    },
    avgLength: n === 0 ? 0 : totalLength / n,
    get code() {
      return share('code');
    },
    get integer() {
      return share('integer');
    },
    get criteria() {
      return share('criteria');
    },
    get frequency() {
      return share('frequency');
    },
    get nature() {
      return share('nature');
    },
    get method() {
      return share('method');
    },
    get date() {
      return dateShare();
    },
    get flag() {
      return share('flag');
    },
    get multiline() {
      return share('multiline');
    },
    get yesNo() {
      return share('yesNo');
    },
    get number() {
      return share('number');
    },
    get prose() {
      return share('prose');
    },
    get reference() {
      return share('reference');
    },
    get list() {
      return share('list');
    },
    atLeast(key, threshold) {
      const v = count(key, threshold);
      return v !== null && v >= threshold;
    },
  };
}
