// The paths a large matrix takes through the intake: merge and hidden-row lookups past their small-sheet shortcut,
// a control folded from many rows, shares decided at their threshold, and [header, text] pairs pooled per column.
import { describe, expect, it } from 'vitest';
import { textAt } from '../../server/intake/find-tables.ts';
import type { GridSheet } from '../../server/domain/grid.ts';
import { matchHeader } from '../../server/intake/header-synonyms.ts';
import { runIntake } from '../../server/intake/intake.ts';
import { TSC, buildGrid, oneSheet } from './grid-builder.ts';

describe('merged cells on a sheet with many merges', () => {
  // Covered cells left empty (no merged copies), so only the merge list can resolve them.
  const rows: GridSheet['rows'] = [];
  for (let r = 1; r <= 20; r++) rows.push([{ text: r % 4 === 1 ? `Group ${r}` : '', value: { kind: 'string' } }]);
  const merges = [1, 5, 9, 13, 17].map((top) => ({ top, left: 1, bottom: top + 2, right: 2 }));
  merges.push({ top: 19, left: 1, bottom: 40, right: 1 }); // runs past the last row of the grid
  const sheet: GridSheet = { name: 'S', state: 'visible', rows, hiddenRows: [], merges };

  it('reads a covered cell as the text of its merge', () => {
    expect(textAt(sheet, 7, 2)).toBe('Group 5');
    expect(textAt(sheet, 15, 1)).toBe('Group 13');
  });

  it('leaves cells outside every merge empty', () => {
    expect(textAt(sheet, 8, 1)).toBe('');
    expect(textAt(sheet, 7, 3)).toBe('');
  });

  it('resolves rows beyond the grid through a merge that reaches them', () => {
    expect(textAt(sheet, 30, 1)).toBe('');
    const tall = { ...sheet, merges: [...merges, { top: 17, left: 3, bottom: 50, right: 3 }] };
    tall.rows = rows.map((r, i) => (i === 16 ? [r[0], undefined, { text: 'Tall', value: { kind: 'string' } }] : r));
    expect(textAt(tall, 45, 3)).toBe('Tall');
  });
});

describe('a matrix with many hidden rows', () => {
  it('marks exactly the hidden rows and counts them once', () => {
    const data = Array.from({ length: 30 }, (_, i) => [`C-${i + 1}`, `Control ${i + 1} is reviewed`, 'CC6.1']);
    const hiddenRows = [3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 40];
    const r = runIntake(oneSheet([['Control ID', 'Description', 'TSC'], ...data], { hiddenRows }), TSC);
    const hidden = r.controls.filter((c) => c.hidden).map((c) => c.source.row);
    expect(hidden).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21]);
    const issue = r.issues.find((i) => i.code === 'hidden-rows');
    expect(issue?.message).toContain('10 hidden rows');
  });
});

describe('a long export where one control spans many rows', () => {
  const ids = ['CC6.1', 'CC6.2', 'CC6.3', 'CC7.1', 'CC7.2', 'CC8.1'];
  const rows = [['Control ID', 'Description', 'Criteria', 'Notes']];
  for (let i = 0; i < 60; i++)
    rows.push(['AC-1', 'Access is reviewed quarterly', ids[i % ids.length] ?? '', `note ${i % 3}`]);
  rows.push(['AC-2', 'Changes are approved', 'CC8.1', '']);
  rows.push(['AC-2', 'Changes are approved', 'CC8.1, CC6.1', '']);
  const r = runIntake(oneSheet(rows), TSC);

  it('folds every row into one control with each criterion once', () => {
    expect(r.tables[0]?.layout).toBe('long');
    const ac1 = r.controls.find((c) => c.id === 'AC-1');
    expect(ac1?.source.rows).toHaveLength(60);
    expect(ac1?.criteria).toEqual(['CC6.1', 'CC6.2', 'CC6.3', 'CC7.1', 'CC7.2', 'CC8.1']);
    expect(r.controls.find((c) => c.id === 'AC-2')?.criteria).toEqual(['CC6.1', 'CC8.1']);
  });

  it('keeps each differing cell once per row and each differing note once', () => {
    const ac1 = r.controls.find((c) => c.id === 'AC-1');
    const labelled = ac1?.original.filter(([h]) => h.includes('(row ')) ?? [];
    // Of the 59 rows after the first, 50 differ from it in criteria (every 6th repeats it) and 40 in notes.
    expect(labelled.filter(([h]) => h.startsWith('Criteria')).length).toBe(50);
    expect(labelled.filter(([h]) => h.startsWith('Notes')).length).toBe(40);
    expect(ac1?.extra).toEqual([
      ['Notes', 'note 0'],
      ['Notes (row 3)', 'note 1'],
      ['Notes (row 4)', 'note 2'],
    ]);
  });
});

describe('value shares at their threshold', () => {
  const grid = (values: string[]): ReturnType<typeof oneSheet> =>
    oneSheet([['Control ID', 'Description', 'Col C'], ...values.map((v, i) => [`C-${i + 1}`, `Control ${i}`, v])]);

  it('maps a column whose values are exactly 60% frequencies', () => {
    const r = runIntake(grid(['Quarterly', 'Monthly', 'Annual', 'blue', 'green']), TSC);
    const col = r.tables[0]?.mapping.columns.find((c) => c.letter === 'C');
    expect(col?.field).toBe('frequency');
    expect(col?.basis).toBe('values read as frequencies (3 of 5)');
  });

  it('leaves a column of 40% frequencies unmapped', () => {
    const r = runIntake(grid(['Quarterly', 'Monthly', 'blue', 'green', 'red']), TSC);
    expect(r.tables[0]?.mapping.columns.find((c) => c.letter === 'C')?.field).toBeNull();
  });
});

describe('header synonyms found by their first word', () => {
  it('lists equally confident fields in synonym order', () => {
    expect(matchHeader('Control Type').map((m) => [m.field, m.exact])).toEqual([
      ['nature', true],
      ['method', true],
      ['title', false],
    ]);
  });

  it('finds a synonym that starts mid-header', () => {
    expect(matchHeader('Primary Control Owner')[0]).toMatchObject({ field: 'owner', synonym: 'control owner' });
  });
});

describe('a matrix longer than the pooling sample', () => {
  const n = 700;
  const data = Array.from({ length: n }, (_, i) => [
    `ID-${i + 1}`,
    `Control ${i + 1} reviews access`,
    'CC6.1',
    ['Dana Lee', 'Sam Park'][i % 2] ?? '',
    `T-${i}`,
  ]);
  data.push(['ID-5', 'Repeated id', 'CC6.2', 'Dana Lee', 'T-x']);
  const grid = buildGrid([
    { name: 'Controls', rows: [['Control ID', 'Description', 'TSC', 'Owner', 'Ticket'], ...data] },
  ]);
  const r = runIntake(grid, TSC);

  it('keeps every row as written, in its own control', () => {
    expect(r.controls).toHaveLength(n + 1);
    r.controls.forEach((c, i) => {
      const row = data[i] ?? [];
      expect(c.original).toEqual([
        ['Control ID', row[0]],
        ['Description', row[1]],
        ['TSC', row[2]],
        ['Owner', row[3]],
        ['Ticket', row[4]],
      ]);
      expect(c.extra).toEqual([['Ticket', row[4]]]);
    });
  });

  it('renames the repeated id and reports it against the first row', () => {
    expect(r.controls.at(-1)?.id).toBe('ID-5#2');
    const dup = r.issues.filter((i) => i.code === 'duplicate-id');
    expect(dup).toHaveLength(1);
    expect(dup[0]?.message).toContain('repeats row 6');
  });
});
