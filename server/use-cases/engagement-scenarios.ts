// Scenarios on a saved engagement: computed from its controls and profile, saved (the last set replaces the one
// before), listed, and adopted — adopting one is a profile change, audited field by field like any other, plus an
// entry naming the scenario. Computing never changes the profile.
import { appendAudit } from '../db/audit-log.ts';
import { getEngagement } from '../db/engagements.ts';
import { listControls } from '../db/imports.ts';
import { listScenarios, replaceScenarios } from '../db/scenarios.ts';
import { inTransaction } from '../db/support.ts';
import type { ProfileInput } from '../domain/profile.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { appError, type AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';
import { updateEngagement } from './manage-engagement.ts';
import { analysisInputsOf } from './run-analysis.ts';
import { runScenarios, scenarioJson, type ScenarioVariant } from './scenarios.ts';
import type { Engagement } from '../db/engagements.ts';

export type ScenarioJson = ReturnType<typeof scenarioJson>;

const nameOf = (change: ProfileInput) =>
  Object.entries(change)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(';') : typeof v === 'object' && v !== null ? Object.entries(v).map(([a, b]) => `${a}:${b}`).join(';') : String(v)}`)
    .join(', ') || 'unchanged';

export async function computeEngagementScenarios(
  ctx: AppContext,
  id: string,
  variants: { name?: string | undefined; change: ProfileInput }[],
  actor: string,
): Promise<Result<{ scenarios: ScenarioJson[] }, AppError>> {
  const e = await getEngagement(ctx.db, id);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${id}`));
  const controls = await listControls(ctx.db, id);
  const named: ScenarioVariant[] = variants.map((v) => ({ name: v.name?.trim() || nameOf(v.change), change: v.change }));
  const names = new Set<string>();
  for (const v of named) {
    if (v.name === 'baseline' || names.has(v.name)) return err(appError('invalid-input', 'name', `scenario name "${v.name}" is used twice (the first scenario is always "baseline")`));
    names.add(v.name);
  }
  const r = runScenarios(ctx.catalog, controls, e.profile, named, isoDay(ctx.now()), await analysisInputsOf(ctx.db, e));
  if (!r.ok) return r;
  const scenarios = r.value.map(scenarioJson);
  await inTransaction(ctx.db, async (trx) => {
    await replaceScenarios(trx, e.workspaceId, id, scenarios.map((s) => ({ name: s.name, change: s.change, result: s })), actor, ctx.now().toISOString());
    await appendAudit(trx, { engagementId: id, actor, action: 'scenarios.save', entity: 'engagement', entityId: id, after: { scenarios: scenarios.map((s) => s.name) } });
  });
  return ok({ scenarios });
}

export async function savedScenarios(ctx: AppContext, e: Engagement): Promise<ScenarioJson[]> {
  return (await listScenarios<ScenarioJson>(ctx.db, e.workspaceId, e.id)).map((s) => s.result);
}

export async function adoptScenario(ctx: AppContext, id: string, name: string, actor: string): Promise<Result<Engagement, AppError>> {
  const e = await getEngagement(ctx.db, id);
  if (!e) return err(appError('not-found', 'engagement', `no engagement ${id}`));
  const saved = await listScenarios<ScenarioJson>(ctx.db, e.workspaceId, id);
  const s = saved.find((x) => x.name === name);
  if (!s) return err(appError('not-found', 'scenario', `no saved scenario "${name}" on this engagement (saved: ${saved.map((x) => x.name).join(', ') || 'none'})`));
  const updated = await updateEngagement(ctx, id, s.change as ProfileInput, actor);
  if (!updated.ok) return updated;
  await appendAudit(ctx.db, { engagementId: id, actor, action: 'scenario.adopt', entity: 'engagement', entityId: id, after: { scenario: name, change: JSON.parse(JSON.stringify(s.change)) as Record<string, string> } });
  return updated;
}
