// Issue 19, hole 7: a long confirm is written in chunks, each its own short transaction, so other requests are answered
// between them (on SQLite the server has one connection: a single long transaction made every request wait for it).
// The staged rows are invisible until the last transaction swaps them in, and a confirm that fails at any point leaves
// the database as it was, on SQLite and PostgreSQL. Order of events, never wall time.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { latestAnalysis } from '../../server/db/analyses.ts';
import { getImport, listControls, stageControls, stagedControlCount } from '../../server/db/imports.ts';
import { confirmImport } from '../../server/use-cases/confirm-import.ts';
import { expirePreviews } from '../../server/use-cases/expire-previews.ts';
import type { Db } from '../../server/db/connect.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx, TYPICAL_SAAS_HEADER, TYPICAL_SAAS_ROWS } from '../fixtures/typical-saas.ts';
import { apiFor, call, rowCounts, upload } from './harness.ts';

// The first 12 controls of the typical SaaS matrix as CSV: a second upload that differs from the first (29 controls).
const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const smallerCsv = () => new TextEncoder().encode([TYPICAL_SAAS_HEADER, ...TYPICAL_SAAS_ROWS.slice(0, 12)].map((r) => r.map(csvCell).join(',')).join('\r\n'));

// An engagement with the 29 controls confirmed, and a second upload (12 controls) waiting as a preview.
async function twoUploads(handle: Db) {
  const { app, ctx } = apiFor(handle);
  const e = await call(app, 'POST', '/api/engagements', { companyName: 'Chunk Corp', ipoDate: '2027-05-15', financialSystems: ['NetSuite'] });
  const id = e.json.id as string;
  const first = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'm.xlsx');
  expect((await call(app, 'POST', `/api/engagements/${id}/imports/${first.json.importId}/confirm`, {})).status).toBe(200);
  const second = await upload(app, `/api/engagements/${id}/imports?wait=true`, smallerCsv(), 'smaller.csv');
  expect(second.status).toBe(200);
  expect(second.json.controls).toBe(12);
  return { app, ctx, id, importId: second.json.importId as string };
}

// Everything a failed confirm could have touched.
async function snapshot(handle: Db, id: string, importId: string) {
  const controlRows = await handle.db.selectFrom('controls').select(['id', 'position', 'import_id']).orderBy('id').execute();
  return {
    counts: await rowCounts(handle),
    controlRows,
    controls: (await listControls(handle.db, id)).map((c) => c.id),
    analysisVersion: (await latestAnalysis(handle.db, id))?.version,
    importStatus: (await getImport(handle.db, importId))?.status,
  };
}

async function plantFailure(handle: Db, table: 'controls' | 'analyses', when: string) {
  if (handle.dialect === 'sqlite') {
    await sql.raw(`create trigger planted_failure before insert on ${table} when ${when} begin select raise(abort, 'planted failure'); end`).execute(handle.db);
  } else {
    await sql.raw(`create function planted_failure() returns trigger language plpgsql as $$ begin if ${when} then raise exception 'planted failure'; end if; return new; end $$`).execute(handle.db);
    await sql.raw(`create trigger planted_failure before insert on ${table} for each row execute function planted_failure()`).execute(handle.db);
  }
}
async function removeFailure(handle: Db, table: string) {
  if (handle.dialect === 'sqlite') await sql.raw('drop trigger planted_failure').execute(handle.db);
  else {
    await sql.raw(`drop trigger planted_failure on ${table}`).execute(handle.db);
    await sql.raw('drop function planted_failure()').execute(handle.db);
  }
}

