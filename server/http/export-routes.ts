// Export the plan workbook (a job: writing 5,000 rows takes seconds), download it, re-import an edited copy (the
// diff), and apply the chosen part of the diff.
import { createRoute, type z } from '@hono/zod-openapi';
import type { AppContext } from '../use-cases/context.ts';
import { exportsOf, exportWorkbook } from '../use-cases/engagement-reads.ts';
import { exportEngagement } from '../use-cases/export-engagement.ts';
import { applyReimport, getReimportFor, reimportExport } from '../use-cases/reimport-export.ts';
import { allows } from '../domain/roles.ts';
import { newApi } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import type { Jobs } from './jobs.ts';
import { asJob, errors, json, readUpload } from './route-helpers.ts';
import { ApplyBody, ExportParam, IdParam, ReimportParam, UploadForm, WaitQuery } from './schemas.ts';
import { Binary, ExportList, ExportWritten, JobStarted, ReimportApplied, ReimportDiff, ReimportStored } from './openapi-records.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function exportRoutes(ctx: AppContext, jobs: Jobs) {
  const app = newApi();

  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/exports', summary: 'Write the plan workbook; returns a job, or with wait=true the export id and download URL', request: { params: IdParam, query: WaitQuery }, responses: { 200: json(ExportWritten, 'Export written'), 202: json(JobStarted, 'Job started'), ...errors } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const actor = c.get('actor');
      // Viewers and reviewers change no plan data: their copy is read-only.
      const role = c.get('auth').role;
      const readOnly = role !== null && !allows(role, 'edit');
      return asJob(c, jobs, 'export', id, c.req.valid('query').wait === 'true', async (progress) => {
        const r = await exportEngagement(ctx, { engagementId: id, actor, readOnly }, progress);
        return r.ok ? { ok: true as const, value: { exportId: r.value.exportId, fileName: r.value.fileName, readOnly, downloadUrl: `/api/engagements/${id}/exports/${r.value.exportId}/download` } satisfies z.input<typeof ExportWritten> } : r;
      });
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/exports', summary: 'Exports made so far', request: { params: IdParam }, responses: { 200: json(ExportList, 'Exports'), ...errors } }), async (c) =>
    c.json({ exports: await exportsOf(ctx, c.req.valid('param').id) } satisfies z.input<typeof ExportList>, 200),
  );

  app.openapi(
    createRoute({ method: 'get', path: '/engagements/{id}/exports/{exportId}/download', summary: 'The workbook exactly as exported', request: { params: ExportParam }, responses: { 200: { description: 'The .xlsx file', content: { [XLSX]: { schema: Binary } } }, ...errors } }),
    async (c) => {
      const { id, exportId } = c.req.valid('param');
      const wb = await exportWorkbook(ctx, id, exportId);
      if (!wb) return requestError(c, 'not-found', 'no such export in this engagement', 404);
      return new Response(wb.bytes.slice().buffer as ArrayBuffer, {
        status: 200,
        headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="${wb.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`, 'x-export-id': exportId },
      });
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/reimports', summary: 'Upload an edited export (multipart, field "file"): returns the diff; nothing changes until it is applied', request: { params: IdParam, body: { content: { 'multipart/form-data': { schema: UploadForm } } } }, responses: { 200: json(ReimportDiff, 'The diff'), ...errors } }),
    async (c) => {
      const upload = await readUpload(c);
      if (!upload) return requestError(c, 'invalid-input', 'send the file as multipart/form-data in the field "file"', 400);
      const r = await reimportExport(ctx, { engagementId: c.req.valid('param').id, fileName: upload.fileName, bytes: upload.bytes, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof ReimportDiff>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/reimports/{reimportId}', summary: 'A stored re-import and its diff', request: { params: ReimportParam }, responses: { 200: json(ReimportStored, 'Re-import'), ...errors } }), async (c) => {
    const { id, reimportId } = c.req.valid('param');
    const r = await getReimportFor(ctx, id, reimportId);
    return r ? c.json(r satisfies z.input<typeof ReimportStored>, 200) : requestError(c, 'not-found', 'no such re-import in this engagement', 404);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/reimports/{reimportId}/apply', summary: 'Apply all or part of the diff; every conflict needs a resolution; all or nothing', request: { params: ReimportParam, body: { content: { 'application/json': { schema: ApplyBody } } } }, responses: { 200: json(ReimportApplied, 'Applied'), ...errors } }),
    async (c) => {
      const { id, reimportId } = c.req.valid('param');
      const r = await applyReimport(ctx, { engagementId: id, reimportId, decision: c.req.valid('json'), actor: c.get('actor') });
      return r.ok ? c.json({ applied: r.value.applied, tasks: r.value.tasks.length } satisfies z.input<typeof ReimportApplied>, 200) : sendError(c, r.error);
    },
  );
  return app;
}
