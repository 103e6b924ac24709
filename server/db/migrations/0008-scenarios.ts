// FROZEN once applied. Scenarios saved on an engagement (issue 21): the set last computed, one row per scenario, keyed
// by workspace and engagement like every engagement table. Adopting one changes the profile (audited there).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('position', 'integer', (c) => c.notNull()) // 0 = the baseline
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('change_json', 'text', (c) => c.notNull()) // ProfileInput fields that differ from the baseline
    .addColumn('result_json', 'text', (c) => c.notNull()) // profile, timeline, plan summary, moved
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scenarios_engagement').on('scenarios').columns(['workspace_id', 'engagement_id', 'position']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scenarios').execute();
}
