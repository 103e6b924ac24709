// Decisions on access findings of a stored engagement (remediate, mitigate with a compensating control, accept with a
// reason) and reopening one, each audited, answered with the finding's new status and the readiness before and after.
import { latestAnalysis } from '../db/analyses.ts';
import { deleteResolution, getResolution, putResolution, type StoredResolution } from '../db/access.ts';
import { appendAudit, type JsonValue } from '../db/audit-log.ts';
import { inTransaction } from '../db/support.ts';
import { FREQUENCIES } from '../domain/catalog.ts';
import { err, ok } from '../domain/result.ts';
import { engagementOr404, load, type Loaded } from './access-load.ts';
import { getAccess } from './access-report.ts';
import { accessReadiness } from './access-view.ts';
import { appError } from './app-error.ts';
import type { AppContext } from './context.ts';

export interface ResolutionInput {
  key: string;
  kind: 'remediated' | 'mitigated' | 'accepted';
  control?: string | undefined;
  owner?: string | undefined;
  frequency?: string | undefined;
  reason?: string | undefined;
  note?: string | undefined;
}

const filled = (s: string | undefined) => (s !== undefined && s.trim() !== '' ? s.trim() : null);

function invalidResolution(r: ResolutionInput): string | null {
  if (r.kind === 'accepted' && !filled(r.reason)) return 'accepting a finding needs a written reason ("reason")';
  if (r.kind === 'mitigated') {
    const missing = (['control', 'owner', 'frequency'] as const).filter((f) => !filled(r[f]));
    if (missing.length > 0)
      return `a mitigation needs the compensating control, its owner and its frequency; missing: ${missing.join(', ')}`;
    if (!(FREQUENCIES as readonly string[]).includes(r.frequency!.trim()))
      return `frequency "${r.frequency}" is not one of ${FREQUENCIES.join(', ')}`;
  }
  return null;
}

export async function recordResolution(
  ctx: AppContext,
  input: { engagementId: string; resolution: ResolutionInput; actor: string },
) {
  const r = input.resolution;
  const problem = invalidResolution(r);
  if (problem) return err(appError('invalid-input', 'resolution-invalid', problem));
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const before = await load(ctx, input.engagementId);
  if (!before.ok) return before;
  const a = before.value.result.analysis;
  if (!a.conflicts.some((c) => c.key === r.key) && !a.leavers.some((x) => x.key === r.key))
    return err(appError('not-found', 'finding', `no access finding "${r.key}" in this engagement's current analysis`));
  const decision: StoredResolution = {
    key: r.key,
    kind: r.kind,
    control: r.kind === 'mitigated' ? filled(r.control) : null,
    owner: r.kind === 'accepted' ? null : filled(r.owner),
    frequency: r.kind === 'mitigated' ? filled(r.frequency) : null,
    reason: r.kind === 'accepted' ? filled(r.reason) : null,
    note: filled(r.note),
    decidedBy: input.actor,
    decidedAt: ctx.now().toISOString(),
  };
  await inTransaction(ctx.db, async (trx) => {
    const previous = await getResolution(trx, input.engagementId, r.key);
    await putResolution(trx, input.engagementId, decision);
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.resolution.record',
      entity: 'access-finding',
      entityId: r.key,
      field: 'resolution',
      before: previous as unknown as JsonValue,
      after: decision as unknown as JsonValue,
    });
  });
  return afterChange(ctx, input.engagementId, before.value, r.key);
}

export async function reopenFinding(ctx: AppContext, input: { engagementId: string; key: string; actor: string }) {
  const before = await load(ctx, input.engagementId);
  if (!before.ok) return before;
  const removed = await inTransaction(ctx.db, async (trx) => {
    const previous = await getResolution(trx, input.engagementId, input.key);
    if (!previous) return false;
    await deleteResolution(trx, input.engagementId, input.key);
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.resolution.reopen',
      entity: 'access-finding',
      entityId: input.key,
      field: 'resolution',
      before: previous as unknown as JsonValue,
      after: null,
    });
    return true;
  });
  if (!removed)
    return err(appError('not-found', 'resolution', `no decision recorded for "${input.key}" in this engagement`));
  return afterChange(ctx, input.engagementId, before.value, input.key);
}

async function afterChange(ctx: AppContext, engagementId: string, before: Loaded, key: string) {
  const after = await getAccess(ctx, engagementId);
  if (!after.ok) return after;
  const latest = await latestAnalysis(ctx.db, engagementId);
  const prior = accessReadiness(
    before.result.resolution?.openBySeverity ?? { critical: 0, high: 0, medium: 0, low: 0 },
    latest?.analysis.readiness.overall ?? null,
  );
  const v = after.value;
  const finding = v.conflicts.find((c) => c.key === key) ?? v.leavers.find((x) => x.key === key) ?? null;
  return ok({
    key,
    status: finding?.status ?? 'open',
    resolution: finding?.resolution ?? null,
    task: finding ? (v.plan.tasks.find((t) => t.findingKey === key) ?? null) : null,
    before: { readiness: prior },
    readiness: v.readiness,
    open: v.readiness.openBySeverity,
  });
}
