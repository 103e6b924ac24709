// Reviewable mappings through the API (issue 22): a decision on a source→target link is stored, audited, re-runs the
// analysis (status, readiness, plan), survives re-analysis and a re-import of the same matrix, and another
// workspace can neither read nor write it (404, as for an engagement that does not exist). SQLite and PostgreSQL.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { addMember, as, signIn } from './accounts-harness.ts';
import { apiFor, call, upload, type Api } from './harness.ts';

const PROFILE = { ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' };

async function engagementWithMatrix(app: Api, workspace: string | null, bytes: Uint8Array) {
  const e = await call(app, 'POST', `/api/engagements${workspace ? `?workspace=${workspace}` : ''}`, { companyName: 'Acme Cloud', ...PROFILE });
  expect(e.status).toBe(201);
  const id = e.json.id as string;
  await importMatrix(app, id, bytes);
  return id;
}
async function importMatrix(app: Api, id: string, bytes: Uint8Array) {
  const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, bytes, 'soc2.xlsx');
  expect(up.status, JSON.stringify(up.json.error ?? '')).toBe(200);
  const c = await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {});
  expect(c.status, JSON.stringify(c.json.error ?? '')).toBe(200);
}
const target = async (app: Api, id: string, t: string) => {
  const a = await call(app, 'GET', `/api/engagements/${id}/analysis`);
  return { item: a.json.delta.items.find((i: { id: string }) => i.id === t), readiness: a.json.readiness.overall as number, tasks: a.json.plan.tasks as { id: string; title: string }[], version: a.json.version as number };
};
const link = (id: string, t: string, c: string) => `/api/engagements/${id}/targets/${t}/mapping-reviews/${encodeURIComponent(c)}`;

