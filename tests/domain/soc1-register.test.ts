// SOC 1 register: bridge letters and CUECs, worked by hand from REFERENCE §1 (AS 2601): reliance needs a Type 2
// report; a bridge letter covers the days from the report period end to the fiscal year end; a Type 1 report covers
// nothing of operating effectiveness; a report starting inside the year leaves the months before it to the prior
// report (practice: at least 6 months of the year from the report itself); every CUEC needs a client control and an owner.
import { describe, expect, it } from 'vitest';
import {
  emptySoc1Entry,
  evaluateSoc1Entry,
  evaluateSoc1Register,
  fiscalYearInScope,
  soc1EntryProblem,
  soc1OutcomeFor,
  type Soc1Entry,
} from '../../server/domain/soc1-register.ts';
import type { Timeline } from '../../server/domain/timeline.ts';

const FY27 = { start: '2027-01-01', end: '2027-12-31' }; // calendar fiscal year 2027, 365 days
const entry = (over: Partial<Soc1Entry>): Soc1Entry => ({ ...emptySoc1Entry('PayCo'), ...over });

describe('bridge letter against the fiscal year', () => {
  // [name, entry fields, fiscal year, covered span, uncovered spans, bridge state, bridge span needed, complete]
  const cases: [string, Partial<Soc1Entry>, { start: string; end: string }, string | null, string[], string, string | null, boolean][] = [
    // Oct–Sep report: Jan 1–Sep 30 2027 covered (31+28+31+30+31+30+31+31+30 = 273 days); Oct 1–Dec 31 = 31+30+31 = 92 days need a letter.
    ['Oct–Sep period, no letter', { reportType: 'type2', periodStart: '2026-10-01', periodEnd: '2027-09-30' }, FY27, '2027-01-01..2027-09-30/273', ['2027-10-01..2027-12-31/92'], 'missing', '2027-10-01..2027-12-31/92', false],
    ['Oct–Sep period, letter to FYE', { reportType: 'type2', periodStart: '2026-10-01', periodEnd: '2027-09-30', bridgeLetterThrough: '2027-12-31' }, FY27, '2027-01-01..2027-09-30/273', ['2027-10-01..2027-12-31/92'], 'obtained', '2027-10-01..2027-12-31/92', true],
    // Letter dated through Nov 30 leaves December (31 days).
    ['letter stops short', { reportType: 'type2', periodStart: '2026-10-01', periodEnd: '2027-09-30', bridgeLetterThrough: '2027-11-30' }, FY27, '2027-01-01..2027-09-30/273', ['2027-10-01..2027-12-31/92'], 'short', '2027-10-01..2027-12-31/92', false],
    // Letter dated before the period even ended covers nothing of the gap: the whole 92 days are short.
    ['letter older than the period end', { reportType: 'type2', periodStart: '2026-10-01', periodEnd: '2027-09-30', bridgeLetterThrough: '2027-06-30' }, FY27, '2027-01-01..2027-09-30/273', ['2027-10-01..2027-12-31/92'], 'short', '2027-10-01..2027-12-31/92', false],
    ['period = fiscal year', { reportType: 'type2', periodStart: '2027-01-01', periodEnd: '2027-12-31' }, FY27, '2027-01-01..2027-12-31/365', [], 'not-needed', null, true],
    ['period ends after FYE', { reportType: 'type2', periodStart: '2027-04-01', periodEnd: '2028-03-31' }, FY27, '2027-04-01..2027-12-31/275', ['2027-01-01..2027-03-31/90'], 'not-needed', null, true],
    // Type 1: design only, no operating effectiveness: the whole year is uncovered and a letter cannot help.
    ['Type 1', { reportType: 'type1', periodStart: '2027-06-30', periodEnd: '2027-06-30', bridgeLetterThrough: '2027-12-31' }, FY27, null, ['2027-01-01..2027-12-31/365'], 'cannot-help', null, false],
    // Apr 1–Sep 30 = 183 days, exactly 6 months (Apr 1 + 6 months = Oct 1 = day after the end): enough; Jan–Mar (90 days) left to the prior report.
    ['6-month first report, letter to FYE', { reportType: 'type2', periodStart: '2027-04-01', periodEnd: '2027-09-30', bridgeLetterThrough: '2027-12-31' }, FY27, '2027-04-01..2027-09-30/183', ['2027-01-01..2027-03-31/90', '2027-10-01..2027-12-31/92'], 'obtained', '2027-10-01..2027-12-31/92', true],
    // May 1–Sep 30 = 153 days < 6 months: too short even with a letter; Jan–Apr = 120 days before it.
    ['5-month report', { reportType: 'type2', periodStart: '2027-05-01', periodEnd: '2027-09-30', bridgeLetterThrough: '2027-12-31' }, FY27, '2027-05-01..2027-09-30/153', ['2027-01-01..2027-04-30/120', '2027-10-01..2027-12-31/92'], 'obtained', '2027-10-01..2027-12-31/92', false],
    ['prior-year report only', { reportType: 'type2', periodStart: '2025-10-01', periodEnd: '2026-09-30', bridgeLetterThrough: '2027-12-31' }, FY27, null, ['2027-01-01..2027-12-31/365'], 'cannot-help', null, false],
    ['no report yet', {}, FY27, null, ['2027-01-01..2027-12-31/365'], 'cannot-help', null, false],
    // June FYE, FY 2028 = 2027-07-01..2028-06-30 (366 days, Feb 2028 has 29); an Apr–Mar report needs Apr 1–Jun 30 2028 = 30+31+30 = 91 days.
    ['June FYE, Apr–Mar period', { reportType: 'type2', periodStart: '2027-04-01', periodEnd: '2028-03-31' }, { start: '2027-07-01', end: '2028-06-30' }, '2027-07-01..2028-03-31/275', ['2028-04-01..2028-06-30/91'], 'missing', '2028-04-01..2028-06-30/91', false],
  ];
  const txt = (s: { start: string; end: string; days: number } | null) => (s ? `${s.start}..${s.end}/${s.days}` : null);
  it.each(cases)('%s', (_name, over, fy, covered, uncovered, state, needed, complete) => {
    const s = evaluateSoc1Entry(entry(over), fy, null);
    expect(txt(s.covered)).toBe(covered);
    expect(s.uncovered.map(txt)).toEqual(uncovered);
    expect(s.bridgeLetter.state).toBe(state);
    expect(txt(s.bridgeLetter.needed)).toBe(needed);
    expect(s.complete).toBe(complete);
    expect(s.missing.length === 0).toBe(complete);
  });

  it('says why, in words', () => {
    expect(evaluateSoc1Entry(entry({ reportType: 'type1', periodStart: '2027-06-30', periodEnd: '2027-06-30' }), FY27, null).missing[0]).toMatch(/Type 1 .*no operating-effectiveness coverage of 2027-01-01 to 2027-12-31/);
    expect(evaluateSoc1Entry(entry({ reportType: 'type2', periodStart: '2026-10-01', periodEnd: '2027-09-30' }), FY27, null).missing).toEqual([
      'no bridge letter for 2027-10-01 to 2027-12-31 (92 days) after the report period end',
    ]);
    expect(evaluateSoc1Entry(entry({ reportType: 'type2', periodStart: '2026-10-01', periodEnd: '2027-09-30', bridgeLetterThrough: '2027-11-30' }), FY27, null).bridgeLetter.text).toBe(
      'bridge letter through 2027-11-30 leaves 2027-12-01 to 2027-12-31 (31 days) uncovered',
    );
  });
});

