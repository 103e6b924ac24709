// Progress of long work: poll GET /api/jobs/{id}, or follow GET /api/jobs/{id}/events (server-sent events).
import { createRoute, type z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import { newApi } from './sub-app.ts';
import { requestError } from './errors.ts';
import type { Job, Jobs } from './jobs.ts';
import { errors, json } from './route-helpers.ts';
import { JobParam } from './schemas.ts';
import { JobView } from './openapi-records.ts';

const view = (j: Job): z.input<typeof JobView> => ({ id: j.id, kind: j.kind, state: j.state, stage: j.stage, percent: j.percent, queuePosition: j.queuePosition, status: j.status, result: j.result, error: j.error, startedAt: j.startedAt, finishedAt: j.finishedAt });

export function jobRoutes(jobs: Jobs) {
  const app = newApi();
  app.openapi(createRoute({ method: 'get', path: '/jobs/{jobId}', summary: 'A job: state, stage, percent, and its result or error', request: { params: JobParam }, responses: { 200: json(JobView, 'Job'), ...errors } }), (c) => {
    const j = jobs.get(c.req.valid('param').jobId);
    return j ? c.json(view(j), 200) : requestError(c, 'not-found', 'no such job (jobs are kept in memory for a while)', 404);
  });
  app.get('/jobs/:jobId/events', (c) => {
    const j = jobs.get(c.req.param('jobId'));
    if (!j) return requestError(c, 'not-found', 'no such job', 404);
    return streamSSE(c, async (stream) => {
      let last = '';
      const send = async (job: Job) => {
        const data = JSON.stringify(view(job));
        if (data === last) return;
        last = data;
        await stream.writeSSE({ event: job.state === 'running' ? 'progress' : job.state, data });
      };
      await send(j);
      if (j.state !== 'running') return;
      await new Promise<void>((resolve) => {
        // Writes are chained so the last event is on the wire before the stream closes.
        let chain = Promise.resolve();
        const off = jobs.subscribe(j.id, (job) => {
          const ended = job.state !== 'running';
          if (ended) off();
          chain = chain.then(() => send(job)).then(() => (ended ? resolve() : undefined));
        });
        // It may have ended between the first event and the subscription.
        if (j.state !== 'running') {
          off();
          chain = chain.then(() => send(j)).then(() => resolve());
        }
        stream.onAbort(() => {
          off();
          resolve();
        });
      });
    });
  });
  return app;
}
