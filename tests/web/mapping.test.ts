// The import wizard's mapping-editor logic: field options and labels, the overrides list sent to the server, which
// columns the user changed, confidence in words, warnings and issue groups.
import { describe, expect, it } from 'vitest';
import { CONTROL_FIELDS as SERVER_FIELDS } from '../../server/domain/control.ts';
import {
  baselineOf,
  changedColumns,
  confidenceOf,
  CONTROL_FIELDS,
  defaultProfileName,
  EXTRA,
  EXTRA_LABEL,
  fieldLabel,
  fieldOptions,
  groupIssues,
  isChanged,
  issuePlace,
  mappingWarnings,
  parseField,
  setOverride,
  type Issue,
  type MappedColumn,
  type Override,
} from '../../web/src/mapping.ts';

const col = (column: number, field: MappedColumn['field'], confidence = 0.9, header = `H${column}`): MappedColumn => ({
  column,
  letter: String.fromCharCode(64 + column),
  header,
  field,
  confidence,
  basis: 'b',
});

describe('field options', () => {
  it('are the server fields, in its order, plus "keep as extra column" last', () => {
    expect([...CONTROL_FIELDS]).toEqual([...SERVER_FIELDS]);
    const opts = fieldOptions();
    expect(opts.map((o) => o.value)).toEqual([...SERVER_FIELDS, EXTRA]);
    expect(opts.at(-1)).toEqual({ value: '', label: 'Keep as extra column' });
    expect(new Set(opts.map((o) => o.label)).size).toBe(opts.length);
  });

  it.each([
    ['controlId', 'Control ID'],
    ['criteria', 'SOC 2 criteria (CC1.1 …)'],
    ['lastTested', 'Last tested'],
    [null, EXTRA_LABEL],
  ] as const)('labels %s as %s', (field, label) => {
    expect(fieldLabel(field)).toBe(label);
  });

  it.each([
    ['title', 'title'],
    ['owner', 'owner'],
    ['', null],
    ['Title', null],
    ['constructor', null],
  ] as const)('reads the select value %j as %j', (value, field) => {
    expect(parseField(value)).toBe(field);
  });
});

describe('setOverride', () => {
  const S = 'Controls';
  const baseline = baselineOf([{ sheet: S, mapping: { columns: [col(1, 'controlId'), col(2, 'description'), col(3, null)] } }]);
  const cases: { name: string; before: Override[]; change: Override; withBaseline: boolean; after: Override[] }[] = [
    { name: 'adds a new choice', before: [], change: { sheet: S, column: 3, field: 'title' }, withBaseline: true, after: [{ sheet: S, column: 3, field: 'title' }] },
    {
      name: 'replaces the earlier choice for the same column',
      before: [{ sheet: S, column: 3, field: 'title' }],
      change: { sheet: S, column: 3, field: 'owner' },
      withBaseline: true,
      after: [{ sheet: S, column: 3, field: 'owner' }],
    },
    {
      name: 'drops the override when the proposal is chosen again',
      before: [{ sheet: S, column: 3, field: 'title' }],
      change: { sheet: S, column: 3, field: null },
      withBaseline: true,
      after: [],
    },
    {
      name: 'keeps "keep as extra" on a proposed column as an explicit override',
      before: [],
      change: { sheet: S, column: 2, field: null },
      withBaseline: true,
      after: [{ sheet: S, column: 2, field: null }],
    },
    {
      name: 'pins the choice when the proposal is unknown (a saved mapping was applied)',
      before: [],
      change: { sheet: S, column: 1, field: 'controlId' },
      withBaseline: false,
      after: [{ sheet: S, column: 1, field: 'controlId' }],
    },
    {
      name: 'keeps other columns and sheets, ordered by sheet then column',
      before: [
        { sheet: 'Z', column: 1, field: 'owner' },
        { sheet: S, column: 5, field: 'status' },
      ],
      change: { sheet: S, column: 2, field: 'title' },
      withBaseline: true,
      after: [
        { sheet: S, column: 2, field: 'title' },
        { sheet: S, column: 5, field: 'status' },
        { sheet: 'Z', column: 1, field: 'owner' },
      ],
    },
    {
      name: 'treats the same column number on another sheet as another column',
      before: [{ sheet: 'Other', column: 3, field: 'title' }],
      change: { sheet: S, column: 3, field: 'evidence' },
      withBaseline: true,
      after: [
        { sheet: S, column: 3, field: 'evidence' },
        { sheet: 'Other', column: 3, field: 'title' },
      ],
    },
  ];
  it.each(cases)('$name', ({ before, change, withBaseline, after }) => {
    const frozen = Object.freeze([...before]);
    expect(setOverride(frozen, change, withBaseline ? baseline : undefined)).toEqual(after);
    expect(frozen).toEqual(before); // never mutates the current list
  });
});

