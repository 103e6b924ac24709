// Migration 0006 on a database as 0005 left it: saved mappings, duty maps, templates and reviews move to the workspace
// of the engagement that created them, and the names once unique across the installation are unique per workspace.
// On SQLite and (with DATABASE_URL_TEST) PostgreSQL.
import { randomBytes } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/db/migrations.ts';
import { POSTGRES_URL } from './databases.ts';

const UP_TO = (last: string) => ({ getMigrations: async () => Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name <= last)) });

interface Raw {
  db: Kysely<any>;
  schema?: string;
  dispose(): Promise<void>;
}

async function openRaw(dialect: 'sqlite' | 'postgres'): Promise<Raw> {
  if (dialect === 'sqlite') {
    const native = new SqliteDatabase(':memory:');
    native.pragma('foreign_keys = ON');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: native }) });
    return { db, dispose: () => db.destroy() };
  }
  const schema = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: POSTGRES_URL ?? '', max: 2, options: `-c search_path=${schema}` });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    schema,
    dispose: async () => {
      await db.destroy();
      const c = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}

const dialects = POSTGRES_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

for (const dialect of dialects) {
  describe(`migration 0006-workspace-keys [${dialect}]`, () => {
    it('moves existing rows to the workspace of the engagement that created them', async () => {
      const raw = await openRaw(dialect);
      try {
        const migrate = (last: string) => new Migrator({ db: raw.db, provider: UP_TO(last), ...(raw.schema ? { migrationTableSchema: raw.schema } : {}) }).migrateToLatest();
        expect((await migrate('0005-user-disabled')).error).toBeUndefined();
        const at = '2026-11-01T00:00:00.000Z';
        const db = raw.db;
        await db.insertInto('workspaces').values([{ id: 'ws-a', name: 'Client A', created_at: at, created_by: 't' }, { id: 'ws-c', name: 'Client C', created_at: at, created_by: 't' }]).execute();
        const eng = (id: string, ws: string) => ({ id, company_name: 'Acme', profile_json: '{}', created_at: at, updated_at: at, archived_at: null, workspace_id: ws });
        await db.insertInto('engagements').values([eng('e-a', 'ws-a'), eng('e-c', 'ws-c')]).execute();
        const profile = (id: string, engagement: string | null, name: string) => ({ id, engagement_id: engagement, client: 'Acme', name, headers_signature: 'a|b', mapping_json: '{"sheets":[],"overrides":[]}', created_at: at, updated_at: at });
        await db.insertInto('mapping_profiles').values([profile('p-a', 'e-a', 'Mine'), profile('p-c', 'e-c', 'Theirs'), profile('p-none', null, 'Orphan')]).execute();
        const map = (id: string, engagement: string | null, kind: string, name: string, source: string) => ({ id, engagement_id: engagement, kind, name, source, systems_json: '[]', entries_json: '[]', templates_json: '[]', created_at: at, updated_at: at, updated_by: 't' });
        await db
          .insertInto('access_duty_maps')
          .values([
            map('m-a', 'e-a', 'engagement', 'Engagement duty map', 'engagement e-a'),
            map('t-audit', null, 'template', 'NetSuite standard', 'renamed by hand'), // found by its audit entry
            map('t-source', null, 'template', 'Sage standard', 'saved from engagement e-c'), // found by its source
            map('t-none', null, 'template', 'Old', 'imported'), // neither: the default workspace
          ])
          .execute();
        await db.insertInto('audit_log').values({ engagement_id: 'e-a', at, actor: 't', action: 'access.duty-map.template.save', entity: 'access-duty-map-template', entity_id: 't-audit', field: null, before_json: null, after_json: null, prev_hash: '0', hash: '1' }).execute();
        await db.insertInto('reviews').values({ id: 'r-c', engagement_id: 'e-c', item_kind: 'engagement', item_id: 'e-c', kind: 'comment', text: 'ok', actor: 't', at }).execute();

        expect((await migrate('0006-workspace-keys')).error).toBeUndefined();

        const profiles = await db.selectFrom('mapping_profiles').select(['id', 'workspace_id', 'engagement_id', 'mapping_json']).orderBy('id').execute();
        expect(profiles).toEqual([
          { id: 'p-a', workspace_id: 'ws-a', engagement_id: 'e-a', mapping_json: '{"sheets":[],"overrides":[]}' },
          { id: 'p-c', workspace_id: 'ws-c', engagement_id: 'e-c', mapping_json: '{"sheets":[],"overrides":[]}' },
          { id: 'p-none', workspace_id: 'default', engagement_id: null, mapping_json: '{"sheets":[],"overrides":[]}' },
        ]);
        const maps = await db.selectFrom('access_duty_maps').select(['id', 'workspace_id']).orderBy('id').execute();
        expect(maps).toEqual([
          { id: 'm-a', workspace_id: 'ws-a' },
          { id: 't-audit', workspace_id: 'ws-a' },
          { id: 't-none', workspace_id: 'default' },
          { id: 't-source', workspace_id: 'ws-c' },
        ]);
        expect(await db.selectFrom('reviews').select(['id', 'workspace_id']).execute()).toEqual([{ id: 'r-c', workspace_id: 'ws-c' }]);

        // The same client and profile name, and the same template name, may now exist once per workspace…
        await db.insertInto('mapping_profiles').values({ ...profile('p-a2', 'e-c', 'Mine'), workspace_id: 'ws-c' }).execute();
        await db.insertInto('access_duty_maps').values({ ...map('t-c2', null, 'template', 'NetSuite standard', 'saved from engagement e-c'), workspace_id: 'ws-c' }).execute();
        // …but still only once within one workspace.
        await expect(db.insertInto('mapping_profiles').values({ ...profile('p-a3', 'e-a', 'Mine'), workspace_id: 'ws-a' }).execute()).rejects.toThrow(/unique/i);
        await expect(db.insertInto('access_duty_maps').values({ ...map('t-a3', null, 'template', 'NetSuite standard', 'x'), workspace_id: 'ws-a' }).execute()).rejects.toThrow(/unique/i);
        // A profile must name a workspace that exists.
        await expect(db.insertInto('mapping_profiles').values({ ...profile('p-x', null, 'X'), workspace_id: 'no-such' }).execute()).rejects.toThrow(/foreign key/i);
      } finally {
        await raw.dispose();
      }
    });
  });
}
