// Read endpoints for the analysis (delta, COSO, SoD, plan) and the task update that people make every day.
import { createRoute } from '@hono/zod-openapi';
import { analysisStamp, latestAnalysis } from '../db/analyses.ts';
import { listControls } from '../db/imports.ts';
import { listTasks } from '../db/tasks.ts';
import { analysisJson, importJson } from '../use-cases/analysis-json.ts';
import type { AppContext } from '../use-cases/context.ts';
import { updateTask } from '../use-cases/update-task.ts';
import { accessPlanTasks } from '../use-cases/access-engagement.ts';
import { newApi } from './app.ts';
import { requestError, sendError } from './errors.ts';
import { errors, json } from './route-helpers.ts';
import { Anything, IdParam, TaskParam, TaskPatchBody } from './schemas.ts';
import { sendCached, type ResponseCache } from './response-cache.ts';

export function planRoutes(ctx: AppContext, cache: ResponseCache) {
  const app = newApi();
  // withAccess: the parts that show the plan also carry the tasks access decisions call for (read-only there: decided
  // on the Access SoD tab); the others skip that analysis.
  const load = async (id: string, withAccess = true) => {
    const latest = await latestAnalysis(ctx.db, id);
    if (!latest) return null;
    const tasks = [...(await listTasks(ctx.db, id)), ...(withAccess ? await accessPlanTasks(ctx, id, latest.analysis.profile.planStart) : [])];
    const out = analysisJson({ ...latest.analysis, plan: { ...latest.analysis.plan, tasks } });
    out.plan.atRisk = tasks.filter((t) => t.atRisk).length;
    out.plan.taskCount = tasks.length;
    return { version: latest.version, createdAt: latest.createdAt, ...out };
  };
  const noAnalysis = 'no analysis yet: import a control matrix first';

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/analysis', summary: 'The whole analysis (the JSON contract of cli analyze)', request: { params: IdParam }, responses: { 200: json(Anything, 'Analysis'), ...errors } }), async (c) => {
    const id = c.req.valid('param').id;
    const stamp = await analysisStamp(ctx.db, id);
    if (!stamp) return requestError(c, 'not-found', noAnalysis, 404);
    const key = cache.key(id, 'analysis', stamp);
    let entry = cache.get(key);
    if (entry === undefined) {
      const a = await load(id);
      if (!a) return requestError(c, 'not-found', noAnalysis, 404);
      entry = cache.set(key, JSON.stringify(a));
    }
    return sendCached(c, entry);
  });

  for (const part of ['coso', 'sod', 'plan', 'timeline', 'delta', 'readiness'] as const) {
    app.openapi(createRoute({ method: 'get', path: `/engagements/{id}/${part}`, summary: `The analysis: ${part}`, request: { params: IdParam }, responses: { 200: json(Anything, part), ...errors } }), async (c) => {
      const a = await load(c.req.valid('param').id, part === 'plan');
      return a ? c.json({ version: a.version, [part]: a[part] }, 200) : requestError(c, 'not-found', noAnalysis, 404);
    });
  }

  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/controls', summary: 'The imported SOC 2 controls with every original column', request: { params: IdParam }, responses: { 200: json(Anything, 'Controls'), ...errors } }), async (c) => {
    const controls = await listControls(ctx.db, c.req.valid('param').id);
    return c.json({ controls }, 200);
  });

  app.openapi(
    createRoute({ method: 'patch', path: '/engagements/{id}/tasks/{taskId}', summary: 'Update a task (owner, status, dates, notes); every change is audited', request: { params: TaskParam, body: { content: { 'application/json': { schema: TaskPatchBody } } } }, responses: { 200: json(Anything, 'The task'), ...errors } }),
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
      return r.ok ? c.json(r.value, 200) : sendError(c, r.error);
    },
  );
  void importJson;
  return app;
}
