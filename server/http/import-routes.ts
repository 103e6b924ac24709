// The three-step import: upload (preview), adjust the mapping (preview again), confirm (store and analyse).
// Parsing runs in a child process (see server/excel/read-worker.ts), so the server keeps answering while it works.
import { createRoute, type z } from '@hono/zod-openapi';
import type { AppContext } from '../use-cases/context.ts';
import { findEngagement, mappingProfilesFor } from '../use-cases/engagement-reads.ts';
import { confirmImport } from '../use-cases/confirm-import.ts';
import { remapImport, uploadImport } from '../use-cases/preview-import.ts';
import { newApi } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import type { Jobs } from './jobs.ts';
import { asJob, errors, json, readUpload } from './route-helpers.ts';
import { ConfirmBody, IdParam, ImportParam, MappingBody, UploadForm, WaitQuery } from './schemas.ts';
import { ConfirmSummary, ImportPreview, MappingProfiles } from './openapi-analysis.ts';
import { JobStarted } from './openapi-records.ts';

export function importRoutes(ctx: AppContext, jobs: Jobs) {
  const app = newApi();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/engagements/{id}/imports',
      summary: 'Upload a control matrix (multipart, field "file"); returns a job, or with wait=true the preview',
      request: { params: IdParam, query: WaitQuery, body: { content: { 'multipart/form-data': { schema: UploadForm } } } },
      responses: { 200: json(ImportPreview, 'Preview: tables, mapping, issues, first rows'), 202: json(JobStarted, 'Job started'), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const engagement = await findEngagement(ctx, id);
      if (!engagement) return requestError(c, 'not-found', 'no such engagement', 404);
      const upload = await readUpload(c);
      if (!upload) return requestError(c, 'invalid-input', 'send the file as multipart/form-data in the field "file"', 400);
      const actor = c.get('actor');
      return asJob(c, jobs, 'import', id, c.req.valid('query').wait === 'true', (progress) =>
        uploadImport(ctx, { engagementId: id, workspaceId: engagement.workspaceId, client: engagement.companyName, fileName: upload.fileName, bytes: upload.bytes, actor }, progress),
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/engagements/{id}/imports/{importId}/mapping',
      summary: 'Change the column mapping or sheets, or apply a saved mapping profile; returns the preview again',
      request: { params: ImportParam, body: { content: { 'application/json': { schema: MappingBody } } } },
      responses: { 200: json(ImportPreview, 'Preview'), ...errors },
    }),
    async (c) => {
      const { id, importId } = c.req.valid('param');
      const body = c.req.valid('json');
      const r = await remapImport(ctx, {
        engagementId: id,
        importId,
        mapping: { sheets: body.sheets, overrides: body.overrides },
        ...(body.profileId ? { profileId: body.profileId } : {}),
        actor: c.get('actor'),
      });
      return r.ok ? c.json(r.value satisfies z.input<typeof ImportPreview>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/engagements/{id}/imports/{importId}/confirm',
      summary: 'Store the controls as mapped and run the analysis (optionally save the mapping for this client)',
      request: { params: ImportParam, body: { content: { 'application/json': { schema: ConfirmBody } } } },
      responses: { 200: json(ConfirmSummary, 'Analysis summary'), ...errors },
    }),
    async (c) => {
      const { id, importId } = c.req.valid('param');
      const body = c.req.valid('json');
      const r = await confirmImport(ctx, { engagementId: id, importId, ...(body.saveProfileAs ? { saveProfileAs: body.saveProfileAs } : {}), actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof ConfirmSummary>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/engagements/{id}/mapping-profiles', summary: "This client's saved mappings", request: { params: IdParam }, responses: { 200: json(MappingProfiles, 'Saved mappings'), ...errors } }),
    async (c) => {
      const profiles = await mappingProfilesFor(ctx, c.req.valid('param').id);
      if (!profiles) return requestError(c, 'not-found', 'no such engagement', 404);
      return c.json({ profiles } satisfies z.input<typeof MappingProfiles>, 200);
    },
  );
  return app;
}
