import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../../server/db/audit-log.ts';
import { backupTo, restoreFrom } from '../../server/db/backup.ts';
import { openDatabase, SQLITE_FILE } from '../../server/db/connect.ts';
import { createEngagement, getEngagement, listEngagements } from '../../server/db/engagements.ts';
import { getImport, insertImport } from '../../server/db/imports.ts';
import { POSTGRES_URL } from './databases.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'soxbridge-backup-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const BYTES = Uint8Array.from({ length: 300 }, (_, i) => (i * 31) % 256);

describe('SQLite backup and restore', () => {
  it('round trip: write, back up while open, keep writing, restore into a new dir, read back the backup state', async () => {
    const live = tempDir();
    const h = await openDatabase({ dataDir: live });
    const backupFile = join(tempDir(), 'backups', 'soxbridge-2026-11-25.sqlite');
    try {
      await createEngagement(h.db, { id: 'e1', companyName: 'Acme', profile: { ipoDate: '2027-05-15' } });
      await insertImport(h.db, {
        id: 'i1',
        engagementId: 'e1',
        fileName: 'a.xlsx',
        bytes: BYTES,
        format: 'xlsx',
        mapping: { sheets: [], overrides: [] },
        tables: [],
        issues: [],
      });
      await appendAudit(h.db, {
        engagementId: 'e1',
        actor: 'dana',
        action: 'engagement.create',
        entity: 'engagement',
        entityId: 'e1',
      });
      const b = await backupTo(h, backupFile);
      expect(b).toMatchObject({ ok: true, value: { file: backupFile } });
      if (b.ok) expect(b.value.size).toBeGreaterThan(0);
      // Written after the backup: must not be in it.
      await createEngagement(h.db, { id: 'e2', companyName: 'After backup', profile: {} });

      const again = await backupTo(h, backupFile);
      expect(again).toMatchObject({ ok: false, error: { code: 'backup-exists' } });
    } finally {
      await h.close();
    }

    const restored = tempDir();
    const r = restoreFrom(backupFile, restored);
    expect(r).toEqual({ ok: true, value: { file: join(restored, SQLITE_FILE), previous: null } });
    // the audit key is backed up apart from the database and comes back with it (here: the live one's file)
    const back = await openDatabase({ dataDir: restored, auditKeyFile: join(live, 'audit.key') });
    try {
      expect((await listEngagements(back.db)).map((e) => e.id)).toEqual(['e1']);
      expect((await getEngagement(back.db, 'e1'))?.profile).toEqual({ ipoDate: '2027-05-15' });
      const imp = await getImport(back.db, 'i1');
      expect(Buffer.from(imp!.bytes).equals(Buffer.from(BYTES))).toBe(true);
      expect(await verifyAudit(back.db)).toMatchObject({ ok: true, entries: 1 });
    } finally {
      await back.close();
    }
  });

  it('restoring over an existing (stopped) database swaps it and keeps the previous file', async () => {
    const src = tempDir();
    const h = await openDatabase({ dataDir: src });
    const backupFile = join(tempDir(), 'b.sqlite');
    await createEngagement(h.db, { id: 'from-backup', companyName: 'B', profile: {} });
    expect((await backupTo(h, backupFile)).ok).toBe(true);
    await h.close();

    const target = tempDir();
    const old = await openDatabase({ dataDir: target });
    await createEngagement(old.db, { id: 'old', companyName: 'Old', profile: {} });
    await old.close();

    const r = restoreFrom(backupFile, target, '2026-11-25T12:00:00.000Z');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.previous).toBe(join(target, `${SQLITE_FILE}.pre-restore-2026-11-25T12-00-00-000Z`));
    expect(readdirSync(target).filter((f) => f.includes('.tmp'))).toEqual([]);
    const now = await openDatabase({ dataDir: target, auditKeyFile: join(src, 'audit.key') });
    expect((await listEngagements(now.db)).map((e) => e.id)).toEqual(['from-backup']);
    await now.close();
    const prev = new SqliteDatabase(r.value.previous!, { readonly: true });
    expect(prev.prepare('select id from engagements').all()).toEqual([{ id: 'old' }]);
    prev.close();
  });

  it('refuses to restore while the server has the database open', async () => {
    const src = tempDir();
    const h = await openDatabase({ dataDir: src });
    const backupFile = join(tempDir(), 'b.sqlite');
    expect((await backupTo(h, backupFile)).ok).toBe(true);
    try {
      await createEngagement(h.db, { id: 'live', companyName: 'Live', profile: {} });
      const r = restoreFrom(backupFile, src);
      expect(r).toMatchObject({ ok: false, error: { code: 'database-in-use' } });
      if (!r.ok) expect(r.error.message).toMatch(/stop the soxbridge server/);
      expect((await getEngagement(h.db, 'live'))?.companyName).toBe('Live');
    } finally {
      await h.close();
    }
    expect(readdirSync(src).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses files that are not soxbridge databases, and newer ones', () => {
    const dir = tempDir();
    const target = tempDir();
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, Buffer.from('definitely not a database, just text padding it out '.repeat(100)));
    expect(restoreFrom(junk, target)).toMatchObject({ ok: false, error: { code: 'not-a-soxbridge-backup' } });

    const other = join(dir, 'other.sqlite');
    const o = new SqliteDatabase(other);
    o.exec('create table notes (id integer)');
    o.close();
    expect(restoreFrom(other, target)).toMatchObject({ ok: false, error: { code: 'not-a-soxbridge-backup' } });

    const newer = join(dir, 'newer.sqlite');
    const n = new SqliteDatabase(newer);
    n.exec(`create table kysely_migration (name varchar(255) primary key, timestamp varchar(255));
            create table engagements (id text);
            insert into kysely_migration values ('0001-initial', 'x'), ('9999-future', 'y');`);
    n.close();
    expect(restoreFrom(newer, target)).toMatchObject({ ok: false, error: { code: 'backup-from-newer-version' } });
    expect(restoreFrom(join(dir, 'missing.sqlite'), target)).toMatchObject({
      ok: false,
      error: { code: 'backup-not-found' },
    });
    expect(existsSync(join(target, SQLITE_FILE))).toBe(false);
    expect(readdirSync(target)).toEqual([]);
  });
});

describe.runIf(POSTGRES_URL !== null)('PostgreSQL backup', () => {
  it('says to use pg_dump / pg_restore', async () => {
    const h = await openDatabase({ databaseUrl: POSTGRES_URL!, schema: `t_backup_${process.pid}` });
    try {
      const r = await backupTo(h, join(tempDir(), 'x.sqlite'));
      expect(r).toMatchObject({ ok: false, error: { code: 'postgres-use-pg-dump' } });
      if (!r.ok) expect(r.error.message).toMatch(/pg_dump.*pg_restore/);
    } finally {
      await h.db.schema.dropSchema(`t_backup_${process.pid}`).cascade().execute();
      await h.close();
    }
  });
});
