// Access SoD for a stored engagement as the API, the page, the Plan and the workbook show it: the analysis with each
// finding's status, decision and plan task, the listing set (what each file contributes), the roster and readiness.
import { latestAnalysis } from '../db/analyses.ts';
import { listListings } from '../db/access.ts';
import { ok } from '../domain/result.ts';
import type { AccessExport } from '../excel/export/access-sheet.ts';
import { engagementOr404, load, type Loaded } from './access-load.ts';
import { contributionOf, contributions, currentKinds, isCurrent, replacedBy } from './access-listing-set.ts';
import { accessSodJson, conflictJson } from './access-sod.ts';
import { accessExportOf, accessReadiness, conflictMatrix, statuses, statusOf, tasksOf } from './access-view.ts';
import type { AppContext } from './context.ts';

// Each file of the listing set, per system: whether it is read, what it gives (users and/or grants, with the counts
// of users, roles, grants and conflicts it contributed) and, when superseded, the later file that replaced it.
function listingsJson(l: Loaded) {
  const given = contributions(l.rows, l.result.analysis.conflicts);
  return l.listings.flatMap((f, at) =>
    f.systems.map((s) => {
      const current = isCurrent(l.current, f.id, s.system);
      return {
        listingId: f.id,
        fileName: f.fileName,
        system: s.system,
        systemBasis: s.systemBasis,
        businessUnit: f.businessUnit, // as named on upload; null: the file covers the whole system
        extractedAt: s.extractedAt,
        extractedAtBasis: s.extractedAtBasis,
        rows: s.rows,
        reportedTotal: s.reportedTotal,
        shapes: s.shapes,
        sheets: s.sheets,
        sha256: f.sha256,
        uploadedAt: f.createdAt,
        uploadedBy: f.createdBy,
        current,
        // what this file contributes to its system's listing set: users (who holds what) and/or grants (what roles give)
        contributes: currentKinds(l.current, f.id, s.system),
        contributed: current ? contributionOf(given, f.fileName, s.system) : { users: 0, roles: 0, grants: 0, conflicts: 0 },
        replacedBy: current ? null : replacedBy(l.listings, at, s.system),
      };
    }),
  );
}

export async function getAccess(ctx: AppContext, engagementId: string, roleOnly = false) {
  const e = await engagementOr404(ctx, engagementId);
  if (!e.ok) return e;
  const l = await load(ctx, engagementId);
  if (!l.ok) return l;
  const latest = await latestAnalysis(ctx.db, engagementId);
  return ok(
    accessView(
      l.value,
      latest?.analysis.readiness.overall ?? null,
      latest?.analysis.profile.planStart ?? null,
      roleOnly,
    ),
  );
}

// What the Access SoD page shows at first: everything but the user-level and privileged conflicts themselves (the
// matrix counts them, and names each by key for the drill-down), the privileged-holder list and the resolution
// detail. For 20,000 users the whole analysis is 46 MB of JSON, this 6.3 MB (most of it the matrix).
export async function getAccessPage(ctx: AppContext, engagementId: string) {
  const v = await getAccess(ctx, engagementId, true);
  if (!v.ok) return v;
  const { privileged: _privileged, resolution: _resolution, ...rest } = v.value;
  return ok({ ...rest, conflictsShown: 'role' as const });
}

// The conflicts with these keys, as the whole analysis shows them (both sides, their listing rows, the decision);
// `missing`: keys the current analysis does not have (access removed or remapped since the page was read).
export async function getConflicts(ctx: AppContext, engagementId: string, keys: readonly string[]) {
  const e = await engagementOr404(ctx, engagementId);
  if (!e.ok) return e;
  const l = await load(ctx, engagementId);
  if (!l.ok) return l;
  const latest = await latestAnalysis(ctx.db, engagementId);
  const { decorate } = decisions(l.value, latest?.analysis.profile.planStart ?? null);
  const wanted = new Set(keys);
  const conflicts = l.value.result.analysis.conflicts
    .filter((c) => wanted.has(c.key))
    .map((c) => ({ ...conflictJson(c), ...decorate(c.key) }));
  const found = new Set(conflicts.map((c) => c.key));
  return ok({ conflicts, missing: keys.filter((k) => !found.has(k)) });
}

// The plan tasks the access decisions call for (remove access, run a compensating control), dated, for the Plan: they
// are read-only there (a decision on the Access SoD tab changes them). None when the engagement has no listing.
export async function accessPlanTasks(ctx: AppContext, engagementId: string, planStart: string | null) {
  if ((await listListings(ctx.db, engagementId)).length === 0) return [];
  const l = await load(ctx, engagementId);
  if (!l.ok) return [];
  return tasksOf(l.value.resolutions, l.value.result.resolution?.tasks ?? [], planStart).map((t) => ({ ...t, source: 'access' as const }));
}

// Each finding's status, decision and plan task, by key.
function decisions(l: Loaded, planStart: string | null) {
  const st = statuses(l.resolutions, l.result.resolution?.resolved ?? []);
  const tasks = tasksOf(l.resolutions, l.result.resolution?.tasks ?? [], planStart);
  const taskOf = new Map(tasks.map((t) => [t.findingKey, t.id]));
  const decorate = (key: string) => {
    const s = statusOf(st, key);
    return {
      status: s.status,
      resolution: s.decision ? { ...s.decision, via: s.via } : null,
      task: s.via ? null : (taskOf.get(key) ?? null),
    };
  };
  return { st, tasks, decorate };
}

// `roleOnly`: only the role-level conflicts written out in full (the page's view); the matrix counts them all.
function accessView(l: Loaded, deltaReadiness: number | null, planStart: string | null, roleOnly = false) {
  const base = accessSodJson(l.result, roleOnly ? (c) => c.level === 'role' : undefined);
  const { st, tasks, decorate } = decisions(l, planStart);
  const conflicts = base.conflicts.map((c) => ({ ...c, ...decorate(c.key) }));
  const openBySeverity = l.result.resolution?.openBySeverity ?? { critical: 0, high: 0, medium: 0, low: 0 };
  return {
    ...base,
    conflicts,
    leavers: base.leavers.map((x) => ({ ...x, ...decorate(x.key) })),
    listings: listingsJson(l),
    roster: l.roster
      ? {
          id: l.roster.id,
          fileName: l.roster.fileName,
          sha256: l.roster.sha256,
          entries: l.roster.entries.length,
          terminated: l.roster.entries.filter((r) => r.terminationDate !== null).length,
          uploadedAt: l.roster.createdAt,
          uploadedBy: l.roster.createdBy,
        }
      : null,
    matrix: conflictMatrix(l.result.analysis.conflicts, (key) => statusOf(st, key).status),
    resolutions: l.resolutions,
    plan: { tasks },
    readiness: accessReadiness(openBySeverity, deltaReadiness),
  };
}
export type AccessView = ReturnType<typeof accessView>;

// The access part of a workbook export, or undefined when the engagement has no listing.
export async function accessExportFor(ctx: AppContext, engagementId: string): Promise<AccessExport | undefined> {
  const v = await getAccess(ctx, engagementId);
  if (!v.ok || v.value.listings.length === 0) return undefined;
  const evidence = v.value.listings
    .filter((l) => l.current)
    // a business unit's file is named with its unit, so the sheet shows which part of the system it covers
    .map((l) => ({ system: l.system, file: l.businessUnit ? `${l.fileName} (${l.businessUnit})` : l.fileName, extractedAt: l.extractedAt, rows: l.rows }));
  return accessExportOf(v.value, evidence);
}
