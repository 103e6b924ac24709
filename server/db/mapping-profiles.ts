// Column mappings saved per client, so an advisor maps a client's workbook once and the next file with the same
// headers is mapped the same way without asking. A profile belongs to the workspace whose engagement saved it: every
// read and write here takes the workspace, so one workspace's profiles are never suggested to, applied in, or
// overwritten from another (0006).
import type { MappingProfilesTable } from './schema.ts';
import type { SavedMapping } from './imports.ts';
import { fromJson, newId, nowIso, toJson, type Executor } from './support.ts';

export interface MappingProfile {
  id: string;
  workspaceId: string;
  engagementId: string | null;
  client: string;
  name: string;
  headersSignature: string;
  mapping: SavedMapping;
  createdAt: string;
  updatedAt: string;
}

function toProfile(r: MappingProfilesTable): MappingProfile {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    engagementId: r.engagement_id,
    client: r.client,
    name: r.name,
    headersSignature: r.headers_signature,
    mapping: fromJson<SavedMapping>(r.mapping_json),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// Headers compared the way a person reads them: case, punctuation and spacing do not matter, order does.
export function headersSignature(headers: readonly string[]): string {
  return headers
    .map((h) =>
      h
        .toLowerCase()
        .replace(/[^\p{L}\p{N}#]+/gu, ' ')
        .trim(),
    )
    .filter((h) => h !== '')
    .join('|');
}

// Saving under an existing (workspace, client, name) replaces that profile's mapping and keeps its id.
export async function saveMappingProfile(
  db: Executor,
  input: {
    workspaceId: string;
    id?: string;
    engagementId?: string | null;
    client: string;
    name: string;
    headersSignature: string;
    mapping: SavedMapping;
    at?: string;
  },
): Promise<MappingProfile> {
  const at = input.at ?? nowIso();
  await db
    .insertInto('mapping_profiles')
    .values({
      id: input.id ?? newId(),
      workspace_id: input.workspaceId,
      engagement_id: input.engagementId ?? null,
      client: input.client,
      name: input.name,
      headers_signature: input.headersSignature,
      mapping_json: toJson(input.mapping),
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['workspace_id', 'client', 'name']).doUpdateSet({
        headers_signature: input.headersSignature,
        mapping_json: toJson(input.mapping),
        engagement_id: input.engagementId ?? null,
        updated_at: at,
      }),
    )
    .execute();
  const r = await db
    .selectFrom('mapping_profiles')
    .selectAll()
    .where('workspace_id', '=', input.workspaceId)
    .where('client', '=', input.client)
    .where('name', '=', input.name)
    .executeTakeFirstOrThrow();
  return toProfile(r);
}

// The workspace's profiles; both filters given: those of that client with those headers. Newest first, so the last
// one saved is suggested.
export async function findMappingProfiles(
  db: Executor,
  workspaceId: string,
  filter: { client?: string; headersSignature?: string; id?: string },
): Promise<MappingProfile[]> {
  let q = db.selectFrom('mapping_profiles').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.id !== undefined) q = q.where('id', '=', filter.id);
  if (filter.client !== undefined) q = q.where('client', '=', filter.client);
  if (filter.headersSignature !== undefined) q = q.where('headers_signature', '=', filter.headersSignature);
  const rows = await q.orderBy('updated_at', 'desc').orderBy('id').execute();
  return rows.map(toProfile);
}

export async function deleteMappingProfile(db: Executor, workspaceId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('mapping_profiles').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}
