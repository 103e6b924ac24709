// Backup and restore of the SQLite store. A backup is a consistent copy taken while the server runs (VACUUM INTO
// reads one snapshot); a restore swaps the data file in one rename and must run while the server is stopped.
// PostgreSQL deployments back up with their own tools.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { SQLITE_FILE, type Db } from './connect.ts';
import { knownMigrationNames, MIGRATION_TABLE } from './migrate.ts';

export type BackupErrorCode =
  | 'postgres-use-pg-dump'
  | 'backup-exists'
  | 'backup-not-found'
  | 'not-a-soxbridge-backup'
  | 'backup-from-newer-version'
  | 'database-in-use';

export interface BackupError {
  code: BackupErrorCode;
  message: string;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: BackupError };
const fail = (code: BackupErrorCode, message: string): { ok: false; error: BackupError } => ({
  ok: false,
  error: { code, message },
});

const PG_MESSAGE =
  'soxbridge does not back up PostgreSQL itself: use pg_dump (e.g. pg_dump -Fc "$DATABASE_URL" > soxbridge.dump) and pg_restore';

export async function backupTo(handle: Db, file: string): Promise<Outcome<{ file: string; size: number }>> {
  if (handle.dialect === 'postgres') return fail('postgres-use-pg-dump', PG_MESSAGE);
  const target = resolve(file);
  if (existsSync(target))
    return fail('backup-exists', `${target} already exists; choose a new file name (a backup never overwrites)`);
  mkdirSync(dirname(target), { recursive: true });
  await sql`vacuum into ${target}`.execute(handle.db);
  return { ok: true, value: { file: target, size: statSync(target).size } };
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Checks a copy is a soxbridge database this version can open: our tables, our migrations, and no corruption.
function validate(file: string): Outcome<null> {
  let native: SqliteDatabase.Database | null = null;
  try {
    native = new SqliteDatabase(file, { fileMustExist: true });
    const tables = new Set(
      (native.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    if (!tables.has(MIGRATION_TABLE) || !tables.has('engagements'))
      return fail(
        'not-a-soxbridge-backup',
        `${file} is an SQLite database, but not a soxbridge one (no ${MIGRATION_TABLE} or engagements table)`,
      );
    const check = native.pragma('quick_check', { simple: true });
    if (check !== 'ok')
      return fail('not-a-soxbridge-backup', `${file} is damaged: SQLite quick_check says "${String(check)}"`);
    const known = new Set(knownMigrationNames());
    const applied = (native.prepare(`select name from ${MIGRATION_TABLE}`).all() as { name: string }[]).map(
      (r) => r.name,
    );
    const unknown = applied.filter((n) => !known.has(n));
    if (unknown.length > 0)
      return fail(
        'backup-from-newer-version',
        `${file} was written by a newer soxbridge (migrations ${unknown.join(', ')}); upgrade before restoring it`,
      );
    return { ok: true, value: null };
  } catch (e) {
    return fail(
      'not-a-soxbridge-backup',
      `${file} is not a readable SQLite database (${e instanceof Error ? e.message : String(e)})`,
    );
  } finally {
    native?.close();
  }
}

// A running server holds the file open: either it holds a write lock now, or its WAL survives our close (SQLite
// removes the WAL when the last connection closes).
function inUse(target: string): BackupError | null {
  const stopFirst = `${target} is in use (the database is locked): stop the soxbridge server, then restore`;
  let native: SqliteDatabase.Database | null = null;
  try {
    native = new SqliteDatabase(target, { fileMustExist: true, timeout: 0 });
    native.exec('begin immediate');
    native.exec('rollback');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
      return { code: 'database-in-use', message: stopFirst };
    // An unreadable current file is about to be replaced anyway.
  } finally {
    native?.close();
  }
  return existsSync(`${target}-wal`) ? { code: 'database-in-use', message: stopFirst } : null;
}

// Replaces <dataDir>/soxbridge.sqlite with the backup. The previous file is kept beside it as
// soxbridge.sqlite.pre-restore-<time> (null when there was none).
export function restoreFrom(
  file: string,
  dataDir: string,
  at: string = new Date().toISOString(),
): Outcome<{ file: string; previous: string | null }> {
  const source = resolve(file);
  if (!existsSync(source)) return fail('backup-not-found', `${source} does not exist`);
  mkdirSync(dataDir, { recursive: true });
  const target = resolve(join(dataDir, SQLITE_FILE));
  const temp = `${target}.restore-${process.pid}.tmp`;
  // Validate a private copy: the backup itself may sit on read-only media, and the copy is what gets swapped in.
  copyFileSync(source, temp);
  try {
    const valid = validate(temp);
    if (!valid.ok) return valid;
    if (existsSync(target)) {
      const busy = inUse(target);
      if (busy) return { ok: false, error: busy };
    }
    fsyncPath(temp);
    let previous: string | null = null;
    if (existsSync(target)) {
      previous = `${target}.pre-restore-${at.replace(/[:.]/g, '-')}`;
      try {
        linkSync(target, previous);
      } catch {
        copyFileSync(target, previous);
      }
    }
    renameSync(temp, target);
    rmSync(`${target}-shm`, { force: true });
    fsyncPath(dirname(target));
    return { ok: true, value: { file: target, previous } };
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}-wal`, { force: true });
    rmSync(`${temp}-shm`, { force: true });
  }
}
