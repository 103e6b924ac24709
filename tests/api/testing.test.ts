// Test results and deficiencies over HTTP, on SQLite and (with DATABASE_URL_TEST) PostgreSQL: record a failed test,
// see the deficiency with its rating and its remediation and retest tasks, judge it, override it with a reason; the
// records are keyed by workspace and another workspace's member cannot read or write them.
import { expect, it } from 'vitest';
import { listTestResults, putTestResult } from '../../server/db/testing.ts';
import { createWorkspace } from '../../server/db/workspaces.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { loadWorkbook, saveWorkbook } from '../fixtures/export.ts';
import { addMember, as, signIn } from './accounts-harness.ts';
import { apiFor, call, upload } from './harness.ts';

forEachDatabase('API testing and deficiencies', (dbc) => {
  it('records a failed test, rates the deficiency, plans its remediation and retest; judgements and overrides are kept', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const created = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-09-25', planStart: '2026-11-25', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', financialSystems: ['NetSuite', 'ADP'], materiality: 1000000 });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);

    const view = await call(app, 'GET', `/api/engagements/${id}/testing`);
    expect(view.status).toBe(200);
    const toe = view.json.tests.find((t: any) => t.testId === 'REV-03-TOE');
    expect(toe).toMatchObject({ kind: 'TOE', sampleSize: 2, result: null });
    expect(view.json.deficiencies).toEqual([]);

    // unknown test, exceptions above tested: refused, nothing stored
    expect((await call(app, 'PUT', `/api/engagements/${id}/tests/NOPE-TOE`, { tested: 2, exceptions: 0 })).status).toBe(404);
    expect((await call(app, 'PUT', `/api/engagements/${id}/tests/REV-03-TOE`, { tested: 1, exceptions: 2 })).status).toBe(400);

    const rec = await call(app, 'PUT', `/api/engagements/${id}/tests/REV-03-TOE`, { tested: 2, exceptions: 1, testedOn: '2028-03-15', note: 'one invoice without approval' });
    expect(rec.status).toBe(200);
    expect(rec.json.deficiencies).toHaveLength(1);
    expect(rec.json.deficiencies[0]).toMatchObject({ id: 'DEF-REV-03', origin: 'test', severity: 'significant-deficiency', tasks: ['DEF-REV-03-REM', 'DEF-REV-03-OP', 'DEF-REV-03-RT'] });
    const plan = await call(app, 'GET', `/api/engagements/${id}/plan`);
    const kinds = Object.fromEntries(plan.json.plan.tasks.filter((t: any) => t.id.startsWith('DEF-')).map((t: any) => [t.id, t.kind]));
    expect(kinds).toEqual({ 'DEF-REV-03-REM': 'remediate', 'DEF-REV-03-OP': 'operate', 'DEF-REV-03-RT': 'retest' });

    // a judgement: 1.5M ≥ materiality 1M → material weakness; an override needs a reason
    const j = await call(app, 'PUT', `/api/engagements/${id}/deficiencies/DEF-REV-03`, { magnitude: 1500000 });
    expect(j.status).toBe(200);
    expect(j.json.deficiencies[0].severity).toBe('material-weakness');
    expect((await call(app, 'PUT', `/api/engagements/${id}/deficiencies/DEF-REV-03`, { magnitude: 1500000, overrideSeverity: 'significant-deficiency' })).status).toBe(400);
    const o = await call(app, 'PUT', `/api/engagements/${id}/deficiencies/DEF-REV-03`, { magnitude: 1500000, overrideSeverity: 'significant-deficiency', overrideReason: 'misstatement capped by contract terms' });
    expect(o.json.deficiencies[0]).toMatchObject({ computedSeverity: 'material-weakness', severity: 'significant-deficiency', override: { reason: 'misstatement capped by contract terms' } });

    // the analysis JSON carries deficiencies[] and the audit log the records
    const a = await call(app, 'GET', `/api/engagements/${id}/analysis`);
    expect(a.json.deficiencies[0]).toMatchObject({ id: 'DEF-REV-03', target: 'REV-03', origin: 'test', aggregatedWith: [] });
    const audit = await call(app, 'GET', `/api/engagements/${id}/audit`);
    expect(audit.json.entries.map((e: any) => e.action)).toEqual(expect.arrayContaining(['test.result', 'deficiency.judgement']));

    // workspace keying: a row written under another workspace for the same engagement id is invisible
    await putTestResult(ctx.db, { workspaceId: 'other', engagementId: id }, { testId: 'REV-06-TOE', tested: 2, exceptions: 2, conclusion: 'ineffective', testedOn: null, note: '' }, 'attacker', '2026-11-25T00:00:00Z');
    const eng = await call(app, 'GET', `/api/engagements/${id}`);
    const own = await listTestResults(ctx.db, { workspaceId: eng.json.workspaceId, engagementId: id });
    expect(own.map((r) => r.testId)).toEqual(['REV-03-TOE']);

    // a member of another workspace gets 404 for this engagement's testing, reading or writing
    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    const other = await createWorkspace(ctx.db, 'Other company', 'test');
    await addMember(ctx, 'mal@other.example', 'owner', other.id);
    const mal = await signIn(app, 'mal@other.example');
    expect((await as(mal, app, 'GET', `/api/engagements/${id}/testing`)).status).toBe(404);
    expect((await as(mal, app, 'PUT', `/api/engagements/${id}/tests/REV-03-TOE`, { tested: 2, exceptions: 0 })).status).toBe(404);
    expect((await as(mal, app, 'PUT', `/api/engagements/${id}/deficiencies/DEF-REV-03`, { overrideSeverity: 'deficiency', overrideReason: 'x' })).status).toBe(404);
    const ann = await signIn(app, 'ann@acme.example');
    expect((await as(ann, app, 'GET', `/api/engagements/${id}/testing`)).json.tests.find((t: any) => t.testId === 'REV-03-TOE').result).toMatchObject({ exceptions: 1 });
  });

  it('round-trips a result through the Testing sheet of an exported workbook: re-import diff, apply, deficiency', async () => {
    const { app } = apiFor(dbc.handle);
    const created = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-09-25', planStart: '2026-11-25', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', financialSystems: ['NetSuite', 'ADP'] });
    const id = created.json.id as string;
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
    await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {});
    const exp = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
    const wb = await loadWorkbook(new Uint8Array(await (await app.request(exp.json.downloadUrl)).arrayBuffer()));
    const ws = wb.getWorksheet('Testing')!;
    const head = new Map<string, number>();
    ws.getRow(1).eachCell((c, n) => head.set(String(c.value), n));
    let row = 0;
    ws.eachRow((r, n) => (r.getCell(1).value === 'REV-03-TOE' ? (row = n) : undefined));
    expect(row).toBeGreaterThan(1);
    ws.getRow(row).getCell(head.get('Tested')!).value = 2;
    ws.getRow(row).getCell(head.get('Exceptions')!).value = 1;
    ws.getRow(row).getCell(head.get('Conclusion')!).value = 'ineffective';
    const re = await upload(app, `/api/engagements/${id}/reimports`, await saveWorkbook(wb), 'edited.xlsx');
    expect(re.status).toBe(200);
    expect(re.json.diff.testing.changes).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: 'Testing', id: 'REV-03-TOE', field: 'exceptions', before: '', after: '1' })]));
    expect(re.json.diff.changes).toEqual([]);
    const applied = await call(app, 'POST', `/api/engagements/${id}/reimports/${re.json.reimportId}/apply`, {});
    expect(applied.status).toBe(200);
    const view = await call(app, 'GET', `/api/engagements/${id}/testing`);
    expect(view.json.tests.find((t: any) => t.testId === 'REV-03-TOE').result).toMatchObject({ tested: 2, exceptions: 1, conclusion: 'ineffective' });
    expect(view.json.deficiencies.map((d: any) => [d.id, d.severity])).toEqual([['DEF-REV-03', 'significant-deficiency']]);
  });
});
