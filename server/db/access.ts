// Access SoD storage: listings (original bytes next to what was read from them), the roster, duty maps and the
// decisions on findings. Every read is scoped to an engagement, so an id from another engagement finds nothing.
import type { DutyMapEntry } from '../domain/duty-map.ts';
import type { ListingInfo, ListingIssue, RoleGrant, RosterEntry, UserAccess } from '../domain/access-types.ts';
import type { AccessDutyMapsTable, AccessListingsTable, AccessResolutionsTable } from './schema.ts';
import { sha256Hex } from './imports.ts';
import { fromJson, newId, nowIso, toJson, type Executor } from './support.ts';

export interface StoredListing {
  id: string;
  engagementId: string;
  position: number; // upload order: a later listing of the same system supersedes an earlier one
  fileName: string;
  systemGiven: string | null;
  // the business unit the file covers, as the advisor named it on upload (one file per unit); null: the whole system.
  // Kept on each system of systems_json (no column of its own).
  businessUnit: string | null;
  systems: ListingInfo[];
  extractedAt: string | null;
  rowCount: number;
  sha256: string;
  size: number;
  issues: ListingIssue[];
  createdAt: string;
  createdBy: string;
}

export interface ListingContent {
  access: UserAccess[];
  roleGrants: RoleGrant[];
}

const bytesOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const viewOf = (b: Uint8Array) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

type ListingSummaryRow = Omit<AccessListingsTable, 'original_bytes' | 'parsed_json'>;
const LISTING_SUMMARY = [
  'id',
  'engagement_id',
  'position',
  'file_name',
  'system_given',
  'systems_json',
  'extracted_at',
  'row_count',
  'sha256',
  'size',
  'issues_json',
  'created_at',
  'created_by',
] as const;

function toListing(r: ListingSummaryRow): StoredListing {
  const systems = fromJson<(ListingInfo & { businessUnit?: string | null })[]>(r.systems_json);
  return {
    id: r.id,
    engagementId: r.engagement_id,
    position: r.position,
    fileName: r.file_name,
    systemGiven: r.system_given,
    businessUnit: systems[0]?.businessUnit ?? null,
    systems,
    extractedAt: r.extracted_at,
    rowCount: r.row_count,
    sha256: r.sha256,
    size: r.size,
    issues: fromJson<ListingIssue[]>(r.issues_json),
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export async function insertListing(
  db: Executor,
  input: {
    engagementId: string;
    fileName: string;
    systemGiven: string | null;
    businessUnit: string | null;
    bytes: Uint8Array;
    systems: ListingInfo[];
    content: ListingContent;
    issues: ListingIssue[];
    actor: string;
    at?: string;
  },
): Promise<StoredListing> {
  const extracted = input.systems.map((s) => s.extractedAt).filter((d): d is string => d !== null);
  const last = await db
    .selectFrom('access_listings')
    .select((eb) => eb.fn.max('position').as('n'))
    .where('engagement_id', '=', input.engagementId)
    .executeTakeFirst();
  const row: AccessListingsTable = {
    id: newId(),
    engagement_id: input.engagementId,
    position: Number(last?.n ?? 0) + 1,
    file_name: input.fileName,
    system_given: input.systemGiven,
    systems_json: toJson(input.systems.map((s) => ({ ...s, businessUnit: input.businessUnit }))),
    extracted_at: extracted.sort().at(-1) ?? null,
    row_count: input.systems.reduce((n, s) => n + s.rows, 0),
    sha256: sha256Hex(input.bytes),
    size: input.bytes.byteLength,
    original_bytes: bytesOf(input.bytes),
    parsed_json: toJson(input.content),
    issues_json: toJson(input.issues),
    created_at: input.at ?? nowIso(),
    created_by: input.actor,
  };
  await db.insertInto('access_listings').values(row).execute();
  return toListing(row);
}

export async function listListings(db: Executor, engagementId: string): Promise<StoredListing[]> {
  const rows = await db
    .selectFrom('access_listings')
    .select(LISTING_SUMMARY)
    .where('engagement_id', '=', engagementId)
    .orderBy('position')
    .execute();
  return rows.map(toListing);
}

// The parsed rows of the engagement's listings, by listing id: every listing, or the ones `ids` names.
export async function listingContents(
  db: Executor,
  engagementId: string,
  ids?: readonly string[],
): Promise<Map<string, ListingContent>> {
  if (ids?.length === 0) return new Map();
  let q = db.selectFrom('access_listings').select(['id', 'parsed_json']).where('engagement_id', '=', engagementId);
  if (ids) q = q.where('id', 'in', [...ids]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.id, fromJson<ListingContent>(r.parsed_json)]));
}