describe('changed columns', () => {
  const overrides: Override[] = [
    { sheet: 'A', column: 7, field: 'owner' },
    { sheet: 'A', column: 2, field: null },
    { sheet: 'B', column: 1, field: 'title' },
  ];
  it.each([
    ['A', [2, 7]],
    ['B', [1]],
    ['C', []],
  ] as const)('sheet %s: %j', (sheet, cols) => {
    expect(changedColumns(overrides, sheet)).toEqual(cols);
    for (const c of cols) expect(isChanged(overrides, sheet, c)).toBe(true);
  });
  it('a column is changed only on its own sheet', () => {
    expect(isChanged(overrides, 'B', 7)).toBe(false);
  });
});

describe('confidence in words', () => {
  it.each([
    [col(1, 'title', 0.95), false, 'high', 'high (95%)'],
    [col(1, 'title', 0.8), false, 'high', 'high (80%)'],
    [col(1, 'title', 0.62), false, 'medium', 'medium (62%)'],
    [col(1, 'title', 0.3), false, 'low', 'low (30%): check it'],
    [col(1, null, 0), false, 'none', 'not mapped'],
    [col(1, 'owner', 1), true, 'yours', 'set by you'],
    [col(1, null, 1), true, 'yours', 'set by you'],
  ] as const)('%j changed=%s → %s', (c, changed, level, text) => {
    expect(confidenceOf(c, changed)).toEqual({ level, text });
  });
});

describe('mapping warnings', () => {
  it.each([
    { fields: ['controlId', 'description', 'criteria'], expected: [] },
    { fields: ['controlId', 'title', 'criteria'], expected: [] },
    { fields: ['controlId', 'criteria', null], expected: ['Description or Title'] },
    { fields: ['description'], expected: ['SOC 2 criteria', 'Control ID'] },
  ] as const)('$fields', ({ fields, expected }) => {
    const w = mappingWarnings(fields.map((f, i) => col(i + 1, f)));
    expect(w).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(w[i]).toContain(e));
  });
});

describe('issues', () => {
  const issue = (code: string, severity: Issue['severity'], row: number | null = null): Issue => ({ code, severity, sheet: 'S', row, column: row === null ? null : 'C', message: `${code} ${row}` });
  it('groups by code: errors first, then larger groups; each group keeps its rows', () => {
    const groups = groupIssues([issue('a-info', 'info', 1), issue('b-warn', 'warning', 2), issue('a-info', 'info', 3), issue('c-err', 'error', 4), issue('b-warn', 'warning', 5), issue('b-warn', 'warning', 6)]);
    expect(groups.map((g) => [g.code, g.severity, g.count])).toEqual([
      ['c-err', 'error', 1],
      ['b-warn', 'warning', 3],
      ['a-info', 'info', 2],
    ]);
    expect(groups[1]!.items.map((i) => i.row)).toEqual([2, 5, 6]);
  });
  it('a group takes its most severe issue', () => {
    expect(groupIssues([issue('x', 'info'), issue('x', 'error')])[0]!.severity).toBe('error');
  });
  it.each([
    [{ sheet: 'Controls', row: 5, column: 'C' }, "sheet 'Controls', row 5, column C"],
    [{ sheet: 'Controls', row: null, column: null }, "sheet 'Controls'"],
    [{ sheet: null, row: null, column: null }, 'whole file'],
  ])('names the place %j', (where, text) => {
    expect(issuePlace({ code: 'x', severity: 'info', message: 'm', ...where })).toBe(text);
  });
});

describe('default saved-mapping name', () => {
  it.each([
    ['SOC2 Matrix.xlsx', 'SOC2 Matrix'],
    ['controls.CSV', 'controls'],
    ['book.xlsm', 'book'],
    ['.xlsx', 'Mapping'],
    ['x'.repeat(150) + '.xlsx', 'x'.repeat(100)],
  ])('%s → %s', (file, name) => {
    expect(defaultProfileName(file)).toBe(name);
  });
});
