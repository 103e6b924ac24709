// Reviewable mappings (issue 22): an advisor's decision on one source→target link, keyed by (target id, control id).
// The engine proposes the links (a shared criterion makes a candidate, the control's words make it a source:
// intent.ts); the reviewer has the last word, and the delta applies it (delta.ts):
// - accept: the link counts. A source stays a source, marked reviewed; a candidate (or a control the engine did not
//   link) becomes a source with match "reviewer".
// - add: a link the engine missed; the control becomes a source with match "reviewer".
// - reject: the link does not count. A source is moved to the candidates with the reviewer's reason, and the status,
//   readiness and plan are worked out without it.
// A decision is matched by control id, so it survives re-analysis and a re-import of the same matrix. A decision about
// a control id (or target id) that no longer exists is kept and reported as orphaned, never dropped.
export const MAPPING_DECISIONS = ['accept', 'reject', 'add'] as const;
export type MappingDecision = (typeof MAPPING_DECISIONS)[number];

export interface MappingReview {
  targetId: string;
  controlId: string;
  decision: MappingDecision;
  reason: string;
  author: string;
  at: string; // ISO-8601 UTC
}

// What a source or candidate carries once a reviewer has decided on it.
export type ReviewMark = Pick<MappingReview, 'decision' | 'reason' | 'author' | 'at'>;

export interface OrphanedReview extends MappingReview {
  why: string; // which id no longer exists
}

export const reviewMark = (r: MappingReview): ReviewMark => ({ decision: r.decision, reason: r.reason, author: r.author, at: r.at });

// Does the link count as a source, as the reviewer decided?
export const counts = (r: Pick<MappingReview, 'decision'>): boolean => r.decision !== 'reject';

// A decision needs a reason, except accepting what the engine proposed (the engine's own reason stands).
export function reviewProblem(r: Pick<MappingReview, 'decision' | 'reason' | 'controlId' | 'targetId'>): string | null {
  if (!(MAPPING_DECISIONS as readonly string[]).includes(r.decision)) return `decision "${r.decision}" is not one of ${MAPPING_DECISIONS.join(', ')}`;
  if (r.controlId.trim() === '') return 'a decision names a control id';
  if (r.targetId.trim() === '') return 'a decision names a target id';
  if (r.decision !== 'accept' && r.reason.trim() === '') return `to ${r.decision} a link, give the reason`;
  return null;
}

// Decisions by target, then control id (one per pair: the last one given wins).
export function reviewsByTarget(reviews: readonly MappingReview[]): Map<string, Map<string, MappingReview>> {
  const out = new Map<string, Map<string, MappingReview>>();
  for (const r of reviews) {
    let m = out.get(r.targetId);
    if (!m) out.set(r.targetId, (m = new Map()));
    m.set(r.controlId, r);
  }
  return out;
}

// The decisions that name a target or a control that does not exist (any more), with which one.
export function orphanedReviews(reviews: readonly MappingReview[], targetIds: ReadonlySet<string>, controlIds: ReadonlySet<string>): OrphanedReview[] {
  const out: OrphanedReview[] = [];
  for (const r of reviews) {
    if (!targetIds.has(r.targetId)) out.push({ ...r, why: `no SOX target ${r.targetId} in the catalogue` });
    else if (!controlIds.has(r.controlId)) out.push({ ...r, why: `no control ${r.controlId} in the imported matrix` });
  }
  return out;
}