forEachDatabase('confirm in chunks', (dbc) => {
  it('answers another request between two chunks, which sees the previous controls only; then swaps the new ones in', async () => {
    const { app, ctx, id, importId } = await twoUploads(dbc.handle);
    const events: string[] = [];
    let read: Promise<void> | null = null;
    let midway: { staged: number; listed: number } | null = null;
    const done = confirmImport(ctx, {
      engagementId: id,
      importId,
      actor: 'test',
      chunkRows: 1,
      afterChunk: async (written, total) => {
        events.push(`chunk ${written}/${total}`);
        if (written === 1)
          // a request made while the confirm is under way, not awaited here: it must be answered between chunks
          read = call(app, 'GET', `/api/engagements/${id}/controls`).then((r) => void events.push(`read answered: ${r.json.controls.length} controls`));
        if (written === 6) midway = { staged: await stagedControlCount(ctx.db, id, importId), listed: (await listControls(ctx.db, id)).length };
      },
    });
    const r = await done;
    events.push('confirmed');
    await read;
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    const answered = events.findIndex((e) => e.startsWith('read answered'));
    expect(events[answered]).toBe('read answered: 29 controls'); // the previous controls, whole: nothing staged shows
    expect(answered).toBeGreaterThan(events.indexOf('chunk 1/12'));
    expect(answered).toBeLessThan(events.indexOf('chunk 12/12')); // answered while the confirm was still writing
    expect(events.at(-1)).toBe('confirmed');
    expect(midway).toEqual({ staged: 6, listed: 29 });
    expect((await listControls(ctx.db, id)).length).toBe(12);
    expect(await stagedControlCount(ctx.db, id, importId)).toBe(0);
    expect((await call(app, 'GET', `/api/engagements/${id}/controls`)).json.controls).toHaveLength(12);
    expect((await call(app, 'GET', '/api/audit/verify')).json.ok).toBe(true);
  });

  it('a confirm that fails half-way through its chunks leaves the database unchanged, and the next attempt succeeds', async () => {
    const { app, ctx, id, importId } = await twoUploads(dbc.handle);
    const before = await snapshot(dbc.handle, id, importId);
    // the 8th control's row cannot be written: chunks 1 and 2 (rows 1-5) are staged by then
    const failing = TYPICAL_SAAS_ROWS[7]![TYPICAL_SAAS_HEADER.findIndex((h) => /id/i.test(h))]!;
    await plantFailure(dbc.handle, 'controls', `new.control_id = '${failing}' and new.position < 0`);
    let chunks = 0;
    await expect(confirmImport(ctx, { engagementId: id, importId, actor: 'test', chunkRows: 5, afterChunk: () => void chunks++ })).rejects.toThrow(/planted failure/);
    expect(chunks).toBe(1); // it failed in the second chunk, after the first was committed
    expect(await snapshot(dbc.handle, id, importId)).toEqual(before);
    await removeFailure(dbc.handle, 'controls');
    const again = await confirmImport(ctx, { engagementId: id, importId, actor: 'test', chunkRows: 5 });
    expect(again.ok).toBe(true);
    expect((await listControls(ctx.db, id)).length).toBe(12);
    expect((await call(app, 'GET', '/api/audit/verify')).json.ok).toBe(true);
  });

  it('a confirm whose last transaction fails (storing the analysis) leaves the database unchanged', async () => {
    const { app, ctx, id, importId } = await twoUploads(dbc.handle);
    const before = await snapshot(dbc.handle, id, importId);
    await plantFailure(dbc.handle, 'analyses', '1 = 1');
    await expect(confirmImport(ctx, { engagementId: id, importId, actor: 'test', chunkRows: 4 })).rejects.toThrow(/planted failure/);
    expect(await snapshot(dbc.handle, id, importId)).toEqual(before);
    await removeFailure(dbc.handle, 'analyses');
    // and through the API, whole
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${importId}/confirm`, {})).status).toBe(200);
    expect((await listControls(ctx.db, id)).length).toBe(12);
  });

  it('rows a stopped confirm left staged are invisible, cleared by the next attempt, and removed with an expired preview', async () => {
    const { app, ctx, id, importId } = await twoUploads(dbc.handle);
    const left = (await listControls(ctx.db, id)).slice(0, 3); // any three controls: what a crash left half-written
    await stageControls(ctx.db, id, importId, left, 0);
    expect(await stagedControlCount(ctx.db, id, importId)).toBe(3);
    expect((await call(app, 'GET', `/api/engagements/${id}/controls`)).json.controls).toHaveLength(29);
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${importId}/confirm`, {})).status).toBe(200);
    expect((await listControls(ctx.db, id)).length).toBe(12);

    // a third upload, staged half-way and never confirmed, expires with its staged rows
    const third = await upload(app, `/api/engagements/${id}/imports?wait=true`, smallerCsv(), 'third.csv');
    await stageControls(ctx.db, id, third.json.importId, left, 0);
    const expired = await expirePreviews({ db: ctx.db, now: () => new Date(Date.now() + 48 * 3_600_000) });
    expect(expired.deleted).toBeGreaterThanOrEqual(1);
    expect(await getImport(ctx.db, third.json.importId)).toBeNull();
    expect(await stagedControlCount(ctx.db, id, third.json.importId)).toBe(0);
    expect((await listControls(ctx.db, id)).length).toBe(12);
  });
});
