// Every hostile file of the import guards, uploaded through the API (parsed in the child-process reader, as the server
// does): a 4xx with its specific code, the server still answering, and the database exactly as it was.
import { expect, it } from 'vitest';
import { cfbBytes, rawXlsx, rawXlsxParts, textRow, zerosBomb, ascii } from '../excel/build.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, integrityOk, rowCounts, upload } from './harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);

async function hostileFiles(): Promise<{ name: string; bytes: Uint8Array; status: number; reason: string }[]> {
  const good = await buildTypicalSaasXlsx();
  return [
    { name: 'bomb.xlsx', bytes: await zerosBomb('xl/worksheets/sheet1.xml', 300, rawXlsxParts({ sheets: [] })), status: 422, reason: 'zip-bomb' },
    { name: 'locked.xlsx', bytes: cfbBytes(['EncryptionInfo', 'EncryptedPackage']), status: 422, reason: 'encrypted-xlsx' },
    { name: 'old.xls', bytes: cfbBytes(['Workbook']), status: 422, reason: 'legacy-xls' },
    { name: 'cut.xlsx', bytes: good.slice(0, Math.floor(good.length / 2)), status: 422, reason: 'corrupt-zip' },
    { name: 'empty.xlsx', bytes: new Uint8Array(0), status: 422, reason: 'empty-file' },
    { name: 'logo.xlsx', bytes: PNG, status: 422, reason: 'not-a-spreadsheet' },
    { name: 'notes.csv', bytes: ascii('Minutes of the meeting\nWe talked about the weather.\n'), status: 422, reason: 'no-table-found' },
    { name: 'blank.xlsx', bytes: rawXlsx({ sheets: [{ name: 'S', rows: textRow(1, ['hello']) }] }), status: 422, reason: 'no-table-found' },
  ];
}

forEachDatabase('hostile uploads through the API', (dbc) => {
  it('each gets its specific 4xx; the server stays up and the database is unchanged', async () => {
    const { app } = apiFor(dbc.handle, { readInWorker: true });
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Hostile Corp' });
    const before = await rowCounts(dbc.handle);
    for (const f of await hostileFiles()) {
      const r = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, f.bytes, f.name);
      expect(r.status, f.name).toBe(f.status);
      expect(r.json.error.reason, `${f.name}: ${r.json.error.message}`).toBe(f.reason);
      expect(r.json.error.message, f.name).toContain(f.name);
      expect(r.json.error.message).not.toMatch(/\n|\bat .*\.ts:\d+/);
    }
    expect(await rowCounts(dbc.handle)).toEqual(before);
    expect(await integrityOk(dbc.handle)).toBe(true);
    expect((await call(app, 'GET', '/healthz')).json).toEqual({ ok: true });
    // and a good file still imports afterwards
    const ok = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'good.xlsx');
    expect(ok.status).toBe(200);
  }, 120_000);

  it('refuses an upload over the size limit (413) and too many uploads a minute (429), changing nothing', async () => {
    const { app } = apiFor(dbc.handle, { uploadLimitBytes: 10_000, uploadsPerMinute: 2 });
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Limits Corp' });
    const before = await rowCounts(dbc.handle);
    const big = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, new Uint8Array(200_000), 'big.xlsx');
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('too-large');
    await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, PNG, 'a.xlsx');
    const limited = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, PNG, 'b.xlsx');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate-limited');
    expect(await rowCounts(dbc.handle)).toEqual(before);
  });

  it('refuses a cross-origin write from a browser', async () => {
    const { app } = apiFor(dbc.handle);
    const res = await app.request('/api/engagements', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross-origin');
    expect((await rowCounts(dbc.handle)).engagements).toBe(0);
  });
});
