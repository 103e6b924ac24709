// Entry point: grid -> control tables -> column mapping -> layout -> normalised SOC 2 controls plus issues.
//
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
import type { TscCriterion } from '../domain/catalog.ts';
import { tscIndex } from '../domain/criteria.ts';
import { buildControl } from './build-control.ts';
import type { ColumnMapping, ControlField, IntakeResult, SocControl, TableInfo } from './control.ts';
import { findTable, textAt, type FoundTable } from './find-tables.ts';
import type { Grid, GridSheet, IntakeIssue } from './grid.ts';
import { normaliseHeader } from './header-synonyms.ts';
import { buildRaws, detectLayout, splitControlsCell } from './layouts.ts';
import { isPlaceholder, mapColumns, type MappingOverride } from './map-columns.ts';

export type { MappingOverride } from './map-columns.ts';

export interface IntakeOptions {
  overrides?: MappingOverride[];
  sheets?: string[];
  headerRows?: { sheet: string; row: number }[]; // force the header row of a sheet
}

interface Analysis {
  sheet: GridSheet;
  order: number;
  table: FoundTable | null;
  mapping: ColumnMapping | null;
  score: number;
  kind: string;
  isControlTable: boolean;
}

const WEIGHTS: Partial<Record<ControlField, number>> = { criteria: 3, controlId: 2, description: 2 };
const CORE: ControlField[] = ['controlId', 'criteria', 'title', 'description'];
const DUPLICATE_SHARE = 0.8;

function fieldsOf(mapping: ColumnMapping): Set<ControlField> {
  const s = new Set<ControlField>();
  for (const c of mapping.columns) if (c.field !== null) s.add(c.field);
  return s;
}

function analyse(sheet: GridSheet, order: number, options: IntakeOptions): Analysis {
  const forced = options.headerRows?.find((h) => h.sheet === sheet.name)?.row;
  const table = findTable(sheet, forced);
  if (!table) return { sheet, order, table, mapping: null, score: 0, kind: '', isControlTable: false };
  const mapping = mapColumns(sheet, table, options.overrides ?? []);
  const fields = fieldsOf(mapping);
  let score = 0;
  for (const c of mapping.columns) if (c.field !== null) score += (WEIGHTS[c.field] ?? 1) * c.confidence;
  const isControlTable =
    ((fields.has('description') || fields.has('title')) && fields.size >= 2) ||
    (fields.has('controlId') && fields.has('criteria'));
  const firstHeader = table.columns.find((c) => c.subHeader !== '')?.subHeader ?? '';
  const core = CORE.filter((f) => fields.has(f)).join(',');
  return { sheet, order, table, mapping, score, kind: `${normaliseHeader(firstHeader)}|${core}`, isControlTable };
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

function slug(name: string): string {
  const s = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return s === '' ? 'SHEET' : s;
}

function describeMissing(a: Analysis): string {
  if (!a.table)
    return 'no header row naming control fields (id, description, criteria, owner, ...) in the first 40 rows';
  const fields = a.mapping ? [...fieldsOf(a.mapping)] : [];
  return `the table at row ${a.table.headerRow} maps only ${fields.length > 0 ? fields.join(', ') : 'no control fields'}`;
}

function selectSheets(analyses: Analysis[], grid: Grid, options: IntakeOptions, issues: IntakeIssue[]): Analysis[] {
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
      } else if (!a.table || !a.mapping) {
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
    for (const a of ranked) {
      if (a.kind !== primary.kind) continue;
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
    } else if (!a.isControlTable) {
      info('sheet-ignored', a.sheet.name, `sheet '${a.sheet.name}' is not a control table: ${describeMissing(a)}`);
    }
  }
  return chosen;
}

