// Long work reports progress (a job, polled or followed as server-sent events); a client's saved mapping is suggested
// and applied automatically when the headers match; every request is logged with its request id.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call } from './harness.ts';

forEachDatabase('jobs, saved mappings and request logs', (dbc) => {
  it('an upload returns a job whose progress can be polled and followed as server-sent events until done', async () => {
    const { app, logs } = apiFor(dbc.handle);
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Jobs Corp' });
    const form = new FormData();
    form.append('file', new Blob([(await buildTypicalSaasXlsx()).slice().buffer as ArrayBuffer]), 'm.xlsx');
    const res = await app.request(`/api/engagements/${e.json.id}/imports`, { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const { job } = (await res.json()) as { job: { id: string; progressUrl: string; eventsUrl: string } };
    const events = await (await app.request(job.eventsUrl)).text();
    expect(events).toMatch(/event: done/);
    const last = JSON.parse(events.trim().split('\n').filter((l) => l.startsWith('data: ')).pop()!.slice(6));
    expect(last).toMatchObject({ state: 'done', percent: 100 });
    const polled = await call(app, 'GET', job.progressUrl);
    expect(polled.json).toMatchObject({ state: 'done', result: expect.objectContaining({ controls: 29 }) });
    expect((await call(app, 'GET', '/api/jobs/nope')).status).toBe(404);
    const line = logs.find((l) => l.path === `/api/engagements/${e.json.id}/imports`);
    expect(line).toMatchObject({ method: 'POST', status: 202, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it("saves a mapping per client and applies it automatically to that client's next file with the same headers", async () => {
    const { app } = apiFor(dbc.handle);
    const bytes = await buildTypicalSaasXlsx();
    const upload = async (id: string) => {
      const form = new FormData();
      form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), 'm.xlsx');
      return (await (await app.request(`/api/engagements/${id}/imports?wait=true`, { method: 'POST', body: form })).json()) as any;
    };
    const first = await call(app, 'POST', '/api/engagements', { companyName: 'Repeat Client' });
    const p1 = await upload(first.json.id);
    expect(p1.appliedProfile).toBeNull();
    const evidence = p1.tables[0].mapping.columns.find((c: any) => c.header === 'Evidence');
    await call(app, 'PUT', `/api/engagements/${first.json.id}/imports/${p1.importId}/mapping`, { overrides: [{ sheet: 'Controls', column: evidence.column, field: null }] });
    await call(app, 'POST', `/api/engagements/${first.json.id}/imports/${p1.importId}/confirm`, { saveProfileAs: 'Repeat standard' });
    const saved = await call(app, 'GET', `/api/engagements/${first.json.id}/mapping-profiles`);
    expect(saved.json.profiles.map((p: any) => p.name)).toEqual(['Repeat standard']);

    const second = await call(app, 'POST', '/api/engagements', { companyName: 'Repeat Client' });
    const p2 = await upload(second.json.id);
    expect(p2.appliedProfile).toMatchObject({ name: 'Repeat standard' });
    expect(p2.tables[0].mapping.columns.find((c: any) => c.header === 'Evidence').field).toBeNull();
    const other = await call(app, 'POST', '/api/engagements', { companyName: 'Other Client' });
    const p3 = await upload(other.json.id);
    expect(p3.appliedProfile).toBeNull();
    expect(p3.suggestedProfiles.map((p: any) => p.name)).toEqual(['Repeat standard']);
  });
});
