// Test results and deficiencies: the Testing screen's data, recording a result per test, and a reviewer's judgement
// (factors and an override with its reason) per deficiency. Each write re-runs the analysis.
import { createRoute, z } from '@hono/zod-openapi';
import { INDICATORS, LIKELIHOODS, SEVERITIES } from '../domain/catalog.ts';
import { CONCLUSIONS } from '../domain/deficiencies.ts';
import type { AppContext } from '../use-cases/context.ts';
import { recordJudgement, recordTestResult, testingView } from '../use-cases/record-testing.ts';
import { newApi } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam, isoDate } from './schemas.ts';
import { Deficiencies, TestingView, TestRecorded } from './openapi-analysis.ts';

const TestParam = IdParam.extend({ testId: z.string().min(1).max(120).openapi({ param: { name: 'testId', in: 'path' } }) });
const DeficiencyParam = IdParam.extend({ deficiencyId: z.string().min(1).max(120).openapi({ param: { name: 'deficiencyId', in: 'path' } }) });
const ResultBody = z
  .object({
    tested: z.number().int().min(0).max(100000),
    exceptions: z.number().int().min(0).max(100000),
    conclusion: z.enum(CONCLUSIONS).optional(),
    testedOn: isoDate.nullable().optional(),
    note: z.string().max(4000).optional(),
  })
  .strict()
  .openapi('TestResult');
const JudgementBody = z
  .object({
    likelihood: z.enum(LIKELIHOODS).nullable().optional(),
    magnitude: z.number().min(0).nullable().optional(),
    compensatingControl: z.string().max(1000).nullable().optional(),
    indicators: z.array(z.enum(INDICATORS)).max(4).optional(),
    overrideSeverity: z.enum(SEVERITIES).nullable().optional(),
    overrideReason: z.string().max(2000).nullable().optional(),
  })
  .strict()
  .openapi('DeficiencyJudgement');

export function testingRoutes(ctx: AppContext) {
  const app = newApi();
  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/testing', summary: 'Tests with sample sizes and recorded results, deficiencies with ratings, Item 9A risks', request: { params: IdParam }, responses: { 200: json(TestingView, 'Testing'), ...errors } }), async (c) => {
    const v = await testingView(ctx, c.req.valid('param').id);
    return v ? c.json(v satisfies z.input<typeof TestingView>, 200) : requestError(c, 'not-found', 'no analysis yet: import a control matrix first', 404);
  });
  app.openapi(
    createRoute({ method: 'put', path: '/engagements/{id}/tests/{testId}', summary: 'Record the result of a test (TOD, TOE or retest); re-runs the analysis', request: { params: TestParam, body: { content: { 'application/json': { schema: ResultBody } } } }, responses: { 200: json(TestRecorded, 'Result and deficiencies'), ...errors } }),
    async (c) => {
      const { id, testId } = c.req.valid('param');
      const b = c.req.valid('json');
      const conclusion = b.conclusion ?? (b.exceptions > 0 ? 'ineffective' : 'effective');
      const r = await recordTestResult(ctx, { engagementId: id, actor: c.get('actor'), result: { testId, tested: b.tested, exceptions: b.exceptions, conclusion, testedOn: b.testedOn ?? null, note: b.note ?? '' } });
      return r.ok ? c.json(r.value satisfies z.input<typeof TestRecorded>, 200) : sendError(c, r.error);
    },
  );
  app.openapi(
    createRoute({ method: 'put', path: '/engagements/{id}/deficiencies/{deficiencyId}', summary: "Record a reviewer's judgement on a deficiency (factors, override with reason); re-runs the analysis", request: { params: DeficiencyParam, body: { content: { 'application/json': { schema: JudgementBody } } } }, responses: { 200: json(Deficiencies, 'Deficiencies'), ...errors } }),
    async (c) => {
      const { id, deficiencyId } = c.req.valid('param');
      const b = c.req.valid('json');
      const r = await recordJudgement(ctx, {
        engagementId: id,
        actor: c.get('actor'),
        judgement: {
          deficiencyId,
          likelihood: b.likelihood ?? null,
          magnitude: b.magnitude ?? null,
          compensatingControl: b.compensatingControl?.trim() || null,
          indicators: b.indicators ?? [],
          overrideSeverity: b.overrideSeverity ?? null,
          overrideReason: b.overrideReason?.trim() || null,
        },
      });
      return r.ok ? c.json(r.value satisfies z.input<typeof Deficiencies>, 200) : sendError(c, r.error);
    },
  );
  return app;
}
