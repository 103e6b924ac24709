// /api/engagements: create, list, read, update the profile, archive. Archived engagements are kept and listed on request.
import { createRoute, z } from '@hono/zod-openapi';
import { computeTimeline } from '../domain/timeline.ts';
import { resolveProfile, timelineInputOf, type ProfileInput } from '../domain/profile.ts';
import { roleOn } from '../domain/roles.ts';
import type { AppContext } from '../use-cases/context.ts';
import { isoDay } from '../use-cases/context.ts';
import { archiveEngagement, createEngagement, updateEngagement } from '../use-cases/manage-engagement.ts';
import { findEngagement, listEngagementSummaries } from '../use-cases/engagement-reads.ts';
import { newApi } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import { ErrorBody, IdParam, ProfileBody } from './schemas.ts';
import { EngagementList, EngagementRecord, TimelinePreview } from './openapi-records.ts';

const json = (schema: z.ZodTypeAny, description: string) => ({ content: { 'application/json': { schema } }, description });
// Error responses carry the one error body ({ error: { code, message } }, schema "Error"); declaring them without a
// content schema keeps handlers free to return them from shared helpers.
const errors = { 400: { description: 'Invalid input: Error body' }, 404: { description: 'Not found: Error body' } };
void ErrorBody;

export function engagementRoutes(ctx: AppContext) {
  const app = newApi();

  app.openapi(
    createRoute({ method: 'get', path: '/engagements', summary: "The engagements the caller may see (optionally one workspace's), with their role", request: { query: z.object({ archived: z.enum(['true', 'false']).optional(), workspace: z.string().max(100).optional() }) }, responses: { 200: json(EngagementList, 'Engagements with readiness and next deadline'), ...errors } }),
    async (c) => {
      const q = c.req.valid('query');
      const auth = c.get('auth');
      const engagements = await listEngagementSummaries(
        ctx,
        { includeArchived: q.archived === 'true', ...(auth.visibility ? { visibleTo: auth.visibility } : {}), ...(q.workspace ? { workspaceId: q.workspace } : {}) },
        (e) => (auth.mode === 'local' ? 'owner' : roleOn(auth.memberships, e.workspaceId, e.id)),
      );
      return c.json({ engagements } satisfies z.input<typeof EngagementList>, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/engagements', summary: 'Create an engagement in the workspace ?workspace=<id> (default: your only workspace)', request: { query: z.object({ workspace: z.string().max(100).optional() }), body: { content: { 'application/json': { schema: ProfileBody } } } }, responses: { 201: json(EngagementRecord, 'Created'), ...errors } }),
    async (c) => {
      const r = await createEngagement(ctx, c.req.valid('json') as ProfileInput, c.get('actor'), c.get('auth').workspaceId ?? undefined);
      return r.ok ? c.json(r.value satisfies z.input<typeof EngagementRecord>, 201) : sendError(c, r.error);
    },
  );

  // The SEC milestones a profile implies, without saving anything: the set-up screen shows them live.
  app.openapi(
    createRoute({ method: 'post', path: '/timeline/preview', request: { body: { content: { 'application/json': { schema: ProfileBody } } } }, responses: { 200: json(TimelinePreview, 'Timeline'), ...errors } }),
    async (c) => {
      const p = resolveProfile(c.req.valid('json') as ProfileInput, isoDay(ctx.now()));
      if (!p.ok) return requestError(c, 'invalid-input', p.error.message, 400, { field: p.error.field });
      const { profile, defaults } = p.value;
      const tl = computeTimeline(timelineInputOf(profile, defaults));
      if (!tl.ok) return requestError(c, 'invalid-input', tl.error.message, 400, { field: tl.error.field });
      return c.json({ profile, defaults, timeline: tl.value } satisfies z.input<typeof TimelinePreview>, 200);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}', request: { params: IdParam }, responses: { 200: json(EngagementRecord, 'The engagement'), ...errors } }), async (c) => {
    const e = await findEngagement(ctx, c.req.valid('param').id);
    return e ? c.json({ ...e, role: c.get('auth').role } satisfies z.input<typeof EngagementRecord>, 200) : requestError(c, 'not-found', 'no such engagement', 404);
  });

  app.openapi(
    createRoute({ method: 'patch', path: '/engagements/{id}', request: { params: IdParam, body: { content: { 'application/json': { schema: ProfileBody } } } }, responses: { 200: json(EngagementRecord, 'Updated; the analysis is re-run'), ...errors } }),
    async (c) => {
      const r = await updateEngagement(ctx, c.req.valid('param').id, c.req.valid('json') as ProfileInput, c.get('actor'));
      return r.ok ? c.json(r.value satisfies z.input<typeof EngagementRecord>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(createRoute({ method: 'post', path: '/engagements/{id}/archive', request: { params: IdParam }, responses: { 200: json(EngagementRecord, 'Archived (kept, not deleted)'), ...errors } }), async (c) => {
    const r = await archiveEngagement(ctx, c.req.valid('param').id, c.get('actor'));
    return r.ok ? c.json(r.value satisfies z.input<typeof EngagementRecord>, 200) : sendError(c, r.error);
  });
  return app;
}
