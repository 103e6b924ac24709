// Reviewers' decisions on source→target links of an engagement. Every query names the workspace and the engagement,
// so a decision can never be read or written through another workspace's engagement.
import type { MappingDecision, MappingReview } from '../domain/mapping-review.ts';
import type { Executor } from './support.ts';

export interface Scope {
  workspaceId: string;
  engagementId: string;
}

type Row = { target_id: string; control_id: string; decision: string; reason: string; author: string; at: string };
const review = (r: Row): MappingReview => ({ targetId: r.target_id, controlId: r.control_id, decision: r.decision as MappingDecision, reason: r.reason, author: r.author, at: r.at });

// Every decision of the engagement, or those on one target; by target, then control id.
export async function listMappingReviews(db: Executor, s: Scope, targetId?: string): Promise<MappingReview[]> {
  let q = db.selectFrom('mapping_reviews').selectAll().where('workspace_id', '=', s.workspaceId).where('engagement_id', '=', s.engagementId);
  if (targetId !== undefined) q = q.where('target_id', '=', targetId);
  return (await q.orderBy('target_id').orderBy('control_id').execute()).map(review);
}

export async function getMappingReview(db: Executor, s: Scope, targetId: string, controlId: string): Promise<MappingReview | null> {
  const r = await db
    .selectFrom('mapping_reviews')
    .selectAll()
    .where('workspace_id', '=', s.workspaceId)
    .where('engagement_id', '=', s.engagementId)
    .where('target_id', '=', targetId)
    .where('control_id', '=', controlId)
    .executeTakeFirst();
  return r ? review(r) : null;
}

// Replaces the decision on one link (delete then insert: one statement shape for SQLite and PostgreSQL).
export async function putMappingReview(db: Executor, s: Scope, r: MappingReview): Promise<void> {
  await deleteMappingReview(db, s, r.targetId, r.controlId);
  await db
    .insertInto('mapping_reviews')
    .values({ workspace_id: s.workspaceId, engagement_id: s.engagementId, target_id: r.targetId, control_id: r.controlId, decision: r.decision, reason: r.reason, author: r.author, at: r.at })
    .execute();
}

// true when there was a decision to remove.
export async function deleteMappingReview(db: Executor, s: Scope, targetId: string, controlId: string): Promise<boolean> {
  const out = await db
    .deleteFrom('mapping_reviews')
    .where('workspace_id', '=', s.workspaceId)
    .where('engagement_id', '=', s.engagementId)
    .where('target_id', '=', targetId)
    .where('control_id', '=', controlId)
    .executeTakeFirst();
  return Number(out.numDeletedRows) > 0;
}
