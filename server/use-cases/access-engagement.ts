// Access SoD for a stored engagement: upload listings and the HR roster, edit the duty map, simulate a grant, record
// decisions on findings, and the analysis as the API and the workbook show it.
// Design: the analysis is never stored. It is recomputed from the stored listings (rows read at upload), roster,
// duty map and decisions on every read, so a decision or a duty-map edit is reflected at once and stays consistent.
// The listings' rows and their users matched across systems are kept in memory between reads (access-rows.ts).
// A later listing of a system supersedes an earlier one (a re-extraction after remediation); the earlier file is
// kept as evidence. Plan tasks that decisions create are derived the same way and kept as their own list (the
// analysis's task table is rebuilt on every re-import, which would drop them).
import { latestAnalysis } from '../db/analyses.ts';
import {
  deleteListing,
  deleteResolution,
  findDutyMapTemplate,
  findListingBySha,
  getEngagementDutyMap,
  getResolution,
  getRoster,
  insertListing,
  listDutyMapTemplates,
  listListings,
  listResolutions,
  putResolution,
  replaceRoster,
  saveDutyMapTemplate,
  saveEngagementDutyMap,
  type StoredDutyMap,
  type StoredListing,
  type StoredResolution,
} from '../db/access.ts';
import { appendAudit, type JsonValue } from '../db/audit-log.ts';
import { getEngagement, workspaceOfEngagement } from '../db/engagements.ts';
import { sha256Hex } from '../db/imports.ts';
import { inTransaction } from '../db/support.ts';
import { loadDutyMapTemplates, parseDutyMap } from '../catalog/load-duty-maps.ts';
import { formatProblem } from '../catalog/load-catalog.ts';
import { analyseAccess, simulateGrant } from '../domain/access-sod.ts';
import { resolveFindings, type Resolution } from '../domain/access-resolutions.ts';
import { FREQUENCIES, type Frequency } from '../domain/catalog.ts';
import type { DutyMapEntry, DutyMapSet } from '../domain/duty-map.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { AccessExport } from '../excel/export/access-sheet.ts';
import { parseAccessListing, parseRoster, type ListingIssue, type RosterEntry } from '../intake/access-listing.ts';
import { currentKinds, currentRows, currentSystems, forgetRows, isCurrent, warmRows } from './access-rows.ts';
import { accessSodJson, conflictJson, noAccessListing, ruleDuties, type AccessSodResult, type OutputIssue } from './access-sod.ts';
import { accessExportOf, accessReadiness, conflictMatrix, statuses, statusOf, tasksOf } from './access-view.ts';
import { appError, type AppError } from './app-error.ts';
import { readFailure } from './spreadsheet-reader.ts';
import { isoDay, type AppContext } from './context.ts';

type R<T> = Promise<Result<T, AppError>>;

// ---- loading and analysing ----

let fileTemplates: DutyMapSet[] | null = null;
function templatesFromFiles(ctx: AppContext): Result<DutyMapSet[], AppError> {
  if (fileTemplates) return ok(fileTemplates);
  const loaded = loadDutyMapTemplates(new Set(ruleDuties(ctx.catalog).map((d) => d.id)));
  if (!loaded.ok)
    return err(
      appError(
        'catalog-invalid',
        'duty-maps',
        `templates/duty-maps is invalid: ${loaded.error.slice(0, 3).map(formatProblem).join('; ')}`,
      ),
    );
  fileTemplates = loaded.value;
  return ok(fileTemplates);
}

const savedAsSet = (t: StoredDutyMap): DutyMapSet => ({
  id: t.name,
  name: t.name,
  source: t.source,
  systems: t.systems,
  entries: t.entries,
});

