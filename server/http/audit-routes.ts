// The audit trail: an engagement's history, and verification of the whole hash chain.
import { createRoute, z } from '@hono/zod-openapi';
import type { AppContext } from '../use-cases/context.ts';
import { auditTrail, verifyAuditChain } from '../use-cases/engagement-reads.ts';
import { newApi } from './sub-app.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam } from './schemas.ts';
import { AuditEntries, AuditVerification } from './openapi-records.ts';

export function auditRoutes(ctx: AppContext) {
  const app = newApi();
  app.openapi(
    createRoute({ method: 'get', path: '/engagements/{id}/audit', summary: "The engagement's audit trail", request: { params: IdParam, query: z.object({ afterSeq: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }) }, responses: { 200: json(AuditEntries, 'Entries'), ...errors } }),
    async (c) => {
      const q = c.req.valid('query');
      const entries = await auditTrail(ctx, { engagementId: c.req.valid('param').id, ...(q.afterSeq !== undefined ? { afterSeq: q.afterSeq } : {}), limit: q.limit ?? 500 });
      return c.json({ entries } satisfies z.input<typeof AuditEntries>, 200);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/audit/verify', summary: 'Recompute the hash chain; reports the first broken link', responses: { 200: json(AuditVerification, 'Verification'), ...errors } }), async (c) =>
    c.json((await verifyAuditChain(ctx)) satisfies z.input<typeof AuditVerification>, 200),
  );
  return app;
}
