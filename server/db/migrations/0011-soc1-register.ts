// FROZEN once applied. The SOC 1 register of an engagement (issue 22): one row per engagement, keyed by workspace
// and engagement like every engagement table, holding the register's entries (service organisation, report type and
// period, bridge letter, CUECs with their client control and owner) as JSON.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('soc1_registers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('entries_json', 'text', (c) => c.notNull()) // Soc1Entry[]
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('soc1_registers_engagement').on('soc1_registers').columns(['workspace_id', 'engagement_id']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('soc1_registers').execute(); // its index goes with it
}
