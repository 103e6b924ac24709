// Read and change an engagement's SOC 1 register. A change is validated, stored, audited (before and after) and the
// analysis re-run in one transaction, so statuses and readiness follow the register at once.
import { appendAudit, type JsonValue } from '../db/audit-log.ts';
import { getEngagement, type Engagement } from '../db/engagements.ts';
import { listControls } from '../db/imports.ts';
import { getSoc1Register, saveSoc1Register } from '../db/soc1-register.ts';
import { inTransaction } from '../db/support.ts';
import { resolveProfile } from '../domain/profile.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { evaluateSoc1Register, fiscalYearInScope, soc1EntryProblem, type Soc1Entry, type Soc1EntryStatus } from '../domain/soc1-register.ts';
import { computeTimeline } from '../domain/timeline.ts';
import { appError, type AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';
import { runAnalysis } from './run-analysis.ts';

export interface Soc1RegisterView {
  entries: Soc1Entry[];
  statuses: Soc1EntryStatus[]; // every profile organisation and every registered one, against the first §404(a) year
  fiscalYear: { start: string; end: string } | null; // null when the profile gives no IPO date yet
  updatedAt: string | null;
  updatedBy: string | null;
  analysisVersion: number | null; // the analysis the change produced (PUT), when the engagement has controls
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as JsonValue;

async function view(ctx: AppContext, db: AppContext['db'], e: Engagement): Promise<Omit<Soc1RegisterView, 'analysisVersion'>> {
  const stored = await getSoc1Register(db, e.workspaceId, e.id);
  const p = resolveProfile(e.profile, isoDay(ctx.now()));
  const tl = p.ok
    ? computeTimeline({ ipoDate: p.value.profile.ipoDate, fiscalYearEnd: p.value.profile.fiscalYearEnd, egc: p.value.profile.egc, filerStatus: p.value.profile.filerStatus, ...(p.value.profile.egcEndsFiscalYear !== null ? { egcEndsFiscalYear: p.value.profile.egcEndsFiscalYear } : {}) })
    : null;
  if (!p.ok || !tl?.ok) return { entries: stored.entries, statuses: [], fiscalYear: null, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
  const fy = fiscalYearInScope(tl.value);
  const controls = await listControls(db, e.id);
  const ids = controls.length > 0 ? new Set(controls.map((c) => c.id)) : null;
  return { entries: stored.entries, statuses: evaluateSoc1Register({ entries: stored.entries }, p.value.profile.serviceOrganizations, fy, ids), fiscalYear: fy, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
}

export async function getRegister(ctx: AppContext, engagementId: string): Promise<Result<Soc1RegisterView, AppError>> {
  const e = await getEngagement(ctx.db, engagementId);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${engagementId}`));
  return ok({ ...(await view(ctx, ctx.db, e)), analysisVersion: null });
}

// Replaces the register with `entries` (names trimmed; an organisation appears once).
export async function putRegister(ctx: AppContext, engagementId: string, entries: Soc1Entry[], actor: string): Promise<Result<Soc1RegisterView, AppError>> {
  const e = await getEngagement(ctx.db, engagementId);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${engagementId}`));
  const clean = entries.map((x) => ({ ...x, org: x.org.trim(), targets: [...new Set(x.targets.map((t) => t.trim()).filter((t) => t !== ''))], cuecs: x.cuecs.map((c) => ({ ...c, id: c.id.trim(), controlId: c.controlId.trim(), owner: c.owner.trim() })) }));
  const seen = new Set<string>();
  for (const [i, x] of clean.entries()) {
    const problem = soc1EntryProblem(x);
    if (problem) return err(appError('invalid-input', `entries.${i}`, `SOC 1 register entry ${i + 1}: ${problem}`));
    if (seen.has(x.org.toLowerCase())) return err(appError('invalid-input', `entries.${i}`, `SOC 1 register entry ${i + 1}: ${x.org} is listed twice`));
    seen.add(x.org.toLowerCase());
  }
  let failure: AppError | null = null;
  const out = await inTransaction(ctx.db, async (trx) => {
    const before = await getSoc1Register(trx, e.workspaceId, e.id);
    await saveSoc1Register(trx, e.workspaceId, e.id, clean, actor, ctx.now().toISOString());
    await appendAudit(trx, { engagementId: e.id, actor, action: 'soc1.register.update', entity: 'soc1-register', entityId: e.id, before: json(before.entries), after: json(clean) });
    let version: number | null = null;
    if ((await listControls(trx, e.id)).length > 0) {
      const r = await runAnalysis(ctx, trx, e, actor, 'SOC 1 register changed');
      if (!r.ok) {
        failure = r.error;
        throw new Error('rollback');
      }
      version = r.value.version;
    }
    return { ...(await view(ctx, trx, e)), analysisVersion: version };
  }).catch((x: unknown) => {
    if (failure) return null;
    throw x;
  });
  if (failure || !out) return err(failure ?? appError('not-found', 'engagement', `no engagement ${engagementId}`));
  return ok(out);
}
