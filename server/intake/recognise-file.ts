// Files that are not a company's control matrix, told apart by what their tables hold:
//   - the Trust Services Criteria catalogue itself: one criterion id per row, with the criterion's own text beside it
//     (refused: there are no company controls to assess, and readiness over it would be meaningless);
//   - a mapping workbook: another framework's ids beside TSC criteria, with relationship columns ('Mapping_Type',
//     'Relationship_Strength', 'subset of'), or with the criteria as headings between blocks ('CC1.2: COSO Principle
//     2: ...'): the mapped framework's controls are imported, each with the criteria it maps to;
//   - a framework library: a hierarchy of requirements (a 'depth' or 'level' column): the requirements are imported,
//     the levels without a description are sections.
import type { TscCriterion } from '../domain/catalog.ts';
import { isCodeLike, profileColumn } from './column-profile.ts';
import type { ColumnMapping, ControlField } from '../domain/control.ts';
import { textAt, type FoundTable } from './find-tables.ts';
import { columnLetter, type GridSheet } from '../domain/grid.ts';
import { isOtherFramework, normaliseHeader, OTHER_FRAMEWORK } from './header-synonyms.ts';
import { hasDepthColumn, headingCriterion } from './section-rows.ts';

export type FileKind = 'control-matrix' | 'criteria-list' | 'framework-library' | 'mapping-workbook';

export interface Recognised {
  kind: FileKind;
  message: string; // one line, for the person importing
}

interface Table {
  sheet: GridSheet;
  table: FoundTable | null;
  mapping: ColumnMapping | null;
}

const SINGLE_CRITERION = /^(?:CC|PI|A|C|P)\s?[1-9]\d?\.\d{1,2}$/i;
const RELATION_HEADER = /\b(?:mapping type|relationship|relation|strength|equivalence|coverage|mapping strength)\b/;
const RELATION_VALUE =
  /^(?:direct|indirect|partial|full|strong|medium|moderate|weak|equal|equivalent|subset(?: of)?|superset(?: of)?|intersects?(?: with)?|related|not related|no relationship|none)$/i;
const STOP = new Set(['the', 'and', 'for', 'with', 'that', 'from', 'their', 'this', 'entity', 'entitys', 'its', 'are', 'has', 'have', 'into', 'about', 'which', 'principle', 'coso']);

function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .split(' ')
    .filter((w) => w.length >= 3 && !STOP.has(w));
}

// The column holding one TSC criterion id per row, when there is one.
function criterionColumn(t: Table, tsc: ReadonlyMap<string, TscCriterion>): { column: number; ids: string[] } | null {
  const { sheet, table, mapping } = t;
  if (!table || !mapping) return null;
  // (a column of single criterion ids reads as criteria, or as ids: the other columns are not read)
  for (const col of mapping.columns.filter((c) => c.field === 'criteria' || c.field === 'controlId')) {
    const ids: string[] = [];
    let filled = 0;
    for (const r of table.dataRows) {
      const v = textAt(sheet, r, col.column);
      // (a library's family rows, 'CC1' or 'A1.0', and its points of focus, 'CC1.1.3' or 'POF-1', are levels of the
      // same catalogue: they neither count for nor against it)
      if (v === '' || /^(?:CC|PI|A|C|P)\s?\d{1,2}(?:\.0)?$/i.test(v) || /^(?:CC|PI|A|C|P)\d{1,2}\.\d{1,2}[.-]\w+$/i.test(v)) continue;
      filled++;
      const id = v.replace(/\s+/g, '').toUpperCase();
      if (SINGLE_CRITERION.test(v) && tsc.has(id)) ids.push(id);
    }
    if (filled > 0 && ids.length >= filled * 0.8 && new Set(ids).size >= 10) return { column: col.column, ids };
  }
  return null;
}

// The catalogue: most rows carry their criterion's own words (name or description) in some other column.
export function criteriaListOf(t: Table, tscList: readonly TscCriterion[]): string | null {
  const tsc = new Map(tscList.map((c) => [c.id, c]));
  const crit = criterionColumn(t, tsc);
  const { sheet, table } = t;
  if (!crit || !table) return null;
  let same = 0;
  let rows = 0;
  let textColumn: number | null = null;
  for (const r of table.dataRows) {
    const id = textAt(sheet, r, crit.column).replace(/\s+/g, '').toUpperCase();
    const c = tsc.get(id);
    if (!c) continue;
    rows++;
    const own = new Set(words(`${c.name} ${c.description}`));
    for (const col of table.columns) {
      if (col.column === crit.column) continue;
      const w = words(textAt(sheet, r, col.column));
      if (w.length < 2) continue;
      if (w.filter((x) => own.has(x)).length >= w.length * 0.6) {
        same++;
        textColumn ??= col.column;
        break;
      }
    }
  }
  if (rows === 0 || same < rows * 0.6) return null;
  const distinct = new Set(crit.ids).size;
  const header = (c: number) => table.columns.find((x) => x.column === c)?.header ?? '';
  return `sheet '${sheet.name}' lists ${distinct} Trust Services Criteria (column ${columnLetter(crit.column)} '${header(crit.column)}'${textColumn !== null ? `, with the criteria's own text in column ${columnLetter(textColumn)} '${header(textColumn)}'` : ''})`;
}

