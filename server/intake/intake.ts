// Entry point: grid -> control tables (select-sheets.ts) -> column mapping -> layout -> normalised SOC 2 controls
// plus issues. The issues list starts with the reader's own grid issues, so a caller has one list to show.
import type { TscCriterion } from '../domain/catalog.ts';
import { tscIndex } from '../domain/criteria.ts';
import { buildControl, newValueCache } from './build-control.ts';
import type { IntakeResult, SocControl, TableInfo } from '../domain/control.ts';
import { isHiddenRow, textAt } from './find-tables.ts';
import { columnLetter, summariseRows, type Grid, type IntakeIssue } from '../domain/grid.ts';
import { buildRaws, detectLayout, splitControlsCell, type RawControl } from './layouts.ts';
import { withoutRepeats } from './issue-list.ts';
import { isPlaceholder } from './map-columns.ts';
import { recogniseTables } from './recognise-file.ts';
import { analyse, fieldsOf, scored, selectSheets, type IntakeOptions } from './select-sheets.ts';
import { hasDepthColumn, headingCriterion, headingText, hierarchyHeading, isDenseTable } from './section-rows.ts';

export type { MappingOverride } from './map-columns.ts';
export type { IntakeOptions } from './select-sheets.ts';

function slug(name: string): string {
  const s = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return s === '' ? 'SHEET' : s;
}

function hasReadableCriteria(raw: RawControl): boolean {
  for (const c of raw.criteria) if (!isPlaceholder(c.text)) return true;
  return false;
}

