// Small helpers every repository shares: the executor type, transactions that nest, JSON columns, ids and times.
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

// A Kysely<Database> or a Transaction<Database> (which extends it): repositories accept either.
export type Executor = Kysely<Database>;

// Runs fn in the caller's transaction when there is one, else in a new one: kysely cannot nest transactions.
// On PostgreSQL two writers that lock the same rows in opposite orders (an export and a profile edit, each ending
// with its audit entry) can deadlock; PostgreSQL then aborts one of them whole (40P01), as it may a serialisation
// failure (40001). Nothing of it was written, so it is run again, up to three times, instead of failing the request.
export async function inTransaction<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (e) {
      if (attempt >= 3 || !isPostgres(db) || !RETRYABLE.has((e as { code?: unknown } | null)?.code as string)) throw e;
    }
  }
}

const RETRYABLE = new Set(['40P01', '40001']);

export function isPostgres(db: Executor): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

// JSON columns are written only by these repositories, so reading one back is trusted; a parse failure means the
// database was edited by hand and is allowed to throw.
export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();

// Inserts many rows in chunks: SQLite caps the bound parameters of one statement.
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
