// Access-based SoD over the engagement's user-access listings: upload listings and the HR roster, read the analysis
// (conflicts, user × rule matrix, leavers, generic accounts), edit the duty map, simulate a grant, and record what
// was decided about each finding. Every write is audited by the use case.
import { isoDay } from '../use-cases/context.ts';
import { sendCached, type ResponseCache } from './response-cache.ts';
import { createRoute, z } from '@hono/zod-openapi';
import { FREQUENCIES } from '../domain/catalog.ts';
import { getDutyMap, putDutyMap, saveTemplate } from '../use-cases/access-duty-map.ts';
import { getAccess, getAccessPage, getConflicts } from '../use-cases/access-report.ts';
import { recordResolution, reopenFinding } from '../use-cases/access-review.ts';
import { simulate } from '../use-cases/access-simulate.ts';
import { removeListing, uploadListing, uploadRoster } from '../use-cases/access-upload.ts';
import type { AppContext } from '../use-cases/context.ts';
import { analysisStampOf } from '../use-cases/analysis-reads.ts';
import { listingFile } from '../use-cases/engagement-reads.ts';
import { newApi } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam } from './schemas.ts';
import { AccessBody, ConflictsBody, DutyMapBody, DutyTemplate, FindingDecided, ListingDeleted, ListingStored, RosterStored, SimulationBody } from './openapi-access.ts';
import { Binary } from './openapi-records.ts';
import type { Conforms } from './openapi-analysis.ts';

const ListingParam = IdParam.extend({ listingId: z.string().min(1).max(100).openapi({ param: { name: 'listingId', in: 'path' } }) });
const ListingForm = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary' }),
  system: z.string().max(100).optional().openapi({ description: 'The system the listing comes from; detected from a system column, the sheet or the file name when absent' }),
  businessUnit: z.string().max(100).optional().openapi({ description: 'The business unit the file covers (one file per unit): a later file of the same system, kind and unit replaces it; absent: the whole system, which replaces every earlier file of its kind' }),
});
const RosterForm = z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) });
const text = (max: number) => z.string().max(max);
const DutyMapInput = z
  .object({
    entries: z.array(z.unknown()).max(5000).openapi({ description: 'DutyMapEntry[]: { name, kind?, match?, duties[], privileged?, systems[], note? }' }),
    templates: z.array(text(100)).max(50).default([]).openapi({ description: 'ids of saved templates layered under the entries' }),
  })
  .strict()
  .openapi('AccessDutyMap');
const TemplateBody = z.object({ name: text(100) }).strict();
const SimulateBody = z.object({ user: text(320).min(1), system: text(100).min(1), role: text(200).min(1) }).strict().openapi('AccessSimulation');
const ResolutionBody = z
  .object({
    key: text(1000).min(1),
    kind: z.enum(['remediated', 'mitigated', 'accepted']),
    control: text(1000).optional(),
    owner: text(200).optional(),
    frequency: z.enum(FREQUENCIES).optional(),
    reason: text(2000).optional(),
    note: text(2000).optional(),
  })
  .strict()
  .openapi('AccessResolution');
const KeyQuery = z.object({ key: text(1000).min(1) });
const ViewQuery = z.object({ view: z.enum(['full', 'page']).optional() });
const KeysQuery = z.object({ key: z.union([z.string(), z.array(z.string())]).openapi({ description: 'a conflict key; repeat for several' }) });
const MAX_KEYS = 200;

async function form(c: { req: { parseBody(): Promise<Record<string, unknown>> } }) {
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File)) return null;
  const system = typeof body.system === 'string' ? body.system.slice(0, 100) : undefined;
  const businessUnit = typeof body.businessUnit === 'string' ? body.businessUnit : undefined;
  return { fileName: file.name.replace(/[\\/]/g, '_').slice(0, 200) || 'upload', bytes: new Uint8Array(await file.arrayBuffer()), ...(system ? { system } : {}), ...(businessUnit ? { businessUnit } : {}) };
}
const noFile = 'send the file as multipart/form-data in the field "file"';