interface Loaded {
  listings: StoredListing[];
  current: Set<string>; // `${listingId}|${systemKey}`: the listing each system is read from
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

async function load(ctx: AppContext, engagementId: string): R<Loaded> {
  const templates = templatesFromFiles(ctx);
  if (!templates.ok) return templates;
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
    templates: [...saved, ...templates.value],
    overrides: dutyMap
      ? [{ id: 'engagement', name: dutyMap.name, source: dutyMap.source, systems: [], entries: dutyMap.entries }]
      : [],
    asOf: isoDay(ctx.now()),
  });
  for (const i of analysis.issues) issues.push({ ...i, file: null });
  const resolution = resolveFindings(analysis, resolutions.map(toResolution));
  return ok({ listings, current, roster, dutyMap, resolutions, result: { analysis, issues, resolution } });
}

async function engagementOr404(ctx: AppContext, id: string): R<{ id: string; workspaceId: string }> {
  const e = await getEngagement(ctx.db, id);
  return e ? ok(e) : err(appError('not-found', 'engagement', `no engagement ${id}`));
}

function listingsJson(l: Loaded) {
  return l.listings.flatMap((f) =>
    f.systems.map((s) => ({
      listingId: f.id,
      fileName: f.fileName,
      system: s.system,
      systemBasis: s.systemBasis,
      extractedAt: s.extractedAt,
      extractedAtBasis: s.extractedAtBasis,
      rows: s.rows,
      reportedTotal: s.reportedTotal,
      shapes: s.shapes,
      sheets: s.sheets,
      sha256: f.sha256,
      uploadedAt: f.createdAt,
      uploadedBy: f.createdBy,
      current: isCurrent(l.current, f.id, s.system),
      // what this file contributes to its system's listing set: users (who holds what) and/or grants (what roles give)
      contributes: currentKinds(l.current, f.id, s.system),
    })),
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
    .map((l) => ({ system: l.system, file: l.fileName, extractedAt: l.extractedAt, rows: l.rows }));
  return accessExportOf(v.value, evidence);
}

// ---- uploads ----

async function readGrid(ctx: AppContext, bytes: Uint8Array, fileName: string) {
  const read = await ctx.readSpreadsheet(bytes, fileName);
  return read.ok ? ok(read.value) : err(readFailure(read.error));
}

export async function uploadListing(
  ctx: AppContext,
  input: { engagementId: string; fileName: string; bytes: Uint8Array; system?: string; actor: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const same = await findListingBySha(ctx.db, input.engagementId, sha256Hex(input.bytes));
  if (same)
    return err(
      appError(
        'conflict',
        'duplicate-listing',
        `"${input.fileName}" is the same file as listing "${same.fileName}" uploaded ${same.createdAt.slice(0, 10)}; delete that one first to read it again`,
      ),
    );
  const grid = await readGrid(ctx, input.bytes, input.fileName);
  if (!grid.ok) return grid;
  const system = input.system?.trim() || undefined;
  const parsed = parseAccessListing(grid.value, system ? { system } : {});
  if (parsed.listings.length === 0) return err(noAccessListing(input.fileName, parsed.issues));
  const issues = [...grid.value.issues.map((i) => ({ ...i, file: input.fileName })), ...parsed.issues];
  const stored = await inTransaction(ctx.db, async (trx) => {
    const l = await insertListing(trx, {
      engagementId: input.engagementId,
      fileName: input.fileName,
      systemGiven: system ?? null,
      bytes: input.bytes,
      systems: parsed.listings,
      content: { access: parsed.access, roleGrants: parsed.roleGrants },
      issues,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.listing.upload',
      entity: 'access-listing',
      entityId: l.id,
      after: {
        fileName: l.fileName,
        sha256: l.sha256,
        systems: l.systems.map((s) => s.system),
        rows: l.rowCount,
        extractedAt: l.extractedAt,
      },
    });
    return l;
  });
  // match the users across the engagement's listings now, as part of reading this one: the analyses that follow
  // (every read of the Access SoD page) reuse the match. The listing is stored whatever happens here; a failure
  // leaves nothing kept, and the next read matches them (and reports what went wrong then).
  await warmRows(ctx.db, input.engagementId, {
    id: stored.id,
    content: { access: parsed.access, roleGrants: parsed.roleGrants },
  }).catch(() => forgetRows(input.engagementId));
  return ok(listingSummary(stored));
}

const listingSummary = (l: StoredListing) => ({
  id: l.id,
  fileName: l.fileName,
  systemGiven: l.systemGiven,
  systems: l.systems.map((s) => ({
    system: s.system,
    systemBasis: s.systemBasis,
    extractedAt: s.extractedAt,
    extractedAtBasis: s.extractedAtBasis,
    rows: s.rows,
    shapes: s.shapes,
  })),
  extractedAt: l.extractedAt,
  rowCount: l.rowCount,
  sha256: l.sha256,
  size: l.size,
  uploadedAt: l.createdAt,
  issues: l.issues,
});

export async function removeListing(
  ctx: AppContext,
  input: { engagementId: string; listingId: string; actor: string },
) {
  const gone = await inTransaction(ctx.db, async (trx) => {
    const l = await deleteListing(trx, input.engagementId, input.listingId);
    if (l)
      await appendAudit(trx, {
        engagementId: input.engagementId,
        actor: input.actor,
        action: 'access.listing.delete',
        entity: 'access-listing',
        entityId: l.id,
        before: { fileName: l.fileName, sha256: l.sha256, systems: l.systems.map((s) => s.system), rows: l.rowCount },
      });
    return l;
  });
  if (gone) forgetRows(input.engagementId);
  return gone
    ? ok({ deleted: gone.id })
    : err(appError('not-found', 'listing', `no access listing ${input.listingId} in this engagement`));
}

export async function uploadRoster(
  ctx: AppContext,
  input: { engagementId: string; fileName: string; bytes: Uint8Array; actor: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const grid = await readGrid(ctx, input.bytes, input.fileName);
  if (!grid.ok) return grid;
  const parsed = parseRoster(grid.value);
  const fatal = parsed.issues.find((i) => i.code === 'roster-no-termination-column');
  if (fatal) return err(appError('invalid-input', fatal.code, fatal.message));
  const entries: RosterEntry[] = parsed.entries;
  const r = await inTransaction(ctx.db, async (trx) => {
    const before = await getRoster(trx, input.engagementId);
    const stored = await replaceRoster(trx, {
      engagementId: input.engagementId,
      fileName: input.fileName,
      bytes: input.bytes,
      entries,
      issues: parsed.issues,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    const brief = (x: typeof stored) => ({ fileName: x.fileName, sha256: x.sha256, entries: x.entries.length });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.roster.upload',
      entity: 'access-roster',
      entityId: stored.id,
      before: before ? brief(before) : null,
      after: brief(stored),
    });
    return stored;
  });
  return ok({
    id: r.id,
    fileName: r.fileName,
    sha256: r.sha256,
    entries: r.entries.length,
    terminated: entries.filter((x) => x.terminationDate !== null).length,
    issues: r.issues,
  });
}

// ---- duty map ----

export async function getDutyMap(ctx: AppContext, engagementId: string) {
  const e = await engagementOr404(ctx, engagementId);
  if (!e.ok) return e;
  const l = await load(ctx, engagementId);
  if (!l.ok) return l;
  const files = templatesFromFiles(ctx);
  const saved = await listDutyMapTemplates(ctx.db, e.value.workspaceId);
  const a = l.value.result.analysis;
  return ok({
    entries: l.value.dutyMap?.entries ?? [],
    templates: l.value.dutyMap?.templates ?? [],
    updatedAt: l.value.dutyMap?.updatedAt ?? null,
    updatedBy: l.value.dutyMap?.updatedBy ?? null,
    // every role and permission in the listings with the duties it grants now and why; basis other than
    // 'override' is a suggestion to confirm
    applied: a.dutyMap.map((d) => ({ ...d, confirmed: d.basis === 'override' })),
    unmapped: a.unmapped,
    duties: ruleDuties(ctx.catalog).map((d) => ({ id: d.id, label: d.label })),
    savedTemplates: saved.map((t) => ({
      id: t.id,
      name: t.name,
      systems: t.systems,
      entries: t.entries.length,
      updatedAt: t.updatedAt,
      updatedBy: t.updatedBy,
    })),
    fileTemplates: (files.ok ? files.value : []).map((t) => ({
      id: t.id,
      name: t.name,
      systems: t.systems,
      entries: t.entries.length,
    })),
  });
}

export async function putDutyMap(
  ctx: AppContext,
  input: { engagementId: string; entries: unknown[]; templates: string[]; actor: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const dutyIds = new Set(ruleDuties(ctx.catalog).map((d) => d.id));
  const parsed = parseDutyMap(
    {
      id: 'engagement',
      name: 'Engagement duty map',
      source: `engagement ${input.engagementId}`,
      entries: input.entries,
    },
    'duty map',
    dutyIds,
    'override',
  );
  if (!parsed.ok)
    return err(
      appError(
        'invalid-input',
        'duty-map-invalid',
        `the duty map is invalid: ${parsed.error.slice(0, 3).map(formatProblem).join('; ')}`,
        { problems: parsed.error },
      ),
    );
  for (const id of input.templates)
    if (!(await findDutyMapTemplate(ctx.db, e.value.workspaceId, { id })))
      return err(appError('invalid-input', 'unknown-template', `no saved duty-map template ${id}`));
  const entries: DutyMapEntry[] = parsed.value.entries;
  await inTransaction(ctx.db, async (trx) => {
    const before = await getEngagementDutyMap(trx, input.engagementId);
    await saveEngagementDutyMap(trx, {
      engagementId: input.engagementId,
      workspaceId: e.value.workspaceId,
      entries,
      templates: input.templates,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.duty-map.update',
      entity: 'access-duty-map',
      entityId: input.engagementId,
      before: before ? ({ entries: before.entries, templates: before.templates } as unknown as JsonValue) : null,
      after: { entries, templates: input.templates } as unknown as JsonValue,
    });
  });
  return getDutyMap(ctx, input.engagementId);
}

export async function saveTemplate(ctx: AppContext, input: { engagementId: string; name: string; actor: string }) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const name = input.name.trim();
  if (!name)
    return err(appError('invalid-input', 'template-name', 'a template needs a name, e.g. "NetSuite standard roles"'));
  const map = await getEngagementDutyMap(ctx.db, input.engagementId);
  if (!map || map.entries.length === 0)
    return err(
      appError(
        'invalid-input',
        'empty-duty-map',
        'this engagement has no confirmed mappings yet: confirm at least one role or permission before saving the map as a template',
      ),
    );
  const t = await inTransaction(ctx.db, async (trx) => {
    const before = await findDutyMapTemplate(trx, e.value.workspaceId, { name });
    const saved = await saveDutyMapTemplate(trx, {
      workspaceId: e.value.workspaceId,
      name,
      source: `saved from engagement ${input.engagementId}`,
      entries: map.entries,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.duty-map.template.save',
      entity: 'access-duty-map-template',
      entityId: saved.id,
      before: before ? { name, entries: before.entries.length } : null,
      after: { name, entries: saved.entries.length, systems: saved.systems },
    });
    return saved;
  });
  return ok({ id: t.id, name: t.name, systems: t.systems, entries: t.entries, updatedAt: t.updatedAt });
}

// ---- simulation ----

export async function simulate(
  ctx: AppContext,
  input: { engagementId: string; user: string; system: string; role: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const l = await load(ctx, input.engagementId);
  if (!l.ok) return l;
  if (l.value.listings.length === 0)
    return err(
      appError('conflict', 'no-listings', 'upload the access listings first: there is no access to add the role to'),
    );
  const s = simulateGrant(l.value.result.analysis.state, { user: input.user, system: input.system, role: input.role });
  if (!s.ok) return err(appError('invalid-input', s.error.code, s.error.message));
  const v = s.value;
  const asJson = (c: (typeof v.conflicts)[number]) => ({ ...conflictJson(c), isNew: c.isNew });
  return ok({
    user: v.user,
    userKey: v.userKey,
    knownUser: v.knownUser,
    system: v.system,
    role: v.role,
    roleKnown: v.roleKnown,
    duties: v.duties,
    privileged: v.privileged,
    newConflicts: v.newConflicts.map(asJson),
    conflicts: v.conflicts.map(asJson),
  });
}

// ---- resolutions ----

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