export async function getListingFile(
  db: Executor,
  engagementId: string,
  listingId: string,
): Promise<{ listing: StoredListing; bytes: Uint8Array } | null> {
  const r = await db
    .selectFrom('access_listings')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('id', '=', listingId)
    .executeTakeFirst();
  return r ? { listing: toListing(r), bytes: viewOf(r.original_bytes) } : null;
}

export async function findListingBySha(
  db: Executor,
  engagementId: string,
  sha256: string,
): Promise<StoredListing | null> {
  const r = await db
    .selectFrom('access_listings')
    .select(LISTING_SUMMARY)
    .where('engagement_id', '=', engagementId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return r ? toListing(r) : null;
}

export async function deleteListing(
  db: Executor,
  engagementId: string,
  listingId: string,
): Promise<StoredListing | null> {
  const r = await db
    .selectFrom('access_listings')
    .select(LISTING_SUMMARY)
    .where('engagement_id', '=', engagementId)
    .where('id', '=', listingId)
    .executeTakeFirst();
  if (!r) return null;
  await db
    .deleteFrom('access_listings')
    .where('engagement_id', '=', engagementId)
    .where('id', '=', listingId)
    .execute();
  return toListing(r);
}

// ---- roster ----

export interface StoredRoster {
  id: string;
  fileName: string;
  sha256: string;
  size: number;
  entries: RosterEntry[];
  issues: ListingIssue[];
  createdAt: string;
  createdBy: string;
}

export async function replaceRoster(
  db: Executor,
  input: {
    engagementId: string;
    fileName: string;
    bytes: Uint8Array;
    entries: RosterEntry[];
    issues: ListingIssue[];
    actor: string;
    at?: string;
  },
): Promise<StoredRoster> {
  const row = {
    id: newId(),
    engagement_id: input.engagementId,
    file_name: input.fileName,
    sha256: sha256Hex(input.bytes),
    size: input.bytes.byteLength,
    original_bytes: bytesOf(input.bytes),
    entries_json: toJson(input.entries),
    issues_json: toJson(input.issues),
    created_at: input.at ?? nowIso(),
    created_by: input.actor,
  };
  await db.deleteFrom('access_rosters').where('engagement_id', '=', input.engagementId).execute();
  await db.insertInto('access_rosters').values(row).execute();
  return {
    id: row.id,
    fileName: row.file_name,
    sha256: row.sha256,
    size: row.size,
    entries: input.entries,
    issues: input.issues,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export async function getRoster(db: Executor, engagementId: string): Promise<StoredRoster | null> {
  const r = await db
    .selectFrom('access_rosters')
    .select(['id', 'file_name', 'sha256', 'size', 'entries_json', 'issues_json', 'created_at', 'created_by'])
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  return r
    ? {
        id: r.id,
        fileName: r.file_name,
        sha256: r.sha256,
        size: r.size,
        entries: fromJson<RosterEntry[]>(r.entries_json),
        issues: fromJson<ListingIssue[]>(r.issues_json),
        createdAt: r.created_at,
        createdBy: r.created_by,
      }
    : null;
}

// ---- duty maps ----

export interface StoredDutyMap {
  id: string;
  workspaceId: string;
  engagementId: string | null;
  kind: 'engagement' | 'template';
  name: string;
  source: string;
  systems: string[];
  entries: DutyMapEntry[];
  templates: string[];
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

function toDutyMap(r: AccessDutyMapsTable): StoredDutyMap {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    engagementId: r.engagement_id,
    kind: r.kind,
    name: r.name,
    source: r.source,
    systems: fromJson<string[]>(r.systems_json),
    entries: fromJson<DutyMapEntry[]>(r.entries_json),
    templates: fromJson<string[]>(r.templates_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export async function getEngagementDutyMap(db: Executor, engagementId: string): Promise<StoredDutyMap | null> {
  const r = await db
    .selectFrom('access_duty_maps')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('kind', '=', 'engagement')
    .executeTakeFirst();
  return r ? toDutyMap(r) : null;
}

export async function saveEngagementDutyMap(
  db: Executor,
  input: { engagementId: string; workspaceId: string; entries: DutyMapEntry[]; templates: string[]; actor: string; at?: string },
): Promise<StoredDutyMap> {
  const at = input.at ?? nowIso();
  const current = await getEngagementDutyMap(db, input.engagementId);
  const systems = [...new Set(input.entries.flatMap((e) => e.systems ?? []))].sort();
  const values = {
    systems_json: toJson(systems),
    entries_json: toJson(input.entries),
    templates_json: toJson(input.templates),
    updated_at: at,
    updated_by: input.actor,
  };
  if (current) {
    await db.updateTable('access_duty_maps').set(values).where('id', '=', current.id).execute();
  } else {
    await db
      .insertInto('access_duty_maps')
      .values({
        id: newId(),
        workspace_id: input.workspaceId,
        engagement_id: input.engagementId,
        kind: 'engagement',
        name: 'Engagement duty map',
        source: `engagement ${input.engagementId}`,
        created_at: at,
        ...values,
      })
      .execute();
  }
  return (await getEngagementDutyMap(db, input.engagementId))!;
}

// Templates belong to the workspace they were saved in (0006): every read and write here takes the workspace, so a
// template of one client is never listed in, layered into, or overwritten from another.
export async function listDutyMapTemplates(db: Executor, workspaceId: string): Promise<StoredDutyMap[]> {
  const rows = await db
    .selectFrom('access_duty_maps')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'template')
    .orderBy('name')
    .execute();
  return rows.map(toDutyMap);
}

export async function findDutyMapTemplate(
  db: Executor,
  workspaceId: string,
  by: { id?: string; name?: string },
): Promise<StoredDutyMap | null> {
  let q = db.selectFrom('access_duty_maps').selectAll().where('workspace_id', '=', workspaceId).where('kind', '=', 'template');
  if (by.id !== undefined) q = q.where('id', '=', by.id);
  if (by.name !== undefined) q = q.where('name', '=', by.name);
  const r = await q.executeTakeFirst();
  return r ? toDutyMap(r) : null;
}

// Saving under an existing name of the same workspace replaces that template's entries and keeps its id.
export async function saveDutyMapTemplate(
  db: Executor,
  input: { workspaceId: string; name: string; source: string; entries: DutyMapEntry[]; actor: string; at?: string },
): Promise<StoredDutyMap> {
  const at = input.at ?? nowIso();
  const systems = [...new Set(input.entries.flatMap((e) => e.systems ?? []))].sort();
  const existing = await findDutyMapTemplate(db, input.workspaceId, { name: input.name });
  const values = {
    source: input.source,
    systems_json: toJson(systems),
    entries_json: toJson(input.entries),
    updated_at: at,
    updated_by: input.actor,
  };
  if (existing) await db.updateTable('access_duty_maps').set(values).where('workspace_id', '=', input.workspaceId).where('id', '=', existing.id).execute();
  else
    await db
      .insertInto('access_duty_maps')
      .values({
        id: newId(),
        workspace_id: input.workspaceId,
        engagement_id: null,
        kind: 'template',
        name: input.name,
        templates_json: '[]',
        created_at: at,
        ...values,
      })
      .execute();
  return (await findDutyMapTemplate(db, input.workspaceId, { name: input.name }))!;
}

// ---- resolutions ----

export type ResolutionKind = AccessResolutionsTable['kind'];

export interface StoredResolution {
  key: string;
  kind: ResolutionKind;
  control: string | null;
  owner: string | null;
  frequency: string | null;
  reason: string | null;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

function toResolution(r: AccessResolutionsTable): StoredResolution {
  return {
    key: r.finding_key,
    kind: r.kind,
    control: r.control,
    owner: r.owner,
    frequency: r.frequency,
    reason: r.reason,
    note: r.note,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  };
}

export async function listResolutions(db: Executor, engagementId: string): Promise<StoredResolution[]> {
  const rows = await db
    .selectFrom('access_resolutions')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .orderBy('decided_at')
    .orderBy('finding_key')
    .execute();
  return rows.map(toResolution);
}

export async function getResolution(db: Executor, engagementId: string, key: string): Promise<StoredResolution | null> {
  const r = await db
    .selectFrom('access_resolutions')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('finding_key', '=', key)
    .executeTakeFirst();
  return r ? toResolution(r) : null;
}

// One decision per finding: a new one replaces the previous (the audit log keeps both).
export async function putResolution(db: Executor, engagementId: string, r: StoredResolution): Promise<void> {
  await db
    .deleteFrom('access_resolutions')
    .where('engagement_id', '=', engagementId)
    .where('finding_key', '=', r.key)
    .execute();
  await db
    .insertInto('access_resolutions')
    .values({
      id: newId(),
      engagement_id: engagementId,
      finding_key: r.key,
      kind: r.kind,
      control: r.control,
      owner: r.owner,
      frequency: r.frequency,
      reason: r.reason,
      note: r.note,
      decided_by: r.decidedBy,
      decided_at: r.decidedAt,
    })
    .execute();
}

export async function deleteResolution(db: Executor, engagementId: string, key: string): Promise<boolean> {
  const r = await db
    .deleteFrom('access_resolutions')
    .where('engagement_id', '=', engagementId)
    .where('finding_key', '=', key)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
