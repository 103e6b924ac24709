// The disclosure committee and sub-certification cascade before each filing, from the first one on, in the plan.
import { describe, expect, it } from 'vitest';
import { isBusinessDay } from '../../server/domain/holidays.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

describe('filing cadence in the plan', () => {
  it('puts a sub-certification cascade and a disclosure committee meeting before every filing through the first 404(a) 10-K', () => {
    // IPO 2027-07-21: first 10-Q Q2 2027 due 2027-09-07 (issue case 1); the first 404(a) 10-K is FY2028
    const a = analyse(typicalSaasControls(), { ...SAAS_PROFILE, ipoDate: '2027-07-21', planStart: '2026-06-01' });
    const filings = a.timeline.filings.filter((f) => f.periodEnd <= a.timeline.first404a.periodEnd);
    expect(filings.map((f) => `${f.form} ${f.periodEnd}`)).toEqual(['10-Q 2027-06-30', '10-Q 2027-09-30', '10-K 2027-12-31', '10-Q 2028-03-31', '10-Q 2028-06-30', '10-Q 2028-09-30', '10-K 2028-12-31']);
    const tasks = new Map(a.plan.tasks.map((t) => [t.id, t]));
    for (const f of filings) {
      const id = `F-${f.form === '10-Q' ? `Q${f.quarter}` : 'K'}${f.fiscalYear}`;
      const sub = tasks.get(`${id}-SUBCERT`)!;
      const meet = tasks.get(`${id}-DISCCOM`)!;
      expect(sub.start > f.periodEnd).toBe(true);
      expect(meet.dependsOn).toEqual([sub.id]);
      expect(meet.start >= sub.end).toBe(true);
      expect(meet.end < f.due).toBe(true);
      expect(isBusinessDay(meet.start), `${meet.id} on ${meet.start}`).toBe(true);
      expect(sub.dependsOn).toEqual(['P-SCOPE']); // within the §302 programme, which itself ends at the first certification
    }
    // the first meeting: due Tue 2027-09-07, five days before is Thu 09-02, a business day
    expect(tasks.get('F-Q22027-DISCCOM')!.start).toBe('2027-09-02');
  });
});
