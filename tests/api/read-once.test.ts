// One way to read a spreadsheet: every upload the server takes (matrix, re-import, access listing, HR roster) goes
// through the context's reader, and the bytes of an upload are parsed once. A saved mapping that matches it, every
// remap and the confirm start from the grid the reader kept (by the sha256 of the file), where they used to parse the
// file two to four times. Both ways the reader works: inline (tests) and in the reader process (the server), where the
// kept grid goes back to a reader process for the intake, so the server still never holds the grid itself.
import { describe, expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalListingSet } from '../fixtures/access-listings.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload } from './harness.ts';

forEachDatabase('the context reader', (dbc) => {
  for (const readInWorker of [false, true])
    describe(readInWorker ? 'in the reader process' : 'inline', () => {
      it('parses an upload once across upload, remaps, a saved mapping and the confirm', async () => {
        const { app, ctx } = apiFor(dbc.handle, { readInWorker });
        const stats = ctx.readSpreadsheet.stats;
        const id = (await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' })).json.id as string;
        const matrix = await buildTypicalSaasXlsx();

        const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, matrix, 'acme-soc2.xlsx');
        expect(up.status).toBe(200);
        expect(stats).toEqual({ parses: 1, fromCache: 0 });
        const controls = up.json.controls as number;
        // a remap that drops a column, and one back: each an intake of the kept grid, not a parse
        const system = up.json.tables[0].mapping.columns.find((c: { header: string }) => c.header === 'System');
        expect(system).toBeDefined();
        const remapped = await call(app, 'PUT', `/api/engagements/${id}/imports/${up.json.importId}/mapping`, { sheets: [], overrides: [{ sheet: system.sheet ?? 'Controls', column: system.column, field: null }] });
        expect(remapped.status).toBe(200);
        expect(remapped.json.mapping.overrides).toHaveLength(1);
        expect((await call(app, 'PUT', `/api/engagements/${id}/imports/${up.json.importId}/mapping`, { sheets: [], overrides: [] })).status).toBe(200);
        const confirmed = await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, { saveProfileAs: 'Acme standard' });
        expect(confirmed.status).toBe(200);
        expect(confirmed.json.controls).toBe(controls);
        expect(stats).toEqual({ parses: 1, fromCache: 3 });

        // the same file again: its saved mapping matches and is applied (a second intake), from the kept grid
        const again = await upload(app, `/api/engagements/${id}/imports?wait=true`, matrix, 'acme-soc2.xlsx');
        expect(again.json.appliedProfile).toMatchObject({ name: 'Acme standard' });
        expect(again.json.controls).toBe(controls);
        expect(stats).toEqual({ parses: 1, fromCache: 5 });
      }, 120_000);

      it('reads a re-import, an access listing and an HR roster through the same reader', async () => {
        const { app, ctx } = apiFor(dbc.handle, { readInWorker });
        const stats = ctx.readSpreadsheet.stats;
        const id = (await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' })).json.id as string;
        const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
        expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
        expect(stats.parses).toBe(1);

        const exp = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
        const workbook = new Uint8Array(await (await app.request(exp.json.downloadUrl)).arrayBuffer());
        expect((await upload(app, `/api/engagements/${id}/reimports`, workbook, 'plan-back.xlsx')).status).toBe(200);
        expect(stats.parses).toBe(2);
        const f = await buildTypicalListingSet();
        expect((await upload(app, `/api/engagements/${id}/access/listings`, f.netsuite, 'netsuite-users.xlsx')).status).toBe(201);
        expect(stats.parses).toBe(3);
        expect((await upload(app, `/api/engagements/${id}/access/roster`, f.roster, 'hr-roster.csv')).status).toBe(201);
        expect(stats).toEqual({ parses: 4, fromCache: 1 });
      }, 120_000);
    });
});
