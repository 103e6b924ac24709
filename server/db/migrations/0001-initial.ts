// FROZEN: applied databases already hold this schema. Never edit; add a new migration to change anything.
// Written with kysely's schema builder so one file serves SQLite and PostgreSQL; the few differences (blob type,
// identity column, append-only triggers) branch on the adapter.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema
    .createTable('engagements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('company_name', 'text', (c) => c.notNull())
    .addColumn('profile_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('archived_at', 'text')
    .execute();

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_bytes', pg ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('mapping_json', 'text', (c) => c.notNull())
    .addColumn('tables_json', 'text', (c) => c.notNull())
    .addColumn('issues_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('preview', 'confirmed')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imports_engagement').on('imports').columns(['engagement_id', 'created_at']).execute();

  await db.schema
    .createTable('controls')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('import_id', 'text', (c) => c.notNull().references('imports.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('sheet', 'text', (c) => c.notNull())
    .addColumn('row', 'integer', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('controls_engagement').on('controls').columns(['engagement_id', 'position']).execute();

  await db.schema
    .createTable('mapping_profiles')
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
  await db.schema
    .createIndex('mapping_profiles_signature')
    .on('mapping_profiles')
    .column('headers_signature')
    .execute();

  await db.schema
    .createTable('analyses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.references('imports.id'))
    .addColumn('analysis_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('analyses_engagement_version', ['engagement_id', 'version'])
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('analysis_version', 'integer', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('start', 'text', (c) => c.notNull())
    .addColumn('due', 'text', (c) => c.notNull())
    .addColumn('effort', 'double precision', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('depends_on', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tasks_pk', ['engagement_id', 'id'])
    .execute();

  await db.schema
    .createTable('exports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('analysis_version', 'integer', (c) => c.notNull())
    .addColumn('row_hashes_json', 'text', (c) => c.notNull())
    .addColumn('rows_json', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exports_engagement').on('exports').columns(['engagement_id', 'created_at']).execute();

  await db.schema
    .createTable('reimports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('export_id', 'text', (c) => c.notNull().references('exports.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('diff_json', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'applied', 'discarded')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text')
    .execute();
  await db.schema
    .createIndex('reimports_engagement')
    .on('reimports')
    .columns(['engagement_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'integer', (c) =>
      pg ? c.generatedAlwaysAsIdentity().primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('field', 'text')
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  // Two entries naming the same predecessor would fork the chain: the database refuses it whatever the locking.
  await db.schema.createIndex('audit_log_prev_hash').on('audit_log').column('prev_hash').unique().execute();
  await db.schema.createIndex('audit_log_engagement').on('audit_log').columns(['engagement_id', 'seq']).execute();

  // Append-only: an UPDATE or DELETE by the app is a bug and fails loudly; the hash chain catches anyone who goes
  // around the triggers.
  if (pg) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db);
    await sql`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_append_only()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const t of [
    'audit_log',
    'reimports',
    'exports',
    'tasks',
    'analyses',
    'mapping_profiles',
    'controls',
    'imports',
    'engagements',
  ])
    await db.schema.dropTable(t).execute();
  if (pg) await sql`drop function audit_log_append_only()`.execute(db);
}
