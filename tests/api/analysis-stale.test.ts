// Issue 19, hole 7 (one large engagement stalls everyone): the analysis body is made in a separate process, and while
// a new one is being made after an edit, a read gets the previous body at once, marked X-Analysis-Stale: true, then
// the new one. The renderer here is the real child process; the test only holds it back (a gate) to make the
// "still rendering" moment certain, instead of racing it.
import { expect, it } from 'vitest';
import { processRenderer, type AnalysisRenderer } from '../../server/http/analysis-renderer.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload } from './harness.ts';
import { createApp } from '../../server/http/app.ts';

function gated(inner: AnalysisRenderer) {
  let open: () => void = () => undefined;
  let gate = Promise.resolve();
  let renders = 0;
  const renderer: AnalysisRenderer = {
    offThread: true,
    holds: (key) => inner.holds(key),
    async render(input) {
      renders++;
      await gate;
      return inner.render(input);
    },
    close: () => inner.close(),
  };
  return {
    renderer,
    hold: () => {
      gate = new Promise((r) => (open = r));
    },
    release: () => open(),
    renders: () => renders,
  };
}

forEachDatabase('analysis off the main thread', (dbc) => {
  it('after a task edit, reads get the previous analysis marked stale until the new one is ready, then the new one', async () => {
    const child = processRenderer(256);
    const g = gated(child);
    try {
      const { ctx } = apiFor(dbc.handle);
      const app = createApp({ ctx, log: () => undefined, analysisRenderer: g.renderer, staleAfterMs: 0 });
      const e = await call(app, 'POST', '/api/engagements', { companyName: 'Stale Corp', ipoDate: '2027-05-15' });
      const id = e.json.id as string;
      const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'm.xlsx');
      expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);

      const first = await call(app, 'GET', `/api/engagements/${id}/analysis`); // nothing earlier: waits for the render
      expect(first.status).toBe(200);
      expect(first.res.headers.get('x-analysis-stale')).toBeNull();
      const task = first.json.plan.tasks[0];
      expect(task.owner).not.toBe('Nadia New');

      g.hold();
      expect((await call(app, 'PATCH', `/api/engagements/${id}/tasks/${task.id}`, { owner: 'Nadia New' })).status).toBe(200);
      const during = await call(app, 'GET', `/api/engagements/${id}/analysis`);
      expect(during.status).toBe(200);
      expect(during.res.headers.get('x-analysis-stale')).toBe('true');
      expect(during.res.headers.get('cache-control')).toBe('no-store');
      expect(during.json.plan.tasks[0].owner).toBe(task.owner); // the previous body, whole
      const again = await call(app, 'GET', `/api/engagements/${id}/analysis`);
      expect(again.res.headers.get('x-analysis-stale')).toBe('true');
      expect(g.renders()).toBe(2); // one render for the new state, however many reads asked meanwhile

      g.release();
      for (let i = 0; ; i++) {
        const after = await call(app, 'GET', `/api/engagements/${id}/analysis`);
        if (after.res.headers.get('x-analysis-stale') === null) {
          expect(after.json.plan.tasks[0].owner).toBe('Nadia New');
          expect(after.json.version).toBe(first.json.version);
          break;
        }
        expect(i).toBeLessThan(500);
        await new Promise((r) => setTimeout(r, 10));
      }
      // and the renderer's body is what the inline one makes
      const inline = createApp({ ctx, log: () => undefined });
      const direct = await call(inline, 'GET', `/api/engagements/${id}/analysis`);
      const viaChild = await call(app, 'GET', `/api/engagements/${id}/analysis`);
      expect(viaChild.json).toEqual(direct.json);
    } finally {
      child.close();
    }
  });

  it('a renderer process that was killed is started again at the next read', async () => {
    const child = processRenderer(256);
    try {
      const { ctx } = apiFor(dbc.handle);
      const app = createApp({ ctx, log: () => undefined, analysisRenderer: child });
      const e = await call(app, 'POST', '/api/engagements', { companyName: 'Crash Corp', ipoDate: '2027-05-15' });
      const id = e.json.id as string;
      const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'm.xlsx');
      expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
      expect((await call(app, 'GET', `/api/engagements/${id}/analysis`)).status).toBe(200);
      child.close(); // killed: the next render starts a new one
      const t = (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json.plan.tasks[0];
      expect((await call(app, 'PATCH', `/api/engagements/${id}/tasks/${t.id}`, { owner: 'After Crash' })).status).toBe(200);
      // the new renderer takes a moment to start: meanwhile reads get the previous body, marked stale
      for (let i = 0; ; i++) {
        const r = await call(app, 'GET', `/api/engagements/${id}/analysis`);
        expect(r.status).toBe(200);
        if (r.res.headers.get('x-analysis-stale') === null) {
          expect(r.json.plan.tasks[0].owner).toBe('After Crash');
          break;
        }
        expect(i).toBeLessThan(500);
        await new Promise((res) => setTimeout(res, 20));
      }
    } finally {
      child.close();
    }
  });
});
