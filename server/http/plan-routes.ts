// Read endpoints for the analysis (delta, COSO, SoD, plan) and the task update that people make every day.
import { createRoute, type z } from '@hono/zod-openapi';
import { analysisStampOf, hasAccessListings, latestAnalysisOf, latestAnalysisRowOf, latestAnalysisVersionOf, planTasksOf, taskRowsOf } from '../use-cases/analysis-reads.ts';
import { controlsOf } from '../use-cases/engagement-reads.ts';
import type { RenderedBody } from '../use-cases/render-analysis.ts';
import { inlineRenderer, type AnalysisRenderer } from './analysis-renderer.ts';
import { analysisJson, importJson } from '../use-cases/analysis-json.ts';
import type { AppContext } from '../use-cases/context.ts';
import { updateTask } from '../use-cases/update-task.ts';
import { accessPlanTasks } from '../use-cases/access-engagement.ts';
import { newApi } from './app.ts';
import { requestError, sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam, TaskParam, TaskPatchBody } from './schemas.ts';
import { AnalysisBody, ANALYSIS_PARTS, Controls, partBody, PlanTask } from './openapi-analysis.ts';
import { sendCached, type ResponseCache } from './response-cache.ts';

// renderer: where analysis bodies are made (the server: a child process); staleAfterMs: how long a read waits for a
// new body before it is sent the previous one, marked stale (X-Analysis-Stale: true), while the new one renders.
const STAMP_TTL_MS = 1000;

export function planRoutes(ctx: AppContext, cache: ResponseCache, renderer: AnalysisRenderer = inlineRenderer, staleAfterMs = 100) {
  const app = newApi();
  // withAccess: the parts that show the plan also carry the tasks access decisions call for (read-only there: decided
  // on the Access SoD tab); the others skip that analysis.
  const load = async (id: string, withAccess = true) => {
    const latest = await latestAnalysisOf(ctx, id);
    if (!latest) return null;
    const tasks = [...(await planTasksOf(ctx, id)), ...(withAccess ? await accessPlanTasks(ctx, id, latest.analysis.profile.planStart) : [])];
    const out = analysisJson({ ...latest.analysis, plan: { ...latest.analysis.plan, tasks } });
    out.plan.atRisk = tasks.filter((t) => t.atRisk).length;
    out.plan.taskCount = tasks.length;
    return { version: latest.version, createdAt: latest.createdAt, ...out };
  };
  const noAnalysis = 'no analysis yet: import a control matrix first';

  // One render per engagement at a time (a burst of edits does not queue a render each); a read that finds one under
  // way for an older state waits for it, then renders its own if it still needs to (or gets the last body, stale).
  const rendering = new Map<string, Promise<unknown>>();
  const planStartOf = async (id: string) => (await latestAnalysisOf(ctx, id))?.analysis.profile.planStart ?? null;
  const renderBody = async (id: string, r: AnalysisRenderer): Promise<RenderedBody | null> => {
    const version = await latestAnalysisVersionOf(ctx, id);
    if (version === null) return null;
    const analysisKey = `${id}:${version}`;
    const row = r.holds(analysisKey) ? null : await latestAnalysisRowOf(ctx, id);
    // access tasks need the plan start, read from the parsed analysis: only for engagements with access listings
    const extraTasks = (await hasAccessListings(ctx, id)) ? await accessPlanTasks(ctx, id, await planStartOf(id)) : [];
    const input = { analysisKey: row ? `${id}:${row.version}` : analysisKey, analysis: row, tasks: await taskRowsOf(ctx, id), extraTasks };
    return r.render(input).catch(async () => inlineRenderer.render({ ...input, analysis: row ?? (await latestAnalysisRowOf(ctx, id)) }));
  };
  const fresh = async (id: string, stamp: string, key: string): Promise<RenderedBody | null> => {
    for (;;) {
      const hit = cache.get(key);
      if (hit) return hit;
      const running = rendering.get(id);
      if (running) {
        await running.catch(() => undefined);
        continue;
      }
      const job = renderBody(id, renderer).then((r) => {
        if (r) cache.setPrepared(key, id, 'analysis', stamp, r);
        return r;
      });
      rendering.set(id, job);
      void job.catch(() => undefined).finally(() => rendering.delete(id));
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

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/analysis', summary: 'The whole analysis (the JSON contract of cli analyze); X-Analysis-Stale: true while a newer one is being prepared', request: { params: IdParam }, responses: { 200: json(AnalysisBody, 'Analysis'), ...errors } }), async (c) => {
    const id = c.req.valid('param').id;
    const stamp = await stampOf(id);
    if (!stamp) return requestError(c, 'not-found', noAnalysis, 404);
    const key = cache.key(id, 'analysis', stamp);
    const hit = cache.get(key);
    if (hit !== undefined) return sendCached(c, hit);
    const job = fresh(id, stamp, key);
    const previous = renderer.offThread ? cache.latest(id, 'analysis') : undefined;
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
  });

  for (const part of ANALYSIS_PARTS) {
    app.openapi(createRoute({ method: 'get', path: `/engagements/{id}/${part}`, summary: `The analysis: ${part}`, request: { params: IdParam }, responses: { 200: json(partBody(part), part), ...errors } }), async (c) => {
      const a = await load(c.req.valid('param').id, part === 'plan');
      return a ? c.json({ version: a.version, [part]: a[part] }, 200) : requestError(c, 'not-found', noAnalysis, 404);
    });
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
  void importJson;
  return app;
}
