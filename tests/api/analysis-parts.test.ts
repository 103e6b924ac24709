// Issue 19, hole 7: GET …/plan, …/coso and the other sections are made by the analysis renderer (on the server a child
// process), like the whole analysis: never parsed and written on the server's thread. Each is cached under the
// engagement's stamp, and after an edit a read gets the previous section, marked stale, while the new one renders.
import { expect, it } from 'vitest';
import { processRenderer, type AnalysisRenderer } from '../../server/http/analysis-renderer.ts';
import { createApp } from '../../server/http/app.ts';
import type { RenderInput } from '../../server/use-cases/render-analysis.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload } from './harness.ts';

// The real renderer process, with a record of what it was asked for and a gate to hold renders back.
function recorded(inner: AnalysisRenderer) {
  const asked: string[] = [];
  let open: () => void = () => undefined;
  let gate = Promise.resolve();
  const renderer: AnalysisRenderer = {
    offThread: true,
    holds: (key) => inner.holds(key),
    async render(input: RenderInput) {
      asked.push(input.part ?? 'analysis');
      await gate;
      return inner.render(input);
    },
    close: () => inner.close(),
  };
  return { renderer, asked, hold: () => void (gate = new Promise((r) => (open = r))), release: () => open() };
}

forEachDatabase('analysis sections from the renderer', (dbc) => {
  it('serves …/coso and …/plan from the renderer, once per state, stale while a new one renders', async () => {
    const child = processRenderer(256);
    const r = recorded(child);
    try {
      const { ctx } = apiFor(dbc.handle);
      const app = createApp({ ctx, log: () => undefined, analysisRenderer: r.renderer, staleAfterMs: 0 });
      const e = await call(app, 'POST', '/api/engagements', { companyName: 'Parts Corp', ipoDate: '2027-05-15' });
      const id = e.json.id as string;
      expect((await call(app, 'GET', `/api/engagements/${id}/coso`)).status).toBe(404); // no analysis yet
      const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'm.xlsx');
      expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);

      const whole = await call(app, 'GET', `/api/engagements/${id}/analysis`);
      const coso = await call(app, 'GET', `/api/engagements/${id}/coso`);
      const cosoAgain = await call(app, 'GET', `/api/engagements/${id}/coso`);
      const plan = await call(app, 'GET', `/api/engagements/${id}/plan`);
      expect(coso.status).toBe(200);
      expect(coso.json).toEqual({ version: whole.json.version, coso: whole.json.coso });
      expect(cosoAgain.json).toEqual(coso.json);
      expect(plan.json).toEqual({ version: whole.json.version, plan: whole.json.plan });
      for (const part of ['sod', 'timeline', 'delta', 'readiness'] as const)
        expect((await call(app, 'GET', `/api/engagements/${id}/${part}`)).json).toEqual({ version: whole.json.version, [part]: whole.json[part] });
      // each section rendered once (the second …/coso came from the cache), by the renderer
      expect(r.asked).toEqual(['analysis', 'coso', 'plan', 'sod', 'timeline', 'delta', 'readiness']);

      const task = plan.json.plan.tasks[0];
      r.hold();
      expect((await call(app, 'PATCH', `/api/engagements/${id}/tasks/${task.id}`, { owner: 'Parts Owner' })).status).toBe(200);
      const during = await call(app, 'GET', `/api/engagements/${id}/plan`);
      expect(during.res.headers.get('x-analysis-stale')).toBe('true');
      expect(during.json.plan.tasks[0].owner).toBe(task.owner);
      r.release();
      for (let i = 0; ; i++) {
        const after = await call(app, 'GET', `/api/engagements/${id}/plan`);
        if (after.res.headers.get('x-analysis-stale') === null) {
          expect(after.json.plan.tasks[0].owner).toBe('Parts Owner');
          break;
        }
        expect(i).toBeLessThan(500);
        await new Promise((res) => setTimeout(res, 10));
      }
      // the section made in the renderer process is the one made inline
      const inline = createApp({ ctx, log: () => undefined });
      for (const part of ['coso', 'plan'] as const)
        expect((await call(app, 'GET', `/api/engagements/${id}/${part}`)).json).toEqual((await call(inline, 'GET', `/api/engagements/${id}/${part}`)).json);
    } finally {
      child.close();
    }
  });
});
