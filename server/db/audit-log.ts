// The audit log: append-only and hash-chained in one global chain. Each entry's hash covers its predecessor's hash and
// a canonical JSON of its own fields, so editing, deleting or reordering any entry breaks every link after it.
// Appends run inside the caller's transaction: the entry commits with the change it records, or not at all.
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { AuditLogTable } from './schema.ts';
import { inTransaction, isPostgres, nowIso, type Executor } from './support.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const GENESIS_HASH = '0'.repeat(64);
// Any fixed key: it serialises appends across every connection to the PostgreSQL database.
const PG_AUDIT_LOCK = 0x50_58_42_41;

export interface AuditInput {
  engagementId: string | null; // null: a global event
  at?: string; // ISO-8601; now when omitted
  actor: string;
  action: string; // e.g. 'task.update', 'import.confirm'
  entity: string; // e.g. 'task'
  entityId?: string | null;
  field?: string | null;
  before?: JsonValue;
  after?: JsonValue;
}

export interface AuditEntry {
  seq: number;
  engagementId: string | null;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  field: string | null;
  before: JsonValue;
  after: JsonValue;
  prevHash: string;
  hash: string;
}

export type AuditVerification =
  | { ok: true; entries: number; tip: string } // tip: the last hash, to record elsewhere (catches a truncated tail)
  | {
      ok: false;
      brokenAt: number; // seq of the first entry whose link or content does not check out
      reason: 'prev-hash-mismatch' | 'hash-mismatch';
      message: string;
      lastGood: number | null; // seq of the last entry that verified
    };

// Keys sorted at every depth, no whitespace; undefined members dropped as JSON.stringify does.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

type HashedFields = Pick<
  AuditLogTable,
  'engagement_id' | 'at' | 'actor' | 'action' | 'entity' | 'entity_id' | 'field' | 'before_json' | 'after_json'
>;

const parse = (text: string | null): JsonValue => (text === null ? null : (JSON.parse(text) as JsonValue));

// The hash covers the parsed values of the JSON columns, so it is defined by content, not by how the text is spaced.
export function entryHash(prevHash: string, r: HashedFields): string {
  const fields = {
    engagementId: r.engagement_id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    field: r.field,
    before: parse(r.before_json),
    after: parse(r.after_json),
  };
  return createHash('sha256').update(prevHash).update(canonicalJson(fields)).digest('hex');
}

function toEntry(r: Selectable<AuditLogTable>): AuditEntry {
  return {
    seq: r.seq,
    engagementId: r.engagement_id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    field: r.field,
    before: parse(r.before_json),
    after: parse(r.after_json),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

// Concurrency: on PostgreSQL an advisory transaction lock serialises appenders; SQLite serialises write
// transactions itself. Either way the unique index on prev_hash refuses a fork, so a race fails loudly instead.
export async function appendAudit(db: Executor, input: AuditInput): Promise<AuditEntry> {
  return inTransaction(db, async (trx) => {
    if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${sql.lit(PG_AUDIT_LOCK)})`.execute(trx);
    const tip = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const prevHash = tip?.hash ?? GENESIS_HASH;
    const fields: HashedFields = {
      engagement_id: input.engagementId,
      at: input.at ?? nowIso(),
      actor: input.actor,
      action: input.action,
      entity: input.entity,
      entity_id: input.entityId ?? null,
      field: input.field ?? null,
      before_json: input.before === undefined || input.before === null ? null : canonicalJson(input.before),
      after_json: input.after === undefined || input.after === null ? null : canonicalJson(input.after),
    };
    const row = { ...fields, prev_hash: prevHash, hash: entryHash(prevHash, fields) };
    const { seq } = await trx.insertInto('audit_log').values(row).returning('seq').executeTakeFirstOrThrow();
    return toEntry({ ...row, seq });
  });
}

export async function listAudit(
  db: Executor,
  filter: { engagementId?: string | null; afterSeq?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.engagementId === null) q = q.where('engagement_id', 'is', null);
  else if (filter.engagementId !== undefined) q = q.where('engagement_id', '=', filter.engagementId);
  if (filter.afterSeq !== undefined) q = q.where('seq', '>', filter.afterSeq);
  if (filter.limit !== undefined) q = q.limit(filter.limit);
  const rows = await q.orderBy('seq').execute();
  return rows.map(toEntry);
}

// Walks the whole chain in seq order, a page at a time, and reports the FIRST entry that does not check out. A
// deleted entry shows as a prev-hash mismatch on the entry after it.
export async function verifyAudit(db: Executor, pageSize = 1000): Promise<AuditVerification> {
  let prev = GENESIS_HASH;
  let lastGood: number | null = null;
  let entries = 0;
  for (;;) {
    let q = db.selectFrom('audit_log').selectAll().orderBy('seq').limit(pageSize);
    if (lastGood !== null) q = q.where('seq', '>', lastGood);
    const rows = await q.execute();
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        return {
          ok: false,
          brokenAt: r.seq,
          reason: 'prev-hash-mismatch',
          message: `audit entry ${r.seq} does not follow ${lastGood === null ? 'the start of the chain' : `entry ${lastGood}`}: an entry between them was deleted, inserted or rewritten`,
          lastGood,
        };
      }
      let hash: string | null;
      try {
        hash = entryHash(r.prev_hash, r);
      } catch {
        hash = null; // JSON edited into something unparsable
      }
      if (hash !== r.hash) {
        return {
          ok: false,
          brokenAt: r.seq,
          reason: 'hash-mismatch',
          message: `audit entry ${r.seq} was altered after it was written: its content no longer matches its hash`,
          lastGood,
        };
      }
      prev = r.hash;
      lastGood = r.seq;
      entries++;
    }
    if (rows.length < pageSize) return { ok: true, entries, tip: prev };
  }
}