describe('CUECs', () => {
  const full = { reportType: 'type2' as const, periodStart: '2027-01-01', periodEnd: '2027-12-31' };
  const matrix = new Set(['ITGC-1', 'PAY-7']);
  // [name, cuec control, owner, matrix known, missing for that CUEC]
  const cases: [string, string, string, ReadonlySet<string> | null, string[]][] = [
    ['mapped to a control in the matrix with an owner', 'PAY-7', 'Payroll manager', matrix, []],
    ['no control', '', 'Payroll manager', matrix, ['no client control']],
    ['no owner', 'PAY-7', ' ', matrix, ['no owner']],
    ['neither', '', '', matrix, ['no client control', 'no owner']],
    ['control not in the matrix', 'PAY-99', 'Controller', matrix, ['control PAY-99 is not in the matrix']],
    ['no matrix known: id taken as given', 'PAY-99', 'Controller', null, []],
  ];
  it.each(cases)('%s', (_n, controlId, owner, ids, missing) => {
    const s = evaluateSoc1Entry(entry({ ...full, cuecs: [{ id: 'CUEC-1', text: 'Review payroll register', controlId, owner }] }), FY27, ids);
    expect(s.cuecs[0]!.missing).toEqual(missing);
    expect(s.complete).toBe(missing.length === 0);
    if (missing.length > 0) expect(s.missing).toEqual([`CUEC CUEC-1: ${missing.join(', ')}`]);
  });

  it('one unmapped CUEC of three keeps the entry open, and only that one is named', () => {
    const cuecs = [
      { id: 'C1', text: 'a', controlId: 'ITGC-1', owner: 'IT lead' },
      { id: 'C2', text: 'b', controlId: 'PAY-7', owner: '' },
      { id: 'C3', text: 'c', controlId: 'PAY-7', owner: 'Controller' },
    ];
    const s = evaluateSoc1Entry(entry({ ...full, cuecs }), FY27, matrix);
    expect(s.missing).toEqual(['CUEC C2: no owner']);
    expect(s.summary).toBe('PayCo: CUEC C2: no owner');
  });
});

