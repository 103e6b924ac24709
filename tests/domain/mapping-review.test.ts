// Reviewable mappings (issue 22): the delta applies reviewers' decisions on source→target links. Hand-worked cases, each
// with the rule that decides it (delta.ts, mapping-review.ts, readiness.ts):
// - R1: a target with no source is a gap (no-source-control).
// - R2: a source that comes only through a subset or intersect relationship, or through no criterion at all (a link a
//       reviewer added), is partial coverage: enhance at best (NIST IR 8477; the house rule in delta.ts).
// - R3: a rejected link does not count: the control is listed under the candidates with the reviewer's reason.
// - R4: readiness = Σ(weight × score) / Σ(weight) over applicable targets; weight 3 for a key target; gap 0, enhance 0.5.
// - R5: a decision about a control id or target id that does not exist is kept and reported as orphaned.
import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../server/domain/analysis.ts';
import { analyseEngagement } from '../../server/use-cases/analyse-engagement.ts';
import type { DeltaItem } from '../../server/domain/delta.ts';
import type { MappingReview } from '../../server/domain/mapping-review.ts';
import { reviewProblem } from '../../server/domain/mapping-review.ts';
import { catalog } from '../fixtures/analysis.ts';
import { makeControl, type ControlSpec } from '../fixtures/controls.ts';

