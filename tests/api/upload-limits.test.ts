// Issue 19, hole 6, through the API as the attacks were made: uploads queued behind a reader limit show their place in
// the job; previews never confirmed are deleted with their file after IMPORT_PREVIEW_TTL_H; the per-minute upload
// limit cannot be dodged from other loopback addresses (local mode), nor by one account from several addresses.
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { addressKey } from '../../server/http/route-helpers.ts';
import { expirePreviews } from '../../server/use-cases/expire-previews.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { addMember, as, signIn } from './accounts-harness.ts';
import { apiFor, call, TEST_NOW, upload, type Api } from './harness.ts';

const CSV = new TextEncoder().encode('Control ID,Control Description,Owner\nC-1,Access is reviewed quarterly,IT\n');

// A multipart upload over a real socket, from a chosen local address (127.0.0.x), with extra headers.
function postFrom(port: number, path: string, localAddress: string, headers: Record<string, string> = {}): Promise<number> {
  const boundary = 'soxbridgeboundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(CSV),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', localAddress, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length, ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function listen(app: Api): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ port: info.port, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

it('address keys: the loopback range is one client, IPv4-mapped is IPv4, IPv6 counts by /64', () => {
  expect(['127.0.0.1', '127.0.0.2', '127.9.9.9', '::1', '::ffff:127.0.0.5'].map(addressKey)).toEqual(Array(5).fill('loopback'));
  expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
  expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
});

forEachDatabase('upload limits', (dbc) => {
  it('with one reader, three uploads at once: the others wait, and the job shows its place in the queue', async () => {
    const { app } = apiFor(dbc.handle, { readInWorker: true, limits: { maxConcurrentReaders: 1 } });
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Queue Corp' });
    const book = await buildTypicalSaasXlsx();
    const jobs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await upload(app, `/api/engagements/${e.json.id}/imports`, book, `m${i}.xlsx`);
      expect(r.status).toBe(202);
      jobs.push(r.json.job.id);
    }
    const third = await call(app, 'GET', `/api/jobs/${jobs[2]}`);
    expect(third.json, JSON.stringify(third.json)).toMatchObject({ state: 'running', stage: 'queued', queuePosition: 2 });
    const seen = new Set<string>();
    for (;;) {
      const states = await Promise.all(jobs.map((id) => call(app, 'GET', `/api/jobs/${id}`)));
      for (const s of states) if (s.json.queuePosition) seen.add(`${s.json.stage}:${s.json.queuePosition}`);
      if (states.every((s) => s.json.state !== 'running')) {
        for (const s of states) expect(s.json).toMatchObject({ state: 'done', queuePosition: null });
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect([...seen].sort()).toEqual(['queued:1', 'queued:2']);
  });

  it('an upload not confirmed within the TTL is deleted with its bytes, audited; a confirmed one stays', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Ttl Corp', ipoDate: '2027-05-15' });
    const kept = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, CSV, 'kept.csv');
    const left = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, CSV, 'left.csv');
    expect((await call(app, 'POST', `/api/engagements/${e.json.id}/imports/${kept.json.importId}/confirm`, {})).status).toBe(200);
    const at = (hours: number) => ({ db: ctx.db, now: () => new Date(TEST_NOW.getTime() + hours * 3_600_000) });
    // the uploads were made at the real clock's time (created_at is the database write time)
    const made = await dbc.db.selectFrom('imports').select('created_at').where('id', '=', left.json.importId).executeTakeFirstOrThrow();
    const base = new Date(made.created_at).getTime() - TEST_NOW.getTime();
    expect(await expirePreviews(at(base / 3_600_000 + 23), 24)).toEqual({ deleted: 0, bytes: 0 });
    expect(await expirePreviews(at(base / 3_600_000 + 25), 24)).toEqual({ deleted: 1, bytes: CSV.byteLength });
    const left1 = await sql<{ n: number | string }>`select count(*) as n from imports where id = ${left.json.importId}`.execute(dbc.db);
    expect(Number(left1.rows[0]?.n)).toBe(0);
    expect(await dbc.db.selectFrom('imports').select('id').execute()).toEqual([{ id: kept.json.importId }]);
    const audit = await call(app, 'GET', `/api/engagements/${e.json.id}/audit`);
    const expiry = audit.json.entries.find((x: any) => x.action === 'import.expire');
    expect(expiry).toMatchObject({ actor: 'system', entityId: left.json.importId, after: { fileName: 'left.csv', size: CSV.byteLength, ttlHours: 24 } });
    const late = await call(app, 'POST', `/api/engagements/${e.json.id}/imports/${left.json.importId}/confirm`, {});
    expect(late.status).toBe(404);
    expect((await call(app, 'GET', '/api/audit/verify')).json.ok).toBe(true);
  });

  it('local mode: 127.0.0.2 and 127.0.0.3 are the same client as 127.0.0.1; X-Forwarded-For counts only behind TRUST_PROXY', async () => {
    const { app } = apiFor(dbc.handle, { uploadsPerMinute: 2 });
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Rate Corp' });
    const path = `/api/engagements/${e.json.id}/imports?wait=true`;
    const s = await listen(app);
    try {
      expect(await postFrom(s.port, path, '127.0.0.1')).not.toBe(429);
      expect(await postFrom(s.port, path, '127.0.0.2')).not.toBe(429);
      expect(await postFrom(s.port, path, '127.0.0.3')).toBe(429);
      // without a trusted proxy, a forged X-Forwarded-For changes nothing
      expect(await postFrom(s.port, path, '127.0.0.4', { 'x-forwarded-for': '198.51.100.9' })).toBe(429);
    } finally {
      await s.close();
    }
    const behind = apiFor(dbc.handle, { uploadsPerMinute: 1, trustProxy: 1 });
    const p = await listen(behind.app);
    try {
      // TRUST_PROXY=1: the proxy's own address is the socket; the client is the last X-Forwarded-For entry
      expect(await postFrom(p.port, path, '127.0.0.1', { 'x-forwarded-for': '203.0.113.1' })).not.toBe(429);
      expect(await postFrom(p.port, path, '127.0.0.1', { 'x-forwarded-for': '203.0.113.1' })).toBe(429);
      expect(await postFrom(p.port, path, '127.0.0.1', { 'x-forwarded-for': '203.0.113.2' })).not.toBe(429);
      // a client that prepends its own entry is still keyed by what the proxy appended
      expect(await postFrom(p.port, path, '127.0.0.1', { 'x-forwarded-for': '10.9.9.9, 203.0.113.2' })).toBe(429);
    } finally {
      await p.close();
    }
  });

  it('sign-in mode: the limit is per account; a second account is not held back by the first', async () => {
    const { app, ctx } = apiFor(dbc.handle, { uploadsPerMinute: 2 });
    await addMember(ctx, 'ed@acme.example', 'editor', 'default');
    await addMember(ctx, 'flo@acme.example', 'editor', 'default');
    const ed = await signIn(app, 'ed@acme.example');
    const flo = await signIn(app, 'flo@acme.example');
    const e = await as(ed, app, 'POST', '/api/engagements', { companyName: 'Acct Corp' });
    expect(e.status).toBe(201);
    const post = async (who: typeof ed) => {
      const form = new FormData();
      form.append('file', new Blob([CSV.slice().buffer as ArrayBuffer]), 'm.csv');
      const res = await app.request(`/api/engagements/${e.json.id}/imports?wait=true`, { method: 'POST', body: form, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
      return res.status;
    };
    expect(await post(ed)).not.toBe(429);
    expect(await post(ed)).not.toBe(429);
    expect(await post(ed)).toBe(429);
    expect(await post(flo)).not.toBe(429);
  });
});