describe('register and targets', () => {
  const svc02 = { id: 'SVC-02', category: 'service-org' as const, soxRequires: [{ code: 'soc1-reliance' as const, text: '' }] };
  const pay04 = { id: 'PAY-04', category: 'process:payroll' as const, soxRequires: [{ code: 'soc1-reliance' as const, text: '' }] };
  const rev01 = { id: 'REV-01', category: 'process:revenue' as const, soxRequires: [{ code: 'evidence' as const, text: '' }] };
  const done = entry({ org: 'ADP', reportType: 'type2', periodStart: '2027-01-01', periodEnd: '2027-12-31', cuecs: [{ id: 'C1', text: '', controlId: 'PAY-7', owner: 'Payroll manager' }] });

  it('lists every profile organisation (a blank entry when unregistered, matched without case) and registered extras', () => {
    const out = evaluateSoc1Register({ entries: [{ ...done, org: 'adp' }, entry({ org: 'Custodian' })] }, ['ADP', 'Carta'], FY27, null);
    expect(out.map((s) => [s.entry.org, s.inProfile, s.complete])).toEqual([
      ['adp', true, true],
      ['Carta', true, false],
      ['Custodian', false, false],
    ]);
    expect(out[1]!.missing[0]).toMatch(/^no SOC 1 report is recorded/);
  });

  it('a relying target is met only when every organisation it relies on is complete', () => {
    const open = evaluateSoc1Register({ entries: [done, entry({ org: 'Carta', reportType: 'type1', periodStart: '2027-06-30', periodEnd: '2027-06-30' })] }, ['ADP', 'Carta'], FY27, null);
    expect(soc1OutcomeFor(open, svc02)?.state).toBe('unmet');
    expect(soc1OutcomeFor(open, svc02)?.finding).toMatch(/Carta: a Type 1 report/);
    expect(soc1OutcomeFor(open, svc02)?.finding).not.toMatch(/ADP/);
    const closed = evaluateSoc1Register({ entries: [done] }, ['ADP'], FY27, null);
    expect(soc1OutcomeFor(closed, svc02)).toMatchObject({ state: 'met', controls: ['PAY-7'] });
    expect(soc1OutcomeFor(closed, rev01)).toBeNull(); // no SOC 1 reliance
  });

  it('an organisation limited to some targets does not decide the others', () => {
    const st = evaluateSoc1Register({ entries: [{ ...emptySoc1Entry('ADP'), targets: ['PAY-04'] }] }, ['ADP'], FY27, null);
    expect(soc1OutcomeFor(st, pay04)?.state).toBe('unmet');
    expect(soc1OutcomeFor(st, svc02)).toBeNull();
  });
});

describe('fiscal year in scope and validation', () => {
  const tl = (end: string, periodEnd: string) => ({ fiscalYear: { end }, first404a: { periodEnd } }) as unknown as Pick<Timeline, 'first404a' | 'fiscalYear'>;
  it.each([
    ['12-31', '2028-12-31', '2028-01-01'],
    ['06-30', '2028-06-30', '2027-07-01'],
    ['02-28', '2028-02-29', '2027-03-01'], // a February month-end year: the prior year ended 2027-02-28
  ])('FYE %s, 404(a) year ending %s starts %s', (fye, end, start) => {
    expect(fiscalYearInScope(tl(fye, end))).toEqual({ start, end });
  });

  it.each([
    [{ org: ' ' }, 'the service organisation has no name'],
    [{ periodStart: '2027-13-01', periodEnd: '2027-12-31' }, 'PayCo: periodStart "2027-13-01" is not a date (YYYY-MM-DD)'],
    [{ periodStart: '2027-01-01' }, 'PayCo: give both the report period start and end, or neither'],
    [{ periodStart: '2027-12-31', periodEnd: '2027-01-01' }, 'PayCo: the report period starts (2027-12-31) after it ends (2027-01-01)'],
    [{ cuecs: [{ id: 'C1', text: '', controlId: '', owner: '' }, { id: 'C1', text: '', controlId: '', owner: '' }] }, 'PayCo: CUEC C1 is listed twice'],
  ] as [Partial<Soc1Entry>, string][])('refuses %j', (over, message) => {
    expect(soc1EntryProblem(entry(over))).toBe(message);
  });
});
