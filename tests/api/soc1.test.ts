// The SOC 1 register over HTTP: read by any member, changed by editors (audited, analysis re-run so the delta follows
// it), refused whole on bad input, and invisible (404) to a user of another workspace.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx, TYPICAL_SAAS_ROWS } from '../fixtures/typical-saas.ts';
import { addMember, as, signIn } from './accounts-harness.ts';
import { apiFor, call, upload, type Api } from './harness.ts';

async function engagement(app: Api, workspace = 'default') {
  const e = await call(app, 'POST', `/api/engagements?workspace=${workspace}`, { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25', serviceOrganizations: ['ADP'] });
  expect(e.status).toBe(201);
  const up = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'soc2.xlsx');
  expect((await call(app, 'POST', `/api/engagements/${e.json.id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
  return e.json.id as string;
}
const firstControl = TYPICAL_SAAS_ROWS[0]![0]!;
// FY2028 is the first §404(a) year (IPO 2027-05-15, FYE 12-31); an Oct–Sep report leaves Oct 1–Dec 31 2028 (92 days).
const adp = (over: Record<string, unknown> = {}) => ({ org: 'ADP', reportType: 'type2', periodStart: '2027-10-01', periodEnd: '2028-09-30', bridgeLetterThrough: null, cuecs: [{ id: 'C1', text: 'Review the payroll register', controlId: firstControl, owner: 'Payroll manager' }], ...over });
const registerFindings = (analysis: any) =>
  analysis.delta.items.flatMap((i: any) => i.reasons.filter((r: any) => r.code === 'soc1-reliance' && r.finding.startsWith('SOC 1 register:')).map((r: any) => `${i.id}: ${r.finding}`));

forEachDatabase('soc1 api', (dbc) => {
  it('reads, changes (audited, analysis re-run) and refuses bad input whole', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    const empty = await call(app, 'GET', `/api/engagements/${id}/soc1`);
    expect(empty.status).toBe(200);
    expect(empty.json.fiscalYear).toEqual({ start: '2028-01-01', end: '2028-12-31' });
    expect(empty.json.statuses.map((s: any) => [s.entry.org, s.complete])).toEqual([['ADP', false]]);
    const v0 = (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json;
    expect(registerFindings(v0).length).toBeGreaterThan(0); // named, nothing registered yet

    const put = await call(app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [adp()] });
    expect(put.status).toBe(200);
    expect(put.json.statuses[0].bridgeLetter).toMatchObject({ state: 'missing', needed: { start: '2028-10-01', end: '2028-12-31', days: 92 } });
    expect(put.json.analysisVersion).toBeGreaterThan(1);
    const v1 = (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json;
    expect(registerFindings(v1).every((f: string) => f.includes('no bridge letter for 2028-10-01 to 2028-12-31 (92 days)'))).toBe(true);
    expect(v1.soc1[0]).toMatchObject({ org: 'ADP', complete: false });

    const done = await call(app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [adp({ bridgeLetterThrough: '2028-12-31' })] });
    expect(done.json.statuses[0].complete).toBe(true);
    const v2 = (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json;
    expect(registerFindings(v2)).toEqual([]);
    expect(v2.soc1[0]).toMatchObject({ org: 'ADP', complete: true, bridgeLetter: { state: 'obtained' } });

    const audit = await sql<{ action: string; after_json: string }>`select action, after_json from audit_log where action = 'soc1.register.update' order by seq`.execute(dbc.db);
    expect(audit.rows.length).toBe(2);
    expect(JSON.parse(audit.rows[1]!.after_json)[0].bridgeLetterThrough).toBe('2028-12-31');

    const before = (await call(app, 'GET', `/api/engagements/${id}/soc1`)).json;
    const bad = await call(app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [adp({ periodStart: '2028-12-31', periodEnd: '2028-01-01' })] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe('SOC 1 register entry 1: ADP: the report period starts (2028-12-31) after it ends (2028-01-01)');
    const twice = await call(app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [adp(), adp({ org: ' adp ' })] });
    expect(twice.json.error.message).toBe('SOC 1 register entry 2: adp is listed twice');
    expect((await call(app, 'GET', `/api/engagements/${id}/soc1`)).json).toEqual(before);
    expect(Number((await sql<{ n: number }>`select count(*) as n from audit_log where action = 'soc1.register.update'`.execute(dbc.db)).rows[0]!.n)).toBe(2);
  });

  it('the exported workbook carries the SOC 1 sheet, and re-importing it unchanged gives an empty diff', async () => {
    const { app } = apiFor(dbc.handle);
    const id = await engagement(app);
    await call(app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [adp()] });
    const exp = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
    expect(exp.status).toBe(200);
    const bytes = new Uint8Array(await (await app.request(exp.json.downloadUrl)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.slice().buffer as ArrayBuffer);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.indexOf('SOC 1')).toBe(names.indexOf('meta') - 1);
    const row = wb.getWorksheet('SOC 1')!.getRow(5);
    expect([1, 2, 3, 6, 8, 10, 11, 12].map((c) => row.getCell(c).value)).toEqual(['ADP', 'SOC 1 Type 2', '2027-10-01 to 2028-09-30', '2028-10-01 to 2028-12-31 (92 days)', 'C1', firstControl, 'Payroll manager', 'Open']);
    const re = await upload(app, `/api/engagements/${id}/reimports`, bytes, 'same.xlsx');
    expect(re.status).toBe(200);
    expect([re.json.diff.changes, re.json.diff.conflicts]).toEqual([[], []]);
  });

  it('attack: a user of another workspace gets 404 reading or writing the register; a viewer reads but cannot change it', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const a = await call(app, 'POST', '/api/workspaces', { name: 'Client A' });
    const b = await call(app, 'POST', '/api/workspaces', { name: 'Client B' });
    const id = await engagement(app, a.json.id);
    await addMember(ctx, 'ed@a.example', 'editor', a.json.id);
    await addMember(ctx, 'view@a.example', 'viewer', a.json.id);
    await addMember(ctx, 'mallory@b.example', 'owner', b.json.id);
    const ed = await signIn(app, 'ed@a.example');
    const viewer = await signIn(app, 'view@a.example');
    const mallory = await signIn(app, 'mallory@b.example');

    expect((await as(ed, app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [adp()] })).status).toBe(200);
    expect((await as(viewer, app, 'GET', `/api/engagements/${id}/soc1`)).json.entries[0].org).toBe('ADP');
    expect((await as(viewer, app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [] })).status).toBe(403);
    const read = await as(mallory, app, 'GET', `/api/engagements/${id}/soc1`);
    expect(read.status).toBe(404);
    expect(JSON.stringify(read.json)).not.toContain('ADP');
    expect((await as(mallory, app, 'PUT', `/api/engagements/${id}/soc1`, { entries: [] })).status).toBe(404);
    expect((await as(ed, app, 'GET', `/api/engagements/${id}/soc1`)).json.entries.map((e: any) => e.org)).toEqual(['ADP']);
  });
});
