// /api/engagements/{id}/targets/{targetId}/mapping-reviews: reviewers' decisions on the source→target links of one
// target (read: any member; decide or withdraw: editor and up). A change is audited and re-runs the analysis, so the
// target's status, readiness and the plan follow the reviewed mapping; the answer carries the target as it is now.
import { createRoute, z } from '@hono/zod-openapi';
import { MAPPING_DECISIONS } from '../domain/mapping-review.ts';
import type { AppContext } from '../use-cases/context.ts';
import { deleteTargetReview, listTargetReviews, putTargetReview } from '../use-cases/mapping-reviews.ts';
import { newApi } from './sub-app.ts';
import { sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam } from './schemas.ts';

const TargetParam = IdParam.extend({ targetId: z.string().min(1).max(50).openapi({ param: { name: 'targetId', in: 'path' } }) });
const LinkParam = TargetParam.extend({ controlId: z.string().min(1).max(200).openapi({ param: { name: 'controlId', in: 'path' } }) });

const DecisionBody = z.object({ decision: z.enum(MAPPING_DECISIONS), reason: z.string().max(2000).default('') }).strict().openapi('MappingDecision');

export const MappingReviewSchema = z
  .object({
    targetId: z.string(),
    controlId: z.string(),
    decision: z.enum(MAPPING_DECISIONS),
    reason: z.string(),
    author: z.string(),
    at: z.string(),
    orphaned: z.string().nullable().openapi({ description: 'why the decision names nothing that exists now (kept, never dropped); null when it applies' }),
  })
  .openapi('MappingReview');
const TargetReviews = z.object({ targetId: z.string(), reviews: z.array(MappingReviewSchema) }).openapi('TargetMappingReviews');
const Link = z.object({ controlId: z.string(), match: z.string().optional(), reason: z.string().optional() }).passthrough();
const TargetNow = z
  .object({ id: z.string(), status: z.enum(['covered', 'enhance', 'gap', 'not-applicable']), coverage: z.string(), basis: z.string(), sources: z.array(Link), candidates: z.array(Link) })
  .passthrough()
  .openapi('ReviewedTarget');
const ReviewChange = TargetReviews.extend({ item: TargetNow.nullable(), analysisVersion: z.number().int().nullable() }).openapi('MappingReviewChange');

export function mappingReviewRoutes(ctx: AppContext) {
  const app = newApi();
  app.openapi(
    createRoute({ method: 'get', path: '/engagements/{id}/targets/{targetId}/mapping-reviews', summary: "Reviewers' decisions on the links of one SOX target, orphaned ones included", request: { params: TargetParam }, responses: { 200: json(TargetReviews, 'Decisions'), ...errors } }),
    async (c) => {
      const { id, targetId } = c.req.valid('param');
      const r = await listTargetReviews(ctx, id, targetId);
      return r.ok ? c.json(r.value, 200) : sendError(c, r.error);
    },
  );
  app.openapi(
    createRoute({
      method: 'put',
      path: '/engagements/{id}/targets/{targetId}/mapping-reviews/{controlId}',
      summary: 'Accept, reject or add the link of a control to a SOX target, with a reason (editor and up); audited, re-runs the analysis',
      request: { params: LinkParam, body: { content: { 'application/json': { schema: DecisionBody } } } },
      responses: { 200: json(ReviewChange, 'The decisions and the target now'), ...errors },
    }),
    async (c) => {
      const { id, targetId, controlId } = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await putTargetReview(ctx, { engagementId: id, targetId, controlId, decision: b.decision, reason: b.reason, actor: c.get('actor') });
      return r.ok ? c.json(r.value, 200) : sendError(c, r.error);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/engagements/{id}/targets/{targetId}/mapping-reviews/{controlId}',
      summary: "Withdraw the decision on one link (editor and up): the engine's verdict applies again; audited, re-runs the analysis",
      request: { params: LinkParam },
      responses: { 200: json(ReviewChange, 'The decisions and the target now'), ...errors },
    }),
    async (c) => {
      const { id, targetId, controlId } = c.req.valid('param');
      const r = await deleteTargetReview(ctx, { engagementId: id, targetId, controlId, actor: c.get('actor') });
      return r.ok ? c.json(r.value, 200) : sendError(c, r.error);
    },
  );
  return app;
}
