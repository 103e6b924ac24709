// Which sheets are imported (unless the caller names them):
//   1. every visible sheet is searched for a header row; a table is a control table when its mapping has a
//      description or title plus one more field, or both an id and criteria;
//   2. the best table wins: sum over mapped columns of weight x confidence (criteria 3, id 2, description 2, any
//      other field 1), then more data rows, then the earlier sheet - position never decides on its own;
//   3. tables of the same kind are imported too: same first header cell and the same core fields (id, criteria,
//      title, description), as when a matrix is split into one sheet per domain;
//   4. a same-kind table whose rows (ids, or criteria + text when there are no ids) are at least 80% already
//      imported is a near-duplicate copy ('SaaS Focus' next to the master sheet): reported, not imported twice;
//   5. everything else (dashboards, roadmaps, the reverse view of a crosswalk, hidden sheets) is reported as
//      'sheet-ignored' with the reason, and can be imported by naming it in options.sheets.
import type { ColumnMapping, ControlField } from '../domain/control.ts';
import { findTable, textAt, type FoundTable } from './find-tables.ts';
import type { Grid, GridSheet, IntakeIssue } from '../domain/grid.ts';
import { normaliseHeader } from './header-synonyms.ts';
import { describeColumns, mapColumns, type MappingOverride } from './map-columns.ts';

export interface IntakeOptions {
  overrides?: MappingOverride[];
  sheets?: string[];
  headerRows?: { sheet: string; row: number }[]; // force the header row of a sheet
}

export interface Analysis {
  sheet: GridSheet;
  order: number;
  table: FoundTable | null;
  mapping: ColumnMapping | null;
  score: number;
  kind: string;
  isControlTable: boolean;
  // what recognise-file.ts made of the table: the criteria catalogue (never imported), a mapping (read as the mapped
  // framework's controls), or a framework library's hierarchy
  role?: 'criteria-list' | 'mapping' | 'library';
  roleWhy?: string;
}

const WEIGHTS: Partial<Record<ControlField, number>> = { criteria: 3, controlId: 2, description: 2 };
const CORE: ControlField[] = ['controlId', 'criteria', 'title', 'description'];
const DUPLICATE_SHARE = 0.8;

export function fieldsOf(mapping: ColumnMapping): Set<ControlField> {
  const s = new Set<ControlField>();
  for (const c of mapping.columns) if (c.field !== null) s.add(c.field);
  return s;
}

export function analyse(sheet: GridSheet, order: number, options: IntakeOptions): Analysis {
  const forced = options.headerRows?.find((h) => h.sheet === sheet.name)?.row;
  const table = findTable(sheet, forced);
  if (!table) return { sheet, order, table, mapping: null, score: 0, kind: '', isControlTable: false };
  const mapping = mapColumns(sheet, table, options.overrides ?? []);
  return scored({ sheet, order, table, mapping, score: 0, kind: '', isControlTable: false });
}

// The table's score, kind and whether it is a control table, from its mapping and its content: the fields it maps
// (weight x confidence), plus the rows that hold a control's text (log-scaled, so 747 rows of controls outrank a
// 64-row side sheet with the same columns, while a field more still outranks rows).
export function scored(a: Analysis): Analysis {
  const { sheet, table, mapping } = a;
  if (!table || !mapping) return a;
  const fields = fieldsOf(mapping);
  let score = 0;
  for (const c of mapping.columns) if (c.field !== null) score += (WEIGHTS[c.field] ?? 1) * c.confidence;
  const text = mapping.columns.filter((c) => c.field === 'description' || c.field === 'title').map((c) => c.column);
  if (text.length > 0) {
    const withText = table.dataRows.filter((r) => text.some((c) => textAt(sheet, r, c) !== '')).length;
    score += Math.log10(1 + withText) / 2;
  }
  const isControlTable =
    ((fields.has('description') || fields.has('title')) && fields.size >= 2) ||
    (fields.has('controlId') && fields.has('criteria'));
  const firstHeader = table.columns.find((c) => c.subHeader !== '')?.subHeader ?? '';
  const core = CORE.filter((f) => fields.has(f)).join(',');
  return { ...a, score, kind: `${normaliseHeader(firstHeader)}|${core}`, isControlTable };
}

