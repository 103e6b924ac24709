// Opening the store: SQLite in the data directory by default, PostgreSQL when a firm points DATABASE_URL at one.
// Migrations are applied before the handle is returned, so every caller sees the latest schema.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import pg from 'pg';
import { bindAuditKey } from './audit-log.ts';
import { AUDIT_KEY_FILE_NAME, ephemeralAuditKey, loadOrCreateAuditKey, type AuditKey } from './audit-key.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  file: string | null; // the SQLite file; null for :memory: and PostgreSQL
  close(): Promise<void>;
}

// auditKeyFile: the audit chain's key (db/audit-key.ts); by default DATA_DIR/audit.key for SQLite. A PostgreSQL
// database opened without one gets a throw-away key (tests); the server always passes AUDIT_KEY_FILE or its default.
// busyTimeoutMs (SQLite): how long a write waits for another process's write to finish before failing.
export type OpenOptions = ({ dataDir: string } | { databaseUrl: string; schema?: string }) & { auditKeyFile?: string; busyTimeoutMs?: number };

export const SQLITE_FILE = 'soxbridge.sqlite';
// A server write waits this long for the CLI's (or another server's) write; the CLI waits longer (cli-admin.ts), since a
// person at a prompt would rather wait for a 50,000-row confirm to commit than see "database is locked".
export const BUSY_TIMEOUT_MS = 5000;
export const CLI_BUSY_TIMEOUT_MS = 60_000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url);
}

// DATABASE_URL selects PostgreSQL; anything else in it is a configuration mistake, not a reason to fall back.
// AUDIT_KEY_FILE names the audit key file; by default DATA_DIR/audit.key (also with PostgreSQL).
export function databaseOptionsFromEnv(
  env: { DATABASE_URL?: string | undefined; AUDIT_KEY_FILE?: string | undefined },
  dataDir: string,
): { ok: true; value: OpenOptions } | { ok: false; error: { code: 'invalid-database-url'; message: string } } {
  const url = env.DATABASE_URL?.trim();
  const auditKeyFile = resolve(env.AUDIT_KEY_FILE?.trim() || join(dataDir, AUDIT_KEY_FILE_NAME));
  if (!url) return { ok: true, value: { dataDir, auditKeyFile } };
  if (isPostgresUrl(url)) return { ok: true, value: { databaseUrl: url, auditKeyFile } };
  return {
    ok: false,
    error: {
      code: 'invalid-database-url',
      message: 'DATABASE_URL must start with postgres:// or postgresql://; unset it to use SQLite in DATA_DIR',
    },
  };
}

export async function openDatabase(opts: OpenOptions): Promise<Db> {
  if ('databaseUrl' in opts) {
    const key = () => (opts.auditKeyFile ? loadOrCreateAuditKey(opts.auditKeyFile) : ephemeralAuditKey());
    return openPostgres(opts.databaseUrl, opts.schema ?? 'public', key);
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const keyFile = opts.auditKeyFile ?? join(opts.dataDir, AUDIT_KEY_FILE_NAME);
  return openSqlite(resolve(join(opts.dataDir, SQLITE_FILE)), () => loadOrCreateAuditKey(keyFile), opts.busyTimeoutMs);
}

export function openMemoryDatabase(): Promise<Db> {
  return openSqlite(':memory:', ephemeralAuditKey);
}

// Migrations, then the audit key bound (a wrong key refuses the open); the handle is closed on any failure.
async function ready(db: Kysely<Database>, key: () => AuditKey, schema?: string): Promise<void> {
  try {
    await migrateToLatest(db, schema);
    await bindAuditKey(db, key());
  } catch (e) {
    await db.destroy();
    throw e;
  }
}

// better-sqlite3 answers synchronously, and Kysely hands each answer on as a resolved promise: requests waiting for the
// one connection then run their queries one after another as a single chain of microtasks, which the event loop cannot
// interrupt. Under load (50 connections editing and reading) that chain held the loop for hundreds of milliseconds,
// and every other callback, /healthz included, waited for its end. This plugin ends the chain when the loop has been
// held for SLICE_MS: the next result is handed on after a setImmediate, so the loop takes its input and timers first.
// A transaction keeps its connection meanwhile (the yield only delays it), so nothing else changes.
export const SLICE_MS = 8;
export class YieldingPlugin implements KyselyPlugin {
  private sliceStart = 0;
  private inSlice = false;
  yields = 0; // how many times a result waited for the loop (tests, diagnostics)
  constructor(private readonly sliceMs = SLICE_MS) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const now = performance.now();
    if (!this.inSlice) {
      // the first result of this turn of the loop: the slice ends when the loop gets to its check phase
      this.inSlice = true;
      this.sliceStart = now;
      setImmediate(() => {
        this.inSlice = false;
      });
    } else if (now - this.sliceStart >= this.sliceMs) {
      this.yields++;
      await new Promise((r) => setImmediate(r));
    }
    return args.result;
  }
}

async function openSqlite(file: string, key: () => AuditKey, busyTimeoutMs = BUSY_TIMEOUT_MS): Promise<Db> {
  const native = new SqliteDatabase(file);
  try {
    // Pragmas before Kysely wraps the connection: foreign_keys cannot change inside a transaction.
    native.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    if (file !== ':memory:') {
      // WAL lets readers (and VACUUM INTO backups) run while the server writes.
      const mode = native.pragma('journal_mode = WAL', { simple: true });
      if (String(mode).toLowerCase() !== 'wal')
        throw new Error(`SQLite refused WAL mode for ${file} (got ${String(mode)})`);
      native.pragma('synchronous = NORMAL');
    }
    native.pragma('foreign_keys = ON');
  } catch (e) {
    native.close();
    throw e;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }), plugins: [new YieldingPlugin()] });
  await ready(db, key);
  return { db, dialect: 'sqlite', file: file === ':memory:' ? null : file, close: () => db.destroy() };
}

async function openPostgres(url: string, schema: string, key: () => AuditKey): Promise<Db> {
  if (!isPostgresUrl(url)) throw new Error('a PostgreSQL URL starts with postgres:// or postgresql://');
  if (!SCHEMA_NAME.test(schema)) throw new Error(`"${schema}" is not a plain PostgreSQL schema name`);
  // Every pooled connection resolves unqualified table names in the one schema.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await ready(db, key, schema);
  return { db, dialect: 'postgres', file: null, close: () => db.destroy() };
}
