// Runs the whole analysis on imported controls: owner SoD → delta → COSO coverage → readiness → SEC timeline → plan.
// Deterministic: "today" comes in through the profile's plan start, never from the clock.
import type { Catalog } from '../domain/catalog.ts';
import { computeCoso, type CosoCoverage } from '../domain/coso.ts';
import { computeDelta, type Delta } from '../domain/delta.ts';
import { buildPlan, type Plan } from '../domain/plan.ts';
import { resolveProfile, timelineInputOf, type EngagementProfile, type ProfileDefault, type ProfileInput } from '../domain/profile.ts';
import { computeReadiness, type Readiness } from '../domain/readiness.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { analyseOwnerSod, type SodConflict } from '../domain/sod.ts';
import { computeTimeline, type Timeline } from '../domain/timeline.ts';
import type { SocControl } from '../intake/control.ts';
import type { IntakeIssue } from '../intake/grid.ts';
import { appError, type AppError } from './app-error.ts';

export interface Analysis {
  profile: EngagementProfile;
  defaults: ProfileDefault[];
  delta: Delta;
  coso: CosoCoverage[];
  readiness: Readiness;
  sod: SodConflict[];
  sodIssues: IntakeIssue[];
  timeline: Timeline;
  plan: Plan;
}

// `reuse`: an analysis of the same controls (a scenario's baseline). Its SoD, delta, COSO and readiness are taken as
// they are when the profile fields they depend on (cycles in scope, financial systems) are the same, so a scenario that
// only moves dates recomputes just the timeline and the plan.
export function analyseEngagement(
  catalog: Catalog,
  controls: SocControl[],
  profileInput: ProfileInput,
  today: string,
  reuse?: Analysis,
): Result<Analysis, AppError> {
  const resolved = resolveProfile(profileInput, today);
  if (!resolved.ok) return err(appError('invalid-input', resolved.error.field, resolved.error.message));
  const { profile, defaults } = resolved.value;

  const timeline = computeTimeline(timelineInputOf(profile, defaults));
  if (!timeline.ok) return err(appError('invalid-input', timeline.error.field, timeline.error.message));

  const same = reuse && JSON.stringify([reuse.profile.cyclesInScope, reuse.profile.financialSystems]) === JSON.stringify([profile.cyclesInScope, profile.financialSystems]);
  const sod = same ? { conflicts: reuse.sod, issues: reuse.sodIssues } : analyseOwnerSod(controls, catalog.sodRules);
  const delta = same ? reuse.delta : computeDelta(catalog, controls, profile, sod.conflicts);
  const coso = same ? reuse.coso : computeCoso(catalog.coso, delta.items);
  const readiness = same ? reuse.readiness : computeReadiness(delta.items);

  const ownersByControl = new Map<string, string>();
  for (const c of controls) {
    const o = c.owners[0];
    const name = o?.name ?? o?.role ?? null;
    if (name && !ownersByControl.has(c.id)) ownersByControl.set(c.id, name);
  }
  const plan = buildPlan({
    catalog,
    items: delta.items,
    timeline: timeline.value,
    profile,
    ownersByControl,
    conflicts: sod.conflicts,
  });
  return ok({ profile, defaults, delta, coso, readiness, sod: sod.conflicts, sodIssues: sod.issues, timeline: timeline.value, plan });
}