export interface MappingShape {
  idColumn: number; // the mapped framework's ids
  nameColumn: number | null; // its names / descriptions
  criteriaColumn: number | null; // the TSC column (null: the criteria are headings between blocks)
  relations: string[]; // headers of the relationship columns
  framework: string; // the mapped framework as its header names it
}

// Another framework's id column beside TSC criteria, with relationship columns or criterion headings.
export function mappingShapeOf(t: Table): MappingShape | null {
  const { sheet, table, mapping } = t;
  if (!table || !mapping) return null;
  const crit = mapping.columns.find((c) => c.field === 'criteria');
  let headings = 0;
  for (const r of table.dataRows) {
    let first = '';
    for (const c of table.columns) if ((first = textAt(sheet, r, c.column)) !== '') break;
    if (first.length > 8 && headingCriterion(first) !== null) headings++;
  }
  if (!crit && headings < 2) return null;
  const relations = table.columns
    .filter((c) => {
      if (RELATION_HEADER.test(normaliseHeader(c.subHeader))) return true;
      // a relationship column repeats a handful of words: a column of many distinct values is not one
      const seen = new Set<string>();
      let n = 0;
      let k = 0;
      for (const r of table.dataRows) {
        const v = textAt(sheet, r, c.column);
        if (v === '') continue;
        n++;
        if (!seen.has(v)) {
          seen.add(v);
          if (seen.size > 24) return false;
        }
        if (RELATION_VALUE.test(v)) k++;
      }
      return n > 0 && k >= n * 0.6;
    })
    .map((c) => c.header);
  if (relations.length === 0 && headings < 2) return null;
  // The mapped framework's ids: a column of codes that is not the criteria (its header names the framework, or it
  // is the id column the mapping found).
  const candidates = table.columns.filter((c) => c.column !== crit?.column && !relations.includes(c.header));
  const idCol =
    candidates.find((c) => isOtherFramework(c.header) && codeShare(t, c.column) >= 0.8) ??
    candidates.find((c) => mapping.columns.find((m) => m.column === c.column)?.field === 'controlId' && codeShare(t, c.column) >= 0.8);
  if (!idCol) return null;
  const frameworkWord = (h: string) => normaliseHeader(h).split(' ')[0] ?? '';
  const fw = frameworkWord(idCol.header);
  // Its names: the next text column of the same framework (or the column the mapping read as the title).
  const nameCol =
    candidates.find((c) => c.column !== idCol.column && frameworkWord(c.header) === fw && /\b(?:description|name|title|requirement|text)\b/.test(normaliseHeader(c.header))) ??
    candidates.find((c) => c.column !== idCol.column && mapping.columns.find((m) => m.column === c.column)?.field === 'title');
  return {
    idColumn: idCol.column,
    nameColumn: nameCol?.column ?? null,
    criteriaColumn: crit?.column ?? null,
    relations,
    framework: frameworkName(idCol.header),
  };
}

// The framework a header names ('NIST_Control' -> 'NIST', 'CSF 2.0 Subcategory' -> 'CSF'), or the header itself.
function frameworkName(header: string): string {
  const m = OTHER_FRAMEWORK.exec(normaliseHeader(header));
  return m?.[1] ? m[1].toUpperCase() : header;
}

function codeShare(t: Table, col: number): number {
  const { sheet, table } = t;
  if (!table) return 0;
  let n = 0;
  let k = 0;
  for (const r of table.dataRows) {
    const v = textAt(sheet, r, col);
    if (v === '' || headingCriterion(v) !== null) continue;
    n++;
    if (isCodeLike(v) || /^[A-Za-z]{1,8}[-.][A-Za-z0-9.()-]{1,16}$/.test(v) || /^[A-Z]?\.?\d+(?:\.\d+)+$/.test(v)) k++;
  }
  return n === 0 ? 0 : k / n;
}