export function accessRoutes(ctx: AppContext, cache: ResponseCache) {
  const app = newApi();
  const base = '/engagements/{id}/access';

  app.openapi(
    createRoute({ method: 'get', path: base, summary: 'Access SoD: conflicts (user, role, privileged), user × rule matrix, leavers, generic accounts, listings, decisions, plan tasks, readiness; view=page leaves out the user and privileged conflicts (the matrix names them; GET …/access/conflicts gives them), the privileged holders and the resolution detail', request: { params: IdParam, query: ViewQuery }, responses: { 200: json(AccessBody, 'Access analysis'), ...errors } }),
    async (c) => {
      // Cached until a write to the engagement through this server (which invalidates it), a new analysis, or the
      // next day (leavers count days to today): the analysis of a large listing set is seconds of work.
      const id = c.req.valid('param').id;
      const page = c.req.valid('query').view === 'page';
      const key = cache.key(id, page ? 'access-page' : 'access', `${isoDay(ctx.now())}|${(await analysisStampOf(ctx, id)) ?? 'none'}`);
      const hit = cache.get(key);
      if (hit !== undefined) return sendCached(c, hit);
      const r = page ? await getAccessPage(ctx, id) : await getAccess(ctx, id);
      if (!r.ok) return sendError(c, r.error);
      return sendCached(c, await cache.setAsync(key, JSON.stringify(r.value), id));
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: `${base}/conflicts`, summary: `Some conflicts, as the whole analysis shows them (both sides, listing rows, decision): key=… repeated, up to ${MAX_KEYS}; missing lists the keys the current analysis does not have`, request: { params: IdParam, query: KeysQuery }, responses: { 200: json(ConflictsBody, '{ conflicts, missing }'), ...errors } }),
    async (c) => {
      const keys = [...new Set(c.req.queries('key') ?? [])];
      if (keys.length > MAX_KEYS) return requestError(c, 'invalid-input', `ask for at most ${MAX_KEYS} conflicts at once (got ${keys.length})`, 400);
      if (keys.some((k) => k.length > 1000)) return requestError(c, 'invalid-input', 'a conflict key is at most 1,000 characters', 400);
      const r = await getConflicts(ctx, c.req.valid('param').id, keys);
      return r.ok ? c.json(r.value satisfies z.input<typeof ConflictsBody>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${base}/listings`, summary: 'Upload a user-access listing (multipart "file", optional "system" and "businessUnit")', request: { params: IdParam, body: { content: { 'multipart/form-data': { schema: ListingForm } } } }, responses: { 201: json(ListingStored, 'The stored listing'), ...errors } }),
    async (c) => {
      const f = await form(c);
      if (!f) return requestError(c, 'invalid-input', noFile, 400);
      const r = await uploadListing(ctx, { engagementId: c.req.valid('param').id, ...f, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof ListingStored>, 201) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: `${base}/listings/{listingId}`, summary: 'Delete a listing (audited)', request: { params: ListingParam }, responses: { 200: json(ListingDeleted, 'Deleted'), ...errors } }),
    async (c) => {
      const { id, listingId } = c.req.valid('param');
      const r = await removeListing(ctx, { engagementId: id, listingId, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof ListingDeleted>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: `${base}/listings/{listingId}/file`, summary: 'The listing file exactly as uploaded', request: { params: ListingParam }, responses: { 200: { description: 'The original file', content: { 'application/octet-stream': { schema: Binary } } }, ...errors } }),
    async (c) => {
      const { id, listingId } = c.req.valid('param');
      const f = await listingFile(ctx, id, listingId);
      if (!f) return requestError(c, 'not-found', `no access listing ${listingId} in this engagement`, 404);
      return new Response(f.bytes.slice().buffer as ArrayBuffer, {
        status: 200,
        headers: { 'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${f.listing.fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`, 'x-sha256': f.listing.sha256 },
      });
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${base}/roster`, summary: 'Upload the HR roster (name / e-mail / termination date); replaces the previous one', request: { params: IdParam, body: { content: { 'multipart/form-data': { schema: RosterForm } } } }, responses: { 201: json(RosterStored, 'The stored roster'), ...errors } }),
    async (c) => {
      const f = await form(c);
      if (!f) return requestError(c, 'invalid-input', noFile, 400);
      const r = await uploadRoster(ctx, { engagementId: c.req.valid('param').id, fileName: f.fileName, bytes: f.bytes, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof RosterStored>, 201) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: `${base}/duty-map`, summary: "The engagement's duty map, what every role and permission maps to now (suggestions), the unmapped ones, and the templates", request: { params: IdParam }, responses: { 200: json(DutyMapBody, 'Duty map'), ...errors } }),
    async (c) => {
      const r = await getDutyMap(ctx, c.req.valid('param').id);
      return r.ok ? c.json(r.value satisfies z.input<typeof DutyMapBody>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'put', path: `${base}/duty-map`, summary: "Replace the engagement's duty map entries (audited)", request: { params: IdParam, body: { content: { 'application/json': { schema: DutyMapInput } } } }, responses: { 200: json(DutyMapBody, 'Duty map'), ...errors } }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await putDutyMap(ctx, { engagementId: c.req.valid('param').id, entries: b.entries, templates: b.templates, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof DutyMapBody>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${base}/duty-map/templates`, summary: "Save the engagement's duty map as a reusable named template (same name: replaced)", request: { params: IdParam, body: { content: { 'application/json': { schema: TemplateBody } } } }, responses: { 201: json(DutyTemplate, 'The template'), ...errors } }),
    async (c) => {
      const r = await saveTemplate(ctx, { engagementId: c.req.valid('param').id, name: c.req.valid('json').name, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof DutyTemplate>, 201) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${base}/simulate`, summary: 'What-if: the conflicts a user would get with one more role', request: { params: IdParam, body: { content: { 'application/json': { schema: SimulateBody } } } }, responses: { 200: json(SimulationBody, 'Simulation'), ...errors } }),
    async (c) => {
      const r = await simulate(ctx, { engagementId: c.req.valid('param').id, ...c.req.valid('json') });
      return r.ok ? c.json(r.value satisfies z.input<typeof SimulationBody>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: `${base}/resolutions`, summary: 'Record the decision on a finding: remediated (owner?), mitigated (control, owner, frequency) or accepted (reason); audited', request: { params: IdParam, body: { content: { 'application/json': { schema: ResolutionBody } } } }, responses: { 200: json(FindingDecided, 'The finding, open counts and readiness'), ...errors } }),
    async (c) => {
      const r = await recordResolution(ctx, { engagementId: c.req.valid('param').id, resolution: c.req.valid('json'), actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof FindingDecided>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'delete', path: `${base}/resolutions`, summary: 'Reopen a finding (remove its decision; audited)', request: { params: IdParam, query: KeyQuery }, responses: { 200: json(FindingDecided, 'The finding, open counts and readiness'), ...errors } }),
    async (c) => {
      const r = await reopenFinding(ctx, { engagementId: c.req.valid('param').id, key: c.req.valid('query').key, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof FindingDecided>, 200) : sendError(c, r.error);
    },
  );

  return app;
}

// Compile-time: the access analysis as the use cases build it (whole, and the page's view) is what AccessBody describes.
type Value<F extends (...a: never[]) => Promise<{ ok: boolean }>> = Extract<Awaited<ReturnType<F>>, { ok: true }> extends { value: infer V } ? V : never;
export type AccessConforms = Conforms<Value<typeof getAccess>, z.input<typeof AccessBody>> | Conforms<Value<typeof getAccessPage>, z.input<typeof AccessBody>>;
