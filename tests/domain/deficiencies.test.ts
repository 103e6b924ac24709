// Deficiency severity, aggregation, remediation and retest, worked by hand from SEC Release 33-8810 §II.B and
// AS 2201.62–.70 (templates/deficiency-severity.json: significant share of materiality 20%, two significant
// deficiencies in one entity-wide COSO component are a material weakness).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeficiencySeverity, Indicator } from '../../server/domain/catalog.ts';
import { rateDeficiency, type DeficiencyJudgement, type Factors, type TestResult } from '../../server/domain/deficiencies.ts';
import { catalog, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { analyseEngagement } from '../../server/use-cases/analyse-engagement.ts';

const M = 1_000_000;
const base: Factors = { likelihood: 'reasonably-possible', magnitude: null, materiality: M, compensatingControl: null, indicators: [] };

describe('severity of one deficiency', () => {
  const cases: [string, Partial<Factors>, DeficiencySeverity, RegExp][] = [
    // each indicator of AS 2201.69 alone makes a material weakness, whatever the magnitude
    ['restatement', { indicators: ['restatement'], magnitude: 1 }, 'material-weakness', /restatement/],
    ['senior-management fraud', { indicators: ['senior-management-fraud'], magnitude: 1 }, 'material-weakness', /fraud.*senior management/],
    ['ineffective audit-committee oversight', { indicators: ['ineffective-audit-committee'], magnitude: 1 }, 'material-weakness', /audit committee/],
    ['auditor-identified misstatement', { indicators: ['auditor-identified-misstatement'], magnitude: 1 }, 'material-weakness', /auditor of a material misstatement/],
    // likelihood: remote → never more than a control deficiency (AS 2201.A7 needs a reasonable possibility)
    ['remote likelihood, large magnitude', { likelihood: 'remote', magnitude: 5 * M }, 'deficiency', /remote/],
    // magnitude vs materiality: 1.5M ≥ 1M → material weakness
    ['magnitude above materiality', { magnitude: 1.5 * M }, 'material-weakness', /≥ materiality/],
    // compensating control with precision (AS 2201.68): not a material weakness → significant deficiency
    ['compensating control', { magnitude: 1.5 * M, compensatingControl: 'monthly flux review at 50k' }, 'significant-deficiency', /Compensating control/],
    // 300k ≥ 20% of 1M = 200k → significant deficiency
    ['magnitude above the significant share', { magnitude: 300_000 }, 'significant-deficiency', /at least 20%/],
    // 50k < 200k → control deficiency
    ['small magnitude', { magnitude: 50_000 }, 'deficiency', /below 20%/],
    // not weighed: no magnitude recorded, or no materiality on the profile → significant deficiency pending
    ['probable, magnitude not recorded', { likelihood: 'probable', magnitude: null }, 'significant-deficiency', /not weighed/],
    ['no materiality on the profile', { magnitude: M, materiality: null }, 'significant-deficiency', /no materiality/],
  ];
  it.each(cases)('%s', (_name, f, severity, why) => {
    const r = rateDeficiency({ ...base, ...f }, catalog.severity);
    expect(r.severity).toBe(severity);
    expect(r.basis.join(' ')).toMatch(why);
  });
});

// The typical SaaS fixture, IPO ten months out, with results recorded against its tests.
const H1 = { ...SAAS_PROFILE, ipoDate: '2027-09-25', planStart: '2026-11-25', materiality: M };
const fail = (testId: string, exceptions = 2, tested = 25, testedOn: string | null = null): TestResult => ({ testId, tested, exceptions, conclusion: 'ineffective', testedOn, note: '' });
const judge = (id: string, j: Partial<DeficiencyJudgement>): DeficiencyJudgement => ({
  deficiencyId: id,
  likelihood: null,
  magnitude: null,
  compensatingControl: null,
  indicators: [],
  overrideSeverity: null,
  overrideReason: null,
  ...j,
});
const run = (results: TestResult[], judgements: DeficiencyJudgement[] = [], profile = H1, today = '2026-11-25') => {
  const r = analyseEngagement(catalog, typicalSaasControls(), profile, today, { testing: { results, judgements } });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('deficiencies from results', () => {
  it('opens nothing from a passing test, and a deficiency from a failed one with remediation, operation and retest tasks', () => {
    expect(run([{ testId: 'REV-03-TOE', tested: 2, exceptions: 0, conclusion: 'effective', testedOn: null, note: '' }]).deficiencies).toEqual([]);
    const a = run([fail('REV-03-TOE', 1, 2)], [judge('DEF-REV-03', { magnitude: 300_000 })]);
    expect(a.deficiencies).toHaveLength(1);
    const d = a.deficiencies[0]!;
    expect(d).toMatchObject({ id: 'DEF-REV-03', target: 'REV-03', origin: 'test', severity: 'significant-deficiency', status: 'open', tasks: ['DEF-REV-03-REM', 'DEF-REV-03-OP', 'DEF-REV-03-RT'] });
    const t = new Map(a.plan.tasks.map((x) => [x.id, x]));
    expect(t.get('DEF-REV-03-REM')!.kind).toBe('remediate');
    expect(t.get('DEF-REV-03-REM')!.start >= t.get('REV-03-TOE')!.end).toBe(true);
    // REV-03 is monthly: the fix operates the monthly minimum, 61 days, before the retest of 2 samples
    expect(t.get('DEF-REV-03-OP')!.durationDays).toBe(61);
    expect(t.get('DEF-REV-03-RT')).toMatchObject({ kind: 'retest', sampleSize: 2 });
    expect(t.get('DEF-REV-03-RT')!.start >= t.get('DEF-REV-03-OP')!.end).toBe(true);
  });

  it('a material weakness operates at least the remediation months (3) before its retest', () => {
    const a = run([fail('REV-03-TOE', 1, 2, '2028-03-15')], [judge('DEF-REV-03', { magnitude: 2 * M })]);
    const op = a.plan.tasks.find((x) => x.id === 'DEF-REV-03-OP')!;
    // fix 21 days from 2028-03-15 (or later, if its owner has no room) → operate 3 months = 91 days from 2028-04-05 (> 61 monthly)
    expect(a.deficiencies[0]!.severity).toBe('material-weakness');
    expect(op.start >= '2028-04-05').toBe(true);
    expect(op.durationDays).toBe(91);
  });

  it('aggregates two deficiencies in the same account and assertion into a material weakness', () => {
    // REV-03 and REV-06 both cover revenue/accuracy and revenue/completeness: 600k + 600k = 1.2M ≥ 1M
    const a = run([fail('REV-03-TOE', 1, 2), fail('REV-06-TOE', 1, 2)], [judge('DEF-REV-03', { magnitude: 600_000 }), judge('DEF-REV-06', { magnitude: 600_000 })]);
    const [d3, d6] = a.deficiencies;
    expect(d3!.computedSeverity).toBe('significant-deficiency');
    expect(d3!.severity).toBe('material-weakness');
    expect(d6!.severity).toBe('material-weakness');
    expect(d3!.aggregatedWith).toEqual(['DEF-REV-06']);
    expect(d3!.basis.join(' ')).toMatch(/same account and assertion revenue\/accuracy.*1,200,000/);
  });

  it('aggregates two significant deficiencies in one entity-wide COSO component into a material weakness', () => {
    // ELC-07 (principle 4) and ELC-08 (principles 4, 10): Control Environment; no shared account
    const a = run([fail('ELC-07-TOE', 1, 1), fail('ELC-08-TOE', 1, 2)], [judge('DEF-ELC-07', { magnitude: 300_000 }), judge('DEF-ELC-08', { magnitude: 300_000 })]);
    expect(a.deficiencies.map((d) => [d.id, d.computedSeverity, d.severity, d.cosoComponent])).toEqual([
      ['DEF-ELC-07', 'significant-deficiency', 'material-weakness', 'Control Environment'],
      ['DEF-ELC-08', 'significant-deficiency', 'material-weakness', 'Control Environment'],
    ]);
    expect(a.deficiencies[0]!.basis.join(' ')).toMatch(/COSO component Control Environment/);
  });

  it('does not aggregate process controls in different accounts', () => {
    const a = run([fail('REV-03-TOE', 1, 2), fail('TAX-03-TOE', 1, 2)], [judge('DEF-REV-03', { magnitude: 600_000 }), judge('DEF-TAX-03', { magnitude: 600_000 })]);
    expect(a.deficiencies.map((d) => d.severity)).toEqual(['significant-deficiency', 'significant-deficiency']);
  });

  it('keeps a reviewer override with its reason, and ignores one without a reason', () => {
    const j = { magnitude: 2 * M, overrideSeverity: 'significant-deficiency' as const };
    const a = run([fail('REV-03-TOE', 1, 2)], [judge('DEF-REV-03', { ...j, overrideReason: 'auditor agreed the population excludes the misstated contracts' })]);
    expect(a.deficiencies[0]).toMatchObject({ computedSeverity: 'material-weakness', severity: 'significant-deficiency', override: { severity: 'significant-deficiency' } });
    expect(a.deficiencies[0]!.basis.at(-1)).toMatch(/Reviewer override: material weakness → significant deficiency \(auditor agreed/);
    const b = run([fail('REV-03-TOE', 1, 2)], [judge('DEF-REV-03', { ...j, overrideReason: '  ' })]);
    expect(b.deficiencies[0]!.severity).toBe('material-weakness');
  });

  it('opens a gap deficiency when a key gap reaches its deadline unremediated', () => {
    const a = run([], [], H1, '2027-07-10'); // CLOSE-JE-02-I is anchored to 2027-06-30
    const d = a.deficiencies.find((x) => x.target === 'CLOSE-JE-02')!;
    expect(d.origin).toBe('gap');
    expect(d.basis[0]).toMatch(/CLOSE-JE-02-I was due by .* not done as of 2027-07-10/);
    const none = run([], [], H1, '2026-11-25');
    expect(none.deficiencies).toEqual([]);
  });

  const retests: [string, TestResult | null, 'open' | 'remediated', RegExp][] = [
    ['no retest yet', null, 'open', /no retest result/],
    ['retest with an exception', { testId: 'DEF-REV-03-RT', tested: 2, exceptions: 1, conclusion: 'ineffective', testedOn: null, note: '' }, 'open', /did not pass/],
    ['retest of too few samples', { testId: 'DEF-REV-03-RT', tested: 1, exceptions: 0, conclusion: 'effective', testedOn: null, note: '' }, 'open', /did not pass/],
    ['passing retest before the fix operated its period', { testId: 'DEF-REV-03-RT', tested: 2, exceptions: 0, conclusion: 'effective', testedOn: '2028-04-10', note: '' }, 'open', /before the fix has operated/],
    ['passing retest after the period', { testId: 'DEF-REV-03-RT', tested: 2, exceptions: 0, conclusion: 'effective', testedOn: '2028-10-01', note: '' }, 'remediated', /remediated: retest DEF-REV-03-RT passed/],
  ];
  it.each(retests)('remediation: %s', (_n, rt, status, why) => {
    const a = run([fail('REV-03-TOE', 1, 2, '2028-03-15'), ...(rt ? [rt] : [])], [judge('DEF-REV-03', { magnitude: 300_000 })]);
    expect(a.deficiencies[0]!.status).toBe(status);
    expect(a.deficiencies[0]!.statusBasis).toMatch(why);
  });

  it('reports an open material weakness at a 10-K date as an Item 9A disclosure risk', () => {
    const a = run([fail('REV-03-TOE', 1, 2)], [judge('DEF-REV-03', { indicators: ['restatement'] })]);
    expect(a.disclosureRisks.map((r) => r.periodEnd)).toEqual(['2027-12-31', '2028-12-31']);
    expect(a.disclosureRisks.find((r) => r.periodEnd === '2028-12-31')!.text).toMatch(/Item 9A.*DEF-REV-03/);
  });

  it('property: a deficiency is remediated only after a passing retest; the same input gives the same output', () => {
    const indicator = fc.constantFrom<Indicator | null>(null, 'restatement', 'senior-management-fraud');
    fc.assert(
      fc.property(
        fc.record({
          exceptions: fc.integer({ min: 0, max: 3 }),
          rtTested: fc.integer({ min: 0, max: 4 }),
          rtExceptions: fc.integer({ min: 0, max: 2 }),
          rtConclusion: fc.constantFrom('effective', 'ineffective', 'not-tested') as fc.Arbitrary<TestResult['conclusion']>,
          rtOn: fc.option(fc.constantFrom('2028-04-01', '2028-06-15', '2028-09-01'), { nil: null }),
          magnitude: fc.option(fc.integer({ min: 0, max: 3 * M }), { nil: null }),
          indicator,
        }),
        (p) => {
          const results = [fail('REV-03-TOE', p.exceptions, 2, '2028-03-15'), { testId: 'DEF-REV-03-RT', tested: p.rtTested, exceptions: p.rtExceptions, conclusion: p.rtConclusion, testedOn: p.rtOn, note: '' }];
          const judgements = [judge('DEF-REV-03', { magnitude: p.magnitude, indicators: p.indicator ? [p.indicator] : [] })];
          const a = run(results, judgements);
          for (const d of a.deficiencies) {
            if (d.status !== 'remediated') continue;
            const rt = results.find((r) => r.testId === `${d.id}-RT`)!;
            expect(rt.conclusion).toBe('effective');
            expect(rt.exceptions).toBeLessThanOrEqual(catalog.testing.tolerableExceptions);
            const op = a.plan.tasks.find((t) => t.id === `${d.id}-OP`)!;
            if (rt.testedOn) expect(rt.testedOn >= op.end).toBe(true);
          }
          expect(JSON.stringify(run(results, judgements).deficiencies)).toBe(JSON.stringify(a.deficiencies));
        },
      ),
      { numRuns: 12 },
    );
  });
});


