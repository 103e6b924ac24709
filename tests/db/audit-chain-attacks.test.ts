// Issue 19, hole 8, as the attacks were made: someone who can write the database (but does not hold the key file)
// edits an entry and recomputes every later hash; deletes the last entries; rewrites the tail. And the migration of a
// chain written before keying (0007): its unkeyed entries verify as plain SHA-256, sealed by the first keyed entry.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { appendAudit, auditKeyOf, entryHash, formatTip, GENESIS_HASH, parseTip, verifyAudit } from '../../server/db/audit-log.ts';
import { openDatabase, SQLITE_FILE } from '../../server/db/connect.ts';
import { MIGRATIONS } from '../../server/db/migrations.ts';
import type { Database } from '../../server/db/schema.ts';
import { runCli } from '../cli/run-cli.ts';
import { forEachDatabase, POSTGRES_URL, withoutAuditGuards, type DatabaseContext } from './databases.ts';

const append = (db: DatabaseContext['db'], i: number) =>
  appendAudit(db, { engagementId: null, actor: 'dana@acme.example', action: 'task.update', entity: 'task', entityId: `T-${i}`, field: 'owner', before: `Owner ${i}`, after: `Owner ${i + 1}` });

// Rewrites entries from `from` on with plain SHA-256, each linked to the one before: a clean, recomputed chain, as
// an attacker without the key would write it.
async function rewriteUnkeyed(ctx: DatabaseContext, from: number, actor: string) {
  const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  let prev = rows.find((r) => r.seq === from - 1)?.hash ?? GENESIS_HASH;
  await withoutAuditGuards(ctx.handle, async () => {
    for (const r of rows.filter((x) => x.seq >= from)) {
      const edited = r.seq === from ? { ...r, actor } : r;
      const hash = entryHash(prev, edited);
      await sql`update audit_log set actor = ${edited.actor}, prev_hash = ${'p'.repeat(64) + r.seq}, hash = ${'h'.repeat(64) + r.seq} where seq = ${r.seq}`.execute(ctx.db);
      await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where seq = ${r.seq}`.execute(ctx.db);
      prev = hash;
    }
  });
}

forEachDatabase('audit chain attacks', (ctx) => {
  it('an edit with every later hash recomputed (no key) is caught at the edited entry', async () => {
    for (let i = 1; i <= 8; i++) await append(ctx.db, i);
    await rewriteUnkeyed(ctx, 3, 'mallory');
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash-mismatch', lastGood: 2 });
  });

  it('an edit recomputed with a guessed key is caught as well', async () => {
    for (let i = 1; i <= 4; i++) await append(ctx.db, i);
    const guess = randomBytes(32);
    const rows = await ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    let prev = rows[0]!.hash;
    await withoutAuditGuards(ctx.handle, async () => {
      for (const r of rows.slice(1)) {
        const hash = entryHash(prev, { ...r, actor: 'mallory' }, guess);
        await sql`update audit_log set actor = 'mallory', prev_hash = ${'x' + r.seq}, hash = ${'y' + r.seq} where seq = ${r.seq}`.execute(ctx.db);
        await sql`update audit_log set prev_hash = ${prev}, hash = ${hash} where seq = ${r.seq}`.execute(ctx.db);
        prev = hash;
      }
    });
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'hash-mismatch' });
  });

  it('deleting the last 50 entries: the chain alone still verifies, the recorded tip does not', async () => {
    for (let i = 1; i <= 60; i++) await append(ctx.db, i);
    const before = await verifyAudit(ctx.db);
    if (!before.ok) throw new Error(before.message);
    expect(before.tipSeq).toBe(60);
    const tip = parseTip(formatTip({ seq: before.tipSeq, hash: before.tip }))!;
    await withoutAuditGuards(ctx.handle, async () => {
      await sql`delete from audit_log where seq > 10`.execute(ctx.db);
    });
    // a clean cut leaves a valid, shorter chain: this is why the tip must be recorded elsewhere
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true, entries: 10, tipSeq: 10 });
    const v = await verifyAudit(ctx.db, { expectTip: tip });
    expect(v).toMatchObject({ ok: false, brokenAt: 60, reason: 'truncated', lastGood: 10 });
    if (!v.ok) expect(v.message).toBe('audit entry 60 (the recorded tip) is missing: the chain ends at entry 10 there, so entries were deleted');
  });

  it('a rewritten tail (last entries deleted, new ones appended through the app with the key) fails the recorded tip', async () => {
    for (let i = 1; i <= 6; i++) await append(ctx.db, i);
    const v0 = await verifyAudit(ctx.db);
    if (!v0.ok) throw new Error(v0.message);
    await withoutAuditGuards(ctx.handle, async () => {
      await sql`delete from audit_log where seq > 4`.execute(ctx.db);
    });
    for (let i = 100; i < 104; i++) await append(ctx.db, i); // seqs 7.. on PostgreSQL identity, 5.. on SQLite
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true }); // consistent with the key: only the tip tells
    const v = await verifyAudit(ctx.db, { expectTip: { seq: v0.tipSeq, hash: v0.tip } });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(['tip-mismatch', 'truncated']).toContain(v.reason);
    // the tip recorded after the rewrite checks out, and an older one that the chain still holds does too
    const v1 = await verifyAudit(ctx.db);
    if (!v1.ok) throw new Error(v1.message);
    expect(await verifyAudit(ctx.db, { expectTip: { seq: v1.tipSeq, hash: v1.tip } })).toMatchObject({ ok: true });
    const kept = await ctx.db.selectFrom('audit_log').select(['seq', 'hash']).where('seq', '=', 4).executeTakeFirstOrThrow();
    expect(await verifyAudit(ctx.db, { expectTip: kept })).toMatchObject({ ok: true });
  });

  it('the keyed boundary and the key fingerprint cannot be changed', async () => {
    await expect(sql`update audit_chain set keyed_from = 1000`.execute(ctx.db)).rejects.toThrow(/fixed once keyed/);
    await expect(sql`update audit_chain set key_id = 'deadbeefdeadbeef'`.execute(ctx.db)).rejects.toThrow(/fixed once keyed/);
    await expect(sql`delete from audit_chain`.execute(ctx.db)).rejects.toThrow(/fixed once keyed|permission denied/);
  });

  if (ctx.dialect === 'postgres')
    it('PostgreSQL: append-only by privilege too; with the triggers disabled, UPDATE, DELETE and TRUNCATE are still refused', async () => {
      await append(ctx.db, 1);
      const r = await sql<{ u: boolean; d: boolean; t: boolean; i: boolean }>`select has_table_privilege('audit_log', 'UPDATE') as u,
        has_table_privilege('audit_log', 'DELETE') as d, has_table_privilege('audit_log', 'TRUNCATE') as t,
        has_table_privilege('audit_log', 'INSERT') as i`.execute(ctx.db);
      expect(r.rows[0]).toEqual({ u: false, d: false, t: false, i: true });
      await sql`alter table audit_log disable trigger user`.execute(ctx.db);
      try {
        await expect(sql`update audit_log set actor = 'mallory'`.execute(ctx.db)).rejects.toThrow(/permission denied/);
        await expect(sql`delete from audit_log`.execute(ctx.db)).rejects.toThrow(/permission denied/);
        await expect(sql`truncate audit_log`.execute(ctx.db)).rejects.toThrow(/permission denied/);
      } finally {
        await sql`alter table audit_log enable trigger user`.execute(ctx.db);
      }
    });
});

// A database migrated from before keying: three entries written by the old code (plain SHA-256), then 0007.
async function legacyEntries(db: Kysely<Database>) {
  let prev = GENESIS_HASH;
  for (let i = 1; i <= 3; i++) {
    const f = { engagement_id: null, at: `2026-01-0${i}T00:00:00.000Z`, actor: 'old', action: 'backup', entity: 'database', entity_id: null, field: null, before_json: null, after_json: null };
    const hash = entryHash(prev, f);
    await db.insertInto('audit_log').values({ ...f, prev_hash: prev, hash }).execute();
    prev = hash;
  }
}
const upTo0005 = (db: Kysely<Database>, schema?: string) =>
  new Migrator({ db, provider: { getMigrations: async () => ({ ...MIGRATIONS }) }, ...(schema ? { migrationTableSchema: schema } : {}) }).migrateTo('0005-user-disabled');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function checkMigrated(handle: Awaited<ReturnType<typeof openDatabase>>) {
  await appendAudit(handle.db, { engagementId: null, actor: 'new', action: 'backup', entity: 'database' });
  const v = await verifyAudit(handle.db);
  expect(v).toMatchObject({ ok: true, entries: 4, tipSeq: 4, keyedFrom: 4 });
  // the new entry is keyed, the old ones are not
  const rows = await handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
  expect(rows[3]!.hash).toBe(entryHash(rows[2]!.hash, rows[3]!, auditKeyOf(handle.db).key));
  expect(rows[0]!.hash).toBe(entryHash(GENESIS_HASH, rows[0]!));
}

it('migration 0007 on SQLite: the old unkeyed entries verify as before, keyed from the next one; a wrong key file is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'soxbridge-audit-'));
  dirs.push(dir);
  const raw = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(dir, SQLITE_FILE)) }) });
  expect((await upTo0005(raw)).error).toBeUndefined();
  await legacyEntries(raw);
  await raw.destroy();

  const handle = await openDatabase({ dataDir: dir });
  try {
    await checkMigrated(handle);
  } finally {
    await handle.close();
  }
  const native = new SqliteDatabase(join(dir, SQLITE_FILE));
  native.exec('drop trigger audit_log_no_update');
  const rows = native.prepare('select * from audit_log order by seq').all() as (Parameters<typeof entryHash>[1] & { seq: number })[];
  let prev = GENESIS_HASH;
  for (const r of rows.slice(0, 3)) {
    const hash = entryHash(prev, { ...r, actor: 'mallory' });
    native.prepare('update audit_log set actor = ?, prev_hash = ?, hash = ? where seq = ?').run('mallory', prev, `${hash}x`, r.seq);
    native.prepare('update audit_log set hash = ? where seq = ?').run(hash, r.seq);
    prev = hash;
  }
  native.close();
  // an attacker rewrote the unkeyed prefix (plain SHA-256 is easy to recompute): the first keyed entry's link gives it away
  const again = await openDatabase({ dataDir: dir });
  try {
    expect(await verifyAudit(again.db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'prev-hash-mismatch', lastGood: 3 });
  } finally {
    await again.close();
  }

  // the key file replaced by another key: the open is refused with the reason, not a chain that later fails
  writeFileSync(join(dir, 'audit.key'), `${randomBytes(32).toString('hex')}\n`);
  await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/is not the key this database's audit chain was written with/);
});

it.runIf(POSTGRES_URL)('migration 0007 on PostgreSQL: old entries verify unkeyed, keyed from the next one', async () => {
  const schema = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL!, max: 2, options: `-c search_path=${schema}` });
  const admin = new pg.Client({ connectionString: POSTGRES_URL! });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
    const raw = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    expect((await upTo0005(raw, schema)).error).toBeUndefined();
    await legacyEntries(raw);
    await raw.destroy();
    const dir = mkdtempSync(join(tmpdir(), 'soxbridge-audit-'));
    dirs.push(dir);
    const handle = await openDatabase({ databaseUrl: POSTGRES_URL!, schema, auditKeyFile: join(dir, 'audit.key') });
    try {
      await checkMigrated(handle);
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  }
});

it('the CLI prints the tip, and --expect-tip catches the 50 deleted entries (exit 3)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'soxbridge-audit-cli-'));
  dirs.push(dir);
  const handle = await openDatabase({ dataDir: dir });
  for (let i = 1; i <= 60; i++) await appendAudit(handle.db, { engagementId: null, actor: 'a', action: 'backup', entity: 'database', entityId: String(i) });
  await handle.close();
  const env = { DATA_DIR: dir };
  const ok = runCli(['audit', 'verify'], { env });
  expect(ok.code).toBe(0);
  const tip = /^tip: (60:[0-9a-f]{64})$/m.exec(ok.stdout)?.[1];
  expect(tip, ok.stdout).toBeDefined();
  expect(runCli(['audit', 'verify', '--expect-tip', tip!], { env }).code).toBe(0);

  const native = new SqliteDatabase(join(dir, SQLITE_FILE));
  native.exec('drop trigger audit_log_no_delete; delete from audit_log where seq > 10');
  native.close();
  const cut = runCli(['audit', 'verify'], { env });
  expect(cut.code).toBe(0); // without the recorded tip the shorter chain is consistent
  expect(cut.stdout).toMatch(/^tip: 10:/m);
  const caught = runCli(['audit', 'verify', '--expect-tip', tip!], { env });
  expect(caught.code).toBe(3);
  expect(caught.stdout).toContain('audit chain BROKEN at entry 60: audit entry 60 (the recorded tip) is missing: the chain ends at entry 10 there');
  expect(runCli(['audit', 'verify', '--expect-tip', '60:abc'], { env })).toMatchObject({ code: 2 });
});
