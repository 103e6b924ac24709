// Runs a db test suite on every database we can reach: SQLite in memory always, PostgreSQL when DATABASE_URL_TEST is
// set (see scripts/ci-postgres.sh). Each test gets a fresh database: PostgreSQL tests get their own schema, dropped after.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { openDatabase, openMemoryDatabase, type Db, type Dialect } from '../../server/db/connect.ts';

export interface TestDatabase {
  dialect: Dialect;
  open(): Promise<{ handle: Db; dispose(): Promise<void> }>;
}

export const POSTGRES_URL = process.env.DATABASE_URL_TEST?.trim() || null;

export function databases(): TestDatabase[] {
  const list: TestDatabase[] = [
    {
      dialect: 'sqlite',
      open: async () => {
        const handle = await openMemoryDatabase();
        return { handle, dispose: () => handle.close() };
      },
    },
  ];
  const url = POSTGRES_URL;
  if (url)
    list.push({
      dialect: 'postgres',
      open: async () => {
        const schema = `t_${process.pid}_${randomBytes(6).toString('hex')}`;
        const handle = await openDatabase({ databaseUrl: url, schema });
        return {
          handle,
          // Closed first, so no transaction of a failed test still holds a lock; dropped on a connection of its own.
          dispose: async () => {
            await handle.close();
            const client = new pg.Client({ connectionString: url });
            await client.connect();
            try {
              await client.query(`drop schema if exists "${schema}" cascade`);
            } finally {
              await client.end();
            }
          },
        };
      },
    });
  return list;
}

export interface DatabaseContext {
  readonly dialect: Dialect;
  readonly handle: Db; // the current test's database
  readonly db: Db['db'];
  open(): Promise<Db>; // one more fresh database of the same dialect, disposed after the test
}

export function forEachDatabase(name: string, fn: (ctx: DatabaseContext) => void): void {
  for (const factory of databases()) {
    describe(`${name} [${factory.dialect}]`, () => {
      let opened: { handle: Db; dispose(): Promise<void> }[] = [];
      beforeEach(async () => {
        opened = [await factory.open()];
      });
      afterEach(async () => {
        for (const o of opened.reverse()) await o.dispose();
        opened = [];
      });
      const current = () => {
        const o = opened[0];
        if (!o) throw new Error('no database: used outside a test');
        return o.handle;
      };
      fn({
        dialect: factory.dialect,
        get handle() {
          return current();
        },
        get db() {
          return current().db;
        },
        open: async () => {
          const o = await factory.open();
          opened.push(o);
          return o.handle;
        },
      });
    });
  }
}

// Goes around the append-only triggers (and on PostgreSQL the revoked privileges, which the table's owner may grant
// back), as someone editing the database file or tables by hand would.
export async function withoutAuditGuards(handle: Db, fn: () => Promise<void>): Promise<void> {
  if (handle.dialect === 'postgres') {
    await sql`grant update, delete, truncate on audit_log to current_user`.execute(handle.db);
    await sql`alter table audit_log disable trigger user`.execute(handle.db);
    try {
      await fn();
    } finally {
      await sql`alter table audit_log enable trigger user`.execute(handle.db);
      await sql`revoke update, delete, truncate on audit_log from current_user`.execute(handle.db);
    }
  } else {
    await sql`drop trigger audit_log_no_update`.execute(handle.db);
    await sql`drop trigger audit_log_no_delete`.execute(handle.db);
    try {
      await fn();
    } finally {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(handle.db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(handle.db);
    }
  }
}