forEachDatabase('mapping reviews API', (dbc) => {
  it('rejects a strong source and accepts a candidate: audited, statuses, readiness and plan follow; withdrawing restores', async () => {
    const { app } = apiFor(dbc.handle);
    const bytes = await buildTypicalSaasXlsx();
    const id = await engagementWithMatrix(app, null, bytes);
    // ITGC-AC-04 (periodic access review, key): AC-03 is its strong source; AC-01, AC-02, AC-05 share a criterion only.
    const before = await target(app, id, 'ITGC-AC-04');
    expect(before.item.status).toBe('enhance');
    expect(before.item.sources.map((s: any) => `${s.controlId} ${s.match}`)).toEqual(['AC-03 strong']);

    // A decision must carry a reason (reject, add) and name a target and a control that exist.
    expect((await call(app, 'PUT', link(id, 'ITGC-AC-04', 'AC-03'), { decision: 'reject', reason: ' ' })).status).toBe(400);
    const noControl = await call(app, 'PUT', link(id, 'ITGC-AC-04', 'AC-99'), { decision: 'add', reason: 'x' });
    expect([noControl.status, noControl.json.error.message]).toEqual([404, 'no control AC-99 in the imported matrix']);
    const noTarget = await call(app, 'PUT', link(id, 'NOPE-1', 'AC-03'), { decision: 'reject', reason: 'x' });
    expect([noTarget.status, noTarget.json.error.message]).toEqual([404, 'no SOX target NOPE-1 in the catalogue']);
    expect((await call(app, 'PUT', link(id, 'ITGC-AC-04', 'AC-03'), { decision: 'maybe', reason: 'x' })).status).toBe(400);
    expect((await target(app, id, 'ITGC-AC-04')).version).toBe(before.version); // nothing re-ran

    // Reject the one source: a gap (no source left), a key target's 0.5 lost; the plan designs it from scratch.
    const rejected = await call(app, 'PUT', link(id, 'ITGC-AC-04', 'AC-03'), { decision: 'reject', reason: 'reviews AWS console access only, not the ERP' });
    expect(rejected.status, JSON.stringify(rejected.json.error ?? '')).toBe(200);
    expect(rejected.json.item.status).toBe('gap');
    expect(rejected.json.reviews).toEqual([{ targetId: 'ITGC-AC-04', controlId: 'AC-03', decision: 'reject', reason: 'reviews AWS console access only, not the ERP', author: 'local', at: '2026-11-25T12:00:00.000Z', orphaned: null }]);
    const after = await target(app, id, 'ITGC-AC-04');
    expect(after.version).toBe(before.version + 1);
    expect(after.item.status).toBe('gap');
    expect(after.item.candidates.find((c: any) => c.controlId === 'AC-03')).toMatchObject({ reason: 'rejected by local: reviews AWS console access only, not the ERP', review: { decision: 'reject' } });
    expect(after.readiness).toBeLessThan(before.readiness);
    expect(after.tasks.find((t) => t.id === 'ITGC-AC-04-D')?.title).toMatch(/^Design: /);
    expect(before.tasks.find((t) => t.id === 'ITGC-AC-04-D')?.title).toMatch(/^Redesign: /);

    // Accept a candidate: a source with match "reviewer", enhance at best (CC6.x relationships of this target are partial).
    const accepted = await call(app, 'PUT', link(id, 'ITGC-AC-04', 'AC-01'), { decision: 'accept', reason: 'the request form includes the quarterly recertification' });
    expect(accepted.status).toBe(200);
    expect(accepted.json.item.status).toBe('enhance');
    expect(accepted.json.item.sources.map((s: any) => `${s.controlId} ${s.match}`)).toEqual(['AC-01 reviewer']);
    const listed = await call(app, 'GET', `/api/engagements/${id}/targets/ITGC-AC-04/mapping-reviews`);
    expect(listed.json.reviews.map((r: any) => `${r.controlId} ${r.decision}`)).toEqual(['AC-01 accept', 'AC-03 reject']);

    // Audited: one entry per write, with before and after.
    const audit = (await call(app, 'GET', `/api/engagements/${id}/audit`)).json.entries.filter((e: any) => e.entity === 'mapping-review');
    expect(audit.map((e: any) => [e.action, e.entityId, e.before?.decision ?? null, e.after?.decision ?? null])).toEqual([
      ['mapping.review', 'ITGC-AC-04/AC-03', null, 'reject'],
      ['mapping.review', 'ITGC-AC-04/AC-01', null, 'accept'],
    ]);

    // Survives re-analysis (a profile edit re-runs it) and a re-import of the same matrix (matched by control id).
    expect((await call(app, 'PATCH', `/api/engagements/${id}`, { financialSystems: ['NetSuite', 'Stripe'] })).status).toBe(200);
    await importMatrix(app, id, bytes);
    const reimported = await target(app, id, 'ITGC-AC-04');
    expect(reimported.version).toBeGreaterThan(after.version + 1);
    expect(reimported.item.sources.map((s: any) => `${s.controlId} ${s.match}`)).toEqual(['AC-01 reviewer']);
    expect(reimported.item.candidates.find((c: any) => c.controlId === 'AC-03')?.review?.decision).toBe('reject');

    // Withdraw both: the engine's verdict applies again.
    expect((await call(app, 'DELETE', link(id, 'ITGC-AC-04', 'AC-01'))).status).toBe(200);
    const restored = await call(app, 'DELETE', link(id, 'ITGC-AC-04', 'AC-03'));
    expect(restored.status).toBe(200);
    expect(restored.json.reviews).toEqual([]);
    expect(restored.json.item.sources.map((s: any) => `${s.controlId} ${s.match}`)).toEqual(['AC-03 strong']);
    expect((await call(app, 'DELETE', link(id, 'ITGC-AC-04', 'AC-03'))).status).toBe(404);
    const deletes = (await call(app, 'GET', `/api/engagements/${id}/audit`)).json.entries.filter((e: any) => e.action === 'mapping.review.delete');
    expect(deletes.map((e: any) => [e.entityId, e.before.decision])).toEqual([
      ['ITGC-AC-04/AC-01', 'accept'],
      ['ITGC-AC-04/AC-03', 'reject'],
    ]);
  });

  it('is described in the OpenAPI document with a response schema per route', async () => {
    const { app } = apiFor(dbc.handle);
    const doc = (await call(app, 'GET', '/api/openapi.json')).json;
    const list = doc.paths['/api/engagements/{id}/targets/{targetId}/mapping-reviews'];
    const one = doc.paths['/api/engagements/{id}/targets/{targetId}/mapping-reviews/{controlId}'];
    const schemaOf = (op: any) => op.responses['200'].content['application/json'].schema.$ref;
    expect([schemaOf(list.get), schemaOf(one.put), schemaOf(one.delete)]).toEqual(['#/components/schemas/TargetMappingReviews', '#/components/schemas/MappingReviewChange', '#/components/schemas/MappingReviewChange']);
    expect(doc.components.schemas.MappingReview.properties.decision.enum).toEqual(['accept', 'reject', 'add']);
    expect(doc.components.schemas.MappingDecision.required).toEqual(['decision']);
  });

  it('the attack: a member of workspace B cannot read, write or withdraw A’s decisions (404, as if none existed)', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const bytes = await buildTypicalSaasXlsx();
    const a = (await call(app, 'POST', '/api/workspaces', { name: 'Client A' })).json.id as string;
    const b = (await call(app, 'POST', '/api/workspaces', { name: 'Client B' })).json.id as string;
    const engA = await engagementWithMatrix(app, a, bytes);
    const engB = await engagementWithMatrix(app, b, bytes);
    await addMember(ctx, 'editor@a.example', 'editor', a);
    await addMember(ctx, 'owner@b.example', 'owner', b);
    const victim = await signIn(app, 'editor@a.example');
    const attacker = await signIn(app, 'owner@b.example');
    expect((await as(victim, app, 'PUT', link(engA, 'ITGC-AC-04', 'AC-03'), { decision: 'reject', reason: 'out of scope' })).status).toBe(200);
    const stored = async () => (await as(victim, app, 'GET', `/api/engagements/${engA}/targets/ITGC-AC-04/mapping-reviews`)).json.reviews;
    const was = await stored();
    expect(was).toHaveLength(1);

    for (const [method, path, body] of [
      ['GET', `/api/engagements/${engA}/targets/ITGC-AC-04/mapping-reviews`, undefined],
      ['PUT', link(engA, 'ITGC-AC-04', 'AC-03'), { decision: 'accept', reason: '' }],
      ['PUT', link(engA, 'ITGC-AC-04', 'AC-01'), { decision: 'add', reason: 'planted' }],
      ['DELETE', link(engA, 'ITGC-AC-04', 'AC-03'), undefined],
    ] as const) {
      const r = await as(attacker, app, method, path, body);
      expect([method, r.status, r.json.error.message]).toEqual([method, 404, 'no such engagement']);
    }
    expect(await stored()).toEqual(was);
    // B's own engagement holds none of A's decisions, and A's engagement id under B's routes is no way in.
    expect((await as(attacker, app, 'GET', `/api/engagements/${engB}/targets/ITGC-AC-04/mapping-reviews`)).json.reviews).toEqual([]);
    const own = (await as(attacker, app, 'GET', `/api/engagements/${engB}/analysis`)).json.delta.items.find((i: any) => i.id === 'ITGC-AC-04');
    expect(own.sources.map((s: any) => s.controlId)).toEqual(['AC-03']);
  });
});
