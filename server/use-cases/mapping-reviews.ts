// Reviewers' decisions on source→target links (issue 22): list, record and withdraw the decision on one link of one
// target. A change is checked, stored, audited (before and after) and the analysis re-run in one transaction, so the
// status, readiness and plan follow the reviewed mapping at once, or nothing changes.
import { appendAudit, type JsonValue } from '../db/audit-log.ts';
import { getEngagement, type Engagement } from '../db/engagements.ts';
import { listControls } from '../db/imports.ts';
import { deleteMappingReview, getMappingReview, listMappingReviews, putMappingReview } from '../db/mapping-reviews.ts';
import { inTransaction, type Executor } from '../db/support.ts';
import type { DeltaItem } from '../domain/delta.ts';
import { orphanedReviews, reviewProblem, type MappingDecision, type MappingReview } from '../domain/mapping-review.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { appError, type AppError } from './app-error.ts';
import type { AppContext } from './context.ts';
import { runAnalysis } from './run-analysis.ts';

export interface ListedReview extends MappingReview {
  orphaned: string | null; // why the decision names nothing that exists now; null when it applies
}

export interface TargetReviews {
  targetId: string;
  reviews: ListedReview[];
}

export interface ReviewChange {
  targetId: string;
  reviews: ListedReview[];
  item: DeltaItem | null; // the target as the re-run analysis sees it (null: no controls imported yet)
  analysisVersion: number | null;
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v ?? null)) as JsonValue;

async function listed(ctx: AppContext, db: Executor, e: Engagement, targetId?: string): Promise<ListedReview[]> {
  const reviews = await listMappingReviews(db, { workspaceId: e.workspaceId, engagementId: e.id }, targetId);
  const ids = new Set((await listControls(db, e.id)).map((c) => c.id));
  const orphans = new Map(orphanedReviews(reviews, new Set(ctx.catalog.targets.map((t) => t.id)), ids).map((o) => [`${o.targetId}\u0000${o.controlId}`, o.why]));
  return reviews.map((r) => ({ ...r, orphaned: orphans.get(`${r.targetId}\u0000${r.controlId}`) ?? null }));
}

