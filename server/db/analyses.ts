// Analyses are versioned per engagement (1, 2, …) and never overwritten, so an export can name the version it came from.
import type { Analysis } from '../domain/analysis.ts';
import { sql } from 'kysely';
import type { AnalysesTable } from './schema.ts';
import { chunks, fromJson, inTransaction, isPostgres, newId, nowIso, toJson, type Executor } from './support.ts';

export interface AnalysisRecord {
  id: string;
  engagementId: string;
  version: number;
  importId: string | null;
  analysis: Analysis;
  createdAt: string;
}

function toRecord(r: AnalysesTable): AnalysisRecord {
  return {
    id: r.id,
    engagementId: r.engagement_id,
    version: r.version,
    importId: r.import_id,
    analysis: fromJson<Analysis>(r.analysis_json),
    createdAt: r.created_at,
  };
}

// Next version under a lock on the engagement row (PostgreSQL; SQLite transactions are serialised already); the
// unique (engagement_id, version) constraint is the backstop.
export async function insertAnalysis(
  db: Executor,
  input: { id?: string; engagementId: string; importId: string | null; analysis: Analysis; at?: string },
): Promise<AnalysisRecord> {
  return inTransaction(db, async (trx) => {
    if (isPostgres(trx))
      await trx.selectFrom('engagements').select('id').where('id', '=', input.engagementId).forUpdate().execute();
    const last = await trx
      .selectFrom('analyses')
      .select('version')
      .where('engagement_id', '=', input.engagementId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const row: AnalysesTable = {
      id: input.id ?? newId(),
      engagement_id: input.engagementId,
      version: (last?.version ?? 0) + 1,
      import_id: input.importId,
      analysis_json: toJson(input.analysis),
      created_at: input.at ?? nowIso(),
    };
    await trx.insertInto('analyses').values(row).execute();
    return toRecord(row);
  });
}

export async function latestAnalysis(db: Executor, engagementId: string): Promise<AnalysisRecord | null> {
  const r = await db
    .selectFrom('analyses')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toRecord(r) : null;
}

export async function latestAnalysisVersion(db: Executor, engagementId: string): Promise<number | null> {
  const r = await db.selectFrom('analyses').select('version').where('engagement_id', '=', engagementId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r?.version ?? null;
}

// The latest version's row as stored (its JSON unparsed), for the analysis renderer.
export async function latestAnalysisRow(db: Executor, engagementId: string): Promise<AnalysesTable | null> {
  const r = await db.selectFrom('analyses').selectAll().where('engagement_id', '=', engagementId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return r ?? null;
}

export async function getAnalysis(db: Executor, engagementId: string, version: number): Promise<AnalysisRecord | null> {
  const r = await db
    .selectFrom('analyses')
    .selectAll()
    .where('engagement_id', '=', engagementId)
    .where('version', '=', version)
    .executeTakeFirst();
  return r ? toRecord(r) : null;
}

// Versions without their (large) bodies, oldest first.
export async function listAnalysisVersions(
  db: Executor,
  engagementId: string,
): Promise<{ id: string; version: number; importId: string | null; createdAt: string }[]> {
  const rows = await db
    .selectFrom('analyses')
    .select(['id', 'version', 'import_id', 'created_at'])
    .where('engagement_id', '=', engagementId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, importId: r.import_id, createdAt: r.created_at }));
}

// A cheap fingerprint of an engagement's analysis and plan (latest version, last task edit, task count): read
// endpoints cache their response under it and serve it again until something changes.
export async function analysisStamp(db: Executor, engagementId: string): Promise<string | null> {
  const a = await db
    .selectFrom('analyses')
    .select('version')
    .where('engagement_id', '=', engagementId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!a) return null;
  const t = await db
    .selectFrom('tasks')
    .select((eb) => [eb.fn.max('updated_at').as('last'), eb.fn.countAll().as('n')])
    .where('engagement_id', '=', engagementId)
    .executeTakeFirst();
  return `${a.version}|${String(t?.last ?? '')}|${String(t?.n ?? 0)}`;
}

// What a list of engagements shows of each one's latest analysis: its version, overall readiness and SEC milestones,
// read inside the database (SQLite json_extract, PostgreSQL jsonb) so a list never loads and parses whole analyses.
export interface AnalysisSummary {
  version: number;
  readiness: number | null;
  milestones: { label: string; due: string }[];
}

export async function latestAnalysisSummaries(db: Executor, engagementIds: readonly string[]): Promise<Map<string, AnalysisSummary>> {
  const out = new Map<string, AnalysisSummary>();
  for (const ids of chunks([...engagementIds], 500)) {
    if (ids.length === 0) continue;
    const latest = db
      .selectFrom('analyses as a')
      .where('a.engagement_id', 'in', ids)
      .where(({ eb, selectFrom }) => eb('a.version', '=', selectFrom('analyses as b').select((b) => b.fn.max('b.version').as('v')).whereRef('b.engagement_id', '=', 'a.engagement_id')));
    const rows = isPostgres(db)
      ? await latest
          .select(['a.engagement_id', 'a.version', sql<string | null>`(a.analysis_json::jsonb #>> '{readiness,overall}')`.as('readiness'), sql<string | null>`(a.analysis_json::jsonb #> '{timeline,milestones}')::text`.as('milestones')])
          .execute()
      : await latest
          .select(['a.engagement_id', 'a.version', sql<number | null>`json_extract(a.analysis_json, '$.readiness.overall')`.as('readiness'), sql<string | null>`json_extract(a.analysis_json, '$.timeline.milestones')`.as('milestones')])
          .execute();
    for (const r of rows) {
      const milestones = r.milestones ? fromJson<{ label: string; due: string }[]>(r.milestones).map((m) => ({ label: m.label, due: m.due })) : [];
      out.set(r.engagement_id, { version: Number(r.version), readiness: r.readiness === null ? null : Number(r.readiness), milestones });
    }
  }
  return out;
}
