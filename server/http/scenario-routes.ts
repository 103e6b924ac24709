// Scenario comparison on an engagement (issue 21): compute and save a set, read it back, adopt one.
import { createRoute, z } from '@hono/zod-openapi';
import type { ProfileInput } from '../domain/profile.ts';
import type { AppContext } from '../use-cases/context.ts';
import { findEngagement } from '../use-cases/engagement-reads.ts';
import { adoptScenario, computeEngagementScenarios, savedScenarios } from '../use-cases/engagement-scenarios.ts';
import { newApi } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam, ProfileBody } from './schemas.ts';
import { EngagementRecord, Scenarios } from './openapi-records.ts';

const ScenariosBody = z
  .object({ variants: z.array(z.object({ name: z.string().max(100).optional(), change: ProfileBody })).min(1).max(12) })
  .strict()
  .openapi('ScenariosRequest');
const AdoptBody = z.object({ name: z.string().min(1).max(100) }).strict();

export function scenarioRoutes(ctx: AppContext) {
  const app = newApi();
  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/scenarios', summary: 'Compute the baseline and each variant (timeline, plan, what moved) and save them on the engagement; the profile is not changed', request: { params: IdParam, body: { content: { 'application/json': { schema: ScenariosBody } } } }, responses: { 200: json(Scenarios, 'The scenarios, baseline first'), ...errors } }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await computeEngagementScenarios(ctx, c.req.valid('param').id, b.variants.map((v) => ({ name: v.name, change: v.change as ProfileInput })), c.get('actor'));
      return r.ok ? c.json(r.value satisfies z.input<typeof Scenarios>, 200) : sendError(c, r.error);
    },
  );
  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/scenarios', summary: 'The scenarios saved on the engagement, baseline first', request: { params: IdParam }, responses: { 200: json(Scenarios, 'Saved scenarios'), ...errors } }), async (c) => {
    const e = await findEngagement(ctx, c.req.valid('param').id);
    if (!e) return requestError(c, 'not-found', 'no such engagement', 404);
    return c.json({ scenarios: await savedScenarios(ctx, e) } satisfies z.input<typeof Scenarios>, 200);
  });
  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/scenarios/adopt', summary: "Adopt a saved scenario: its changes become the engagement's profile (audited), and the analysis is re-run", request: { params: IdParam, body: { content: { 'application/json': { schema: AdoptBody } } } }, responses: { 200: json(EngagementRecord, 'The updated engagement'), ...errors } }),
    async (c) => {
      const r = await adoptScenario(ctx, c.req.valid('param').id, c.req.valid('json').name, c.get('actor'));
      return r.ok ? c.json(r.value satisfies z.input<typeof EngagementRecord>, 200) : sendError(c, r.error);
    },
  );
  return app;
}
