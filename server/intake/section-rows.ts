// Section headings inside a control table. Matrices are often split by area with a row that holds only the area's
// name ("Logical and Physical Access", sometimes merged across the row) above its controls. Read as a row, that is a
// control with an id or a description and nothing else; it is a heading instead when:
// - the row holds one text (a merged heading repeats one text across its cells), starting in the table's first or
//   second column, short, and neither an id-like code nor criteria ('AC-09' alone is a control with only an id, and an
//   owner's name alone is a row without a control, both reported as such);
// - the table's rows typically fill three or more cells, so a heading stands out (in a sparse matrix that is only a
//   column of descriptions, a lone short text is a control).
import { looksLikeCriteria } from '../domain/criteria.ts';
import { textAt, type FoundTable } from './find-tables.ts';
import type { GridSheet } from '../domain/grid.ts';
import type { RawControl } from './layouts.ts';
import { isCodeLike, isPlaceholder } from './map-columns.ts';
import type { ColumnMapping } from '../domain/control.ts';
import { normaliseHeader } from './header-synonyms.ts';

const MAX_HEADING_LENGTH = 80;
// A criterion heading between blocks of a mapping ('CC1.2: COSO Principle 2: The board of directors ...'): a criterion
// id, a separator, then words. It may be as long as the criterion's text.
const CRITERION_HEADING = /^((?:CC|PI|A|C|P)\s?\d{1,2}\.\d{1,2})\s*(?:[:\u2013\u2014-]|\s[-\u2013\u2014]\s)\s*\S.{2,}$/is;
const MAX_CRITERION_HEADING_LENGTH = 400;

// The criterion a heading names ('CC1.2'), or null.
export function headingCriterion(text: string): string | null {
  const m = CRITERION_HEADING.exec(text.trim());
  return m?.[1] ? m[1].replace(/\s+/g, '').toUpperCase() : null;
}
// Placeholders are short words ('n/a', 'not applicable') or runs of dashes or dots: other texts skip the pattern.
const maybePlaceholder = (v: string) => {
  const c = v.charCodeAt(0);
  return (v.length <= 14 || c === 45 || c === 46 || (c >= 0x2010 && c <= 0x2015)) && isPlaceholder(v);
};
const MIN_TYPICAL_CELLS = 3;

// The heading text when the row reads as one (see above, first condition), else null.
export function headingText(raw: RawControl): string | null {
  if (raw.rows.length !== 1 || raw.flagged.length > 0) return null;
  // (this runs for every row: an ordinary row is told apart at its second text, mostly without a pattern test)
  let text: string | null = null;
  for (let i = 0; i < raw.original.length; i++) {
    const v = raw.original[i]?.[1] ?? ''; // as textAt read it: trimmed
    if (v === '' || v === text || maybePlaceholder(v)) continue;
    if (text !== null || i > 1) return null;
    text = v;
  }
  if (text === null) return null;
  if (headingCriterion(text) !== null) return text.length <= MAX_CRITERION_HEADING_LENGTH ? text : null;
  if (text.length > MAX_HEADING_LENGTH || isCodeLike(text) || looksLikeCriteria(text)) return null;
  return text;
}

// A level of a hierarchy ('depth' or 'level' column: a domain, a category) has an id and a name but no description,
// while most rows of the table have one: the heading is its id and name.
export function hierarchyHeading(raw: RawControl, depthColumn: boolean): string | null {
  if (!depthColumn || raw.rows.length !== 1) return null;
  if ((raw.fields.description?.text.trim() ?? '') !== '' || raw.criteria.length > 0 || raw.flagged.length > 0) return null;
  const parts = [raw.id ?? '', raw.fields.title?.text.trim() ?? ''].filter((t) => t !== '' && !isPlaceholder(t));
  return parts.length > 0 ? parts.join(' ') : null;
}

const DEPTH_HEADER = /^(?:depth|level|hierarchy level|tier|node level|ebene|niveau|nivel|레벨|계층|수준|階層|レベル)$/;

// The table has a hierarchy column: a 'depth'/'level' header over small whole numbers, and most rows have a
// description (so the levels without one stand out).
export function hasDepthColumn(sheet: GridSheet, table: FoundTable, mapping: ColumnMapping): boolean {
  const depth = table.columns.find((c) => DEPTH_HEADER.test(normaliseHeader(c.subHeader)));
  const desc = mapping.columns.find((c) => c.field === 'description');
  if (!depth || !desc || table.dataRows.length === 0) return false;
  let numbers = 0;
  let described = 0;
  for (const r of table.dataRows) {
    if (/^\d{1,2}$/.test(textAt(sheet, r, depth.column))) numbers++;
    if (textAt(sheet, r, desc.column) !== '') described++;
  }
  return numbers >= table.dataRows.length * 0.8 && described >= table.dataRows.length * 0.5;
}

// Whether the table's rows typically fill enough cells for a one-text row to stand out (the median row's count of
// distinct non-empty cells).
export function isDenseTable(sheet: GridSheet, table: FoundTable, mapping: ColumnMapping): boolean {
  const counts = table.dataRows.map((r) => {
    const seen = new Set<string>();
    for (const c of mapping.columns) {
      const t = textAt(sheet, r, c.column);
      if (t !== '' && !isPlaceholder(t)) seen.add(t);
    }
    return seen.size;
  });
  counts.sort((a, b) => a - b);
  return (counts[Math.floor(counts.length / 2)] ?? 0) >= MIN_TYPICAL_CELLS;
}
