// /api/engagements/{id}/soc1: the engagement's SOC 1 register (read: any member; change: editor and up). A change
// re-runs the analysis, so the delta's statuses follow the register.
import { createRoute, z } from '@hono/zod-openapi';
import { SOC1_REPORT_TYPES } from '../domain/soc1-register.ts';
import type { AppContext } from '../use-cases/context.ts';
import { getRegister, putRegister } from '../use-cases/soc1-register.ts';
import { newApi } from './sub-app.ts';
import { sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam } from './schemas.ts';
import { Soc1RegisterView } from './openapi-records.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD').nullable();
const Cuec = z.object({ id: z.string().min(1).max(100), text: z.string().max(2000).default(''), controlId: z.string().max(200).default(''), owner: z.string().max(200).default('') });
const Entry = z.object({
  org: z.string().min(1).max(200),
  reportType: z.enum(SOC1_REPORT_TYPES).nullable().default(null),
  periodStart: day.default(null),
  periodEnd: day.default(null),
  bridgeLetterThrough: day.default(null),
  targets: z.array(z.string().max(50)).max(200).default([]),
  cuecs: z.array(Cuec).max(500).default([]),
});
const RegisterBody = z.object({ entries: z.array(Entry).max(100) }).openapi('Soc1Register');

export function soc1Routes(ctx: AppContext) {
  const app = newApi();
  app.openapi(
    createRoute({ method: 'get', path: '/engagements/{id}/soc1', summary: 'The SOC 1 register with each organisation checked against the first §404(a) year', request: { params: IdParam }, responses: { 200: json(Soc1RegisterView, 'Register'), ...errors } }),
    async (c) => {
      const r = await getRegister(ctx, c.req.valid('param').id);
      return r.ok ? c.json(r.value satisfies z.input<typeof Soc1RegisterView>, 200) : sendError(c, r.error);
    },
  );
  app.openapi(
    createRoute({ method: 'put', path: '/engagements/{id}/soc1', summary: 'Replace the SOC 1 register (editor and up); audited, and the analysis is re-run', request: { params: IdParam, body: { content: { 'application/json': { schema: RegisterBody } } } }, responses: { 200: json(Soc1RegisterView, 'Register'), ...errors } }),
    async (c) => {
      const r = await putRegister(ctx, c.req.valid('param').id, c.req.valid('json').entries, c.get('actor'));
      return r.ok ? c.json(r.value satisfies z.input<typeof Soc1RegisterView>, 200) : sendError(c, r.error);
    },
  );
  return app;
}
