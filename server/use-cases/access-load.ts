// Access SoD for a stored engagement, loaded and analysed: the stored listings (rows read at upload), the roster, the
// duty map and the decisions on findings, analysed again on every read. The verbs that use it are in
// access-report.ts (the analysis as the API and the workbook show it), access-upload.ts (listings and the roster),
// access-duty-map.ts, access-simulate.ts and access-review.ts (decisions on findings).
// Design: the analysis is never stored. It is recomputed from the stored listings, roster, duty map and decisions on
// every read, so a decision or a duty-map edit is reflected at once and stays consistent. The listings' rows and
// their users matched across systems are kept in memory between reads (access-rows.ts). A later listing of a system
// supersedes an earlier one of the same kind (a re-extraction after remediation); the earlier file is kept as
// evidence. Plan tasks that decisions create are derived the same way and kept as their own list (the analysis's
// task table is rebuilt on every re-import, which would drop them).
import {
  findDutyMapTemplate,
  getEngagementDutyMap,
  getRoster,
  listListings,
  listResolutions,
  type StoredDutyMap,
  type StoredListing,
  type StoredResolution,
} from '../db/access.ts';
import { getEngagement, workspaceOfEngagement } from '../db/engagements.ts';
import { analyseAccess } from '../domain/access-sod.ts';
import { resolveFindings, type Resolution } from '../domain/access-resolutions.ts';
import type { Frequency } from '../domain/catalog.ts';
import type { DutyMapSet } from '../domain/duty-map.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { ListingIssue } from '../domain/access-types.ts';
import { currentRows, currentSystems, isCurrent, type CurrentRows } from './access-rows.ts';
import type { AccessSodResult, OutputIssue } from './access-sod.ts';
import { appError, type AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';

type R<T> = Promise<Result<T, AppError>>;

const savedAsSet = (t: StoredDutyMap): DutyMapSet => ({
  id: t.name,
  name: t.name,
  source: t.source,
  systems: t.systems,
  entries: t.entries,
});

export interface Loaded {
  listings: StoredListing[];
  current: Set<string>; // `${listingId}|${systemKey}`: the listing each system is read from
  rows: Pick<CurrentRows, 'access' | 'roleGrants'>; // the rows read (what each file contributed is counted from them)
  roster: Awaited<ReturnType<typeof getRoster>>;
  dutyMap: StoredDutyMap | null;
  resolutions: StoredResolution[];
  result: AccessSodResult;
}

function toResolution(s: StoredResolution): Resolution {
  const note = s.note ? { note: s.note } : {};
  if (s.kind === 'remediated')
    return { key: s.key, action: 'remediate', ...(s.owner ? { owner: s.owner } : {}), ...note };
  if (s.kind === 'mitigated')
    return {
      key: s.key,
      action: 'mitigate',
      control: s.control ?? '',
      owner: s.owner ?? '',
      frequency: (s.frequency ?? '') as Frequency,
      ...note,
    };
  return { key: s.key, action: 'accept', reason: s.reason ?? '', by: s.decidedBy };
}

const withFile = (i: ListingIssue): OutputIssue => ({
  code: i.code,
  severity: i.severity,
  file: i.file,
  sheet: i.sheet,
  row: i.row,
  column: i.column,
  message: i.message,
});

export async function load(ctx: AppContext, engagementId: string): R<Loaded> {
  const listings = await listListings(ctx.db, engagementId);
  const roster = await getRoster(ctx.db, engagementId);
  const dutyMap = await getEngagementDutyMap(ctx.db, engagementId);
  const resolutions = await listResolutions(ctx.db, engagementId);
  const saved: DutyMapSet[] = [];
  // Saved templates are layered in from the engagement's own workspace only.
  const workspaceId = await workspaceOfEngagement(ctx.db, engagementId);
  for (const id of dutyMap?.templates ?? []) {
    const t = workspaceId ? await findDutyMapTemplate(ctx.db, workspaceId, { id }) : null;
    if (t) saved.push(savedAsSet(t));
  }
  const current = currentSystems(listings);
  const { access, roleGrants, users } = await currentRows(ctx.db, engagementId, listings, current);
  const infos = [];
  const issues: OutputIssue[] = [];
  for (const l of listings) {
    infos.push(...l.systems.filter((s) => isCurrent(current, l.id, s.system)));
    if (l.systems.some((s) => isCurrent(current, l.id, s.system))) issues.push(...l.issues.map(withFile));
  }
  if (roster) issues.push(...roster.issues.map(withFile));
  const analysis = analyseAccess({
    access,
    users,
    roleGrants,
    listings: infos,
    roster: roster?.entries ?? [],
    rules: ctx.catalog.sodRules,
    templates: [...saved, ...ctx.catalog.dutyMaps], // loaded with the catalogue at start-up
    overrides: dutyMap
      ? [{ id: 'engagement', name: dutyMap.name, source: dutyMap.source, systems: [], entries: dutyMap.entries }]
      : [],
    asOf: isoDay(ctx.now()),
  });
  for (const i of analysis.issues) issues.push({ ...i, file: null });
  const resolution = resolveFindings(analysis, resolutions.map(toResolution));
  return ok({ listings, current, rows: { access, roleGrants }, roster, dutyMap, resolutions, result: { analysis, issues, resolution } });
}

export async function engagementOr404(ctx: AppContext, id: string): R<{ id: string; workspaceId: string }> {
  const e = await getEngagement(ctx.db, id);
  return e ? ok(e) : err(appError('not-found', 'engagement', `no engagement ${id}`));
}
