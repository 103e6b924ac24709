// Issue 19, hole 7: better-sqlite3 answers synchronously, so a run of queries (one request's, or many requests' waiting
// for the one connection) was a single chain of microtasks that no timer or socket could interrupt: /healthz waited for
// its end. The plugin ends the chain once the loop has been held for a slice. Order of events, never wall time: with
// a slice of 0 ms every result after the first of a turn waits for the loop, so a timer set before the run fires
// during it; without the plugin the same run ends before the timer fires.
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { expect, it } from 'vitest';
import { YieldingPlugin } from '../../server/db/connect.ts';

function database(plugin?: YieldingPlugin) {
  const native = new SqliteDatabase(':memory:');
  native.exec('create table t (n integer)');
  return new Kysely<{ t: { n: number } }>({ dialect: new SqliteDialect({ database: native }), ...(plugin ? { plugins: [plugin] } : {}) });
}

async function runWithTimer(db: Kysely<{ t: { n: number } }>, queries: number) {
  const events: string[] = [];
  let done = 0;
  setTimeout(() => events.push(`timer after ${done} queries`), 0);
  await new Promise((r) => setImmediate(r)); // start the run in a fresh turn: the timer is due from now on
  for (let i = 0; i < queries; i++) {
    await db.insertInto('t').values({ n: i }).execute();
    done++;
  }
  events.push('run ended');
  await new Promise((r) => setTimeout(r, 0));
  return events;
}

it('without the plugin, a run of synchronous queries holds the loop to its end (the failure it fixes)', async () => {
  const db = database();
  expect(await runWithTimer(db, 200)).toEqual(['run ended', 'timer after 200 queries']);
  await db.destroy();
});

it('with the plugin, the loop runs its timers during a long run of queries, and the results are the same', async () => {
  const plugin = new YieldingPlugin(0);
  const db = database(plugin);
  const events = await runWithTimer(db, 200);
  expect(events.at(-1)).toBe('run ended');
  expect(events[0]).toMatch(/^timer after \d+ queries$/);
  expect(Number(/\d+/.exec(events[0]!)![0])).toBeLessThan(200);
  expect(plugin.yields).toBeGreaterThan(0);
  const r = await sql<{ c: number; s: number }>`select count(*) as c, sum(n) as s from t`.execute(db);
  expect(r.rows[0]).toEqual({ c: 200, s: (199 * 200) / 2 });
  await db.destroy();
});

it('a transaction that yields keeps its connection: a write made meanwhile waits for it, and a failure rolls all back', async () => {
  const db = database(new YieldingPlugin(0));
  const order: string[] = [];
  const tx = db
    .transaction()
    .execute(async (trx) => {
      for (let i = 0; i < 50; i++) await trx.insertInto('t').values({ n: 1 }).execute();
      order.push('transaction wrote 50');
      throw new Error('fails at the end');
    })
    .catch(() => order.push('transaction rolled back'));
  await new Promise((r) => setImmediate(r));
  const other = db.insertInto('t').values({ n: 1000 }).execute().then(() => order.push('other write'));
  await Promise.all([tx, other]);
  expect(order).toEqual(['transaction wrote 50', 'transaction rolled back', 'other write']);
  const r = await sql<{ c: number }>`select count(*) as c from t`.execute(db);
  expect(r.rows[0]?.c).toBe(1);
  await db.destroy();
});
