// The audit trail: an engagement's history, and verification of the whole hash chain.
import { createRoute, z } from '@hono/zod-openapi';
import { listAudit, verifyAudit } from '../db/audit-log.ts';
import type { AppContext } from '../use-cases/context.ts';
import { newApi } from './sub-app.ts';
import { errors, json } from './route-helpers.ts';
import { Anything, IdParam } from './schemas.ts';

export function auditRoutes(ctx: AppContext) {
  const app = newApi();
  app.openapi(
    createRoute({ method: 'get', path: '/engagements/{id}/audit', summary: "The engagement's audit trail", request: { params: IdParam, query: z.object({ afterSeq: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }) }, responses: { 200: json(Anything, 'Entries'), ...errors } }),
    async (c) => {
      const q = c.req.valid('query');
      const entries = await listAudit(ctx.db, { engagementId: c.req.valid('param').id, ...(q.afterSeq !== undefined ? { afterSeq: q.afterSeq } : {}), limit: q.limit ?? 500 });
      return c.json({ entries }, 200);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/audit/verify', summary: 'Recompute the hash chain; reports the first broken link', responses: { 200: json(Anything, 'Verification'), ...errors } }), async (c) =>
    c.json(await verifyAudit(ctx.db), 200),
  );
  return app;
}
