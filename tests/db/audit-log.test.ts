import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import {
  appendAudit,
  auditKeyOf,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  listAudit,
  verifyAudit,
  type AuditInput,
} from '../../server/db/audit-log.ts';
import { createEngagement } from '../../server/db/engagements.ts';
import { forEachDatabase, withoutAuditGuards } from './databases.ts';

it('canonicalJson sorts keys at every depth and drops undefined members', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe(
    '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
  );
  expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  expect(canonicalJson([undefined, null])).toBe('[null,null]');
});

const entry = (i: number, over: Partial<AuditInput> = {}): AuditInput => ({
  engagementId: i % 2 === 0 ? 'e1' : 'e2',
  at: `2026-11-25T10:00:${String(i).padStart(2, '0')}.000Z`,
  actor: 'dana@acme.example',
  action: 'task.update',
  entity: 'task',
  entityId: `T-${i}`,
  field: 'owner',
  before: { owner: `Owner ${i}`, nested: { b: 2, a: 1 } },
  after: `Owner ${i + 1}`,
  ...over,
});

forEachDatabase('audit log', (ctx) => {
  const seed = async (n: number) => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await createEngagement(ctx.db, { id: 'e2', companyName: 'Beta', profile: {} });
    const out = [];
    for (let i = 1; i <= n; i++) out.push(await appendAudit(ctx.db, entry(i)));
    return out;
  };

  it('chains every entry to the one before, from 64 zeros, with an HMAC-SHA256 (the key file\'s key) over prev hash and canonical fields', async () => {
    const entries = await seed(5);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash);
    const first = entries[0]!;
    const expected = createHmac('sha256', auditKeyOf(ctx.db).key)
      .update(GENESIS_HASH)
      .update(
        canonicalJson({
          engagementId: 'e2',
          at: first.at,
          actor: first.actor,
          action: 'task.update',
          entity: 'task',
          entityId: 'T-1',
          field: 'owner',
          before: { owner: 'Owner 1', nested: { a: 1, b: 2 } },
          after: 'Owner 2',
        }),
      )
      .digest('hex');
    expect(first.hash).toBe(expected);
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, entries: 5, tip: entries[4]!.hash, tipSeq: entries[4]!.seq, keyedFrom: 1 });
  });

  it('an empty log verifies', async () => {
    expect(await verifyAudit(ctx.db)).toEqual({ ok: true, entries: 0, tip: GENESIS_HASH, tipSeq: 0, keyedFrom: 1 });
  });

  it('lists by engagement, global events, and pages', async () => {
    await seed(6);
    await appendAudit(ctx.db, { engagementId: null, actor: 'system', action: 'backup', entity: 'database' });
    expect((await listAudit(ctx.db, { engagementId: 'e1' })).map((e) => e.entityId)).toEqual(['T-2', 'T-4', 'T-6']);
    const global = await listAudit(ctx.db, { engagementId: null });
    expect(global).toHaveLength(1);
    expect(global[0]).toMatchObject({
      engagementId: null,
      action: 'backup',
      entityId: null,
      field: null,
      before: null,
      after: null,
    });
    const all = await listAudit(ctx.db);
    expect(all.map((e) => e.seq)).toEqual([...all.map((e) => e.seq)].sort((a, b) => a - b));
    const page = await listAudit(ctx.db, { afterSeq: all[2]!.seq, limit: 2 });
    expect(page.map((e) => e.seq)).toEqual([all[3]!.seq, all[4]!.seq]);
    expect(all[0]!.before).toEqual({ owner: 'Owner 1', nested: { a: 1, b: 2 } });
    // Verifying in small pages walks the same chain.
    expect(await verifyAudit(ctx.db, { pageSize: 2 })).toMatchObject({ ok: true, entries: 7 });
  });

  it('refuses UPDATE and DELETE: the log is append-only', async () => {
    await seed(2);
    // PostgreSQL refuses by privilege before any trigger runs (0007); SQLite by trigger
    const refused = ctx.dialect === 'postgres' ? /permission denied/ : /append-only/;
    await expect(sql`update audit_log set actor = 'mallory'`.execute(ctx.db)).rejects.toThrow(refused);
    await expect(sql`delete from audit_log`.execute(ctx.db)).rejects.toThrow(refused);
    if (ctx.dialect === 'postgres')
      await expect(sql`truncate audit_log`.execute(ctx.db)).rejects.toThrow(refused);
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('reports the first tampered entry: an edited after_json at seq 3', async () => {
    const entries = await seed(6);
    const seq3 = entries[2]!.seq;
    expect(seq3).toBe(3);
    await withoutAuditGuards(ctx.handle, async () => {
      await sql`update audit_log set after_json = ${JSON.stringify('Mallory')} where seq = 3`.execute(ctx.db);
      await sql`update audit_log set actor = 'mallory' where seq = 5`.execute(ctx.db);
    });
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash-mismatch', lastGood: 2 });
  });

  it('reports an edit whose hash was recomputed with the right key, at the next entry, whose link no longer matches', async () => {
    await seed(5);
    const row = await ctx.db.selectFrom('audit_log').selectAll().where('seq', '=', 3).executeTakeFirstOrThrow();
    const forged = entryHash(row.prev_hash, { ...row, actor: 'mallory' }, auditKeyOf(ctx.db).key);
    await withoutAuditGuards(ctx.handle, async () => {
      await sql`update audit_log set actor = 'mallory', hash = ${forged} where seq = 3`.execute(ctx.db);
    });
    expect(await verifyAudit(ctx.db)).toMatchObject({
      ok: false,
      brokenAt: 4,
      reason: 'prev-hash-mismatch',
      lastGood: 3,
    });
  });

  it('reports a deleted entry at the entry after it', async () => {
    await seed(5);
    await withoutAuditGuards(ctx.handle, async () => {
      await sql`delete from audit_log where seq = 3`.execute(ctx.db);
    });
    const v = await verifyAudit(ctx.db);
    expect(v).toMatchObject({ ok: false, brokenAt: 4, reason: 'prev-hash-mismatch', lastGood: 2 });
    if (!v.ok) expect(v.message).toMatch(/entry 4 does not follow entry 2/);
  });

  it('reports a deleted first entry and unparsable JSON', async () => {
    await seed(3);
    await withoutAuditGuards(ctx.handle, async () => {
      await sql`update audit_log set before_json = '{not json' where seq = 2`.execute(ctx.db);
    });
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'hash-mismatch' });
    await withoutAuditGuards(ctx.handle, async () => {
      await sql`delete from audit_log where seq = 1`.execute(ctx.db);
    });
    expect(await verifyAudit(ctx.db)).toMatchObject({
      ok: false,
      brokenAt: 2,
      reason: 'prev-hash-mismatch',
      lastGood: null,
    });
  });

  it('refuses a fork: two entries cannot name the same predecessor', async () => {
    const [first] = await seed(1);
    await expect(
      sql`insert into audit_log (engagement_id, at, actor, action, entity, prev_hash, hash)
          values (null, 'x', 'x', 'x', 'x', ${first!.prevHash}, ${'e'.repeat(64)})`.execute(ctx.db),
    ).rejects.toThrow();
  });

  it('concurrent appenders build one unbroken chain', async () => {
    await seed(0);
    await Promise.all(Array.from({ length: 25 }, (_, i) => appendAudit(ctx.db, entry(i + 1))));
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true, entries: 25 });
  });
});
