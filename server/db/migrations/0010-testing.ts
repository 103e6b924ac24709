// FROZEN once applied. Test results recorded per test (TOD, TOE, retest) and reviewers' judgements on deficiencies
// (likelihood, magnitude, compensating control, indicators, an override of the rating with its reason). Both keyed
// by workspace and engagement: every read and write names both.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('test_results')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('test_id', 'text', (c) => c.notNull())
    .addColumn('tested', 'integer', (c) => c.notNull())
    .addColumn('exceptions', 'integer', (c) => c.notNull())
    .addColumn('conclusion', 'text', (c) => c.notNull())
    .addColumn('tested_on', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('test_results_pk', ['workspace_id', 'engagement_id', 'test_id'])
    .execute();
  await db.schema
    .createTable('deficiency_judgements')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('deficiency_id', 'text', (c) => c.notNull())
    .addColumn('likelihood', 'text')
    .addColumn('magnitude', 'real')
    .addColumn('compensating_control', 'text')
    .addColumn('indicators_json', 'text', (c) => c.notNull())
    .addColumn('override_severity', 'text')
    .addColumn('override_reason', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deficiency_judgements_pk', ['workspace_id', 'engagement_id', 'deficiency_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('deficiency_judgements').execute();
  await db.schema.dropTable('test_results').execute();
}