const PROFILE = { companyName: 'Hand Co', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', financialSystems: ['NetSuite'], planStart: '2026-11-25' };

// ETH-01 shares CC2.3 with ELC-22 (the whistleblower hotline, key, CC2.2/CC2.3 both "intersect") but names none of its
// key terms (whistleblower, hotline, anonymous, …): a candidate, rejected by intent.
const ETH: ControlSpec = { id: 'ETH-01', description: 'Employees can raise concerns about misconduct with Legal through the intranet form.', criteria: ['CC2.3'], owner: 'Lee Park (Legal)' };
// COC-01 names "code of conduct" (core) and "acknowledge" (supporting) and comes through CC1.1, which ELC-02 (key)
// maps as "equal": a strong source.
const COC: ControlSpec = { id: 'COC-01', description: 'Employees acknowledge the code of conduct on hire and annually.', criteria: ['CC1.1'], owner: 'Kim Ng (HR)' };
// NET-01 shares no criterion with ELC-22.
const NET: ControlSpec = { id: 'NET-01', description: 'Firewall rules are reviewed quarterly.', criteria: ['CC6.6'], owner: 'Sam Roe (IT)' };

function run(reviews: MappingReview[] = [], specs: ControlSpec[] = [ETH, COC, NET]): Analysis {
  const r = analyseEngagement(catalog, specs.map(makeControl), PROFILE, '2026-11-25', { mappingReviews: reviews });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const item = (a: Analysis, id: string): DeltaItem => a.delta.items.find((i) => i.id === id)!;
const decision = (targetId: string, controlId: string, d: MappingReview['decision'], reason: string): MappingReview => ({ targetId, controlId, decision: d, reason, author: 'ana@firm.example', at: '2026-12-01T10:00:00.000Z' });

// R4 by hand: the weight of every applicable target, so one key target's move is worth 3 × Δscore / Σweights.
function weightOfApplicable(a: Analysis): number {
  return a.delta.items.filter((i) => i.status !== 'not-applicable').reduce((n, i) => n + (i.key ? 3 : 1), 0);
}

describe('reviewable mappings: hand-worked cases', () => {
  it('a candidate rejected by intent, added by a reviewer with a reason: gap → enhance, readiness and plan follow', () => {
    const before = run();
    const elc22 = item(before, 'ELC-22');
    expect(elc22.status).toBe('gap'); // R1
    expect(elc22.candidates.map((c) => c.controlId)).toEqual(['ETH-01']);
    expect(elc22.candidates[0]!.reason).toMatch(/names none of the target's key terms/);

    const after = run([decision('ELC-22', 'ETH-01', 'add', 'The intranet form is the anonymous speak-up channel; Legal reports it to the audit committee')]);
    const i = item(after, 'ELC-22');
    expect(i.status).toBe('enhance'); // R2: through CC2.3, an intersect relationship
    expect(i.coverage).toBe('partial');
    expect(i.candidates).toEqual([]);
    expect(i.sources).toHaveLength(1);
    const s = i.sources[0]!;
    expect([s.controlId, s.match, s.review?.decision, s.review?.author]).toEqual(['ETH-01', 'reviewer', 'add', 'ana@firm.example']);
    expect(s.review?.reason).toMatch(/speak-up channel/);
    expect(s.via.map((v) => `${v.tsc} ${v.relationship}`)).toEqual(['CC2.3 intersect']);
    // R4: ELC-22 is key (weight 3) and moves from 0 to 0.5; nothing else moves.
    expect(item(after, 'ELC-02').status).toBe(item(before, 'ELC-02').status);
    const expected = before.readiness.overall + (3 * 0.5 * 100) / weightOfApplicable(before);
    expect(Math.abs(after.readiness.overall - expected)).toBeLessThanOrEqual(0.1);
    // The plan follows: a gap is designed, an enhance target is redesigned.
    expect(before.plan.tasks.find((t) => t.id === 'ELC-22-D')?.title).toMatch(/^Design: /);
    expect(after.plan.tasks.find((t) => t.id === 'ELC-22-D')?.title).toMatch(/^Redesign: /);
    // The control now feeds a SOX target.
    expect(after.delta.controls.find((c) => c.controlId === 'ETH-01')?.targets).toContain('ELC-22');
  });

  it('accepting a candidate counts like adding it; accepting a source marks it reviewed and changes nothing else', () => {
    const accepted = run([decision('ELC-22', 'ETH-01', 'accept', '')]);
    expect(item(accepted, 'ELC-22').status).toBe('enhance'); // R2
    expect(item(accepted, 'ELC-22').sources[0]!.match).toBe('reviewer');

    const base = run();
    const src = item(base, 'ELC-02').sources.find((s) => s.controlId === 'COC-01')!;
    expect(src.match).toBe('strong');
    const marked = run([decision('ELC-02', 'COC-01', 'accept', 'HR acknowledgement report seen')]);
    const again = item(marked, 'ELC-02');
    expect(again.status).toBe(item(base, 'ELC-02').status);
    expect(again.sources.find((s) => s.controlId === 'COC-01')).toMatchObject({ match: 'strong', review: { decision: 'accept', reason: 'HR acknowledgement report seen' } });
  });

  it('a strong source rejected: the target falls to gap, the control is a candidate with the reviewer reason', () => {
    const before = run();
    const elc02 = item(before, 'ELC-02');
    expect(elc02.sources.map((s) => `${s.controlId} ${s.match}`)).toEqual(['COC-01 strong']);
    expect(elc02.status).not.toBe('gap');

    const after = run([decision('ELC-02', 'COC-01', 'reject', 'The acknowledgement covers the security policy only, not the code of conduct')]);
    const i = item(after, 'ELC-02');
    expect(i.status).toBe('gap'); // R3 then R1
    expect(i.sources).toEqual([]);
    expect(i.reasons.map((r) => r.code)).toEqual(['no-source-control']);
    expect(i.basis).toMatch(/1 rejected by a reviewer/);
    expect(i.candidates).toHaveLength(1);
    expect(i.candidates[0]).toMatchObject({ controlId: 'COC-01', review: { decision: 'reject' } });
    expect(i.candidates[0]!.reason).toBe('rejected by ana@firm.example: The acknowledgement covers the security policy only, not the code of conduct');
    // R4: ELC-02 is key and loses its score (covered 1 or enhance 0.5 → 0).
    const lost = elc02.status === 'covered' ? 1 : 0.5;
    expect(Math.abs(after.readiness.overall - (before.readiness.overall - (3 * lost * 100) / weightOfApplicable(before)))).toBeLessThanOrEqual(0.1);
    expect(after.plan.tasks.find((t) => t.id === 'ELC-02-D')?.title).toMatch(/^Design: /);
  });

  it('a link added through no shared criterion is a source through no criterion: enhance at best, said in the basis', () => {
    const a = run([decision('ELC-22', 'NET-01', 'add', 'test only')]);
    const i = item(a, 'ELC-22');
    expect(i.status).toBe('enhance'); // R2
    const s = i.sources.find((x) => x.controlId === 'NET-01')!;
    expect(s).toMatchObject({ match: 'reviewer', via: [], review: { decision: 'add' } });
    expect(i.basis).toContain('NET-01 (added by a reviewer)');
    expect(i.basis).not.toContain('inferred');
    expect(i.candidates.map((c) => c.controlId)).toEqual(['ETH-01']); // the engine's candidate is still listed
  });

  it('keeps decisions about a control or target that no longer exists, reported as orphaned (R5)', () => {
    const gone = decision('ELC-22', 'ETH-09', 'add', 'the old form');
    const unknown = decision('XX-99', 'ETH-01', 'reject', 'retired target');
    const a = run([gone, unknown]);
    expect(item(a, 'ELC-22').status).toBe('gap');
    expect(item(a, 'ELC-22').orphanedReviews).toEqual([{ ...gone, why: 'no control ETH-09 in the imported matrix' }]);
    expect(a.delta.orphanedReviews).toEqual([
      { ...gone, why: 'no control ETH-09 in the imported matrix' },
      { ...unknown, why: 'no SOX target XX-99 in the catalogue' },
    ]);
    expect(a.delta.reviews).toEqual([gone, unknown]);
    // Re-imported with the control back under the same id: the decision applies again.
    const back = run([gone], [ETH, { ...ETH, id: 'ETH-09', description: 'Old form.' }]);
    expect(item(back, 'ELC-22').sources.map((s) => s.controlId)).toEqual(['ETH-09']);
    expect(back.delta.orphanedReviews).toEqual([]);
  });

  it('with no decision the delta is exactly what it was', () => {
    const a = run();
    expect(a.delta.reviews).toBeUndefined();
    expect(a.delta.items.every((i) => i.sources.every((s) => s.review === undefined && s.match !== 'reviewer'))).toBe(true);
  });

  it('a decision needs a reason, except accepting what the engine proposed', () => {
    expect(reviewProblem({ targetId: 'ELC-22', controlId: 'ETH-01', decision: 'reject', reason: ' ' })).toBe('to reject a link, give the reason');
    expect(reviewProblem({ targetId: 'ELC-22', controlId: 'ETH-01', decision: 'add', reason: '' })).toBe('to add a link, give the reason');
    expect(reviewProblem({ targetId: 'ELC-22', controlId: 'ETH-01', decision: 'accept', reason: '' })).toBeNull();
    expect(reviewProblem({ targetId: 'ELC-22', controlId: 'ETH-01', decision: 'maybe' as never, reason: 'x' })).toMatch(/not one of accept, reject, add/);
  });
});
