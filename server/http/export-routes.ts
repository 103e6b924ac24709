// Export the plan workbook (a job: writing 5,000 rows takes seconds), download it, re-import an edited copy (the
// diff), and apply the chosen part of the diff.
import { createRoute } from '@hono/zod-openapi';
import { getExportWorkbook, listExports } from '../db/exports.ts';
import type { AppContext } from '../use-cases/context.ts';
import { exportEngagement } from '../use-cases/export-engagement.ts';
import { applyReimport, getReimportFor, reimportExport } from '../use-cases/reimport-export.ts';
import { allows } from '../domain/roles.ts';
import { newApi } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import type { Jobs } from './jobs.ts';
import { asJob, errors, json, readUpload } from './route-helpers.ts';
import { Anything, ApplyBody, ExportParam, IdParam, ReimportParam, UploadForm, WaitQuery } from './schemas.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function exportRoutes(ctx: AppContext, jobs: Jobs) {
  const app = newApi();

  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/exports', summary: 'Write the plan workbook; returns a job, or with wait=true the export id and download URL', request: { params: IdParam, query: WaitQuery }, responses: { 200: json(Anything, 'Export written'), 202: json(Anything, 'Job started'), ...errors } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const actor = c.get('actor');
      // Viewers and reviewers change no plan data: their copy is read-only.
      const role = c.get('auth').role;
      const readOnly = role !== null && !allows(role, 'edit');
      return asJob(c, jobs, 'export', id, c.req.valid('query').wait === 'true', async (progress) => {
        const r = await exportEngagement(ctx, { engagementId: id, actor, readOnly }, progress);
        return r.ok ? { ok: true as const, value: { exportId: r.value.exportId, fileName: r.value.fileName, readOnly, downloadUrl: `/api/engagements/${id}/exports/${r.value.exportId}/download` } } : r;
      });
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/exports', summary: 'Exports made so far', request: { params: IdParam }, responses: { 200: json(Anything, 'Exports'), ...errors } }), async (c) =>
    c.json({ exports: await listExports(ctx.db, c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/engagements/{id}/exports/{exportId}/download', summary: 'The workbook exactly as exported', request: { params: ExportParam }, responses: { 200: { description: 'The .xlsx file', content: { [XLSX]: { schema: Anything } } }, ...errors } }),
    async (c) => {
      const { id, exportId } = c.req.valid('param');
      const wb = await getExportWorkbook(ctx.db, id, exportId);
      if (!wb) return requestError(c, 'not-found', 'no such export in this engagement', 404);
      return new Response(wb.bytes.slice().buffer as ArrayBuffer, {
        status: 200,
        headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="${wb.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`, 'x-export-id': exportId },
      });
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/reimports', summary: 'Upload an edited export (multipart, field "file"): returns the diff; nothing changes until it is applied', request: { params: IdParam, body: { content: { 'multipart/form-data': { schema: UploadForm } } } }, responses: { 200: json(Anything, 'The diff'), ...errors } }),
    async (c) => {
      const upload = await readUpload(c);
      if (!upload) return requestError(c, 'invalid-input', 'send the file as multipart/form-data in the field "file"', 400);
      const r = await reimportExport(ctx, { engagementId: c.req.valid('param').id, fileName: upload.fileName, bytes: upload.bytes, actor: c.get('actor') });
      return r.ok ? c.json(r.value, 200) : sendError(c, r.error);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/reimports/{reimportId}', summary: 'A stored re-import and its diff', request: { params: ReimportParam }, responses: { 200: json(Anything, 'Re-import'), ...errors } }), async (c) => {
    const { id, reimportId } = c.req.valid('param');
    const r = await getReimportFor(ctx, id, reimportId);
    return r ? c.json(r, 200) : requestError(c, 'not-found', 'no such re-import in this engagement', 404);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/reimports/{reimportId}/apply', summary: 'Apply all or part of the diff; every conflict needs a resolution; all or nothing', request: { params: ReimportParam, body: { content: { 'application/json': { schema: ApplyBody } } } }, responses: { 200: json(Anything, 'Applied'), ...errors } }),
    async (c) => {
      const { id, reimportId } = c.req.valid('param');
      const r = await applyReimport(ctx, { engagementId: id, reimportId, decision: c.req.valid('json'), actor: c.get('actor') });
      return r.ok ? c.json({ applied: r.value.applied, tasks: r.value.tasks.length }, 200) : sendError(c, r.error);
    },
  );
  return app;
}
