// FROZEN once applied. Reviewers' decisions on source→target links (issue 22, reviewable mappings): one row per
// (workspace, engagement, target id, control id), keyed by workspace and engagement like every engagement table. Kept
// by control id, not by import, so a decision survives re-analysis and a re-import of the same matrix.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mapping_reviews')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('control_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull()) // accept | reject | add (domain/mapping-review.ts)
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('mapping_reviews_pk', ['workspace_id', 'engagement_id', 'target_id', 'control_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mapping_reviews').execute();
}
