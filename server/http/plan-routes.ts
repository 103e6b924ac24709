// Read endpoints for the analysis (delta, COSO, SoD, plan) and the task update that people make every day.
import { createRoute, type z } from '@hono/zod-openapi';
import { analysisStampOf, hasAccessListings, latestAnalysisOf, latestAnalysisRowOf, latestAnalysisVersionOf, taskRowsOf } from '../use-cases/analysis-reads.ts';
import { controlsOf } from '../use-cases/engagement-reads.ts';
import { ANALYSIS_PARTS, type AnalysisPart, type RenderedBody } from '../use-cases/render-analysis.ts';
import { inlineRenderer, type AnalysisRenderer } from './analysis-renderer.ts';
import type { Context } from 'hono';
import type { AppContext } from '../use-cases/context.ts';
import { updateTask } from '../use-cases/update-task.ts';
import { accessPlanTasks } from '../use-cases/access-report.ts';
import { newApi, type Env } from './sub-app.ts';
import { requestError, sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam, TaskParam, TaskPatchBody } from './schemas.ts';
import { AnalysisBody, Controls, partBody, PlanTask } from './openapi-analysis.ts';
import { sendCached, type ResponseCache } from './response-cache.ts';

// renderer: where analysis bodies are made (the server: a child process); staleAfterMs: how long a read waits for a
// new body before it is sent the previous one, marked stale (X-Analysis-Stale: true), while the new one renders.
const STAMP_TTL_MS = 1000;

