// Reviewers' comments and review marks: read, and added with their audit entry in one transaction (a comment is
// never stored without its entry, nor the reverse).
import { appendAudit } from '../db/audit-log.ts';
import { addReview, listReviews, type Review, type ReviewScope } from '../db/reviews.ts';
import { inTransaction } from '../db/support.ts';
import type { AppContext } from './context.ts';

export const REVIEW_ITEM_KINDS = ['task', 'target', 'control', 'access-finding', 'engagement'] as const;
export type ReviewItemKind = (typeof REVIEW_ITEM_KINDS)[number];

export const reviewsOf = (ctx: AppContext, scope: ReviewScope, item?: { kind: ReviewItemKind; id: string }): Promise<Review[]> => listReviews(ctx.db, scope, item);

export async function addReviewEntry(
  ctx: AppContext,
  scope: ReviewScope,
  input: { itemKind: ReviewItemKind; itemId: string; kind: Review['kind']; text: string },
  actor: string,
): Promise<Review> {
  return inTransaction(ctx.db, async (trx) => {
    const r = await addReview(trx, scope, { itemKind: input.itemKind, itemId: input.itemId, kind: input.kind, text: input.text.trim(), actor, at: ctx.now().toISOString() });
    await appendAudit(trx, { engagementId: scope.engagementId, actor, action: input.kind === 'comment' ? 'review.comment' : 'review.mark', entity: input.itemKind, entityId: input.itemId, after: { kind: input.kind, text: r.text } });
    return r;
  });
}
