// Reviewers' comments and review marks on an engagement's items (a plan task, a SOX target, a control, an access
// finding). They change no plan data; each is also in the audit log.
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

export async function addReview(db: Executor, engagementId: string, r: Omit<Review, 'id'>): Promise<Review> {
  const id = newId();
  await db.insertInto('reviews').values({ id, engagement_id: engagementId, item_kind: r.itemKind, item_id: r.itemId, kind: r.kind, text: r.text, actor: r.actor, at: r.at }).execute();
  return { id, ...r };
}

export async function listReviews(db: Executor, engagementId: string, item?: { kind: string; id: string }): Promise<Review[]> {
  let q = db.selectFrom('reviews').selectAll().where('engagement_id', '=', engagementId);
  if (item) q = q.where('item_kind', '=', item.kind).where('item_id', '=', item.id);
  const rows = await q.orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, itemKind: r.item_kind, itemId: r.item_id, kind: r.kind, text: r.text, actor: r.actor, at: r.at }));
}
