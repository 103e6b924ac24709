// Issue 19, hole 7: confirming an import runs its analysis in the reader process, before the write transaction. What
// it stores must be exactly what analysing the stored controls gives (the old path, inside the transaction).
import { expect, it } from 'vitest';
import { latestAnalysis } from '../../server/db/analyses.ts';
import { getEngagement } from '../../server/db/engagements.ts';
import { listControls } from '../../server/db/imports.ts';
import { analyseEngagement } from '../../server/use-cases/analyse-engagement.ts';
import { isoDay } from '../../server/use-cases/context.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload } from './harness.ts';

forEachDatabase('confirm with the analysis made in the reader', (dbc) => {
  for (const readInWorker of [true, false])
    it(`stores the analysis of exactly the stored controls (${readInWorker ? 'reader process' : 'inline'})`, async () => {
      const { app, ctx } = apiFor(dbc.handle, { readInWorker });
      const e = await call(app, 'POST', '/api/engagements', { companyName: 'Offthread Corp', ipoDate: '2027-05-15', financialSystems: ['NetSuite'] });
      const up = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'm.xlsx');
      expect(up.status).toBe(200);
      const done = await call(app, 'POST', `/api/engagements/${e.json.id}/imports/${up.json.importId}/confirm`, {});
      expect(done.status).toBe(200);
      expect(done.json.controls).toBe(29);
      const stored = await latestAnalysis(ctx.db, e.json.id);
      const engagement = await getEngagement(ctx.db, e.json.id);
      const again = analyseEngagement(ctx.catalog, await listControls(ctx.db, e.json.id), engagement!.profile, isoDay(ctx.now()));
      expect(again.ok).toBe(true);
      if (again.ok) expect(JSON.parse(JSON.stringify(stored!.analysis))).toEqual(JSON.parse(JSON.stringify(again.value)));
      expect((await call(app, 'GET', '/api/audit/verify')).json.ok).toBe(true);
    });
});
