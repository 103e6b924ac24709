// Access SoD: listing bytes → safe read → listing rows → duty map (templates + the engagement's overrides) → users
// across systems, leavers, conflicts → optional resolutions. Unusable input is an AppError with one line; a
// problem inside a usable file is an issue in the result.
import { FREQUENCIES, type Catalog, type SodDuty } from '../domain/catalog.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { AccessConflict } from '../domain/access-conflicts.ts';
import { analyseAccess, type AccessAnalysis } from '../domain/access-sod.ts';
import { resolveFindings, type Resolution, type ResolutionOutcome } from '../domain/access-resolutions.ts';
import type { DutyMapSet } from '../domain/duty-map.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { parseAccessListing, type ParsedListing } from '../intake/access-listing.ts';
import type { ListingInfo, RosterEntry } from '../domain/access-types.ts';
import { parseRoster } from '../intake/roster.ts';
import { z } from 'zod';
import { appError, type AppError } from './app-error.ts';
import { readFailure, type ReadSpreadsheet } from './spreadsheet-reader.ts';

export interface ListingFile {
  fileName: string;
  bytes: Uint8Array;
  system?: string; // SYSTEM= prefix
  fileDate?: IsoDate; // the file's modification date
}

export interface AccessSodRequest {
  listings: ListingFile[];
  roster?: { fileName: string; bytes: Uint8Array };
  templates: DutyMapSet[];
  dutyMap?: DutyMapSet; // the engagement's overrides
  resolutions?: Resolution[];
  asOf: IsoDate;
  read: ReadSpreadsheet; // the caller's reader (the CLI's: the child process, the administrator's limits)
}

export interface OutputIssue {
  code: string;
  severity: 'error' | 'warning' | 'info';
  file: string | null;
  sheet: string | null;
  row: number | null;
  column: string | null;
  message: string;
}

export interface AccessSodResult {
  analysis: AccessAnalysis;
  issues: OutputIssue[];
  resolution: ResolutionOutcome | null;
}

export function ruleDuties(catalog: Pick<Catalog, 'sodRules'>): SodDuty[] {
  const m = new Map<string, SodDuty>();
  for (const r of catalog.sodRules) for (const d of r.duties) m.set(d.id, d);
  return [...m.values()];
}

// A file that was read but holds no listing: the refusal, with the reader's first two reasons.
export function noAccessListing(fileName: string, issues: readonly { message: string }[]): AppError {
  const why = issues
    .map((i) => i.message)
    .slice(0, 2)
    .join(' ');
  return appError(
    'invalid-input',
    'no-access-listing',
    `"${fileName}" holds no access listing (no sheet with user and role or permission columns, or a role matrix marked X)${why ? `: ${why}` : ''}`,
  );
}

export async function runAccessSod(
  catalog: Pick<Catalog, 'sodRules'>,
  req: AccessSodRequest,
): Promise<Result<AccessSodResult, AppError>> {
  if (req.listings.length === 0)
    return err(appError('invalid-input', 'no-listing', 'give at least one access listing file'));
  const issues: OutputIssue[] = [];
  const merged: ParsedListing = { access: [], roleGrants: [], listings: [], issues: [] };
  for (const f of req.listings) {
    const read = await req.read(f.bytes, f.fileName);
    if (!read.ok) return err(readFailure(read.error));
    for (const i of read.value.issues) issues.push({ ...i, file: f.fileName });
    const parsed = parseAccessListing(read.value, {
      ...(f.system ? { system: f.system } : {}),
      ...(f.fileDate ? { fileDate: f.fileDate } : {}),
    });
    if (parsed.listings.length === 0) return err(noAccessListing(f.fileName, parsed.issues));
    merged.access.push(...parsed.access);
    merged.roleGrants.push(...parsed.roleGrants);
    merged.listings.push(...parsed.listings);
    issues.push(...parsed.issues);
  }
  let roster: RosterEntry[] = [];
  if (req.roster) {
    const read = await req.read(req.roster.bytes, req.roster.fileName);
    if (!read.ok) return err(readFailure(read.error));
    const parsed = parseRoster(read.value);
    const fatal = parsed.issues.find((i) => i.code === 'roster-no-termination-column');
    if (fatal) return err(appError('invalid-input', 'roster-no-termination-column', fatal.message));
    roster = parsed.entries;
    issues.push(...parsed.issues);
  }
  const analysis = analyseAccess({
    access: merged.access,
    roleGrants: merged.roleGrants,
    listings: merged.listings,
    roster,
    rules: catalog.sodRules,
    templates: req.templates,
    overrides: req.dutyMap ? [req.dutyMap] : [],
    asOf: req.asOf,
  });
  for (const i of analysis.issues) issues.push({ ...i, file: null });
  const resolution = req.resolutions ? resolveFindings(analysis, req.resolutions) : null;
  return ok({ analysis, issues, resolution });
}

