// FROZEN once applied. What an engagement uses belongs to its workspace: saved column mappings (mapping_profiles),
// duty maps and their reusable templates (access_duty_maps) and reviewers' comments (reviews) gain workspace_id, and
// the names that were unique across the installation are unique per workspace only. Before this, a user of one
// workspace could save a mapping or a duty-map template under another client's name and have it applied to that
// client's next upload (issue 19). Existing rows move to the workspace of the engagement that created them; a duty-map
// template is found by its save entry in the audit log (or its "saved from engagement …" source); a row with no
// engagement at all stays in the default workspace.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const DEFAULT_WORKSPACE_ID = 'default'; // as in 0004 (frozen there)

export async function up(db: Kysely<unknown>): Promise<void> {
  // mapping_profiles: the table-level unique (client, name) cannot be dropped on SQLite, so the table is rebuilt.
  await db.schema
    .createTable('mapping_profiles_0006')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('headers_signature', 'text', (c) => c.notNull())
    .addColumn('mapping_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mapping_profiles_workspace_client_name', ['workspace_id', 'client', 'name'])
    .execute();
  await sql`insert into mapping_profiles_0006 (id, workspace_id, engagement_id, client, name, headers_signature, mapping_json, created_at, updated_at)
    select p.id, coalesce(e.workspace_id, ${DEFAULT_WORKSPACE_ID}), p.engagement_id, p.client, p.name, p.headers_signature, p.mapping_json, p.created_at, p.updated_at
    from mapping_profiles p left join engagements e on e.id = p.engagement_id`.execute(db);
  await db.schema.dropTable('mapping_profiles').execute();
  await db.schema.alterTable('mapping_profiles_0006').renameTo('mapping_profiles').execute();
  await db.schema.createIndex('mapping_profiles_workspace_signature').on('mapping_profiles').columns(['workspace_id', 'headers_signature']).execute();

  // access_duty_maps: an engagement's map is in its engagement's workspace; a template in the workspace it was saved from.
  await db.schema.alterTable('access_duty_maps').addColumn('workspace_id', 'text', (c) => c.references('workspaces.id')).execute();
  await sql`update access_duty_maps set workspace_id = (select e.workspace_id from engagements e where e.id = access_duty_maps.engagement_id)
    where engagement_id is not null`.execute(db);
  const templates = await sql<{ id: string; source: string }>`select id, source from access_duty_maps where kind = 'template'`.execute(db);
  for (const t of templates.rows) {
    const saved = await sql<{ engagement_id: string | null }>`select engagement_id from audit_log
      where action = 'access.duty-map.template.save' and entity_id = ${t.id} and engagement_id is not null order by seq limit 1`.execute(db);
    const from = saved.rows[0]?.engagement_id ?? /^saved from engagement (\S+)$/.exec(t.source)?.[1] ?? null;
    const ws = from ? await sql<{ workspace_id: string | null }>`select workspace_id from engagements where id = ${from}`.execute(db) : null;
    await sql`update access_duty_maps set workspace_id = ${ws?.rows[0]?.workspace_id ?? DEFAULT_WORKSPACE_ID} where id = ${t.id}`.execute(db);
  }
  await sql`update access_duty_maps set workspace_id = ${DEFAULT_WORKSPACE_ID} where workspace_id is null`.execute(db);
  await sql`drop index access_duty_maps_template_name`.execute(db);
  await sql`create unique index access_duty_maps_template_name on access_duty_maps (workspace_id, name) where kind = 'template'`.execute(db);

  // reviews: in the workspace of their engagement.
  await db.schema.alterTable('reviews').addColumn('workspace_id', 'text', (c) => c.references('workspaces.id')).execute();
  await sql`update reviews set workspace_id = coalesce((select e.workspace_id from engagements e where e.id = reviews.engagement_id), ${DEFAULT_WORKSPACE_ID})`.execute(db);
  await db.schema.dropIndex('reviews_item').execute();
  await db.schema.createIndex('reviews_item').on('reviews').columns(['workspace_id', 'engagement_id', 'item_kind', 'item_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The installation-wide names come back: two workspaces' rows of the same name make this fail, as it should.
  await db.schema.dropIndex('reviews_item').execute();
  await db.schema.alterTable('reviews').dropColumn('workspace_id').execute();
  await db.schema.createIndex('reviews_item').on('reviews').columns(['engagement_id', 'item_kind', 'item_id']).execute();

  await sql`drop index access_duty_maps_template_name`.execute(db);
  await db.schema.alterTable('access_duty_maps').dropColumn('workspace_id').execute();
  await sql`create unique index access_duty_maps_template_name on access_duty_maps (name) where kind = 'template'`.execute(db);

  await db.schema
    .createTable('mapping_profiles_0001')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('headers_signature', 'text', (c) => c.notNull())
    .addColumn('mapping_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('mapping_profiles_client_name', ['client', 'name'])
    .execute();
  await sql`insert into mapping_profiles_0001 (id, engagement_id, client, name, headers_signature, mapping_json, created_at, updated_at)
    select id, engagement_id, client, name, headers_signature, mapping_json, created_at, updated_at from mapping_profiles`.execute(db);
  await db.schema.dropTable('mapping_profiles').execute();
  await db.schema.alterTable('mapping_profiles_0001').renameTo('mapping_profiles').execute();
  // PostgreSQL keeps the primary key's name through the rename; give it back 0001's name (SQLite has no such index).
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`alter index mapping_profiles_0001_pkey rename to mapping_profiles_pkey`.execute(db);
  await db.schema.createIndex('mapping_profiles_signature').on('mapping_profiles').column('headers_signature').execute();
}
