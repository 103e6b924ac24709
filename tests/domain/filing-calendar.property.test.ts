// Invariants of the filing calendar over arbitrary inputs (REFERENCE §6), and each inconsistent-input refusal.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromDayNumber, toDayNumber } from '../../server/domain/dates.ts';
import { isBusinessDay } from '../../server/domain/holidays.ts';
import { parseFiscalYearEnd, fiscalYearEndDate } from '../../server/domain/fiscal-calendar.ts';
import { resolveProfile } from '../../server/domain/profile.ts';
import { computeTimeline, type FilerStatus } from '../../server/domain/timeline.ts';

const FYES = ['12-31', '06-30', '03-31', '09-30', '01-31', '02-28', '02-29', '10-23', '09-15', 'last-sat-12', 'nearest-sat-01', 'last-fri-06', 'nearest-sun-09'];
const STATUSES: FilerStatus[] = ['non-accelerated', 'accelerated', 'large-accelerated'];
const ipoDates = fc.integer({ min: toDayNumber('2012-01-01'), max: toDayNumber('2095-12-31') }).map(fromDayNumber);
const usd = fc.constantFrom(10e6, 70e6, 80e6, 300e6, 600e6, 750e6, 2e9);

describe('filing calendar invariants', () => {
  it('due dates are business days; 404(a) never in the first annual report; 404(b) never while non-accelerated or EGC; no Q4 10-Q; every period after the S-1 period', () => {
    fc.assert(
      fc.property(
        ipoDates,
        fc.constantFrom(...FYES),
        fc.boolean(),
        fc.constantFrom(...STATUSES),
        fc.option(fc.array(usd, { minLength: 6, maxLength: 6 }), { nil: undefined }),
        fc.option(fc.array(fc.constantFrom(50e6, 150e6, 1.5e9), { minLength: 6, maxLength: 6 }), { nil: undefined }),
        (ipoDate, fiscalYearEnd, egc, filerStatus, floats, revenues) => {
          const y = Number(ipoDate.slice(0, 4));
          const byYear = (xs: number[] | undefined, from: number) => (xs ? Object.fromEntries(xs.map((v, i) => [String(from + i), v])) : undefined);
          const revenue = byYear(revenues, y);
          const r = computeTimeline({
            ipoDate,
            fiscalYearEnd,
            egc,
            filerStatus,
            ...(floats ? { publicFloat: byYear(floats, y)! } : {}),
            ...(revenue ? { revenue } : {}),
          });
          if (!r.ok) {
            // the only refusal possible here: EGC with pre-IPO revenue over the threshold
            expect(r.error.code).toBe('inconsistent');
            return;
          }
          const t = r.value;
          const fye = parseFiscalYearEnd(fiscalYearEnd);
          if (!fye.ok) throw new Error(fye.error.message);
          const tenKs = t.filings.filter((f) => f.form === '10-K');
          expect(tenKs[0]!.icfr).toBe('none');
          expect(tenKs[1]!.icfr).not.toBe('none');
          for (const f of t.filings) {
            expect(isBusinessDay(f.due), `${f.form} ${f.periodEnd} due ${f.due}`).toBe(true);
            expect(f.periodStart > t.s1.periodEnd).toBe(true);
            expect(f.certifications).toEqual(['302', '906']);
            if (f.form === '10-Q') {
              expect(f.quarter).not.toBe(4);
              expect(f.periodEnd).not.toBe(fiscalYearEndDate(fye.value, f.fiscalYear));
              expect(f.icfr).toBe('none');
            }
            if (f.icfr === '404a+404b') {
              expect(f.filerStatus).not.toBe('non-accelerated');
              expect(t.egcEnds === null || t.egcEnds.fiscalYear <= f.fiscalYear).toBe(true);
            }
          }
          const firstQ = t.filings.find((f) => f.form === '10-Q')!;
          expect(firstQ.quarter).toBeLessThan(4);
          expect(t.first10Q?.periodEnd).toBe(firstQ.periodEnd);
          // filings are in period order, each period following the last
          for (let i = 1; i < t.filings.length; i++) expect(t.filings[i]!.periodStart > t.filings[i - 1]!.periodEnd).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('inconsistent inputs are refused with one line', () => {
  const today = '2026-06-01';
  const refuse = (input: Parameters<typeof resolveProfile>[0], field: string, text: RegExp) => {
    const r = resolveProfile(input, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.field).toBe(field);
    expect(r.error.message).toMatch(text);
    expect(r.error.message).not.toContain('\n');
  };

  it('an EGC end year with egc no', () => refuse({ ipoDate: '2027-05-15', egc: false, egcEndsFiscalYear: 2029 }, 'egcEndsFiscalYear', /not an Emerging Growth Company/));
  it('EGC with a first registered sale on or before 2011-12-08', () => refuse({ ipoDate: '2027-05-15', egc: true, firstSale: '2011-12-08' }, 'firstSale', /JOBS Act §101\(d\)/));
  it('EGC with an IPO (the default first sale) before the JOBS Act cut-off', () => refuse({ ipoDate: '2010-05-15' }, 'ipoDate', /2011-12-08/));
  it('accepts a first sale the day after the cut-off', () => expect(resolveProfile({ ipoDate: '2027-05-15', firstSale: '2011-12-09' }, today).ok).toBe(true));
  it('a first sale after the IPO', () => refuse({ ipoDate: '2027-05-15', firstSale: '2027-06-01' }, 'firstSale', /after the IPO/));
  it('a public float that contradicts the stated status', () =>
    refuse({ ipoDate: '2027-05-15', filerStatus: 'accelerated', publicFloat: { '2028': 900_000_000 } }, 'publicFloat', /contradicts the facts: FY2028: large accelerated/));
  it('a float that agrees with the stated status is accepted', () =>
    expect(resolveProfile({ ipoDate: '2027-05-15', filerStatus: 'accelerated', publicFloat: { '2028': 300_000_000 }, revenue: { '2027': 200_000_000 } }, today).ok).toBe(true));
  it('EGC with revenue over $1.235B in the year before the IPO', () => refuse({ ipoDate: '2027-05-15', revenue: { '2026': 1_300_000_000 } }, 'revenue', /not an Emerging Growth Company/));
  it('an S-1 period that is not a fiscal period end', () => refuse({ ipoDate: '2027-05-15', s1PeriodEnd: '2027-02-15' }, 's1PeriodEnd', /not a fiscal quarter or year end/));
  it('an S-1 period on or after the IPO', () => refuse({ ipoDate: '2027-05-15', s1PeriodEnd: '2027-06-30' }, 's1PeriodEnd', /not before the IPO/));
  it('an S-1 period so old a 10-K was due before the IPO', () => refuse({ ipoDate: '2027-05-15', s1PeriodEnd: '2026-09-30' }, 's1PeriodEnd', /10-K due 2027-03-31, before the IPO/));
  it('explicit quarter ends that are not three per fiscal year', () =>
    refuse({ ipoDate: '2027-08-20', fiscalYearEnd: 'last-sat-12', quarterEnds: ['2027-04-03', '2027-07-03'] }, 'quarterEnds', /FY2027 has 2 explicit quarter end\(s\).*give all three or none/));
  it('explicit quarter ends replace the 13-week pattern for their year', () => {
    // FY2027 (2026-12-27 to 2027-12-25) given a 4-4-5 calendar shifted by a week: Q2 ends 2027-07-03, 56 days before
    // an IPO on 2027-08-28 → S-1 period; the Q3 10-Q (2027-10-02) is due later of 10-12 and 11-16 (Tue) → 11-16.
    const r = resolveProfile({ ipoDate: '2027-08-28', fiscalYearEnd: 'last-sat-12', quarterEnds: ['2027-04-03', '2027-07-03', '2027-10-02'] }, today);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.profile.s1PeriodEnd).toBe('2027-07-03');
    const t = computeTimeline({ ipoDate: '2027-08-28', fiscalYearEnd: 'last-sat-12', egc: true, filerStatus: 'non-accelerated', quarterEnds: ['2027-04-03', '2027-07-03', '2027-10-02'] });
    if (!t.ok) throw new Error(t.error.message);
    expect(t.value.filings[0]).toMatchObject({ form: '10-Q', periodEnd: '2027-10-02', due: '2027-11-16' });
  });
  it('shows the default S-1 period with its basis', () => {
    const r = resolveProfile({ ipoDate: '2027-07-21' }, today);
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value.defaults.find((x) => x.field === 's1PeriodEnd');
    expect(d?.value).toBe('2027-03-31');
    expect(d?.basis).toMatch(/45 days.*90 days/);
    expect(r.value.profile.s1PeriodEnd).toBe('2027-03-31');
  });
});
