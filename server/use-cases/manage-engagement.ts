// Create, update and archive engagements. A profile change re-runs the analysis (when there are controls) and every
// changed field is audited with its before and after.
import { appendAudit } from '../db/audit-log.ts';
import { archiveEngagement as archive, createEngagement as create, getEngagement, updateEngagementProfile, type Engagement } from '../db/engagements.ts';
import { listControls } from '../db/imports.ts';
import { inTransaction } from '../db/support.ts';
import { resolveProfile, type ProfileInput } from '../domain/profile.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { appError, type AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';
import { runAnalysis } from './run-analysis.ts';

const json = (v: unknown) => (v === undefined ? null : JSON.parse(JSON.stringify(v)));

function validate(ctx: AppContext, profile: ProfileInput): AppError | null {
  const r = resolveProfile(profile, isoDay(ctx.now()));
  return r.ok ? null : appError('invalid-input', r.error.field, r.error.message);
}

export async function createEngagement(ctx: AppContext, profile: ProfileInput, actor: string, workspaceId?: string): Promise<Result<Engagement, AppError>> {
  const bad = validate(ctx, profile);
  if (bad) return err(bad);
  const companyName = profile.companyName?.trim() || 'Company';
  return ok(
    await inTransaction(ctx.db, async (trx) => {
      const e = await create(trx, { companyName, profile: { ...profile, companyName }, ...(workspaceId ? { workspaceId } : {}) });
      await appendAudit(trx, { engagementId: e.id, actor, action: 'engagement.create', entity: 'engagement', entityId: e.id, after: json(e.profile) });
      return e;
    }),
  );
}

export async function updateEngagement(
  ctx: AppContext,
  id: string,
  patch: ProfileInput,
  actor: string,
): Promise<Result<Engagement, AppError>> {
  const current = await getEngagement(ctx.db, id);
  if (!current) return err(appError('not-found', 'engagement', `no engagement ${id}`));
  const next: ProfileInput = { ...current.profile, ...patch };
  const bad = validate(ctx, next);
  if (bad) return err(bad);
  let failure: AppError | null = null;
  const updated = await inTransaction(ctx.db, async (trx) => {
    const e = await updateEngagementProfile(trx, id, next);
    if (!e) return null;
    for (const key of Object.keys(patch) as (keyof ProfileInput)[]) {
      if (JSON.stringify(current.profile[key]) === JSON.stringify(next[key])) continue;
      await appendAudit(trx, { engagementId: id, actor, action: 'engagement.update', entity: 'engagement', entityId: id, field: key, before: json(current.profile[key]), after: json(next[key]) });
    }
    if ((await listControls(trx, id)).length > 0) {
      const r = await runAnalysis(ctx, trx, e, actor, 'profile changed');
      if (!r.ok) {
        failure = r.error;
        throw new Error('rollback');
      }
    }
    return e;
  }).catch((e: unknown) => {
    if (failure) return null;
    throw e;
  });
  if (failure) return err(failure);
  return updated ? ok(updated) : err(appError('not-found', 'engagement', `no engagement ${id}`));
}

export async function archiveEngagement(ctx: AppContext, id: string, actor: string): Promise<Result<Engagement, AppError>> {
  const e = await inTransaction(ctx.db, async (trx) => {
    const a = await archive(trx, id);
    if (a) await appendAudit(trx, { engagementId: id, actor, action: 'engagement.archive', entity: 'engagement', entityId: id, after: { archivedAt: a.archivedAt } });
    return a;
  });
  return e ? ok(e) : err(appError('not-found', 'engagement', `no engagement ${id}`));
}
