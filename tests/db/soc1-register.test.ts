// The SOC 1 register table: one register per (workspace, engagement), read and written by both keys; migration 0011
// goes down and up again leaving exactly the schema it found.
import { Migrator, sql, type MigrationProvider } from 'kysely';
import { expect, it } from 'vitest';
import { createEngagement } from '../../server/db/engagements.ts';
import { MIGRATIONS } from '../../server/db/migrations.ts';
import { getSoc1Register, saveSoc1Register } from '../../server/db/soc1-register.ts';
import { createWorkspace } from '../../server/db/workspaces.ts';
import type { Soc1Entry } from '../../server/domain/soc1-register.ts';
import { forEachDatabase } from './databases.ts';

const adp: Soc1Entry = { org: 'ADP', reportType: 'type2', periodStart: '2027-10-01', periodEnd: '2028-09-30', bridgeLetterThrough: null, targets: [], cuecs: [{ id: 'C1', text: 'Review register', controlId: 'PAY-7', owner: 'Payroll manager' }] };

forEachDatabase('soc1 register', (ctx) => {
  it('saves, replaces and reads a register by workspace and engagement; another workspace sees none', async () => {
    const w1 = await createWorkspace(ctx.db, 'Client A', 'u1');
    const w2 = await createWorkspace(ctx.db, 'Client B', 'u2');
    await createEngagement(ctx.db, { id: 'e1', companyName: 'A', profile: {}, workspaceId: w1.id });
    expect(await getSoc1Register(ctx.db, w1.id, 'e1')).toEqual({ entries: [], updatedAt: null, updatedBy: null });
    await saveSoc1Register(ctx.db, w1.id, 'e1', [adp], 'alice', '2026-11-25T10:00:00.000Z');
    await saveSoc1Register(ctx.db, w1.id, 'e1', [{ ...adp, bridgeLetterThrough: '2028-12-31' }], 'bob', '2026-11-26T10:00:00.000Z');
    expect(await getSoc1Register(ctx.db, w1.id, 'e1')).toEqual({ entries: [{ ...adp, bridgeLetterThrough: '2028-12-31' }], updatedAt: '2026-11-26T10:00:00.000Z', updatedBy: 'bob' });
    expect((await ctx.db.selectFrom('soc1_registers').select('id').execute()).length).toBe(1);
    expect((await getSoc1Register(ctx.db, w2.id, 'e1')).entries).toEqual([]);
  });

  it('migration 0011 goes down (the table and its index leave) and up again (both back)', async () => {
    const db = ctx.db;
    const schema = ctx.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };
    const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
    const objects = async () =>
      ctx.dialect === 'sqlite'
        ? (await sql<{ n: string }>`select type || ' ' || name as n from sqlite_master where tbl_name = 'soc1_registers' and name not like 'sqlite_autoindex%' order by n`.execute(db)).rows.map((r) => r.n)
        : [
            ...(await sql<{ n: string }>`select 'table ' || table_name as n from information_schema.tables where table_schema = current_schema() and table_name = 'soc1_registers'`.execute(db)).rows.map((r) => r.n),
            ...(await sql<{ n: string }>`select 'index ' || indexname as n from pg_indexes where schemaname = current_schema() and tablename = 'soc1_registers' order by indexname`.execute(db)).rows.map((r) => r.n),
          ];
    const before = await objects();
    expect(before).toContain('index soc1_registers_engagement');
    // 0012 (mapping reviews) came later: it goes down first, and up again after 0011
    const down = await migrator.migrateTo('0010-testing');
    expect(down.results?.map((r) => [r.migrationName, r.status])).toEqual([['0012-mapping-reviews', 'Success'], ['0011-soc1-register', 'Success']]);
    expect(await objects()).toEqual([]);
    expect((await db.selectFrom('engagements').select('id').execute()).length).toBe(0); // the rest of the schema is untouched
    const up = await migrator.migrateToLatest();
    expect(up.results?.map((r) => [r.migrationName, r.status])).toEqual([['0011-soc1-register', 'Success'], ['0012-mapping-reviews', 'Success']]);
    expect(await objects()).toEqual(before);
  });
});
