// The mapping_reviews table (0012): one decision per (workspace, engagement, target, control), read and written by
// both keys, so another workspace's id reaches nothing; migration 0012 goes down and up leaving the schema it found.
import { Migrator, sql, type MigrationProvider } from 'kysely';
import { expect, it } from 'vitest';
import { createEngagement } from '../../server/db/engagements.ts';
import { deleteMappingReview, getMappingReview, listMappingReviews, putMappingReview } from '../../server/db/mapping-reviews.ts';
import { MIGRATIONS } from '../../server/db/migrations.ts';
import { createWorkspace } from '../../server/db/workspaces.ts';
import type { MappingReview } from '../../server/domain/mapping-review.ts';
import { forEachDatabase } from './databases.ts';

const r = (targetId: string, controlId: string, decision: MappingReview['decision'], reason = 'because'): MappingReview => ({ targetId, controlId, decision, reason, author: 'ana@firm.example', at: '2026-12-01T10:00:00.000Z' });

forEachDatabase('mapping reviews', (ctx) => {
  it('puts, replaces, lists and deletes decisions by workspace and engagement; another workspace reaches none', async () => {
    const a = await createWorkspace(ctx.db, 'Client A', 'u1');
    const b = await createWorkspace(ctx.db, 'Client B', 'u2');
    await createEngagement(ctx.db, { id: 'e1', companyName: 'A', profile: {}, workspaceId: a.id });
    await createEngagement(ctx.db, { id: 'e2', companyName: 'B', profile: {}, workspaceId: b.id });
    const sa = { workspaceId: a.id, engagementId: 'e1' };
    await putMappingReview(ctx.db, sa, r('ELC-22', 'ETH-01', 'add'));
    await putMappingReview(ctx.db, sa, r('ELC-02', 'COC-01', 'accept', ''));
    await putMappingReview(ctx.db, sa, r('ELC-22', 'ETH-01', 'reject', 'changed my mind')); // replaces
    expect(await listMappingReviews(ctx.db, sa)).toEqual([r('ELC-02', 'COC-01', 'accept', ''), r('ELC-22', 'ETH-01', 'reject', 'changed my mind')]);
    expect(await listMappingReviews(ctx.db, sa, 'ELC-22')).toEqual([r('ELC-22', 'ETH-01', 'reject', 'changed my mind')]);
    // The attack at the repository: workspace B's id with A's engagement, or B's engagement, sees and changes nothing.
    const cross = { workspaceId: b.id, engagementId: 'e1' };
    expect(await listMappingReviews(ctx.db, cross)).toEqual([]);
    expect(await getMappingReview(ctx.db, cross, 'ELC-22', 'ETH-01')).toBeNull();
    expect(await deleteMappingReview(ctx.db, cross, 'ELC-22', 'ETH-01')).toBe(false);
    expect(await listMappingReviews(ctx.db, { workspaceId: b.id, engagementId: 'e2' })).toEqual([]);
    expect(await listMappingReviews(ctx.db, sa)).toHaveLength(2);
    expect(await deleteMappingReview(ctx.db, sa, 'ELC-22', 'ETH-01')).toBe(true);
    expect(await listMappingReviews(ctx.db, sa)).toEqual([r('ELC-02', 'COC-01', 'accept', '')]);
  });

  it('migration 0012 goes down (the table leaves) and up again', async () => {
    const db = ctx.db;
    const schema = ctx.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };
    const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
    const objects = async () =>
      ctx.dialect === 'sqlite'
        ? (await sql<{ n: string }>`select type || ' ' || name as n from sqlite_master where tbl_name = 'mapping_reviews' order by n`.execute(db)).rows.map((x) => x.n)
        : [
            ...(await sql<{ n: string }>`select 'table ' || table_name as n from information_schema.tables where table_schema = current_schema() and table_name = 'mapping_reviews'`.execute(db)).rows.map((x) => x.n),
            ...(await sql<{ n: string }>`select 'index ' || indexname as n from pg_indexes where schemaname = current_schema() and tablename = 'mapping_reviews' order by indexname`.execute(db)).rows.map((x) => x.n),
          ];
    const before = await objects();
    expect(before).toContain('table mapping_reviews');
    const down = await migrator.migrateDown();
    expect(down.results?.map((x) => [x.migrationName, x.status])).toEqual([['0012-mapping-reviews', 'Success']]);
    expect(await objects()).toEqual([]);
    const up = await migrator.migrateUp();
    expect(up.results?.map((x) => [x.migrationName, x.status])).toEqual([['0012-mapping-reviews', 'Success']]);
    expect(await objects()).toEqual(before);
  });
});
