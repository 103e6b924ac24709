// FROZEN once applied. Access-based segregation of duties: the user-access listings of the financial systems (the
// client's bytes untouched, next to what was read from them), the HR roster, duty maps (one per engagement, plus
// reusable named templates that belong to no engagement) and the decisions on each finding.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const blob = pg ? 'bytea' : 'blob';

  await db.schema
    .createTable('access_listings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('position', 'integer', (c) => c.notNull()) // upload order: a later listing of a system supersedes
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('system_given', 'text') // the system the uploader named; null: detected from the file
    .addColumn('systems_json', 'text', (c) => c.notNull()) // ListingInfo[]: one per system found in the file
    .addColumn('extracted_at', 'text') // the file's extraction date, when it shows one
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_bytes', blob, (c) => c.notNull())
    .addColumn('parsed_json', 'text', (c) => c.notNull()) // { access, roleGrants } as read at upload
    .addColumn('issues_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_listings_engagement')
    .on('access_listings')
    .columns(['engagement_id', 'position'])
    .unique()
    .execute();

  await db.schema
    .createTable('access_rosters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_bytes', blob, (c) => c.notNull())
    .addColumn('entries_json', 'text', (c) => c.notNull()) // RosterEntry[]
    .addColumn('issues_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  // One roster per engagement: a new upload replaces it.
  await db.schema
    .createIndex('access_rosters_engagement')
    .on('access_rosters')
    .column('engagement_id')
    .unique()
    .execute();

  await db.schema
    .createTable('access_duty_maps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id')) // null: a reusable template
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('engagement', 'template')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('systems_json', 'text', (c) => c.notNull())
    .addColumn('entries_json', 'text', (c) => c.notNull()) // DutyMapEntry[]
    .addColumn('templates_json', 'text', (c) => c.notNull()) // engagement kind: ids of saved templates it layers in
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  // One duty map per engagement; template names are unique. Partial indexes: the same SQL on both dialects.
  await sql`create unique index access_duty_maps_engagement on access_duty_maps (engagement_id) where kind = 'engagement'`.execute(
    db,
  );
  await sql`create unique index access_duty_maps_template_name on access_duty_maps (name) where kind = 'template'`.execute(
    db,
  );

  await db.schema
    .createTable('access_resolutions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('finding_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('remediated', 'mitigated', 'accepted')`))
    .addColumn('control', 'text')
    .addColumn('owner', 'text')
    .addColumn('frequency', 'text')
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('access_resolutions_finding', ['engagement_id', 'finding_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['access_resolutions', 'access_duty_maps', 'access_rosters', 'access_listings'])
    await db.schema.dropTable(t).execute();
}
