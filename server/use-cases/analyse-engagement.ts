// Runs the whole analysis on imported controls: owner SoD → delta → COSO coverage → readiness → SEC timeline → plan.
// Deterministic: "today" comes in through the profile's plan start, never from the clock.
import type { Catalog } from '../domain/catalog.ts';
import { computeCoso, type CosoCoverage } from '../domain/coso.ts';
import { computeDelta, type Delta } from '../domain/delta.ts';
import { buildPlan, type Plan } from '../domain/plan.ts';
import { resolveProfile, timelineInputOf, type EngagementProfile, type ProfileDefault, type ProfileInput } from '../domain/profile.ts';
import { computeReadiness, type Readiness } from '../domain/readiness.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { evaluateSoc1Register, fiscalYearInScope, soc1OutcomeFor, type Soc1EntryStatus, type Soc1Register } from '../domain/soc1-register.ts';
import { analyseOwnerSod, type SodConflict, type SodScope } from '../domain/sod.ts';
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
  sodScope: SodScope;
  timeline: Timeline;
  plan: Plan;
  soc1: Soc1EntryStatus[]; // the SOC 1 register against the first §404(a) year (empty when no service organisation)
}

// `reuse`: an analysis of the same controls (a scenario's baseline). Its SoD, delta, COSO and readiness are taken as
// they are when the profile fields they depend on (cycles in scope, financial systems) are the same, so a scenario that
// only moves dates recomputes just the timeline and the plan.
export function analyseEngagement(
  catalog: Catalog,
  controls: SocControl[],
  profileInput: ProfileInput,
  today: string,
  soc1Register: Soc1Register = { entries: [] },
  reuse?: Analysis,
): Result<Analysis, AppError> {
  const resolved = resolveProfile(profileInput, today);
  if (!resolved.ok) return err(appError('invalid-input', resolved.error.field, resolved.error.message));
  const { profile, defaults } = resolved.value;

  const timeline = computeTimeline(timelineInputOf(profile, defaults));
  if (!timeline.ok) return err(appError('invalid-input', timeline.error.field, timeline.error.message));

  const same = reuse && JSON.stringify([reuse.profile.cyclesInScope, reuse.profile.financialSystems]) === JSON.stringify([profile.cyclesInScope, profile.financialSystems]);
  const sod = same ? { conflicts: reuse.sod, issues: reuse.sodIssues, scope: reuse.sodScope } : analyseOwnerSod(controls, catalog.sodRules);
  // The register decides SOC 1 reliance once the engagement names a service organisation or registers one. It reads
  // the fiscal year in scope from the timeline, so a scenario that moves dates may change it: the delta is reused only
  // when the register's reading is the same.
  const soc1 =
    profile.serviceOrganizations.length > 0 || soc1Register.entries.length > 0
      ? evaluateSoc1Register(soc1Register, profile.serviceOrganizations, fiscalYearInScope(timeline.value), new Set(controls.map((c) => c.id)))
      : [];
  const sameDelta = same && JSON.stringify(reuse.soc1) === JSON.stringify(soc1);
  const delta = sameDelta ? reuse.delta : computeDelta(catalog, controls, profile, sod.conflicts, soc1.length > 0 ? (t) => soc1OutcomeFor(soc1, t) : undefined);
  const coso = sameDelta ? reuse.coso : computeCoso(catalog.coso, delta.items);
  const readiness = sameDelta ? reuse.readiness : computeReadiness(delta.items);

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
  return ok({ profile, defaults, delta, coso, readiness, sod: sod.conflicts, sodIssues: sod.issues, sodScope: sod.scope, timeline: timeline.value, plan, soc1 });
}
