// The engagement list shows each engagement's latest readiness, next SEC deadline and analysis version, read as a
// summary inside the database (server/db/analyses.ts latestAnalysisSummaries), on SQLite and PostgreSQL.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload } from './harness.ts';

forEachDatabase('engagement list', (dbc) => {
  it('gives the latest version, its readiness and the next deadline after today; nothing for an engagement without analysis', async () => {
    const { app } = apiFor(dbc.handle); // today: 2026-11-25
    const a = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated' });
    const b = await call(app, 'POST', '/api/engagements', { companyName: 'Bare Co', ipoDate: '2027-05-15' });
    const up = await upload(app, `/api/engagements/${a.json.id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'm.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${a.json.id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
    // a profile change re-runs the analysis: version 2 is the one listed
    expect((await call(app, 'PATCH', `/api/engagements/${a.json.id}`, { planStart: '2026-12-01' })).status).toBe(200);
    const analysis = (await call(app, 'GET', `/api/engagements/${a.json.id}/analysis`)).json;
    expect(analysis.version).toBe(2);

    const list = (await call(app, 'GET', '/api/engagements')).json.engagements;
    const acme = list.find((e: any) => e.id === a.json.id);
    const bare = list.find((e: any) => e.id === b.json.id);
    expect(acme).toMatchObject({ companyName: 'Acme Cloud', role: 'owner', analysisVersion: 2, readiness: analysis.readiness.overall });
    // IPO 2027-05-15, calendar year: the first periodic report is the 10-Q for the quarter ended 2027-06-30, due
    // 45 days later (non-large-accelerated, REFERENCE §2) = Sat 2027-08-14, rolled to Monday 2027-08-16 (Rule 0-3).
    // It is the earliest milestone due on or after 2026-11-25.
    expect(acme.nextDeadline.due).toBe('2027-08-16');
    expect(acme.nextDeadline.label).toMatch(/10-Q/);
    expect(bare).toMatchObject({ readiness: null, nextDeadline: null, analysisVersion: null });
  });
});
