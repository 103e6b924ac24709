// The audit log: append-only and hash-chained in one global chain. Each entry's hash covers its predecessor's hash and
// a canonical JSON of its own fields, so editing, deleting or reordering any entry breaks every link after it.
// The chain is keyed: an entry's hash is an HMAC-SHA256 under a secret kept outside the database (db/audit-key.ts), so
// someone who edits an entry cannot recompute the hashes after it. Entries written before keying (migration 0007)
// stay plain SHA-256 and are verified as such; the first keyed entry seals them. What the chain cannot show by itself
// is a cut tail (the last entries deleted): `verifyAudit` returns the tip (sequence and hash) to record elsewhere, and
// `expectTip` checks a recorded one.
// Appends run inside the caller's transaction: the entry commits with the change it records, or not at all.
import { createHash, createHmac } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditKey } from './audit-key.ts';
import type { AuditLogTable, Database } from './schema.ts';
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
  // tip: the last entry's sequence and hash, to record elsewhere (with expectTip it catches a cut or rewritten tail);
  // keyedFrom: the first entry verified with the key (earlier ones predate keying and are plain SHA-256)
  | { ok: true; entries: number; tip: string; tipSeq: number; keyedFrom: number }
  | {
      ok: false;
      brokenAt: number; // seq of the first entry whose link or content does not check out
      reason: 'prev-hash-mismatch' | 'hash-mismatch' | 'truncated' | 'tip-mismatch';
      message: string;
      lastGood: number | null; // seq of the last entry that verified
    };

// A tip recorded earlier, as "SEQ:HASH" (what `audit verify` prints).
export interface AuditTip {
  seq: number;
  hash: string;
}

export function parseTip(text: string): AuditTip | null {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/i.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: (m[2] ?? '').toLowerCase() } : null;
}

export const formatTip = (t: AuditTip) => `${t.seq}:${t.hash}`;

// The key each open database appends and verifies with, found from any executor of it (the database or one of its
// transactions share the dialect adapter, which kysely creates once per database).
const KEYS = new WeakMap<object, AuditKey>();
const adapterOf = (db: Kysely<Database>) => db.getExecutor().adapter;

export function auditKeyOf(db: Executor): AuditKey {
  const k = KEYS.get(adapterOf(db));
  if (!k) throw new Error('this database was opened without an audit key (open it through db/connect.ts)');
  return k;
}

// Binds the key to an open database: the first keyed open records the key's fingerprint with the chain; a later open
// with another key is refused, because entries it appended could not be verified with the original key, or the reverse.
export async function bindAuditKey(db: Executor, key: AuditKey): Promise<void> {
  const row = await db.selectFrom('audit_chain').select(['key_id', 'keyed_from']).where('id', '=', 1).executeTakeFirst();
  if (!row) throw new Error('the audit_chain row is missing: the database was edited by hand; restore it from a backup');
  if (row.key_id === null) await db.updateTable('audit_chain').set({ key_id: key.id }).where('id', '=', 1).where('key_id', 'is', null).execute();
  else if (row.key_id !== key.id)
    throw new Error(
      `the audit key ${key.file ? `in ${key.file} ` : ''}(fingerprint ${key.id}) is not the key this database's audit chain was written with ` +
        `(fingerprint ${row.key_id})${key.created ? '; the file was just created because none was found' : ''}. ` +
        'Put the backed-up audit key file there, or point AUDIT_KEY_FILE at it.',
    );
  KEYS.set(adapterOf(db), key);
}

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
// With a key it is an HMAC-SHA256 (every entry from migration 0007 on); without, the plain SHA-256 of older entries.
export function entryHash(prevHash: string, r: HashedFields, key?: Buffer): string {
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
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(prevHash).update(canonicalJson(fields)).digest('hex');
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
    const key = auditKeyOf(trx);
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
    const row = { ...fields, prev_hash: prevHash, hash: entryHash(prevHash, fields, key.key) };
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
// deleted entry shows as a prev-hash mismatch on the entry after it. With `expectTip` (recorded from an earlier
// verification) a chain that no longer reaches that entry, or reaches it with another hash, is broken too: that is
// how a deleted or rewritten tail shows.
export async function verifyAudit(db: Executor, options: { pageSize?: number; expectTip?: AuditTip } = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1000;
  const key = auditKeyOf(db).key;
  const chain = await db.selectFrom('audit_chain').select('keyed_from').where('id', '=', 1).executeTakeFirst();
  const keyedFrom = chain?.keyed_from ?? 1;
  const expect = options.expectTip;
  let prev = GENESIS_HASH;
  let lastGood: number | null = null;
  let entries = 0;
  for (;;) {
    let q = db.selectFrom('audit_log').selectAll().orderBy('seq').limit(pageSize);
    if (lastGood !== null) q = q.where('seq', '>', lastGood);
    const rows = await q.execute();
    for (const r of rows) {
      if (expect && lastGood !== null && lastGood < expect.seq && r.seq > expect.seq)
        return missingTip(expect, lastGood);
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
        hash = entryHash(r.prev_hash, r, r.seq >= keyedFrom ? key : undefined);
      } catch {
        hash = null; // JSON edited into something unparsable
      }
      if (hash !== r.hash) {
        return {
          ok: false,
          brokenAt: r.seq,
          reason: 'hash-mismatch',
          message: `audit entry ${r.seq} was altered after it was written: its content no longer matches its ${r.seq >= keyedFrom ? 'keyed hash' : 'hash'}`,
          lastGood,
        };
      }
      if (expect && r.seq === expect.seq && r.hash !== expect.hash)
        return {
          ok: false,
          brokenAt: r.seq,
          reason: 'tip-mismatch',
          message: `audit entry ${r.seq} has hash ${r.hash}, not the recorded ${expect.hash}: the chain was rewritten at or before it`,
          lastGood,
        };
      prev = r.hash;
      lastGood = r.seq;
      entries++;
    }
    if (rows.length < pageSize) {
      if (expect && (lastGood ?? 0) < expect.seq) return missingTip(expect, lastGood);
      return { ok: true, entries, tip: prev, tipSeq: lastGood ?? 0, keyedFrom };
    }
  }
}

function missingTip(expect: AuditTip, lastGood: number | null): AuditVerification {
  return {
    ok: false,
    brokenAt: expect.seq,
    reason: 'truncated',
    message: `audit entry ${expect.seq} (the recorded tip) is missing: the chain ${lastGood === null ? 'is empty' : `ends at entry ${lastGood}`} there, so entries were deleted`,
    lastGood,
  };
}
