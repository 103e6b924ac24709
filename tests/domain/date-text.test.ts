// One reader of dates written as text for the whole project (server/domain/date-text.ts), with one rule, and the same
// answer wherever a date is typed: a control's "last tested", a re-imported Plan's Start and Due, an access listing's
// termination date, the Testing sheet's "tested on".
//
// The rule, worked by hand for each case below:
// - YYYY-MM-DD: read (a real calendar day only).
// - month in words, day before or after it: read.
// - day and month as numbers: read only when the order is certain. A number above 12 is the day; equal numbers are
//   the same day either way; two different numbers of 12 or less are ambiguous (US m/d vs European d/m) and are not
//   read: the caller says "ambiguous" and names both days.
// - anything else: not a date.
import { describe, expect, it } from 'vitest';
import { ambiguousDate, cellDate, dateInText, dateProblem, looksLikeDate, parseDateText } from '../../server/domain/date-text.ts';
import { currentValues, diffPlan } from '../../server/domain/plan-diff.ts';
import { taskValues, type PlanField, type ReadPlanRow } from '../../server/domain/plan-export.ts';
import { readTestingGrid } from '../../server/domain/testing-export.ts';
import { parseAccessListing } from '../../server/intake/access-listing.ts';
import { parseRoster } from '../../server/intake/roster.ts';
import { runIntake } from '../../server/intake/intake.ts';
import type { Grid, GridCell } from '../../server/domain/grid.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { readInline } from '../fixtures/reader.ts';
import { csv } from '../fixtures/access-listings.ts';
import { TSC } from '../intake/grid-builder.ts';

describe('parseDateText: the one rule', () => {
  const cases: [string, string | null, string][] = [
    ['2024-03-31', '2024-03-31', 'ISO'],
    ['2024-3-5', '2024-03-05', 'ISO without leading zeros'],
    ['2024-03-31T10:20:00Z', '2024-03-31', 'ISO with a time: the day'],
    ['2024-02-30', null, 'no 30 February'],
    ['2024-02-29', '2024-02-29', '2024 is a leap year'],
    ['05-Mar-2024', '2024-03-05', 'day, month in words'],
    ['5 March 2024', '2024-03-05', 'day, month in words'],
    ['15 Mar, 2027', '2027-03-15', 'day, month in words, comma'],
    ['Mar 15, 2027', '2027-03-15', 'month in words, then day'],
    ['Sept 3 2026', '2026-09-03', 'a longer abbreviation of the month'],
    ['5 Marchy 2024', null, 'not a month'],
    ['03/31/2024', '2024-03-31', '31 > 12: the 31 is the day (month first)'],
    ['31/03/2024', '2024-03-31', '31 > 12: the 31 is the day (day first)'],
    ['31.03.2024', '2024-03-31', 'the same with dots'],
    ['5/5/2024', '2024-05-05', 'equal numbers: 5 May either way'],
    ['3/5/2024', null, 'ambiguous: 3 May or 5 March'],
    ['03/04/2024', null, 'ambiguous: 3 April or 4 March'],
    ['12/11/2026', null, 'ambiguous: 12 November or 11 December'],
    ['31/02/2024', null, 'day first but no 31 February'],
    ['13/13/2024', null, 'no month 13 either way'],
    ['03/04/24', null, 'two-digit year'],
    ['Q1 2024', null, 'not a day'],
    ['last spring', null, 'not a date'],
  ];
  it.each(cases)('%s -> %s (%s)', (text, expected) => {
    expect(parseDateText(text)).toBe(expected);
  });

  it('says why an ambiguous date is not read, naming both days', () => {
    expect(ambiguousDate('03/04/2024')).toEqual(['2024-04-03', '2024-03-04']);
    expect(ambiguousDate('31/03/2024')).toBeNull();
    expect(ambiguousDate('5/5/2024')).toBeNull();
    expect(dateProblem('03/04/2024')).toBe('is ambiguous (3 Apr 2024 or 4 Mar 2024?)');
    expect(dateProblem('next quarter')).toBe('is not a date');
    // a column of such dates still looks like dates (column recognition), though none is read
    expect(looksLikeDate('03/04/2024')).toBe(true);
    expect(looksLikeDate('next quarter')).toBe(false);
  });

  it('reads a date cell as its date whatever its text, and a text cell by the rule', () => {
    expect(cellDate({ text: '4/3/2024', value: { kind: 'date', iso: '2024-04-03' } })).toBe('2024-04-03');
    expect(cellDate({ text: '4/3/2024', value: { kind: 'string' } })).toBeNull();
    expect(cellDate({ text: '4/30/2024', value: { kind: 'string' } })).toBe('2024-04-30');
    expect(cellDate(undefined)).toBeNull();
  });

  it.each([
    ['Extracted 2026-10-31 08:14', '2026-10-31'],
    ['As of Oct 31, 2026', '2026-10-31'],
    ['Report run 10/31/2026', '2026-10-31'],
    ['Report run 31/10/2026', '2026-10-31'],
    ['Report run 10/11/2026', null], // ambiguous inside text too
    ['Generated on 31-Oct-2026', '2026-10-31'],
    ['Extracted sometime last week', null],
  ])('finds the date in "%s": %s', (text, date) => expect(dateInText(text)).toBe(date));
});

