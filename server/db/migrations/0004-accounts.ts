// FROZEN once applied. Accounts, workspaces and roles: users (scrypt password hashes), workspaces that hold
// engagements, memberships (one role per workspace, or per engagement), server-side sessions, one-time tokens
// (password resets and invitations, stored hashed) and reviewers' comments and review marks. Every existing
// engagement moves into one default workspace, so a local installation keeps working unchanged.
import { sql, type Kysely } from 'kysely';

export const DEFAULT_WORKSPACE_ID = 'default';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique()) // lower-cased
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull()) // scrypt$N$r$p$salt$hash
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('workspaces' as never)
    .values({ id: DEFAULT_WORKSPACE_ID, name: 'Default workspace', created_at: new Date().toISOString(), created_by: 'system' } as never)
    .execute();

  await db.schema.alterTable('engagements').addColumn('workspace_id', 'text', (c) => c.references('workspaces.id')).execute();
  await sql`update engagements set workspace_id = ${DEFAULT_WORKSPACE_ID} where workspace_id is null`.execute(db);
  await db.schema.createIndex('engagements_workspace').on('engagements').column('workspace_id').execute();

  // engagement_id null: the role holds for the whole workspace; set: for that engagement only (it takes precedence).
  await db.schema
    .createTable('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id'))
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('scope_key', 'text', (c) => c.notNull()) // engagement id or '*': one role per user per scope
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'editor', 'reviewer', 'viewer')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memberships_scope').on('memberships').columns(['user_id', 'workspace_id', 'scope_key']).unique().execute();
  await db.schema.createIndex('memberships_workspace').on('memberships').column('workspace_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey()) // sha256 of the cookie's token: the table alone opens no session
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('one_time_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reset', 'invite')`))
    .addColumn('user_id', 'text', (c) => c.references('users.id')) // reset: whose password
    .addColumn('email', 'text') // invite: who is invited
    .addColumn('workspace_id', 'text', (c) => c.references('workspaces.id'))
    .addColumn('engagement_id', 'text', (c) => c.references('engagements.id'))
    .addColumn('role', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('engagement_id', 'text', (c) => c.notNull().references('engagements.id'))
    .addColumn('item_kind', 'text', (c) => c.notNull()) // task | target | control | access-finding
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('comment', 'reviewed')`))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_item').on('reviews').columns(['engagement_id', 'item_kind', 'item_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['reviews', 'one_time_tokens', 'sessions', 'memberships']) await db.schema.dropTable(t).execute();
  await db.schema.dropIndex('engagements_workspace').execute();
  await db.schema.alterTable('engagements').dropColumn('workspace_id').execute();
  for (const t of ['workspaces', 'users']) await db.schema.dropTable(t).execute();
}
