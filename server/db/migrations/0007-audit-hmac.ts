// FROZEN once applied. The audit chain becomes keyed (HMAC-SHA256 with a secret kept outside the database, see
// db/audit-key.ts). Entries written before this migration were hashed without a key and cannot be re-keyed (the log
// is append-only, and rewriting history is what the chain exists to catch): they stay verified as plain SHA-256, and
// every entry from `keyed_from` onward is verified with the key. The first keyed entry's hash covers the last
// unkeyed one, so the unkeyed prefix is sealed by the keyed tail.
// `audit_chain` holds that boundary and the key's fingerprint (set once, at the first open with a key); both are
// fixed by triggers. On PostgreSQL the append-only rule is also enforced by privileges: UPDATE, DELETE and TRUNCATE on
// audit_log are revoked from PUBLIC and from the role that runs the migrations (the table's owner could grant them
// back, so a deployment that wants this to bind runs the server as a role that owns nothing; see README).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('audit_chain')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('keyed_from', 'integer', (c) => c.notNull())
    .addColumn('key_id', 'text')
    .execute();
  await sql`insert into audit_chain (id, keyed_from, key_id) select 1, coalesce(max(seq), 0) + 1, null from audit_log`.execute(db);
  if (pg) {
    await sql`create function audit_chain_fixed() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and old.key_id is null and new.keyed_from = old.keyed_from and new.id = old.id then return new; end if;
        raise exception 'audit_chain is fixed once keyed';
      end $$`.execute(db);
    await sql`create trigger audit_chain_fixed before update or delete on audit_chain
      for each row execute function audit_chain_fixed()`.execute(db);
    await sql`create trigger audit_chain_no_truncate before truncate on audit_chain
      for each statement execute function audit_log_append_only()`.execute(db);
    for (const who of [sql`public`, sql`current_user`]) {
      await sql`revoke update, delete, truncate on audit_log from ${who}`.execute(db);
      await sql`revoke delete, truncate on audit_chain from ${who}`.execute(db);
    }
  } else {
    await sql`create trigger audit_chain_fixed before update on audit_chain
      when old.key_id is not null or new.keyed_from <> old.keyed_from or new.id <> old.id
      begin select raise(abort, 'audit_chain is fixed once keyed'); end`.execute(db);
    await sql`create trigger audit_chain_no_delete before delete on audit_chain
      begin select raise(abort, 'audit_chain is fixed once keyed'); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.dropTable('audit_chain').execute();
  if (pg) {
    await sql`drop function audit_chain_fixed()`.execute(db);
    await sql`grant update, delete, truncate on audit_log to current_user`.execute(db);
  }
}
