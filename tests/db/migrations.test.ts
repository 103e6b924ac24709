// Every migration runs down and up again, one step at a time, on SQLite and PostgreSQL: each step changes the
// schema, down from the latest reaches an empty schema, and each up step gives back exactly the schema its down
// step took away (tables with their columns, indexes and, on SQLite, triggers).
import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/db/migrations.ts';
import { MIGRATION_TABLE } from '../../server/db/migrate.ts';
import type { Database } from '../../server/db/schema.ts';
import { forEachDatabase } from './databases.ts';

type Snapshot = Record<string, string[]>; // table → its columns, then its indexes/triggers, sorted

async function snapshot(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Promise<Snapshot> {
  const out: Snapshot = {};
  const skip = (t: string) => t.startsWith(MIGRATION_TABLE) || t.startsWith('sqlite_');
  if (dialect === 'sqlite') {
    const objects = await sql<{ type: string; name: string; tbl_name: string }>`select type, name, tbl_name from sqlite_master`.execute(db);
    for (const o of objects.rows.filter((r) => !skip(r.tbl_name))) {
      const list = (out[o.tbl_name] ??= []);
      if (o.type === 'table') {
        const cols = await sql<{ name: string; type: string; notnull: number }>`select name, type, "notnull" from pragma_table_info(${o.name})`.execute(db);
        list.push(...cols.rows.map((c) => `column ${c.name} ${c.type}${c.notnull ? ' not null' : ''}`));
      } else if (!o.name.startsWith('sqlite_autoindex')) list.push(`${o.type} ${o.name}`);
    }
  } else {
    const cols = await sql<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>`
      select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = current_schema()`.execute(db);
    for (const c of cols.rows.filter((r) => !skip(r.table_name)))
      (out[c.table_name] ??= []).push(`column ${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}`);
    const idx = await sql<{ tablename: string; indexname: string }>`select tablename, indexname from pg_indexes where schemaname = current_schema()`.execute(db);
    for (const i of idx.rows.filter((r) => !skip(r.tablename))) (out[i.tablename] ??= []).push(`index ${i.indexname}`);
    const trg = await sql<{ table: string; name: string }>`
      select event_object_table as table, trigger_name as name from information_schema.triggers where trigger_schema = current_schema()`.execute(db);
    for (const t of trg.rows) (out[t.table] ??= []).push(`trigger ${t.name}`);
  }
  for (const k of Object.keys(out)) out[k] = [...new Set(out[k])].sort();
  return out;
}

forEachDatabase('migrations', (ctx) => {
  it('runs every migration down to an empty schema and up again, each step undoing exactly what the other did', async () => {
    const names = Object.keys(MIGRATIONS).sort();
    for (const n of names) expect(typeof MIGRATIONS[n]!.down, `${n} has no down()`).toBe('function');
    const db = ctx.db;
    const schema = ctx.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s : undefined;
    const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };
    const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });

    // Down, one step at a time from the latest: a snapshot after each, indexed by how many migrations remain applied.
    const at: Snapshot[] = [];
    at[names.length] = await snapshot(db, ctx.dialect);
    for (let applied = names.length; applied > 0; applied--) {
      const r = await migrator.migrateDown();
      expect(r.error, `down ${names[applied - 1]}`).toBeUndefined();
      expect(r.results?.map((x) => [x.migrationName, x.direction, x.status])).toEqual([[names[applied - 1], 'Down', 'Success']]);
      at[applied - 1] = await snapshot(db, ctx.dialect);
      expect(at[applied - 1], `down ${names[applied - 1]} changed nothing`).not.toEqual(at[applied]);
    }
    expect(at[0]).toEqual({});
    expect((await migrator.getMigrations()).filter((m) => m.executedAt)).toEqual([]);

    // Up again, one step at a time: each step lands on the schema the down pass saw at that level.
    for (let applied = 0; applied < names.length; applied++) {
      const r = await migrator.migrateUp();
      expect(r.error, `up ${names[applied]}`).toBeUndefined();
      expect(r.results?.map((x) => [x.migrationName, x.direction, x.status])).toEqual([[names[applied], 'Up', 'Success']]);
      expect(await snapshot(db, ctx.dialect), `up ${names[applied]}`).toEqual(at[applied + 1]);
    }
    // And the app works on the rebuilt schema: a row goes in and comes back.
    const t = '2026-01-01T00:00:00Z';
    await db.insertInto('users').values({ id: 'u1', email: 'a@example.com', display_name: 'A', password_hash: 'x', created_at: t, updated_at: t, disabled_at: t }).execute();
    expect((await db.selectFrom('users').select('email').execute()).map((u) => u.email)).toEqual(['a@example.com']);
  });
});
