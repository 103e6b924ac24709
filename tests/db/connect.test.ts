import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseOptionsFromEnv, openDatabase, openMemoryDatabase, SQLITE_FILE } from '../../server/db/connect.ts';
import { createEngagement } from '../../server/db/engagements.ts';
import { insertImport } from '../../server/db/imports.ts';
import { knownMigrationNames } from '../../server/db/migrate.ts';
import { forEachDatabase } from './databases.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'soxbridge-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openDatabase on SQLite', () => {
  it('creates the data dir and the file, in WAL mode with foreign keys on', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const h = await openDatabase({ dataDir });
    try {
      expect(h.dialect).toBe('sqlite');
      expect(h.file).toBe(join(dataDir, SQLITE_FILE));
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(h.db);
      expect(journal.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(h.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(h.db);
      expect(busy.rows[0]?.timeout).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('applies migrations once: reopening keeps the data and records each migration one time', async () => {
    const dataDir = tempDir();
    const first = await openDatabase({ dataDir });
    await createEngagement(first.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await first.close();
    const again = await openDatabase({ dataDir });
    try {
      const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(again.db);
      expect(names.rows.map((r) => r.name)).toEqual(knownMigrationNames());
      const count = await again.db.selectFrom('engagements').select('id').execute();
      expect(count).toEqual([{ id: 'e1' }]);
    } finally {
      await again.close();
    }
  });

  it('the memory database has foreign keys on too', async () => {
    const h = await openMemoryDatabase();
    try {
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(h.db);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      expect(h.file).toBeNull();
    } finally {
      await h.close();
    }
  });
});

describe('databaseOptionsFromEnv', () => {
  it('uses SQLite in the data dir without DATABASE_URL, PostgreSQL for a postgres URL, and refuses anything else', () => {
    const auditKeyFile = resolve('./data/audit.key'); // the audit key's default place, for either database
    expect(databaseOptionsFromEnv({}, './data')).toEqual({ ok: true, value: { dataDir: './data', auditKeyFile } });
    expect(databaseOptionsFromEnv({ DATABASE_URL: '  ' }, './data')).toEqual({
      ok: true,
      value: { dataDir: './data', auditKeyFile },
    });
    for (const url of ['postgres://u:p@h/db', 'postgresql://h/db', 'POSTGRES://h/db'])
      expect(databaseOptionsFromEnv({ DATABASE_URL: url }, './data')).toEqual({
        ok: true,
        value: { databaseUrl: url, auditKeyFile },
      });
    expect(databaseOptionsFromEnv({ AUDIT_KEY_FILE: '/secrets/soxbridge-audit.key' }, './data')).toEqual({
      ok: true,
      value: { dataDir: './data', auditKeyFile: '/secrets/soxbridge-audit.key' },
    });
    const bad = databaseOptionsFromEnv({ DATABASE_URL: 'mysql://h/db' }, './data');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid-database-url');
  });
});

forEachDatabase('schema', (ctx) => {
  it('enforces foreign keys: an import of an unknown engagement is refused', async () => {
    await expect(
      insertImport(ctx.db, {
        engagementId: 'no-such-engagement',
        fileName: 'x.csv',
        bytes: new Uint8Array([1]),
        format: 'csv',
        mapping: { sheets: [], overrides: [] },
        tables: [],
        issues: [],
      }),
    ).rejects.toThrow();
    expect(await ctx.db.selectFrom('imports').select('id').execute()).toEqual([]);
  });

  it('has every table of the Database interface', async () => {
    const tables = (await ctx.db.introspection.getTables()).map((t) => t.name);
    for (const t of [
      'engagements',
      'imports',
      'controls',
      'mapping_profiles',
      'analyses',
      'tasks',
      'exports',
      'reimports',
      'audit_log',
    ])
      expect(tables).toContain(t);
  });
});