function rowKeys(a: Analysis): string[] {
  const { sheet, table, mapping } = a;
  if (!table || !mapping) return [];
  const col = (f: ControlField): number | undefined => mapping.columns.find((c) => c.field === f)?.column;
  const id = col('controlId');
  const parts = [col('criteria'), col('title'), col('description')];
  return table.dataRows.map((r) => {
    if (id !== undefined) return `id:${textAt(sheet, r, id).toLowerCase()}`;
    return parts.map((c) => (c === undefined ? '' : textAt(sheet, r, c).toLowerCase().replace(/\s+/g, ' '))).join('|');
  });
}
function describeMissing(a: Analysis): string {
  if (a.roleWhy) return a.roleWhy;
  if (!a.table)
    return 'no header row naming control fields (id, description, criteria, owner, ...) in the first 40 rows';
  const fields = a.mapping ? [...fieldsOf(a.mapping)] : [];
  const parts = [`the table at row ${a.table.headerRow} maps only ${fields.length > 0 ? fields.join(', ') : 'no control fields'}`];
  if (a.mapping) parts.unshift(...describeColumns(a.sheet, a.table, a.mapping));
  return parts.join('; ');
}

export function selectSheets(
  analyses: Analysis[],
  grid: Grid,
  options: IntakeOptions,
  issues: IntakeIssue[],
): Analysis[] {
  const info = (code: string, sheet: string, message: string, severity: IntakeIssue['severity'] = 'info'): void => {
    issues.push({ code, severity, sheet, row: null, column: null, message });
  };
  if (options.sheets && options.sheets.length > 0) {
    const chosen: Analysis[] = [];
    for (const name of options.sheets) {
      const a =
        analyses.find((x) => x.sheet.name === name) ??
        analyses.find((x) => x.sheet.name.trim().toLowerCase() === name.trim().toLowerCase());
      if (!a) {
        issues.push({
          code: 'sheet-not-found',
          severity: 'error',
          sheet: name,
          row: null,
          column: null,
          message: `no sheet named '${name}' in ${grid.file}`,
        });
      } else if (!a.table || !a.mapping || a.role === 'criteria-list') {
        issues.push({
          code: 'no-table-found',
          severity: 'error',
          sheet: a.sheet.name,
          row: null,
          column: null,
          message: `sheet '${a.sheet.name}': ${describeMissing(a)}`,
        });
      } else if (!chosen.includes(a)) chosen.push(a);
    }
    for (const a of analyses)
      if (!chosen.includes(a))
        info('sheet-ignored', a.sheet.name, `sheet '${a.sheet.name}' was not among the sheets asked for`);
    return chosen;
  }

  const candidates = analyses.filter((a) => a.isControlTable && a.sheet.state === 'visible');
  const ranked = [...candidates].sort(
    (x, y) =>
      y.score - x.score || (y.table?.dataRows.length ?? 0) - (x.table?.dataRows.length ?? 0) || x.order - y.order,
  );
  const primary = ranked[0];
  const chosen: Analysis[] = [];
  const seen = new Set<string>();
  if (primary) {
    const sameKind = ranked.filter((a) => a.kind === primary.kind);
    // Row keys only matter to compare one table of the kind with another: a lone matrix skips building them.
    if (sameKind.length === 1) chosen.push(primary);
    else
      for (const a of sameKind) {
        const keys = rowKeys(a);
        const dup = keys.filter((k) => seen.has(k)).length;
        if (a !== primary && keys.length > 0 && dup >= keys.length * DUPLICATE_SHARE) {
          const of = chosen.map((c) => `'${c.sheet.name}'`).join(', ');
          info(
            'sheet-duplicate',
            a.sheet.name,
            `sheet '${a.sheet.name}' repeats ${dup} of ${keys.length} rows of ${of}; not imported twice`,
          );
          continue;
        }
        for (const k of keys) seen.add(k);
        chosen.push(a);
      }
  }
  for (const a of analyses) {
    if (chosen.includes(a)) continue;
    if (a.isControlTable && a.sheet.state !== 'visible') {
      info(
        'sheet-ignored',
        a.sheet.name,
        `hidden sheet '${a.sheet.name}' holds a table but is not imported unless named`,
      );
    } else if (a.isControlTable && primary && a.kind !== primary.kind) {
      const first = a.table?.columns.find((c) => c.subHeader !== '')?.subHeader ?? '';
      info(
        'sheet-ignored',
        a.sheet.name,
        `sheet '${a.sheet.name}' holds a different table (first column '${first}') than the control matrix in '${primary.sheet.name}'; name it to import it`,
      );
    } else if (a.role === 'criteria-list') {
      info('sheet-ignored', a.sheet.name, `${describeMissing(a)}: the criteria catalogue, not controls; not imported`);
    } else if (!a.isControlTable) {
      info('sheet-ignored', a.sheet.name, `sheet '${a.sheet.name}' is not a control table: ${describeMissing(a)}`);
    }
  }
  return chosen;
}