async function engagementAndTarget(ctx: AppContext, engagementId: string, targetId: string): Promise<Result<Engagement, AppError>> {
  const e = await getEngagement(ctx.db, engagementId);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${engagementId}`));
  if (!ctx.catalog.targets.some((t) => t.id === targetId)) return err(appError('not-found', 'target', `no SOX target ${targetId} in the catalogue`));
  return ok(e);
}

export async function listTargetReviews(ctx: AppContext, engagementId: string, targetId: string): Promise<Result<TargetReviews, AppError>> {
  const e = await engagementAndTarget(ctx, engagementId, targetId);
  if (!e.ok) return e;
  return ok({ targetId, reviews: await listed(ctx, ctx.db, e.value, targetId) });
}

// Every decision of the engagement (the Mapping sheet and the orphaned ones).
export async function listAllReviews(ctx: AppContext, db: Executor, e: Engagement): Promise<ListedReview[]> {
  return listed(ctx, db, e);
}

export interface DecisionInput {
  targetId: string;
  controlId: string;
  decision: MappingDecision;
  reason: string;
}

// Checks one decision against the catalogue and the controls now imported: a new decision must name a target and a
// control that exist (a decision already stored about a control since gone stays, shown as orphaned).
export function decisionProblem(d: DecisionInput, targetIds: ReadonlySet<string>, controlIds: ReadonlySet<string>): { code: 'not-found' | 'invalid-input'; reason: string; message: string } | null {
  const problem = reviewProblem(d);
  if (problem) return { code: 'invalid-input', reason: 'decision', message: `${d.targetId} × ${d.controlId}: ${problem}` };
  if (!targetIds.has(d.targetId)) return { code: 'not-found', reason: 'target', message: `no SOX target ${d.targetId} in the catalogue` };
  if (!controlIds.has(d.controlId))
    return { code: 'not-found', reason: 'control', message: controlIds.size === 0 ? 'no control matrix imported yet: import one before reviewing its mapping' : `no control ${d.controlId} in the imported matrix` };
  return null;
}

// Writes decisions (and withdrawals: decision null) with an audit entry each, inside the caller's transaction.
export async function writeDecisions(trx: Executor, e: Engagement, changes: (DecisionInput | { targetId: string; controlId: string; decision: null })[], actor: string, at: string, via: string): Promise<number> {
  const scope = { workspaceId: e.workspaceId, engagementId: e.id };
  let n = 0;
  for (const c of changes) {
    const before = await getMappingReview(trx, scope, c.targetId, c.controlId);
    const entityId = `${c.targetId}/${c.controlId}`;
    if (c.decision === null) {
      if (!(await deleteMappingReview(trx, scope, c.targetId, c.controlId))) continue;
      await appendAudit(trx, { engagementId: e.id, actor, action: 'mapping.review.delete', entity: 'mapping-review', entityId, before: json(before), after: { via } });
    } else {
      const r: MappingReview = { targetId: c.targetId, controlId: c.controlId, decision: c.decision, reason: c.reason.trim(), author: actor, at };
      await putMappingReview(trx, scope, r);
      await appendAudit(trx, { engagementId: e.id, actor, action: 'mapping.review', entity: 'mapping-review', entityId, before: json(before), after: json({ ...r, via }) });
    }
    n++;
  }
  return n;
}

async function change(ctx: AppContext, e: Engagement, targetId: string, actor: string, write: (trx: Executor, at: string) => Promise<number>, why: string): Promise<Result<ReviewChange, AppError>> {
  let failure: AppError | null = null;
  const out = await inTransaction(ctx.db, async (trx) => {
    await write(trx, ctx.now().toISOString());
    let version: number | null = null;
    let item: DeltaItem | null = null;
    if ((await listControls(trx, e.id)).length > 0) {
      const r = await runAnalysis(ctx, trx, e, actor, why);
      if (!r.ok) {
        failure = r.error;
        throw new Error('rollback');
      }
      version = r.value.version;
      item = r.value.analysis.delta.items.find((i) => i.id === targetId) ?? null;
    }
    return { targetId, reviews: await listed(ctx, trx, e, targetId), item, analysisVersion: version };
  }).catch((x: unknown) => {
    if (failure) return null;
    throw x;
  });
  return out === null ? err(failure!) : ok(out);
}

export async function putTargetReview(ctx: AppContext, input: DecisionInput & { engagementId: string; actor: string }): Promise<Result<ReviewChange, AppError>> {
  const e = await engagementAndTarget(ctx, input.engagementId, input.targetId);
  if (!e.ok) return e;
  const ids = new Set((await listControls(ctx.db, e.value.id)).map((c) => c.id));
  const problem = decisionProblem(input, new Set(ctx.catalog.targets.map((t) => t.id)), ids);
  if (problem) return err(appError(problem.code, problem.reason, problem.message));
  return change(ctx, e.value, input.targetId, input.actor, (trx, at) => writeDecisions(trx, e.value, [input], input.actor, at, 'api'), `mapping of ${input.targetId} reviewed (${input.decision} ${input.controlId})`);
}

export async function deleteTargetReview(ctx: AppContext, input: { engagementId: string; targetId: string; controlId: string; actor: string }): Promise<Result<ReviewChange, AppError>> {
  const e = await engagementAndTarget(ctx, input.engagementId, input.targetId);
  if (!e.ok) return e;
  if (!(await getMappingReview(ctx.db, { workspaceId: e.value.workspaceId, engagementId: e.value.id }, input.targetId, input.controlId)))
    return err(appError('not-found', 'decision', `no decision on ${input.targetId} × ${input.controlId}`));
  return change(ctx, e.value, input.targetId, input.actor, (trx, at) => writeDecisions(trx, e.value, [{ ...input, decision: null }], input.actor, at, 'api'), `mapping decision on ${input.targetId} withdrawn (${input.controlId})`);
}