export function runIntake(grid: Grid, tsc: readonly TscCriterion[], options: IntakeOptions = {}): IntakeResult {
  const issues: IntakeIssue[] = [...grid.issues];
  const index = tscIndex(tsc);
  const analyses = grid.sheets.map((s, i) => analyse(s, i, options));
  const chosen = selectSheets(analyses, grid, options, issues);

  if (chosen.length === 0) {
    if (!issues.some((i) => i.code === 'no-table-found')) {
      issues.push({
        code: 'no-table-found',
        severity: 'error',
        sheet: null,
        row: null,
        column: null,
        message: `no control table found in ${grid.file}: no sheet has a header row naming control fields (id, description, criteria, owner, frequency, ...)`,
      });
    }
    return { controls: [], issues, tables: [] };
  }

  const controls: SocControl[] = [];
  const tables: TableInfo[] = [];
  const usedIds = new Map<string, { sheet: string; row: number; count: number }>();

  for (const a of chosen) {
    const { sheet, table, mapping } = a;
    if (!table || !mapping) continue;
    const at = (
      code: string,
      severity: IntakeIssue['severity'],
      row: number | null,
      column: string | null,
      message: string,
    ): void => {
      issues.push({ code, severity, sheet: sheet.name, row, column, message });
    };
    const choice = detectLayout(sheet, table, mapping);
    tables.push({
      sheet: sheet.name,
      headerRow: table.headerRow,
      headerRows: table.headerRows,
      firstDataRow: table.firstDataRow,
      lastDataRow: table.lastDataRow,
      layout: choice.layout,
      mapping,
    });
    const fields = fieldsOf(mapping);
    const raws = buildRaws(sheet, table, mapping, choice);
    const ctx = { file: grid.file, index, inferFrequency: !fields.has('frequency') };

    let familyLevel = 0;
    const familyNames = new Set<string>();
    let inferred = 0;
    let withoutCriteria = 0;
    const slugName = slug(sheet.name);
    for (const raw of raws) {
      const rowNo = raw.rows[0] ?? 0;
      const hasText = ['title', 'description'].some(
        (f) => (raw.fields.get(f as ControlField)?.text.trim() ?? '') !== '',
      );
      const hasCriteria = raw.criteria.some((c) => !isPlaceholder(c.text)) || raw.flagged.length > 0;
      if (!hasText && raw.id === null && !hasCriteria) {
        const shown = raw.original
          .filter(([, t]) => t !== '')
          .map(([h, t]) => `${h}: ${t}`)
          .join('; ');
        at(
          'row-skipped',
          'warning',
          rowNo,
          null,
          `row has no id, title, description or criteria; not imported (${shown.slice(0, 100)})`,
        );
        continue;
      }
      let id = raw.id ?? `${slugName}-${raw.generatedKey}`;
      const generated = raw.id === null;
      const key = id.toLowerCase();
      const prior = usedIds.get(key);
      if (prior) {
        prior.count++;
        const renamed = `${id}#${prior.count}`;
        at(
          'duplicate-id',
          'warning',
          rowNo,
          null,
          `control id '${id}' on row ${rowNo} repeats ${prior.sheet === sheet.name ? '' : `sheet '${prior.sheet}' `}row ${prior.row}; both kept, this one as '${renamed}'`,
        );
        id = renamed;
        usedIds.set(renamed.toLowerCase(), { sheet: sheet.name, row: rowNo, count: 1 });
      } else usedIds.set(key, { sheet: sheet.name, row: rowNo, count: 1 });

      const built = buildControl(raw, id, generated, ctx);
      issues.push(...built.issues);
      if (!hasText) at('row-no-description', 'warning', rowNo, null, `control '${id}' has no title or description`);
      if (built.families.length > 0) {
        familyLevel++;
        for (const f of built.families) familyNames.add(f);
      }
      if (built.frequencyInferred) inferred++;
      if (built.control.criteria.length === 0 && built.control.invalidCriteria.length === 0) withoutCriteria++;
      controls.push(built.control);
    }

    if (choice.layout === 'criterion-first' && choice.controlsColumn !== null) {
      for (const r of table.dataRows) {
        if (splitControlsCell(textAt(sheet, r, choice.controlsColumn)).length === 0) {
          const letter = mapping.columns.find((c) => c.column === choice.controlsColumn)?.letter ?? null;
          at('row-no-controls', 'warning', r, letter, `criterion row lists no controls; nothing imported from it`);
        }
      }
    }
    const hidden = table.dataRows.filter((r) => sheet.hiddenRows.includes(r));
    if (hidden.length > 0) {
      at(
        'hidden-rows',
        'info',
        null,
        null,
        `${hidden.length} hidden rows imported and marked hidden (rows ${hidden.slice(0, 10).join(', ')}${hidden.length > 10 ? ', …' : ''})`,
      );
    }
    if (table.after) {
      at(
        'rows-after-table',
        'warning',
        table.after.first,
        null,
        `${table.after.count} non-blank rows (${table.after.first}–${table.after.last}) below the end of the table (two blank rows) were not imported`,
      );
    }
    if (familyLevel > 0) {
      at(
        'criteria-family-level',
        'info',
        null,
        null,
        `${familyLevel} controls give criteria at family level only (${[...familyNames].join(', ')}); each was expanded to every criterion of its family`,
      );
    }
    if (inferred > 0) {
      at(
        'frequency-from-text',
        'info',
        null,
        null,
        `no frequency column: frequency read from the control's own text for ${inferred} of ${raws.length} controls`,
      );
    }
    if (!fields.has('criteria')) {
      at(
        'no-criteria-column',
        'warning',
        table.headerRow,
        null,
        'no column holds TSC criteria; controls are imported without criteria',
      );
    } else if (withoutCriteria > 0) {
      at('criteria-missing', 'info', null, null, `${withoutCriteria} controls have no criteria`);
    }
    if (!fields.has('controlId')) {
      at(
        'ids-generated',
        'info',
        table.headerRow,
        null,
        `no control id column; ids generated from sheet and row (e.g. ${slugName}-R${table.firstDataRow})`,
      );
    }
    if (choice.layout !== 'wide')
      at('layout', 'info', table.headerRow, null, `read as ${choice.layout}: ${choice.reason}`);
  }
  return { controls, issues, tables };
}
