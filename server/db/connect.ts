// Opening the store: SQLite in the data directory by default, PostgreSQL when a firm points DATABASE_URL at one.
// Migrations are applied before the handle is returned, so every caller sees the latest schema.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
  db: Kysely<Database>;
  dialect: Dialect;
  file: string | null; // the SQLite file; null for :memory: and PostgreSQL
  close(): Promise<void>;
}

export type OpenOptions = { dataDir: string } | { databaseUrl: string; schema?: string };

export const SQLITE_FILE = 'soxbridge.sqlite';
const BUSY_TIMEOUT_MS = 5000;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(url);
}

// DATABASE_URL selects PostgreSQL; anything else in it is a configuration mistake, not a reason to fall back.
export function databaseOptionsFromEnv(
  env: { DATABASE_URL?: string | undefined },
  dataDir: string,
): { ok: true; value: OpenOptions } | { ok: false; error: { code: 'invalid-database-url'; message: string } } {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { ok: true, value: { dataDir } };
  if (isPostgresUrl(url)) return { ok: true, value: { databaseUrl: url } };
  return {
    ok: false,
    error: {
      code: 'invalid-database-url',
      message: 'DATABASE_URL must start with postgres:// or postgresql://; unset it to use SQLite in DATA_DIR',
    },
  };
}

export async function openDatabase(opts: OpenOptions): Promise<Db> {
  if ('databaseUrl' in opts) return openPostgres(opts.databaseUrl, opts.schema ?? 'public');
  mkdirSync(opts.dataDir, { recursive: true });
  return openSqlite(resolve(join(opts.dataDir, SQLITE_FILE)));
}

export function openMemoryDatabase(): Promise<Db> {
  return openSqlite(':memory:');
}

async function openSqlite(file: string): Promise<Db> {
  const native = new SqliteDatabase(file);
  try {
    // Pragmas before Kysely wraps the connection: foreign_keys cannot change inside a transaction.
    native.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: native }) });
  try {
    await migrateToLatest(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return { db, dialect: 'sqlite', file: file === ':memory:' ? null : file, close: () => db.destroy() };
}

async function openPostgres(url: string, schema: string): Promise<Db> {
  if (!isPostgresUrl(url)) throw new Error('a PostgreSQL URL starts with postgres:// or postgresql://');
  if (!SCHEMA_NAME.test(schema)) throw new Error(`"${schema}" is not a plain PostgreSQL schema name`);
  // Every pooled connection resolves unqualified table names in the one schema.
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db, schema);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return { db, dialect: 'postgres', file: null, close: () => db.destroy() };
}