export function runIntake(grid: Grid, tsc: readonly TscCriterion[], options: IntakeOptions = {}): IntakeResult {
  const issues: IntakeIssue[] = [...grid.issues];
  const index = tscIndex(tsc);
  const cache = newValueCache(index);
  const { tables: analyses, recognised } = recogniseTables(
    grid.sheets.map((s, i) => analyse(s, i, options)),
    tsc,
    scored,
  );
  if (recognised.kind === 'criteria-list' || analyses.some((a) => a.role === 'criteria-list' && options.sheets?.includes(a.sheet.name))) {
    const message =
      recognised.kind === 'criteria-list'
        ? recognised.message
        : `${analyses.find((a) => a.role === 'criteria-list' && options.sheets?.includes(a.sheet.name))?.roleWhy ?? ''}: the criteria catalogue, not a company's controls; name the sheet of the company's control matrix instead`;
    issues.push({ code: 'criteria-catalogue', severity: 'error', sheet: null, row: null, column: null, message: `${grid.file}: ${message}` });
    return { controls: [], issues: withoutRepeats(issues), tables: [], recognised: { kind: 'criteria-list', message } };
  }
  const chosen = selectSheets(analyses, grid, options, issues);
  if (recognised.kind !== 'control-matrix')
    issues.push({ code: 'file-recognised', severity: 'info', sheet: null, row: null, column: null, message: recognised.message });

  if (chosen.length === 0) {
    if (!issues.some((i) => i.code === 'no-table-found')) {
      // Why each sheet was set aside, in words ('sheet 'X': columns D–KZ look like references to other frameworks').
      const why = issues
        .filter((i) => i.code === 'sheet-ignored' && i.sheet !== null)
        .map((i) => i.message.replace(/^sheet '[^']*' is not a control table: /, `sheet '${i.sheet}': `));
      issues.push({
        code: 'no-table-found',
        severity: 'error',
        sheet: null,
        row: null,
        column: null,
        message:
          why.length > 0
            ? `no control table found in ${grid.file}: ${why.join('; ')}`
            : `no control table found in ${grid.file}: no sheet has a header row naming control fields (id, description, criteria, owner, frequency, ...)`,
      });
    }
    return { controls: [], issues: withoutRepeats(issues), tables: [], recognised };
  }

  const controls: SocControl[] = [];
  const tables: TableInfo[] = [];
  const usedIds = new Map<string, { sheet: string; row: number; count: number }>();
  const mappedById = new Map<string, SocControl>();

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
    const ctx = { file: grid.file, index, inferFrequency: !fields.has('frequency'), cache };

    let familyLevel = 0;
    const familyNames = new Set<string>();
    let inferred = 0;
    let rawCount = 0;
    let withoutCriteria = 0;
    const slugName = slug(sheet.name);
    let section: string | null = null; // the last section heading above this row
    let sectionCriterion: string | null = null; // the criterion it names ('CC1.2: COSO Principle 2: ...')
    const sections: { row: number; text: string }[] = [];
    let dense: boolean | null = null; // decided on the first row that could be a heading
    const depth = hasDepthColumn(sheet, table, mapping);
    for (const raw of raws) {
      rawCount++;
      const rowNo = raw.rows[0] ?? 0;
      const heading = headingText(raw) ?? hierarchyHeading(raw, depth);
      if (heading !== null && (depth || (dense ??= isDenseTable(sheet, table, mapping)))) {
        section = heading;
        sectionCriterion = headingCriterion(heading);
        sections.push({ row: rowNo, text: heading });
        continue;
      }
      // A mapping without a criteria column takes each block's criterion from its heading.
      if (sectionCriterion !== null && !fields.has('criteria') && raw.criteria.length === 0)
        raw.criteria.push({ text: sectionCriterion, letter: '', row: sections.at(-1)?.row ?? rowNo });
      const hasText =
        (raw.fields.title?.text.trim() ?? '') !== '' || (raw.fields.description?.text.trim() ?? '') !== '';
      const hasCriteria = raw.flagged.length > 0 || hasReadableCriteria(raw);
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
      // A mapping lists a control under each criterion it maps to: one control, with every criterion.
      const mapped = a.role === 'mapping' && raw.id !== null ? mappedById.get(raw.id.toLowerCase()) : undefined;
      if (mapped) {
        const more = buildControl(raw, mapped.id, false, ctx);
        issues.push(...more.issues);
        mapped.criteria = [...new Set([...mapped.criteria, ...more.control.criteria])].sort(
          (x, y) => (index.order.get(x) ?? 0) - (index.order.get(y) ?? 0),
        );
        mapped.criteriaRaw = [mapped.criteriaRaw, more.control.criteriaRaw].filter((t) => t !== '').join('; ');
        mapped.source = { ...mapped.source, rows: [...mapped.source.rows, ...more.control.source.rows] };
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
      if (a.role === 'mapping') mappedById.set(id.toLowerCase(), built.control);
      if (section !== null) built.control.extra = [...built.control.extra, ['Section', section]];
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

    if (sections.length > 0) {
      const shown = sections.slice(0, 5).map((x) => `"${x.text.length > 60 ? `${x.text.slice(0, 57)}…` : x.text}"`);
      const more = sections.length > 5 ? `, and ${sections.length - 5} more` : '';
      at(
        'section-heading',
        'info',
        sections[0]?.row ?? null,
        null,
        sections.length === 1
          ? `row ${sections[0]?.row} reads as a section heading (${shown[0]}), not a control; the controls below it carry it as their Section`
          : `${sections.length} rows read as section headings, not controls (rows ${summariseRows(sections.map((x) => x.row))}: ${shown.join(', ')}${more}); the controls below each carry it as their Section`,
      );
    }
    if (choice.layout === 'criterion-first' && choice.controlsColumn !== null) {
      for (const r of table.dataRows) {
        if (splitControlsCell(textAt(sheet, r, choice.controlsColumn)).length === 0) {
          const letter = mapping.columns.find((c) => c.column === choice.controlsColumn)?.letter ?? null;
          at('row-no-controls', 'warning', r, letter, `criterion row lists no controls; nothing imported from it`);
        }
      }
    }
    if (table.dataRows.length === 0) {
      at(
        'table-empty',
        'warning',
        table.headerRow,
        null,
        `the table under the header on row ${table.headerRow} has no data rows`,
      );
    }
    const hidden = table.dataRows.filter((r) => isHiddenRow(sheet, r));
    // The reader already told the sheet's hidden rows (one fact, once); a grid from elsewhere did not.
    const told = grid.issues.some((i) => i.code === 'rows-hidden' && i.sheet === sheet.name);
    if (hidden.length > 0 && !told) {
      at(
        'hidden-rows',
        'info',
        null,
        null,
        `${hidden.length} hidden rows imported and marked hidden (rows ${summariseRows(hidden)})`,
      );
    }
    const repeated = table.repeatedHeaderRows;
    if (repeated.length > 0) {
      at(
        'header-repeated',
        'info',
        repeated[0]!,
        null,
        `the header repeats on ${repeated.length === 1 ? 'row' : 'rows'} ${repeated.slice(0, 10).join(', ')}${repeated.length > 10 ? ', …' : ''} (a table pasted below another, or a header printed on every page); ${repeated.length === 1 ? 'it was' : 'they were'} not read as controls, and the rows below ${repeated.length === 1 ? 'it' : 'them'} belong to the same table`,
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
    const beside = table.beside;
    if (beside) {
      const span = beside.first === beside.last ? `column ${columnLetter(beside.first)}` : `columns ${columnLetter(beside.first)}–${columnLetter(beside.last)}`;
      const names = beside.headers.slice(0, 4).join(', ') + (beside.headers.length > 4 ? ', …' : '');
      const rows = beside.rows;
      const where =
        rows.length === 0
          ? 'hold no values on the table\'s rows'
          : `hold values on ${rows.length} of the table's ${table.dataRows.length} rows (${rows[0]}–${rows.at(-1)})`;
      at(
        'columns-beside-table',
        // a block filled on few of the rows reads as a table of its own (a legend) more than as the controls' columns
        rows.length * 2 < table.dataRows.length ? 'warning' : 'info',
        null,
        columnLetter(beside.first),
        `${span} (${names}) come after the empty column ${columnLetter(beside.gap)} and ${where}: they were read as extra columns of the controls on those rows; if they are a separate table (a legend or a lookup list), move it to a sheet of its own and import again`,
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
        `no frequency column: frequency read from the control's own text for ${inferred} of ${rawCount} controls`,
      );
    }
    // A description column that is empty on most rows: the controls have no text to assess (say so, once).
    const descColumn = mapping.columns.find((c) => c.field === 'description');
    const noText = controls.filter((c) => c.source.sheet === sheet.name && c.description === '').length;
    if (descColumn && rawCount > 0 && noText * 2 > rawCount) {
      at(
        'descriptions-empty',
        'warning',
        table.headerRow,
        descColumn.letter,
        `the description column ${descColumn.letter} ('${descColumn.header}') is empty for ${noText} of ${rawCount} controls; check that it is the column holding the control text`,
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
      at('layout-detected', 'info', table.headerRow, null, `read as ${choice.layout}: ${choice.reason}`);
  }
  return { controls, issues: withoutRepeats(issues), tables, recognised };
}
