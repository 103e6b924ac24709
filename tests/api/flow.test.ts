// The whole flow over HTTP, on a fresh database per test, on SQLite and (in CI) PostgreSQL:
// create, upload, preview, remap, confirm, analyse, update a task, export, edit the export, re-import, diff, apply, export again.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnOf } from '../../server/domain/plan-export.ts';
import { forEachDatabase, withoutAuditGuards } from '../db/databases.ts';
import { loadWorkbook, planRowOf, saveWorkbook } from '../fixtures/export.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, rowCounts, upload } from './harness.ts';
import { sql } from 'kysely';

forEachDatabase('API flow', (dbc) => {
  it('runs create → import (preview, remap, confirm) → analysis → task edit → export → edit → re-import → apply → export again, audited', async () => {
    const { app } = apiFor(dbc.handle);
    const created = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', egc: true, filerStatus: 'accelerated', financialSystems: ['NetSuite', 'ADP'] });
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    // 1. upload → preview (as a job, waited for)
    const bytes = await buildTypicalSaasXlsx();
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, bytes, 'acme-soc2.xlsx');
    expect(up.status).toBe(200);
    const preview = up.json;
    expect(preview.controls).toBe(29);
    expect(preview.tables[0].sheet).toBe('Controls');
    expect(preview.previewRows[0]).toMatchObject({ id: 'ENT-01', sheet: 'Controls' });
    const stored = await sql<{ sha256: string; size: number }>`select sha256, size from imports`.execute(dbc.db);
    expect(stored.rows[0]).toMatchObject({ size: bytes.byteLength });

    // 2. remap: the "System" column (G) is not mapped to systems any more → it becomes an extra column
    const sysCol = preview.tables[0].mapping.columns.find((c: any) => c.header === 'System');
    const remapped = await call(app, 'PUT', `/api/engagements/${id}/imports/${preview.importId}/mapping`, { sheets: [], overrides: [{ sheet: 'Controls', column: sysCol.column, field: null }] });
    expect(remapped.status).toBe(200);
    expect(remapped.json.tables[0].mapping.columns.find((c: any) => c.header === 'System').field).toBeNull();
    // …and back, so the analysis sees the systems
    await call(app, 'PUT', `/api/engagements/${id}/imports/${preview.importId}/mapping`, { sheets: [], overrides: [] });

    // 3. confirm → analysis
    const confirmed = await call(app, 'POST', `/api/engagements/${id}/imports/${preview.importId}/confirm`, { saveProfileAs: 'Acme standard' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.controls).toBe(29);
    expect((await rowCounts(dbc.handle)).controls).toBe(29);

    const analysis = await call(app, 'GET', `/api/engagements/${id}/analysis`);
    expect(analysis.status).toBe(200);
    expect(analysis.json.delta.items.find((i: any) => i.id === 'ITGC-AC-04').reasons.map((r: any) => r.code)).toContain('financial-scope');
    expect(analysis.json.sod.some((s: any) => s.owner === 'Sam Rivera')).toBe(true);
    expect(analysis.json.coso).toHaveLength(17);
    expect(analysis.json.timeline.first10Q.due).toBe('2027-08-16');

    // 4. a person edits a task; the change is audited with before and after
    const task = analysis.json.plan.tasks.find((t: any) => t.kind === 'design');
    const newOwner = task.owner === 'Dana Cho' ? 'Priya Shah' : 'Dana Cho';
    const patched = await call(app, 'PATCH', `/api/engagements/${id}/tasks/${task.id}`, { owner: newOwner, status: 'in-progress' });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ owner: newOwner, status: 'in-progress' });
    const audit1 = await call(app, 'GET', `/api/engagements/${id}/audit`);
    const ownerEntry = audit1.json.entries.find((e: any) => e.action === 'task.update' && e.field === 'owner');
    expect(ownerEntry).toMatchObject({ entityId: task.id, before: task.owner, after: newOwner, actor: 'local' });

    // 5. export (job, waited) and download
    const exp = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
    expect(exp.status).toBe(200);
    const dl = await app.request(exp.json.downloadUrl);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-disposition')).toMatch(/attachment; filename="Acme-Cloud-sox-plan-2026-11-25\.xlsx"/);
    const exported = new Uint8Array(await dl.arrayBuffer());
    const wb = await loadWorkbook(exported);
    const ws = wb.getWorksheet('Plan')!;
    expect(planRowOf(ws, task.id).getCell(columnOf('owner')).value).toBe(newOwner);

    // 6. edit the export in "Excel", while the same task's notes change in soxbridge → a conflict
    const other = analysis.json.plan.tasks.find((t: any) => t.kind === 'implement');
    planRowOf(ws, other.id).getCell(columnOf('status')).value = 'done';
    planRowOf(ws, task.id).getCell(columnOf('notes')).value = 'from the workbook';
    const edited = await saveWorkbook(wb);
    await call(app, 'PATCH', `/api/engagements/${id}/tasks/${task.id}`, { notes: 'from the app' });

    // 7. re-import → diff
    const re = await upload(app, `/api/engagements/${id}/reimports`, edited, 'edited.xlsx');
    expect(re.status).toBe(200);
    expect(re.json.diff.changes).toEqual([expect.objectContaining({ id: other.id, field: 'status', before: 'not-started', after: 'done' })]);
    expect(re.json.diff.conflicts).toEqual([expect.objectContaining({ id: task.id, field: 'notes', workbook: 'from the workbook', current: 'from the app' })]);

    // 8. apply: refused while the conflict is unresolved (nothing changes), then applied with the workbook's side
    const refused = await call(app, 'POST', `/api/engagements/${id}/reimports/${re.json.reimportId}/apply`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.error.reason).toBe('conflict-unresolved');
    const plan0 = await call(app, 'GET', `/api/engagements/${id}/plan`);
    expect(plan0.json.plan.tasks.find((t: any) => t.id === other.id).status).toBe('not-started');
    const applied = await call(app, 'POST', `/api/engagements/${id}/reimports/${re.json.reimportId}/apply`, { resolutions: { [`${task.id}.notes`]: 'workbook' } });
    expect(applied.status).toBe(200);
    const plan1 = await call(app, 'GET', `/api/engagements/${id}/plan`);
    expect(plan1.json.plan.tasks.find((t: any) => t.id === other.id).status).toBe('done');
    expect(plan1.json.plan.tasks.find((t: any) => t.id === task.id).notes).toBe('from the workbook');
    const again = await call(app, 'POST', `/api/engagements/${id}/reimports/${re.json.reimportId}/apply`, { resolutions: { [`${task.id}.notes`]: 'workbook' } });
    expect(again.status).toBe(409);

    // 9. export again shows the change
    const exp2 = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
    const wb2 = await loadWorkbook(new Uint8Array(await (await app.request(exp2.json.downloadUrl)).arrayBuffer()));
    expect(planRowOf(wb2.getWorksheet('Plan')!, other.id).getCell(columnOf('status')).value).toBe('done');

    // the audit trail: every step, and an intact chain
    const audit = await call(app, 'GET', `/api/engagements/${id}/audit`);
    const actions = audit.json.entries.map((e: any) => e.action);
    for (const a of ['engagement.create', 'import.upload', 'import.remap', 'import.confirm', 'analysis.run', 'task.update', 'export.create', 'reimport.diff', 'reimport.apply'])
      expect(actions, a).toContain(a);
    expect(audit.json.entries.find((e: any) => e.action === 'task.update' && e.entityId === other.id && e.field === 'status')).toMatchObject({ before: 'not-started', after: 'done' });
    expect((await call(app, 'GET', '/api/audit/verify')).json.ok).toBe(true);
  });

  it('refuses a workbook exported from another engagement, and a client matrix sent as a re-import', async () => {
    const { app } = apiFor(dbc.handle);
    const ids: string[] = [];
    for (const name of ['A Corp', 'B Corp']) {
      const e = await call(app, 'POST', '/api/engagements', { companyName: name, ipoDate: '2027-05-15' });
      ids.push(e.json.id);
      const up = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'm.xlsx');
      await call(app, 'POST', `/api/engagements/${e.json.id}/imports/${up.json.importId}/confirm`, {});
    }
    const exp = await call(app, 'POST', `/api/engagements/${ids[0]}/exports?wait=true`);
    const bytes = new Uint8Array(await (await app.request(exp.json.downloadUrl)).arrayBuffer());
    const foreign = await upload(app, `/api/engagements/${ids[1]}/reimports`, bytes, 'a.xlsx');
    expect(foreign.status).toBe(409);
    expect(foreign.json.error).toMatchObject({ code: 'foreign-workbook' });
    expect(foreign.json.error.message).toMatch(/another engagement \(A Corp\)/);
    const matrix = await upload(app, `/api/engagements/${ids[1]}/reimports`, await buildTypicalSaasXlsx(), 'm.xlsx');
    expect(matrix.status).toBe(400);
    expect(matrix.json.error.reason).toBe('not-an-export');
  });

  it('tampering with one audit row directly in the database makes verify report that row', async () => {
    const { app } = apiFor(dbc.handle);
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'T Corp' });
    await call(app, 'PATCH', `/api/engagements/${e.json.id}`, { ipoDate: '2027-09-01' });
    await call(app, 'PATCH', `/api/engagements/${e.json.id}`, { ipoDate: '2027-10-01' });
    expect((await call(app, 'GET', '/api/audit/verify')).json.ok).toBe(true);
    const entries = (await call(app, 'GET', `/api/engagements/${e.json.id}/audit`)).json.entries;
    const target = entries[1].seq;
    await withoutAuditGuards(dbc.handle, async () => {
      await sql`update audit_log set after_json = ${JSON.stringify('2030-01-01')} where seq = ${target}`.execute(dbc.db);
    });
    const v = await call(app, 'GET', '/api/audit/verify');
    expect(v.json).toMatchObject({ ok: false, brokenAt: target });
  });

  it('archives without losing the engagement, validates profiles, and returns the one error shape', async () => {
    const { app } = apiFor(dbc.handle);
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Z Corp', ipoDate: '2027-05-15' });
    const archived = await call(app, 'POST', `/api/engagements/${e.json.id}/archive`);
    expect(archived.json.archivedAt).toBeTruthy();
    expect((await call(app, 'GET', '/api/engagements')).json.engagements).toHaveLength(0);
    expect((await call(app, 'GET', '/api/engagements?archived=true')).json.engagements).toHaveLength(1);
    const bad = await call(app, 'POST', '/api/engagements', { ipoDate: '2027-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ error: expect.objectContaining({ code: 'invalid-input', message: expect.stringMatching(/2027-02-30 does not exist/) }) });
    const unknown = await call(app, 'POST', '/api/engagements', { ipoDate: '2027-05-15', color: 'red' });
    expect(unknown.status).toBe(400);
    const missing = await call(app, 'GET', '/api/engagements/nope');
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('not-found');
    const preview = await call(app, 'POST', '/api/timeline/preview', { ipoDate: '2027-05-15', filerStatus: 'large-accelerated' });
    expect(preview.json.timeline.first404b.periodEnd).toBe('2028-12-31');
  });
});

describe('OpenAPI and health', () => {
  it('serves a generated OpenAPI document and /healthz', async () => {
    const { openMemoryDatabase } = await import('../../server/db/connect.ts');
    const h = await openMemoryDatabase();
    const { app } = apiFor(h);
    const doc = await call(app, 'GET', '/api/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toBe('3.0.0');
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/api/engagements', '/api/engagements/{id}/imports', '/api/engagements/{id}/reimports/{reimportId}/apply', '/api/audit/verify']));
    expect((await call(app, 'GET', '/healthz')).json).toEqual({ ok: true });
    const res = await app.request('/healthz');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    await h.close();
  });
});
void ExcelJS;
