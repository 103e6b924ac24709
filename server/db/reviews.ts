// Reviewers' comments and review marks on an engagement's items (a plan task, a SOX target, a control, an access
// finding). They change no plan data; each is also in the audit log. Read and written with the engagement's
// workspace in the key (0006).
import { newId, type Executor } from './support.ts';

export interface Review {
  id: string;
  itemKind: string;
  itemId: string;
  kind: 'comment' | 'reviewed';
  text: string;
  actor: string;
  at: string;
}

export interface ReviewScope {
  workspaceId: string;
  engagementId: string;
}

export async function addReview(db: Executor, scope: ReviewScope, r: Omit<Review, 'id'>): Promise<Review> {
  const id = newId();
  await db.insertInto('reviews').values({ id, workspace_id: scope.workspaceId, engagement_id: scope.engagementId, item_kind: r.itemKind, item_id: r.itemId, kind: r.kind, text: r.text, actor: r.actor, at: r.at }).execute();
  return { id, ...r };
}

export async function listReviews(db: Executor, scope: ReviewScope, item?: { kind: string; id: string }): Promise<Review[]> {
  let q = db.selectFrom('reviews').selectAll().where('workspace_id', '=', scope.workspaceId).where('engagement_id', '=', scope.engagementId);
  if (item) q = q.where('item_kind', '=', item.kind).where('item_id', '=', item.id);
  const rows = await q.orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, itemKind: r.item_kind, itemId: r.item_id, kind: r.kind, text: r.text, actor: r.actor, at: r.at }));
}
