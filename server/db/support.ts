// Small helpers every repository shares: the executor type, transactions that nest, JSON columns, ids and times.
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

// A Kysely<Database> or a Transaction<Database> (which extends it): repositories accept either.
export type Executor = Kysely<Database>;

// Runs fn in the caller's transaction when there is one, else in a new one: kysely cannot nest transactions.
export function inTransaction<T>(db: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

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
