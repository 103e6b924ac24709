// FROZEN once applied. A user account can be disabled (someone who left, or whose access is suspended): the time it
// was disabled, or null. A disabled user cannot sign in, their sessions stop working at once, and their memberships
// stay for the record until an owner removes them.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}