// The mapping read as the mapped framework's controls: its ids, its names, and the TSC column as their criteria.
// Every other column stays as it was, except fields the criterion side held (its description, its name).
export function asMappedControls(t: Table, shape: MappingShape): ColumnMapping {
  const { sheet, table, mapping } = t;
  if (!mapping || !table) throw new Error('no mapping');
  const nameProfile = shape.nameColumn !== null ? profileColumn(sheet, table, shape.nameColumn) : null;
  const nameField: ControlField = nameProfile?.atLeast('prose', 0.5) ? 'description' : 'title';
  // What the user set by hand stays as they set it: their columns, and the fields they placed elsewhere.
  const byUser = (c: ColumnMapping['columns'][number]) => c.confidence === 1 && /^(?:set|unmapped) by the user/.test(c.basis);
  const userFields = new Set(mapping.columns.filter(byUser).map((c) => c.field));
  const columns = mapping.columns.map((c) => {
    if (byUser(c)) return c;
    const how = (field: ControlField | null, basis: string, confidence = 0.9) =>
      field !== null && userFields.has(field)
        ? { ...c, field: null, confidence: 0, basis: `${field} was set by the user on another column; kept as an extra attribute` }
        : { ...c, field, confidence, basis };
    if (c.column === shape.idColumn)
      return how('controlId', `mapping workbook: '${c.header}' holds the ids of the mapped framework's controls`);
    if (c.column === shape.nameColumn) return how(nameField, `mapping workbook: '${c.header}' names the mapped controls`);
    if (c.column === shape.criteriaColumn) return how('criteria', `mapping workbook: '${c.header}' holds the TSC criteria each control maps to`);
    if (c.field === 'controlId' || c.field === 'title' || c.field === 'description')
      return how(null, `mapping workbook: '${c.header}' describes the criterion, not the mapped control; kept as an extra attribute`, 0);
    return c;
  });
  return { columns };
}

export function describeMapping(sheet: string, shape: MappingShape, header: (c: number) => string): string {
  const rel = shape.relations.length > 0 ? `, relationship columns ${shape.relations.map((h) => `'${h}'`).join(', ')}` : '';
  const crit = shape.criteriaColumn !== null ? `criteria in '${header(shape.criteriaColumn)}'` : 'criteria as headings between blocks';
  return `a mapping workbook (${shape.framework} ↔ TSC, ${crit}${rel}): the ${shape.framework} controls of sheet '${sheet}' (ids in '${header(shape.idColumn)}') are imported, each with the criteria it maps to`;
}

export function isFrameworkLibrary(t: Table): boolean {
  const { sheet, table, mapping } = t;
  return table !== null && mapping !== null && hasDepthColumn(sheet, table, mapping);
}

export interface Recognisable extends Table {
  isControlTable: boolean;
  role?: 'criteria-list' | 'mapping' | 'library';
  roleWhy?: string;
}

// Gives each table its role (changing a mapping's fields to the mapped controls; `rescore` recomputes what depends on
// them) and says what the file is, in one line.
export function recogniseTables<T extends Recognisable>(
  tables: T[],
  tsc: readonly TscCriterion[],
  rescore: (t: T) => T,
): { tables: T[]; recognised: Recognised } {
  let mappingLine: string | null = null;
  let criteriaLine: string | null = null;
  let library = 0;
  const out = tables.map((t) => {
    if (!t.table || !t.mapping) return t;
    const shape = mappingShapeOf(t);
    if (shape) {
      const header = (c: number) => t.table?.columns.find((x) => x.column === c)?.header ?? '';
      const why = describeMapping(t.sheet.name, shape, header);
      mappingLine ??= why;
      return rescore({ ...t, mapping: asMappedControls(t, shape), role: 'mapping', roleWhy: why });
    }
    const list = criteriaListOf(t, tsc);
    if (list) {
      criteriaLine ??= list;
      return { ...t, isControlTable: false, role: 'criteria-list', roleWhy: list };
    }
    if (isFrameworkLibrary(t)) {
      library++;
      return { ...t, role: 'library' };
    }
    return t;
  });
  const others = out.some((t) => t.isControlTable && t.role === undefined && t.sheet.state === 'visible');
  let recognised: Recognised;
  if (mappingLine) recognised = { kind: 'mapping-workbook', message: `recognised ${mappingLine}` };
  else if (criteriaLine && !others && library === 0)
    recognised = {
      kind: 'criteria-list',
      message: `this is the Trust Services Criteria catalogue, not a company's controls: ${criteriaLine}; import the company's control matrix instead (no readiness is computed for the criteria themselves)`,
    };
  else if (library > 0)
    recognised = { kind: 'framework-library', message: 'recognised a framework library (a hierarchy by its depth column): its requirements are imported as controls, its levels without a description as sections' };
  else recognised = { kind: 'control-matrix', message: 'recognised a control matrix' };
  return { tables: out, recognised };
}
