import { describe, expect, it } from 'vitest';
import type { IntakeResult, SocControl } from '../../server/domain/control.ts';
import { findTable } from '../../server/intake/find-tables.ts';
import { runIntake } from '../../server/intake/intake.ts';
import { mapColumns } from '../../server/intake/map-columns.ts';
import { buildGrid, buildSheet, dateCell, oneSheet, TSC } from './grid-builder.ts';

function byId(r: IntakeResult, id: string): SocControl {
  const c = r.controls.find((x) => x.id === id);
  if (!c) throw new Error(`no control ${id}; have ${r.controls.map((x) => x.id).join(', ')}`);
  return c;
}
const codes = (r: IntakeResult): string[] => r.issues.map((i) => i.code);

const HEADER = ['Control ID', 'Control Description', 'TSC', 'Control Owner', 'Frequency', 'Nature', 'Automation'];

describe('wide layout', () => {
  const grid = oneSheet([
    HEADER,
    [
      'AC-01',
      'Quarterly user access review of the ERP',
      'CC6.1, CC6.2',
      'Dana Lee (Platform)',
      'Q',
      'Detective',
      'Manual',
    ],
    [
      'AC-02',
      'MFA enforced on all admin consoles',
      'cc6.1; CC 6.6',
      'IT Manager',
      'Continuous',
      'Preventive',
      'Automated',
    ],
    [
      'CM-01',
      'Changes approved before deploy',
      'CC8.1, C1.3',
      'sam.park@acme.com',
      'per change',
      'Preventive',
      'Semi-Auto',
    ],
  ]);
  const r = runIntake(grid, TSC);

  it('reads one control per row with every field normalised', () => {
    expect(r.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-02', 'CM-01']);
    expect(r.tables[0]).toMatchObject({
      sheet: 'Controls',
      headerRow: 1,
      headerRows: 1,
      firstDataRow: 2,
      lastDataRow: 4,
      layout: 'wide',
    });
    const ac1 = byId(r, 'AC-01');
    expect(ac1).toMatchObject({
      generatedId: false,
      description: 'Quarterly user access review of the ERP',
      criteria: ['CC6.1', 'CC6.2'],
      criteriaRaw: 'CC6.1, CC6.2',
      frequency: 'quarterly',
      frequencyRaw: 'Q',
      nature: 'detective',
      method: 'manual',
      owners: [{ raw: 'Dana Lee (Platform)', name: 'Dana Lee', role: 'Platform', email: null }],
      source: { file: 'matrix.xlsx', sheet: 'Controls', row: 2, rows: [2] },
      hidden: false,
    });
    expect(ac1.original).toEqual(HEADER.map((h, i) => [h, grid.sheets[0]?.rows[1]?.[i]?.text ?? '']));
    expect(byId(r, 'AC-02')).toMatchObject({
      criteria: ['CC6.1', 'CC6.6'],
      frequency: 'continuous',
      method: 'automated',
    });
    expect(byId(r, 'CM-01')).toMatchObject({ frequency: 'event-driven', method: 'it-dependent-manual' });
    expect(byId(r, 'CM-01').owners[0]).toMatchObject({ email: 'sam.park@acme.com', name: 'Sam Park' });
  });

  it('keeps a 2016-era criterion as invalid and reports it with sheet, row and column', () => {
    const cm = byId(r, 'CM-01');
    expect(cm.criteria).toEqual(['CC8.1']);
    expect(cm.invalidCriteria).toEqual(['C1.3']);
    const issue = r.issues.find((i) => i.code === 'criterion-unknown');
    expect(issue).toMatchObject({ severity: 'warning', sheet: 'Controls', row: 4, column: 'C' });
    expect(issue?.message).toContain('C1.3');
  });

  it('explains every mapped column', () => {
    const cols = r.tables[0]?.mapping.columns ?? [];
    expect(cols.map((c) => c.field)).toEqual([
      'controlId',
      'description',
      'criteria',
      'owner',
      'frequency',
      'nature',
      'method',
    ]);
    expect(cols[3]?.basis).toBe("header 'Control Owner' matches owner");
    for (const c of cols) expect(c.confidence).toBeGreaterThan(0.5);
  });
});

describe('finding the table', () => {
  it('skips a title block above the header row', () => {
    const grid = oneSheet(
      [
        [
          'Acme Corp - SOC 2 Control Matrix FY2024',
          'Acme Corp - SOC 2 Control Matrix FY2024',
          'Acme Corp - SOC 2 Control Matrix FY2024',
        ],
        ['Prepared by: Internal Audit'],
        [],
        ['Ref', 'Control Activity', 'Criteria'],
        ['AC-01', 'Access reviews', 'CC6.2'],
      ],
      { merges: [{ top: 1, left: 1, bottom: 1, right: 3 }] },
    );
    const r = runIntake(grid, TSC);
    expect(r.tables[0]).toMatchObject({ headerRow: 4, headerRows: 1, firstDataRow: 5 });
    expect(r.controls).toHaveLength(1);
    expect(byId(r, 'AC-01').criteria).toEqual(['CC6.2']);
  });

  it('folds a 3-row merged header into group / sub-header names', () => {
    const grid = oneSheet(
      [
        ['Control', 'Control', 'Control', 'Operation', 'Operation', 'Operation'],
        ['Identification', 'Identification', 'Mapping', 'Testing', 'Testing', 'Ownership'],
        ['ID', 'Description', 'TSC', 'Frequency', 'Last tested', 'Owner'],
        ['AC-01', 'Access reviews', 'CC6.2', 'Monthly', dateCell('2024-03-31', '3/31/24'), 'Dana Lee'],
        ['AC-02', 'Leaver removal', 'CC6.3', 'Per termination', '2024-02-01', 'Sam Park'],
      ],
      {
        merges: [
          { top: 1, left: 1, bottom: 1, right: 3 },
          { top: 1, left: 4, bottom: 1, right: 6 },
          { top: 2, left: 1, bottom: 2, right: 2 },
          { top: 2, left: 4, bottom: 2, right: 5 },
        ],
      },
    );
    const r = runIntake(grid, TSC);
    const t = r.tables[0];
    expect(t).toMatchObject({ headerRow: 3, headerRows: 3, firstDataRow: 4 });
    expect(t?.mapping.columns.map((c) => c.header)).toEqual([
      'Control / Identification / ID',
      'Control / Identification / Description',
      'Control / Mapping / TSC',
      'Operation / Testing / Frequency',
      'Operation / Testing / Last tested',
      'Operation / Ownership / Owner',
    ]);
    expect(t?.mapping.columns.map((c) => c.field)).toEqual([
      'controlId',
      'description',
      'criteria',
      'frequency',
      'lastTested',
      'owner',
    ]);
    expect(byId(r, 'AC-01')).toMatchObject({ lastTested: '2024-03-31', frequency: 'monthly' });
    expect(byId(r, 'AC-02')).toMatchObject({ lastTested: '2024-02-01', frequency: 'event-driven' });
  });

  it('tolerates one blank row inside the table, ends at two, and reports rows below the end', () => {
    const grid = oneSheet([
      ['Control ID', 'Description', 'TSC'],
      ['AC-01', 'Access reviews', 'CC6.2'],
      [],
      ['AC-02', 'Leaver removal', 'CC6.3'],
      [],
      [],
      ['Legend', 'X = applies'],
    ]);
    const r = runIntake(grid, TSC);
    expect(r.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-02']);
    expect(r.tables[0]?.lastDataRow).toBe(4);
    expect(r.issues.find((i) => i.code === 'rows-after-table')).toMatchObject({ severity: 'warning', row: 7 });
  });

  it('finds no table in a sheet of numbers and says so with an error issue', () => {
    const grid = oneSheet([
      ['Metric', 'Count', 'Percentage'],
      ['Total', '42', '100%'],
    ]);
    const r = runIntake(grid, TSC);
    expect(r.controls).toEqual([]);
    expect(r.issues.find((i) => i.code === 'no-table-found')?.severity).toBe('error');
    expect(codes(r)).toContain('sheet-ignored');
  });

  it('reports a header with no data, and a workbook with no sheets', () => {
    const empty = runIntake(oneSheet([['Control ID', 'Description', 'TSC']]), TSC);
    expect(empty.controls).toEqual([]);
    expect(empty.issues.find((i) => i.code === 'table-empty')).toMatchObject({ severity: 'warning', row: 1 });
    const none = runIntake(buildGrid([]), TSC);
    expect(none.issues.map((i) => [i.code, i.severity])).toEqual([['no-table-found', 'error']]);
  });

  it('passes read-time grid issues through first', () => {
    const grid = oneSheet([
      ['Control ID', 'Description'],
      ['AC-01', 'x'],
    ]);
    grid.issues.push({
      code: 'formula-no-result',
      severity: 'warning',
      sheet: 'Controls',
      row: 2,
      column: 'B',
      message: 'm',
    });
    expect(runIntake(grid, TSC).issues[0]?.code).toBe('formula-no-result');
  });
});

describe('choosing sheets by content', () => {
  const matrix = (name: string, rows: string[][]) => ({ name, rows: [['Control ID', 'Description', 'TSC'], ...rows] });
  it('ignores a cover sheet placed first and imports the matrix', () => {
    const grid = buildGrid([
      { name: 'Cover', rows: [['Acme SOC 2 readiness'], ['Version 3'], ['Owner: Dana Lee']] },
      { name: 'Instructions', rows: [['How to use this workbook'], ['Fill in column B for each control.']] },
      matrix('Matrix', [['AC-01', 'Access reviews', 'CC6.2']]),
    ]);
    const r = runIntake(grid, TSC);
    expect(r.tables.map((t) => t.sheet)).toEqual(['Matrix']);
    expect(r.issues.filter((i) => i.code === 'sheet-ignored').map((i) => i.sheet)).toEqual(['Cover', 'Instructions']);
  });

  it('imports every sheet of the same kind and reports near-duplicate copies instead of importing them twice', () => {
    const grid = buildGrid([
      matrix('Access', [
        ['AC-01', 'Access reviews', 'CC6.2'],
        ['AC-02', 'Leavers', 'CC6.3'],
      ]),
      matrix('Change', [['CM-01', 'Approvals', 'CC8.1']]),
      matrix('Access (copy)', [
        ['AC-01', 'Access reviews', 'CC6.2'],
        ['AC-02', 'Leavers', 'CC6.3'],
      ]),
    ]);
    const r = runIntake(grid, TSC);
    expect(r.tables.map((t) => t.sheet).sort()).toEqual(['Access', 'Change']);
    expect(r.controls.map((c) => c.id).sort()).toEqual(['AC-01', 'AC-02', 'CM-01']);
    expect(r.issues.find((i) => i.code === 'sheet-duplicate')).toMatchObject({
      sheet: 'Access (copy)',
      severity: 'info',
    });
  });

  it('imports only the named sheets when the caller names them, and reports unknown names', () => {
    const grid = buildGrid([
      matrix('Access', [['AC-01', 'Access reviews', 'CC6.2']]),
      matrix('Change', [['CM-01', 'Approvals', 'CC8.1']]),
    ]);
    const r = runIntake(grid, TSC, { sheets: ['change', 'Nope'] });
    expect(r.controls.map((c) => c.id)).toEqual(['CM-01']);
    expect(r.issues.find((i) => i.code === 'sheet-not-found')).toMatchObject({ severity: 'error', sheet: 'Nope' });
  });

  it('leaves a hidden sheet out unless it is named', () => {
    const grid = buildGrid([
      matrix('Matrix', [['AC-01', 'Access reviews', 'CC6.2']]),
      { ...matrix('Old', [['OLD-1', 'Retired control', 'CC1.1']]), state: 'hidden' },
    ]);
    expect(runIntake(grid, TSC).controls.map((c) => c.id)).toEqual(['AC-01']);
  });
});

describe('long layout (one row per control x criterion)', () => {
  const grid = oneSheet([
    ['Control ID', 'Control Name', 'Description', 'Criterion', 'Owner'],
    ['AC-01', 'Access review', 'Quarterly review of ERP users', 'CC6.1', 'Dana Lee'],
    ['AC-01', 'Access review', 'Quarterly review of ERP users', 'CC6.2', 'Dana Lee'],
    ['AC-01', 'Access review', 'Quarterly review of ERP users', 'CC6.3', 'Dana Lee'],
    ['CM-01', 'Change approval', 'Changes are approved', 'CC8.1', 'Sam Park'],
    ['CM-01', 'Change approval', 'Changes are approved', 'CC3.4', 'Sam Park'],
  ]);
  const r = runIntake(grid, TSC);
  it('merges rows by control id and gathers criteria and source rows', () => {
    expect(r.tables[0]?.layout).toBe('long');
    expect(r.controls).toHaveLength(2);
    expect(byId(r, 'AC-01')).toMatchObject({
      criteria: ['CC6.1', 'CC6.2', 'CC6.3'],
      source: { row: 2, rows: [2, 3, 4] },
    });
    expect(byId(r, 'CM-01')).toMatchObject({ criteria: ['CC3.4', 'CC8.1'], source: { rows: [5, 6] } });
    expect(codes(r)).not.toContain('duplicate-id');
  });
});

describe('duplicate and missing ids', () => {
  it('keeps both rows of a duplicated id in a wide table and names both rows', () => {
    const r = runIntake(
      oneSheet([
        ['Control ID', 'Description', 'TSC'],
        ['AC-01', 'Access reviews', 'CC6.2'],
        ['AC-01', 'Firewall rules reviewed', 'CC6.6'],
      ]),
      TSC,
    );
    expect(r.tables[0]?.layout).toBe('wide');
    expect(r.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-01#2']);
    const dup = r.issues.find((i) => i.code === 'duplicate-id');
    expect(dup).toMatchObject({ severity: 'warning', row: 3 });
    expect(dup?.message).toContain('row 2');
    expect(dup?.message).toContain('row 3');
  });

  it('generates stable ids from sheet and row when the matrix has none', () => {
    const grid = buildGrid([
      {
        name: 'SOC 2 Controls',
        rows: [
          ['Title', 'Description'],
          ['Access review', 'Quarterly'],
          ['MFA', 'Enforced'],
        ],
      },
    ]);
    const r = runIntake(grid, TSC);
    expect(r.controls.map((c) => [c.id, c.generatedId])).toEqual([
      ['SOC-2-CONTROLS-R2', true],
      ['SOC-2-CONTROLS-R3', true],
    ]);
    expect(runIntake(grid, TSC).controls.map((c) => c.id)).toEqual(r.controls.map((c) => c.id));
    expect(codes(r)).toContain('ids-generated');
  });

  it('reports rows without any text instead of dropping them silently', () => {
    const r = runIntake(
      oneSheet([
        ['Control ID', 'Description', 'TSC', 'Owner'],
        ['AC-01', 'Access reviews', 'CC6.2', 'Dana Lee'],
        ['', '', '', 'Sam Park'],
        ['AC-03', '', 'CC6.3', ''],
      ]),
      TSC,
    );
    expect(r.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-03']);
    expect(r.issues.find((i) => i.code === 'row-skipped')).toMatchObject({ row: 3 });
    expect(r.issues.find((i) => i.code === 'row-no-description')).toMatchObject({ row: 4 });
  });
});

describe('section headings inside a table', () => {
  const header = ['Control ID', 'Control Description', 'TSC', 'Control Owner', 'Frequency'];
  const control = (id: string, text: string, tsc: string): string[] => [id, text, tsc, 'Dana Lee', 'Quarterly'];
  const read = (rows: (string | null)[][], extra: Parameters<typeof oneSheet>[1] = {}) =>
    runIntake(oneSheet([header, ...rows], extra), TSC);
  const sectionOf = (c: SocControl) => c.extra.find(([h]) => h === 'Section')?.[1];

  it('reads a one-text row above a group of controls as their section, not as a control', () => {
    const r = read([
      ['Logical and Physical Access', '', '', '', ''],
      control('AC-01', 'Production access is reviewed quarterly', 'CC6.1'),
      control('AC-02', 'New access is approved by the manager', 'CC6.2'),
      ['', '', '', '', ''],
      ['', 'Change Management', '', '', ''],
      control('CM-01', 'Changes are approved before deployment', 'CC8.1'),
    ]);
    expect(r.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-02', 'CM-01']);
    expect(r.controls.map(sectionOf)).toEqual([
      'Logical and Physical Access',
      'Logical and Physical Access',
      'Change Management',
    ]);
    // One fact, told once, with its rows.
    expect(r.issues.filter((i) => i.code === 'section-heading').map((i) => [i.row, i.severity])).toEqual([[2, 'info']]);
    expect(r.issues.find((i) => i.code === 'section-heading')?.message).toBe(
      '2 rows read as section headings, not controls (rows 2, 6: "Logical and Physical Access", "Change Management"); the controls below each carry it as their Section',
    );
    expect(codes(r)).not.toContain('row-no-description');
  });

  it('reads a heading merged across the row the same way', () => {
    const r = read([['Access Control', null, null, null, null], control('AC-01', 'Access is reviewed', 'CC6.1')], {
      merges: [{ top: 2, left: 1, bottom: 2, right: 5 }],
    });
    expect(r.controls.map((c) => [c.id, sectionOf(c)])).toEqual([['AC-01', 'Access Control']]);
  });

  it('keeps a lone id, a lone owner and every row of a sparse matrix as they were', () => {
    const dense = read([
      control('AC-01', 'Access is reviewed', 'CC6.1'),
      ['AC-09', '', '', '', ''],
      ['', '', '', 'Sam Park', ''],
      control('AC-02', 'Access is approved', 'CC6.2'),
    ]);
    expect(dense.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-09', 'AC-02']);
    expect(codes(dense)).toEqual(expect.arrayContaining(['row-no-description', 'row-skipped']));
    expect(codes(dense)).not.toContain('section-heading');
    // a matrix that is only ids and descriptions: a row with one text is a control
    const sparse = runIntake(
      oneSheet([
        ['Control ID', 'Control Description'],
        ['AC-01', 'Access is reviewed'],
        ['', 'Logical access'],
        ['AC-02', 'Access is approved'],
      ]),
      TSC,
    );
    expect(sparse.controls).toHaveLength(3);
    expect(codes(sparse)).not.toContain('section-heading');
  });
});

describe('tables pasted one under another', () => {
  const header = ['Control ID', 'Control Description', 'TSC', 'Control Owner', 'Frequency'];
  const control = (id: string, text: string, tsc: string): string[] => [id, text, tsc, 'Dana Lee', 'Quarterly'];
  const sectionOf = (c: SocControl) => c.extra.find(([h]) => h === 'Section')?.[1];

  it('skips a header repeated inside the table instead of reading it as a control', () => {
    const r = runIntake(
      oneSheet([header, control('AC-01', 'Access is reviewed', 'CC6.1'), ['control id', 'Control description ', 'TSC', 'Control owner', 'Frequency'], control('AC-02', 'Access is approved', 'CC6.2')]),
      TSC,
    );
    expect(r.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-02']);
    expect(r.tables[0]?.lastDataRow).toBe(4);
    expect(r.issues.find((i) => i.code === 'header-repeated')).toMatchObject({ severity: 'info', row: 3 });
    expect(codes(r)).not.toContain('criteria-unreadable');
    expect(codes(r)).not.toContain('frequency-unknown');
  });

  it('reads a second table under the same header below the blank rows, its title row as its section', () => {
    const r = runIntake(
      oneSheet([
        ['Logical Access', '', '', '', ''],
        header,
        control('AC-01', 'Access is reviewed', 'CC6.1'),
        [],
        [],
        [],
        ['Change Management', '', '', '', ''],
        [],
        header,
        control('CM-01', 'Changes are approved before deployment', 'CC8.1'),
        control('CM-02', 'Emergency changes are reviewed', 'CC8.1'),
        [],
        [],
        header,
        control('VM-01', 'Vulnerabilities are scanned monthly', 'CC7.1'),
      ]),
      TSC,
    );
    expect(r.controls.map((c) => [c.id, sectionOf(c) ?? null])).toEqual([
      ['AC-01', null],
      ['CM-01', 'Change Management'],
      ['CM-02', 'Change Management'],
      ['VM-01', 'Change Management'],
    ]);
    expect(byId(r, 'VM-01').source.row).toBe(15);
    expect(r.issues.find((i) => i.code === 'header-repeated')?.message).toMatch(/rows 9, 14/);
    expect(codes(r)).not.toContain('rows-after-table');
  });

  it('still ends the table where the rows below are something else, or the header comes too far down', () => {
    const legend = runIntake(oneSheet([header, control('AC-01', 'Access is reviewed', 'CC6.1'), [], [], ['Legend', 'X = applies'], ['Note', 'see policy'], ['Owner', 'Dana'], header, control('AC-02', 'Access is approved', 'CC6.2')]), TSC);
    expect(legend.controls.map((c) => c.id)).toEqual(['AC-01']);
    expect(codes(legend)).toContain('rows-after-table');
    const far = runIntake(oneSheet([header, control('AC-01', 'Access is reviewed', 'CC6.1'), ...Array.from({ length: 13 }, () => []), header, control('AC-02', 'Access is approved', 'CC6.2')]), TSC);
    expect(far.controls.map((c) => c.id)).toEqual(['AC-01']);
  });

  it('skips a repeated two-row header with its group row', () => {
    const group = ['Control', '', 'Mapping', 'Testing', ''];
    const grid = oneSheet(
      [group, header, control('AC-01', 'Access is reviewed', 'CC6.1'), [], [], group, header, control('AC-02', 'Access is approved', 'CC6.2')],
      { merges: [{ top: 1, left: 1, bottom: 1, right: 2 }, { top: 1, left: 4, bottom: 1, right: 5 }, { top: 6, left: 1, bottom: 6, right: 2 }, { top: 6, left: 4, bottom: 6, right: 5 }] },
    );
    const r = runIntake(grid, TSC);
    expect(r.tables[0]?.headerRows).toBe(2);
    expect(r.controls.map((c) => c.id)).toEqual(['AC-01', 'AC-02']);
    const table = findTable(grid.sheets[0]!);
    expect(table?.columns.map((c) => c.header)).toContain('Testing / Frequency');
    expect(table?.repeatedHeaderRows).toEqual([6, 7]);
  });
});

describe('columns beside the table', () => {
  const header = ['Control ID', 'Control Description', 'TSC', 'Control Owner', 'Frequency'];
  const control = (id: string, frequency: string): string[] => [id, `Control ${id} is performed`, 'CC6.1', 'Dana Lee', frequency];
  const issue = (r: IntakeResult) => r.issues.find((i) => i.code === 'columns-beside-table');

  it('says so when a legend sits beside the table after an empty column, and keeps its cells with the rows', () => {
    const r = runIntake(
      oneSheet([
        [...header, '', 'Frequency', 'Meaning'],
        [...control('AC-01', 'Quarterly'), '', 'Quarterly', 'Every three months'],
        [...control('AC-02', 'Per change'), '', 'Annual', 'Once a year'],
        control('AC-03', 'Annual'),
        control('AC-04', 'Monthly'),
        control('AC-05', 'Daily'),
      ]),
      TSC,
    );
    expect(r.controls.map((c) => [c.id, c.frequencyRaw])).toEqual([
      ['AC-01', 'Quarterly'],
      ['AC-02', 'Per change'],
      ['AC-03', 'Annual'],
      ['AC-04', 'Monthly'],
      ['AC-05', 'Daily'],
    ]);
    expect(byId(r, 'AC-02').extra).toContainEqual(['Meaning', 'Once a year']); // nothing dropped
    expect(issue(r)).toMatchObject({ severity: 'warning', column: 'G' });
    expect(issue(r)?.message).toMatch(/^columns G–H \(Frequency, Meaning\) come after the empty column F and hold values on 2 of the table's 5 rows \(2–3\)/);
  });

  it('only notes columns after a blank spacer column when they are filled on most rows', () => {
    const r = runIntake(
      oneSheet([
        [...header, '', 'Tester'],
        [...control('AC-01', 'Quarterly'), '', 'Internal audit'],
        [...control('AC-02', 'Monthly'), '', 'Internal audit'],
        [...control('AC-03', 'Annual'), '', ''],
      ]),
      TSC,
    );
    expect(issue(r)).toMatchObject({ severity: 'info', column: 'G' });
    expect(byId(r, 'AC-01').extra).toContainEqual(['Tester', 'Internal audit']);
  });

  it('counts a merged cell over the empty-headed column as a value: no gap there', () => {
    const r = runIntake(
      oneSheet([[...header, '', 'Notes'], [...control('AC-01', 'Quarterly'), 'spans two columns', ''], [...control('AC-02', 'Monthly'), '', 'n/a']], {
        merges: [{ top: 2, left: 6, bottom: 2, right: 7 }],
      }),
      TSC,
    );
    expect(issue(r)).toBeUndefined();
  });

  it('finds no gap where every empty-headed column holds a value on some row, however wide the table', () => {
    // 16,000 columns with empty headers, filled only on the last of 20,000 rows
    const width = 16_000;
    const head: (string | null)[] = [...header, ...new Array<string | null>(width - header.length).fill(null)];
    head[width - 1] = 'Reviewer';
    const rows: (string | null)[][] = [head];
    for (let i = 1; i < 20_000; i++) rows.push(control(`AC-${i}`, 'Quarterly'));
    rows.push([...control('AC-20000', 'Quarterly'), ...new Array<string>(width - header.length).fill('x')]);
    const table = findTable(oneSheet(rows).sheets[0]!);
    expect(table?.columns).toHaveLength(width);
    expect(table?.beside).toBeNull(); // every column holds a value somewhere: no gap
  });

  it('is silent for a table without an empty column, and for an empty column with nothing headed after it', () => {
    expect(issue(runIntake(oneSheet([header, control('AC-01', 'Quarterly')]), TSC))).toBeUndefined();
    // a column with a value under an empty header is not a gap
    expect(issue(runIntake(oneSheet([[...header, '', 'Notes'], [...control('AC-01', 'Quarterly'), 'x', 'n/a']]), TSC))).toBeUndefined();
    expect(issue(runIntake(oneSheet([[...header, '', ''], [...control('AC-01', 'Quarterly'), '', '']]), TSC))).toBeUndefined();
  });
});

describe('hidden rows', () => {
  it('imports hidden rows, marks them, and reports one info issue per table', () => {
    const r = runIntake(
      oneSheet(
        [
          ['Control ID', 'Description', 'TSC'],
          ['AC-01', 'Access reviews', 'CC6.2'],
          ['AC-02', 'Old control', 'CC6.3'],
          ['AC-03', 'Another old one', 'CC6.4'],
        ],
        { hiddenRows: [3, 4] },
      ),
      TSC,
    );
    expect(r.controls.map((c) => [c.id, c.hidden])).toEqual([
      ['AC-01', false],
      ['AC-02', true],
      ['AC-03', true],
    ]);
    const hidden = r.issues.filter((i) => i.code === 'hidden-rows');
    expect(hidden).toHaveLength(1);
    expect(hidden[0]?.message).toContain('2 hidden rows');
  });
});

describe('criterion-first layout', () => {
  const grid = oneSheet([
    ['TSC', 'Criterion', 'Controls in place', 'Owner'],
    ['CC6.1', 'Logical access security', 'AC-01: MFA on all consoles\nAC-02: SSO for SaaS apps', 'Dana Lee'],
    [
      'CC6.2',
      'Registration and authorization',
      '- [AC-03] Access requests approved by manager\n- AC-01: MFA on all consoles',
      'Dana Lee',
    ],
    ['CC6.3', 'Role changes', '1. Quarterly access review\n2. Leaver tickets closed\n   within 24 hours', 'Sam Park'],
    ['CC6.4', 'Physical access', '', ''],
  ]);
  const r = runIntake(grid, TSC);
  it('splits the controls cell into controls, keeping written ids and merging a control listed under several criteria', () => {
    expect(r.tables[0]?.layout).toBe('criterion-first');
    expect(byId(r, 'AC-01')).toMatchObject({
      description: 'MFA on all consoles',
      criteria: ['CC6.1', 'CC6.2'],
      source: { rows: [2, 3] },
    });
    expect(byId(r, 'AC-02')).toMatchObject({ description: 'SSO for SaaS apps', criteria: ['CC6.1'] });
    expect(byId(r, 'AC-03')).toMatchObject({ description: 'Access requests approved by manager', criteria: ['CC6.2'] });
    expect(byId(r, 'CONTROLS-R4-1')).toMatchObject({
      description: 'Quarterly access review',
      generatedId: true,
      criteria: ['CC6.3'],
    });
    expect(byId(r, 'CONTROLS-R4-2')).toMatchObject({
      description: 'Leaver tickets closed within 24 hours',
      owners: [{ name: 'Sam Park' }],
    });
    expect(r.controls).toHaveLength(5);
    expect(byId(r, 'AC-02').extra).toContainEqual(['Criterion', 'Logical access security']);
  });
  it('reports a criterion row with no controls', () => {
    expect(r.issues.find((i) => i.code === 'row-no-controls')).toMatchObject({ row: 5, column: 'C' });
  });
});

describe('flag-columns layout', () => {
  it('gathers the criteria whose columns are marked', () => {
    const r = runIntake(
      oneSheet([
        ['Control ID', 'Control', 'CC6.1', 'CC6.2', 'CC7', 'C1.3'],
        ['AC-01', 'MFA everywhere', 'X', '', '', ''],
        ['AC-02', 'Access requests approved', '\u2713', 'yes', '', ''],
        ['OP-01', 'Alerting on anomalies', '', '', '1', 'x'],
      ]),
      TSC,
    );
    expect(r.tables[0]?.layout).toBe('flag-columns');
    expect(byId(r, 'AC-01').criteria).toEqual(['CC6.1']);
    expect(byId(r, 'AC-02').criteria).toEqual(['CC6.1', 'CC6.2']);
    expect(byId(r, 'OP-01')).toMatchObject({
      criteria: ['CC7.1', 'CC7.2', 'CC7.3', 'CC7.4', 'CC7.5'],
      invalidCriteria: ['C1.3'],
    });
    expect(byId(r, 'OP-01').title).toBe('Alerting on anomalies');
  });
});

describe('headers are data, never object keys', () => {
  it('keeps __proto__ and constructor headers as harmless extra attributes', () => {
    const r = runIntake(
      oneSheet([
        ['Control ID', 'Description', '__proto__', 'constructor', 'toString'],
        ['AC-01', 'Access reviews', 'polluted?', 'ctor', 'str'],
      ]),
      TSC,
    );
    const c = byId(r, 'AC-01');
    expect(c.extra).toEqual([
      ['__proto__', 'polluted?'],
      ['constructor', 'ctor'],
      ['toString', 'str'],
    ]);
    expect(({} as Record<string, unknown>)['polluted?']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted?');
  });
});

describe('mapping by values and overrides', () => {
  const rows = [
    ['Ref', 'What we do', 'Mapping', 'How often', 'Col5'],
    ['AC-01', 'Quarterly user access review of the ERP and its database', 'CC6.1', 'Q', 'Dana Lee'],
    ['AC-02', 'Leaver access removed within one business day of termination', 'CC6.2', 'Monthly', 'Sam Park'],
    ['CM-01', 'All production changes approved in the ticketing tool', 'CC8.1', 'per change', 'Ana Ruiz'],
  ];
  it('maps columns by what their values look like when headers are unhelpful', () => {
    const grid = oneSheet(rows);
    const sheet = grid.sheets[0];
    if (!sheet) throw new Error('no sheet');
    const table = findTable(sheet);
    if (!table) throw new Error('no table');
    const m = mapColumns(sheet, table);
    expect(m.columns.map((c) => c.field)).toEqual(['controlId', 'description', 'criteria', 'frequency', null]);
    expect(m.columns[4]?.basis).toContain('extra attribute');
  });
  it('lets the caller override a column, moving the field away from any other column', () => {
    const r = runIntake(oneSheet(rows), TSC, {
      overrides: [
        { sheet: 'Controls', column: 5, field: 'owner' },
        { sheet: 'Controls', column: 4, field: null },
      ],
    });
    const cols = r.tables[0]?.mapping.columns ?? [];
    expect(cols[4]).toMatchObject({ field: 'owner', confidence: 1, basis: 'set by the user to owner' });
    expect(cols[3]?.field).toBeNull();
    const c = byId(r, 'AC-01');
    expect(c.owners[0]?.name).toBe('Dana Lee');
    // The unmapped frequency column is an extra attribute; the frequency now comes from the description's prose.
    expect(c.extra).toContainEqual(['How often', 'Q']);
    expect(c.frequencyRaw).toBe('Quarterly user access review of the ERP and its database');
    expect(byId(r, 'AC-02').frequency).toBeNull();
  });
});

describe('issues for values that cannot be read', () => {
  it('reports unknown frequency, unreadable dates and mixed nature, keeping the raw text', () => {
    const r = runIntake(
      oneSheet([
        ['Control ID', 'Description', 'Frequency', 'Nature', 'Last Tested'],
        ['AC-01', 'Access reviews', 'Monthly', 'Detective/ Preventive', '05-Mar-2024'],
        ['AC-02', 'Leavers', 'whenever Bob remembers', 'Preventive', 'last spring'],
        ['AC-03', 'MFA', 'Quarterly', 'Preventive', '2024-01-15'],
      ]),
      TSC,
    );
    expect(byId(r, 'AC-01')).toMatchObject({
      nature: 'detective',
      natureRaw: 'Detective/ Preventive',
      lastTested: '2024-03-05',
    });
    expect(byId(r, 'AC-02')).toMatchObject({
      frequency: null,
      frequencyRaw: 'whenever Bob remembers',
      lastTested: null,
    });
    expect(byId(r, 'AC-02').original).toContainEqual(['Last Tested', 'last spring']);
    expect(r.issues.find((i) => i.code === 'frequency-unknown')).toMatchObject({
      row: 3,
      column: 'C',
      severity: 'warning',
    });
    expect(r.issues.find((i) => i.code === 'date-unreadable')).toMatchObject({ row: 3, column: 'E' });
    expect(r.issues.find((i) => i.code === 'nature-mixed')).toMatchObject({ row: 2, column: 'D', severity: 'info' });
  });

  it('expands family-level criteria and says so once per table', () => {
    const r = runIntake(
      oneSheet([
        ['Control Identifier', 'Common Criteria', 'Name'],
        ['CC6-0001', 'CC6 - Common Criteria Related to Logical & Physical Access', 'Access list'],
        ['A1-0001', 'A1.0 - Availability', 'DR test'],
      ]),
      TSC,
    );
    expect(byId(r, 'CC6-0001').criteria).toHaveLength(8);
    expect(byId(r, 'A1-0001').criteria).toEqual(['A1.1', 'A1.2', 'A1.3']);
    expect(r.issues.filter((i) => i.code === 'criteria-family-level')).toHaveLength(1);
  });
});

describe('buildSheet helper', () => {
  it('copies merged values with merged=true like the reader', () => {
    const s = buildSheet({ name: 'S', rows: [['A', '', 'C']], merges: [{ top: 1, left: 1, bottom: 1, right: 2 }] });
    expect(s.rows[0]?.[1]).toMatchObject({ text: 'A', merged: true });
  });
});