export function planRoutes(ctx: AppContext, cache: ResponseCache, renderer: AnalysisRenderer = inlineRenderer, staleAfterMs = 100) {
  const app = newApi();
  const noAnalysis = 'no analysis yet: import a control matrix first';

  // One render per engagement and part at a time (a burst of edits does not queue a render each); a read that finds
  // one under way for an older state waits for it, then renders its own if it still needs to (or gets the last body,
  // stale). Every part (the whole analysis, …/coso, …/plan and the others) is made by the renderer: on the server a
  // child process, so no read parses or writes an engagement's analysis JSON on this thread.
  const rendering = new Map<string, Promise<unknown>>();
  const planStartOf = async (id: string) => (await latestAnalysisOf(ctx, id))?.analysis.profile.planStart ?? null;
  const renderBody = async (id: string, part: AnalysisPart, r: AnalysisRenderer): Promise<RenderedBody | null> => {
    const version = await latestAnalysisVersionOf(ctx, id);
    if (version === null) return null;
    const analysisKey = `${id}:${version}`;
    const row = r.holds(analysisKey) ? null : await latestAnalysisRowOf(ctx, id);
    // access tasks need the plan start, read from the parsed analysis: only for engagements with access listings, and
    // only the parts that show the plan carry them (read-only there: decided on the Access SoD tab)
    const withAccess = (part === 'analysis' || part === 'plan') && (await hasAccessListings(ctx, id));
    const extraTasks = withAccess ? await accessPlanTasks(ctx, id, await planStartOf(id)) : [];
    const input = { part, analysisKey: row ? `${id}:${row.version}` : analysisKey, analysis: row, tasks: await taskRowsOf(ctx, id), extraTasks };
    return r.render(input).catch(async () => inlineRenderer.render({ ...input, analysis: row ?? (await latestAnalysisRowOf(ctx, id)) }));
  };
  const fresh = async (id: string, part: AnalysisPart, stamp: string, key: string): Promise<RenderedBody | null> => {
    const slot = `${id}\u0000${part}`;
    for (;;) {
      const hit = cache.get(key);
      if (hit) return hit;
      const running = rendering.get(slot);
      if (running) {
        await running.catch(() => undefined);
        continue;
      }
      const job = renderBody(id, part, renderer).then((r) => {
        if (r) cache.setPrepared(key, id, part, stamp, r);
        return r;
      });
      rendering.set(slot, job);
      void job.catch(() => undefined).finally(() => rendering.delete(slot));
      return job;
    }
  };

  // The stamp is two queries; under load it is most of a read's cost. Writes through this server change the cache's
  // generation (so the stamp is read again at once); a write from elsewhere (the CLI) shows within STAMP_TTL_MS.
  const stamps = new Map<string, { stamp: string | null; generation: number; at: number }>();
  const stampOf = async (id: string) => {
    const generation = cache.generationOf(id);
    const known = stamps.get(id);
    if (known && known.generation === generation && Date.now() - known.at < STAMP_TTL_MS) return known.stamp;
    const stamp = await analysisStampOf(ctx, id);
    if (cache.generationOf(id) === generation) {
      if (stamps.size > 1000) stamps.clear();
      stamps.set(id, { stamp, generation, at: Date.now() });
    }
    return stamp;
  };

  // The part's body from the cache, or made by the renderer; while a new one is made after an edit, the previous body
  // is sent at once (after staleAfterMs), marked stale.
  const serve = async (c: Context<Env>, id: string, part: AnalysisPart) => {
    const stamp = await stampOf(id);
    if (!stamp) return requestError(c, 'not-found', noAnalysis, 404);
    const key = cache.key(id, part, stamp);
    const hit = cache.get(key);
    if (hit !== undefined) return sendCached(c, hit);
    const job = fresh(id, part, stamp, key);
    const previous = renderer.offThread ? cache.latest(id, part) : undefined;
    if (previous) {
      const ready = await Promise.race([job, new Promise<'wait'>((r) => setTimeout(() => r('wait'), staleAfterMs))]);
      if (ready === 'wait') {
        void job.catch(() => undefined);
        c.header('X-Analysis-Stale', 'true');
        c.header('Cache-Control', 'no-store');
        return sendCached(c, previous.entry);
      }
    }
    const body = await job;
    if (!body) return requestError(c, 'not-found', noAnalysis, 404);
    return sendCached(c, body);
  };

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/analysis', summary: 'The whole analysis (the JSON contract of cli analyze); X-Analysis-Stale: true while a newer one is being prepared', request: { params: IdParam }, responses: { 200: json(AnalysisBody, 'Analysis'), ...errors } }), (c) =>
    serve(c, c.req.valid('param').id, 'analysis'),
  );

  for (const part of ANALYSIS_PARTS) {
    app.openapi(createRoute({ method: 'get', path: `/engagements/{id}/${part}`, summary: `The analysis: ${part}; X-Analysis-Stale: true while a newer one is being prepared`, request: { params: IdParam }, responses: { 200: json(partBody(part), part), ...errors } }), (c) =>
      serve(c, c.req.valid('param').id, part),
    );
  }

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/controls', summary: 'The imported SOC 2 controls with every original column', request: { params: IdParam }, responses: { 200: json(Controls, 'Controls'), ...errors } }), async (c) => {
    const controls = await controlsOf(ctx, c.req.valid('param').id);
    return c.json({ controls } satisfies z.input<typeof Controls>, 200);
  });

  app.openapi(
    createRoute({ method: 'patch', path: '/engagements/{id}/tasks/{taskId}', summary: 'Update a task (owner, status, dates, notes); every change is audited', request: { params: TaskParam, body: { content: { 'application/json': { schema: TaskPatchBody } } } }, responses: { 200: json(PlanTask, 'The task'), ...errors } }),
    async (c) => {
      const { id, taskId } = c.req.valid('param');
      const b = c.req.valid('json');
      const patch = {
        ...(b.title !== undefined ? { title: b.title } : {}),
        ...(b.owner !== undefined ? { owner: b.owner } : {}),
        ...(b.start !== undefined ? { start: b.start } : {}),
        ...(b.due !== undefined ? { end: b.due } : {}),
        ...(b.effortDays !== undefined ? { effortDays: b.effortDays } : {}),
        ...(b.status !== undefined ? { status: b.status as 'not-started' } : {}),
        ...(b.notes !== undefined ? { notes: b.notes } : {}),
      };
      const r = await updateTask(ctx, { engagementId: id, taskId, patch, actor: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof PlanTask>, 200) : sendError(c, r.error);
    },
  );
  return app;
}
