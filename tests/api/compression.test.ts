// Responses a browser on another machine downloads: the analysis JSON (megabytes for a large matrix) goes gzipped to a
// client that accepts gzip, byte for byte the same JSON once unzipped; plain to one that does not; never an event
// stream (it must arrive as it is written) and never a workbook (already compressed).
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Db } from '../../server/db/connect.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload, type Api } from './harness.ts';

const gzip = { 'accept-encoding': 'gzip, deflate, br' };

describe('compressed responses', () => {
  let handle: Db;
  let app: Api;
  let id: string;
  beforeAll(async () => {
    handle = await openMemoryDatabase();
    app = apiFor(handle).app;
    id = (await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated' })).json.id;
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'acme.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
  });
  afterAll(async () => handle.close());

  it('sends the analysis gzipped to a client that accepts it, the same JSON unzipped, and plain to one that does not', async () => {
    const plain = await app.request(`/api/engagements/${id}/analysis`);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(JSON.parse(text).coso).toHaveLength(17);
    for (let k = 0; k < 2; k++) {
      // the first read after the import builds and caches the analysis, the second is served from the cache
      const zipped = await app.request(`/api/engagements/${id}/analysis`, { headers: gzip });
      expect(zipped.status).toBe(200);
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
      const bytes = Buffer.from(await zipped.arrayBuffer());
      expect(bytes.length).toBeLessThan(text.length / 4);
      expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    }
  });

  it('compresses the other JSON routes on the way out as well', async () => {
    const res = await app.request(`/api/engagements/${id}/delta`, { headers: gzip });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const plain = await call(app, 'GET', `/api/engagements/${id}/delta`);
    expect(JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'))).toEqual(plain.json);
  });

  it('never compresses the session (it carries the CSRF token), however large, while the workspace list is', async () => {
    for (let i = 0; i < 40; i++) expect((await call(app, 'POST', '/api/workspaces', { name: `Client ${i} — a long enough workspace name` })).status).toBe(201);
    const session = await app.request('/api/session', { headers: gzip });
    const text = await session.text();
    expect(text.length).toBeGreaterThan(2048); // above the size from which other responses are compressed
    expect(session.headers.get('content-encoding')).toBeNull();
    const list = await app.request('/api/workspaces', { headers: gzip });
    expect(list.headers.get('content-encoding')).toBe('gzip');
  });

  it('never compresses a workbook download or a job event stream', async () => {
    const exported = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`, {});
    expect(exported.status).toBe(200);
    const download = await app.request(`/api/engagements/${id}/exports/${exported.json.exportId}/download`, { headers: gzip });
    expect(download.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect(download.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 2).toString('latin1')).toBe('PK');
    // an upload not waited for is a job: its events come as written, uncompressed
    const job = await upload(app, `/api/engagements/${id}/imports`, await buildTypicalSaasXlsx(), 'again.xlsx');
    const events = await app.request(job.json.job.eventsUrl, { headers: gzip });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(events.headers.get('content-encoding')).toBeNull();
    expect(await events.text()).toMatch(/^event: /m);
  });
});