// The same three texts through each place a person types a date: read, read, refused as ambiguous.
const READ_US = '04/30/2027'; // 30 April 2027 (30 > 12)
const READ_EU = '30/04/2027'; // 30 April 2027 (30 > 12)
const AMBIGUOUS = '04/03/2027'; // 4 March or 3 April: not read
const DAY = '2027-04-30';
const BOTH = '(4 Mar 2027 or 3 Apr 2027?)';

const s = (text: string): GridCell => ({ text, value: { kind: 'string' } });
const gridOf = (name: string, rows: string[][]): Grid => ({
  file: 'f.xlsx',
  format: 'xlsx',
  issues: [],
  sheets: [{ name, state: 'visible', hiddenRows: [], merges: [], rows: rows.map((r) => r.map(s)) }],
});

describe('the rule is the same everywhere a date is typed', () => {
  it('a control matrix: last tested', () => {
    const r = runIntake(
      gridOf('Controls', [
        ['Control ID', 'Description', 'Frequency', 'Last Tested'],
        ['AC-01', 'Access reviews are performed', 'Monthly', READ_US],
        ['AC-02', 'Leavers are removed', 'Monthly', READ_EU],
        ['AC-03', 'MFA is enforced', 'Monthly', AMBIGUOUS],
      ]),
      TSC,
    );
    expect(r.controls.map((c) => c.lastTested)).toEqual([DAY, DAY, null]);
    const issue = r.issues.find((i) => i.code === 'date-unreadable');
    expect(issue).toMatchObject({ row: 4, column: 'D' });
    expect(issue?.message).toBe(`last tested '${AMBIGUOUS}' is ambiguous ${BOTH} (use YYYY-MM-DD or "15 Mar 2027"); text kept in original`);
  });

  it('a re-imported Plan: due', () => {
    const tasks = analyse(typicalSaasControls(), { ...SAAS_PROFILE, planStart: '2026-11-25' }).plan.tasks.slice(0, 3);
    const edited = (due: string): ReadPlanRow[] =>
      tasks.map((t, i) => {
        const v = taskValues(t);
        const cells = new Map<PlanField, GridCell | undefined>([
          ['id', s(t.id)],
          ['title', s(v.title)],
          ['owner', s(v.owner)],
          ['start', s(v.start)],
          ['due', s(i === 0 ? due : v.due)],
          ['effort', s(v.effort)],
          ['status', s(v.status)],
          ['dependsOn', s(v.dependsOn)],
          ['notes', s(v.notes)],
        ]);
        return { row: i + 2, id: t.id, cells };
      });
    const diff = (due: string) =>
      diffPlan({
        exported: new Map(tasks.map((t, i) => [t.id, { row: i + 2, values: taskValues(t) }])),
        edited: edited(due),
        current: currentValues(tasks),
        owners: [...new Set(tasks.map((t) => t.owner))],
        taskIds: new Set(tasks.map((t) => t.id)),
      });
    for (const text of [READ_US, READ_EU]) expect(diff(text).changes.filter((c) => c.field === 'due').map((c) => c.after)).toEqual([DAY]);
    const refused = diff(AMBIGUOUS);
    expect(refused.changes.filter((c) => c.field === 'due')).toEqual([]);
    expect(refused.invalid.map((i) => i.message)).toEqual([`the due date "${AMBIGUOUS}" is ambiguous ${BOTH}; use a date cell, YYYY-MM-DD or "15 Mar 2027"`]);
  });

  it('an HR roster: termination dates', async () => {
    const read = await readInline(
      csv([
        ['Name', 'Email', 'Hire Date', 'Termination Date'],
        ['Ana Ruiz', 'a@x.com', '2020-01-01', READ_US],
        ['Bo Lind', 'b@x.com', '2020-01-01', READ_EU],
        ['Cy Park', 'c@x.com', '2020-01-01', AMBIGUOUS],
      ]),
      'roster.csv',
    );
    if (!read.ok) throw new Error(read.error.message);
    const r = parseRoster(read.value);
    expect(r.entries.map((e) => e.terminationDate)).toEqual([DAY, DAY, null]);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['termination-date-unreadable', 4]]);
  });

  it('an access listing: the extraction date in its title', async () => {
    const listing = async (title: string) => {
      const read = await readInline(csv([[`User access report, extracted ${title}`], ['Email', 'Role'], ['a@x.com', 'Admin']]), 'okta.csv');
      if (!read.ok) throw new Error(read.error.message);
      return parseAccessListing(read.value, {}).listings[0]?.extractedAt ?? null;
    };
    expect(await listing(READ_US)).toBe(DAY);
    expect(await listing(READ_EU)).toBe(DAY);
    expect(await listing(AMBIGUOUS)).toBeNull();
  });

  it('the Testing sheet: tested on', () => {
    const sheet = (on: string) =>
      readTestingGrid(gridOf('Testing', [
        ['Test ID', 'Tested', 'Exceptions', 'Conclusion', 'Tested on', 'Notes'],
        ['T-1', '25', '0', 'effective', on, ''],
      ]));
    expect(sheet(READ_US).results.map((r) => r.testedOn)).toEqual([DAY]);
    expect(sheet(READ_EU).results.map((r) => r.testedOn)).toEqual([DAY]);
    const refused = sheet(AMBIGUOUS);
    expect(refused.results.map((r) => r.testedOn)).toEqual([null]); // the result is kept, its date is not guessed
    expect(refused.invalid.map((i) => i.message)).toEqual([`Testing!E2 (T-1): "${AMBIGUOUS}" is ambiguous ${BOTH} (use YYYY-MM-DD or "15 Mar 2027")`]);
  });
});
