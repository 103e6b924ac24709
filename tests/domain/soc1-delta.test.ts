// The SOC 1 register folded into the delta: once the engagement names a service organisation, the register, not the
// control's wording, decides the soc1-reliance requirement of every relying target (SVC-*, PAY-04, ...).
import { describe, expect, it } from 'vitest';
import { SOC1_RULE, type Soc1Entry, type Soc1Register } from '../../server/domain/soc1-register.ts';
import { analyseEngagement } from '../../server/use-cases/analyse-engagement.ts';
import { analysisJson } from '../../server/use-cases/analysis-json.ts';
import { catalog } from '../fixtures/analysis.ts';
import { makeControl } from '../fixtures/controls.ts';

// The review control says "SOC 1 Type II", so the wording check alone would call soc1-reliance met.
const controls = [
  makeControl({ id: 'VM-01', description: 'Finance obtains and reviews the SOC 1 Type II report of each service organization annually, and the controller approves the review.', criteria: ['CC9.2'], owner: 'Pat Roe (Controller)', frequency: 'annual' }),
  makeControl({ id: 'PAY-7', description: 'The payroll manager reviews the payroll register against HR changes each pay run.', criteria: ['CC5.1'], owner: 'Sam Poe (Payroll)' }),
];
// IPO 2027-05-15, FYE 12-31: the IPO year's 10-K (FY2027) carries no 404(a) report; the first is FY2028 (REFERENCE §3).
const profile = { ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, financialSystems: ['NetSuite', 'ADP'] };
const adp = (over: Partial<Soc1Entry>): Soc1Entry => ({ org: 'ADP', reportType: 'type2', periodStart: '2027-10-01', periodEnd: '2028-09-30', bridgeLetterThrough: '2028-12-31', targets: [], cuecs: [{ id: 'C1', text: 'Review payroll register', controlId: 'PAY-7', owner: 'Payroll manager' }], ...over });
function run(serviceOrganizations: string[], register?: Soc1Register) {
  const r = analyseEngagement(catalog, controls, { ...profile, serviceOrganizations }, '2026-11-25', register ? { soc1Register: register } : {});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const svc02 = (a: ReturnType<typeof run>) => a.delta.items.find((i) => i.id === 'SVC-02')!;
const soc1Reason = (a: ReturnType<typeof run>) => svc02(a).reasons.find((r) => r.code === 'soc1-reliance');

describe('SOC 1 register in the delta', () => {
  it('without service organisations the wording decides, as before', () => {
    const a = run([]);
    expect(a.soc1).toEqual([]);
    expect(svc02(a).checks.find((c) => c.code === 'soc1-reliance')?.state).toBe('met');
  });

  it('a named organisation with nothing registered keeps SVC-02 enhance on soc1-reliance, saying what is missing', () => {
    const a = run(['ADP']);
    expect(a.soc1[0]!.fiscalYear).toEqual({ start: '2028-01-01', end: '2028-12-31', days: 366 });
    expect(svc02(a).status).toBe('enhance');
    expect(soc1Reason(a)).toMatchObject({ blocking: true, rule: SOC1_RULE });
    expect(soc1Reason(a)!.finding).toMatch(/^SOC 1 register: ADP: no SOC 1 report is recorded/);
  });

  // [case, entry, the finding's distinctive words]: Oct–Sep report for FY2028 leaves 2028-10-01..12-31 = 92 days.
  it.each([
    ['Type 1', { reportType: 'type1', periodStart: '2028-06-30', periodEnd: '2028-06-30' }, /Type 1 report .* no operating-effectiveness coverage/],
    ['no bridge letter', { bridgeLetterThrough: null }, /no bridge letter for 2028-10-01 to 2028-12-31 \(92 days\)/],
    ['unmapped CUEC', { cuecs: [{ id: 'C1', text: '', controlId: 'PAY-7', owner: '' }] }, /CUEC C1: no owner/],
    ['CUEC on a control not in the matrix', { cuecs: [{ id: 'C1', text: '', controlId: 'PAY-99', owner: 'Pat' }] }, /control PAY-99 is not in the matrix/],
  ] as [string, Partial<Soc1Entry>, RegExp][])('%s: soc1-reliance unmet and the reason says why', (_n, over, why) => {
    const a = run(['ADP'], { entries: [adp(over)] });
    expect(svc02(a).status).toBe('enhance');
    expect(soc1Reason(a)!.finding).toMatch(why);
    expect(a.delta.controls.find((c) => c.controlId === 'VM-01')?.reasonCodes).toContain('soc1-reliance');
  });

  it('a complete register meets soc1-reliance for every relying target, and names the CUEC controls', () => {
    const a = run(['ADP'], { entries: [adp({})] });
    for (const id of ['SVC-02', 'SVC-03', 'SVC-04']) {
      const i = a.delta.items.find((x) => x.id === id)!;
      expect(i.reasons.some((r) => r.code === 'soc1-reliance'), id).toBe(false);
      if (i.status !== 'gap') expect(i.checks.find((c) => c.code === 'soc1-reliance')).toMatchObject({ state: 'met', controls: ['PAY-7'] });
    }
    const json = analysisJson(a);
    expect(json.soc1).toMatchObject([{ org: 'ADP', complete: true, bridgeLetter: { state: 'obtained', needed: { start: '2028-10-01', end: '2028-12-31', days: 92 } } }]);
  });
});