// The resolutions file: a JSON array of { key, action, … } (or { resolutions: [...] }).
const text = z.string().trim().min(1, 'must not be empty');
const resolutionSchema = z.discriminatedUnion('action', [
  z
    .object({
      key: text,
      action: z.literal('remediate'),
      owner: text.optional(),
      remove: z.array(z.object({ system: text, role: text }).strict()).optional(),
      note: z.string().optional(),
    })
    .strict(),
  z
    .object({
      key: text,
      action: z.literal('mitigate'),
      control: text,
      owner: text,
      frequency: z.enum(FREQUENCIES),
      note: z.string().optional(),
    })
    .strict(),
  z.object({ key: text, action: z.literal('accept'), reason: text, by: z.string().optional() }).strict(),
]);

export function parseResolutions(raw: string, fileName: string): Result<Resolution[], AppError> {
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (e) {
    return err(
      appError('invalid-input', 'resolutions-not-json', `"${fileName}" is not valid JSON (${(e as Error).message})`),
    );
  }
  const list = Array.isArray(doc)
    ? doc
    : doc !== null && typeof doc === 'object' && Array.isArray((doc as { resolutions?: unknown }).resolutions)
      ? (doc as { resolutions: unknown[] }).resolutions
      : null;
  if (!list)
    return err(
      appError(
        'invalid-input',
        'resolutions-shape',
        `"${fileName}" must be a JSON array of resolutions (or { "resolutions": [...] })`,
      ),
    );
  const out: Resolution[] = [];
  for (const [i, item] of list.entries()) {
    const r = resolutionSchema.safeParse(item);
    if (!r.success) {
      const first = r.error.issues[0];
      const field = first?.path.map(String).join('.') || 'action';
      return err(
        appError(
          'invalid-input',
          'resolution-invalid',
          `"${fileName}": resolution #${i + 1}, field ${field}: ${first?.message ?? 'invalid'}`,
        ),
      );
    }
    out.push(r.data as Resolution);
  }
  return ok(out);
}

const grantJson = (g: AccessConflict['sides'][number]['grants'][number]) => ({
  system: g.system,
  role: g.role,
  permission: g.permission,
  file: g.file,
  sheet: g.sheet,
  row: g.row,
  ...(g.definedAt ? { definedAt: g.definedAt } : {}),
});

export function conflictJson(c: AccessConflict) {
  return {
    key: c.key,
    level: c.level,
    rule: c.rule,
    severity: c.severity,
    ...(c.user !== undefined ? { user: c.user, userKey: c.userKey } : {}),
    ...(c.generic ? { generic: true } : {}),
    ...(c.role !== undefined ? { role: c.role, holders: c.holders } : {}),
    ...(c.singleRole ? { singleRole: c.singleRole } : {}),
    systems: c.systems,
    sides: c.sides.map((s) => ({ duty: s.duty, label: s.label, grants: s.grants.map(grantJson) })),
    risk: c.risk,
    compensatingControl: c.compensatingControl,
  };
}

export function listingJson(l: ListingInfo) {
  return {
    system: l.system,
    systemBasis: l.systemBasis,
    file: l.file,
    sheets: l.sheets,
    shapes: l.shapes,
    extractedAt: l.extractedAt,
    extractedAtBasis: l.extractedAtBasis,
    rows: l.rows,
    reportedTotal: l.reportedTotal,
  };
}

// `written`: which conflicts are written out in full (all of them unless said; the summary counts all either way).
export function accessSodJson(r: AccessSodResult, written: (c: AccessConflict) => boolean = () => true) {
  const a = r.analysis;
  const byLevel = { user: 0, role: 0, privileged: 0 };
  for (const c of a.conflicts) byLevel[c.level]++;
  return {
    conflicts: a.conflicts.filter(written).map(conflictJson),
    unmapped: a.unmapped,
    generic: a.generic,
    leavers: a.leavers.map((l) => ({
      key: l.key,
      user: l.user,
      system: l.system,
      account: l.account,
      daysSinceTermination: l.daysSinceTermination,
      terminationDate: l.terminationDate,
      asOf: l.asOf,
      asOfBasis: l.asOfBasis,
      finding: l.finding,
      rows: l.rows,
      roster: l.roster,
    })),
    listings: a.listings.map(listingJson),
    privileged: a.privileged,
    dutyMap: a.dutyMap,
    summary: {
      conflicts: byLevel,
      unmapped: a.unmapped.length,
      generic: a.generic.length,
      leavers: a.leavers.length,
      privileged: a.privileged.length,
    },
    ...(r.resolution
      ? {
          resolution: {
            openBySeverity: r.resolution.openBySeverity,
            open: r.resolution.openConflicts.map((c) => c.key),
            openLeavers: r.resolution.openLeavers.map((l) => l.key),
            resolved: r.resolution.resolved,
            tasks: r.resolution.tasks,
            issues: r.resolution.issues,
          },
        }
      : {}),
    issues: r.issues,
  };
}
