// Scenarios on an engagement over HTTP (issue 21), on SQLite and (in CI) PostgreSQL: computed and saved without
// touching the profile, read back, adopted as an audited profile change; and the workspace attack.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { listScenarios } from '../../server/db/scenarios.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { addMember, as, signIn } from './accounts-harness.ts';
import { apiFor, call, upload } from './harness.ts';

forEachDatabase('API scenarios', (dbc) => {
  it('computes and saves scenarios without changing the profile; adopting one is an audited profile change', async () => {
    const { app } = apiFor(dbc.handle);
    const created = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', planStart: '2026-11-25', financialSystems: ['NetSuite'] });
    const id = created.json.id as string;
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);

    const r = await call(app, 'POST', `/api/engagements/${id}/scenarios`, { variants: [{ change: { ipoDate: '2028-03-01' } }, { name: 'Large accelerated', change: { filerStatus: 'large-accelerated' } }] });
    expect(r.status).toBe(200);
    expect(r.json.scenarios.map((s: { name: string }) => s.name)).toEqual(['baseline', 'ipoDate=2028-03-01', 'Large accelerated']);
    // IPO 2028-03-01: 2027-12-31 only 61 days before (< 90) → S-1 period 2027-09-30 → 10-K FY2027 (Rule 13a-1) carries the first §302
    expect(r.json.scenarios[1].moved).toContainEqual({ milestone: 'first302', from: '2027-06-30 due 2027-08-16', to: '2027-12-31 due 2028-03-30' });
    expect(r.json.scenarios[2].moved).toContainEqual({ milestone: 'first404b', from: null, to: '2028-12-31 due 2029-03-01' });

    // the profile is unchanged
    expect((await call(app, 'GET', `/api/engagements/${id}`)).json.profile.ipoDate).toBe('2027-05-15');
    const saved = await call(app, 'GET', `/api/engagements/${id}/scenarios`);
    expect(saved.json.scenarios.map((s: { name: string }) => s.name)).toEqual(['baseline', 'ipoDate=2028-03-01', 'Large accelerated']);

    const adopted = await call(app, 'POST', `/api/engagements/${id}/scenarios/adopt`, { name: 'Large accelerated' });
    expect(adopted.status).toBe(200);
    expect(adopted.json.profile.filerStatus).toBe('large-accelerated');
    const analysis = await call(app, 'GET', `/api/engagements/${id}/analysis`);
    expect(analysis.json.timeline.first404b).toMatchObject({ periodEnd: '2028-12-31', due: '2029-03-01' });
    const audit = await sql<{ action: string; field: string | null }>`select action, field from audit_log where engagement_id = ${id} order by seq`.execute(dbc.db);
    const actions = audit.rows.map((a) => `${a.action}${a.field ? `:${a.field}` : ''}`);
    expect(actions).toEqual(expect.arrayContaining(['scenarios.save', 'engagement.update:filerStatus', 'scenario.adopt']));

    expect((await call(app, 'POST', `/api/engagements/${id}/scenarios/adopt`, { name: 'nope' })).status).toBe(404);
    // an inconsistent variant is refused with one line and nothing is saved
    const bad = await call(app, 'POST', `/api/engagements/${id}/scenarios`, { variants: [{ change: { egc: false, egcEndsFiscalYear: 2029 } }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/not an Emerging Growth Company/);
    expect((await call(app, 'GET', `/api/engagements/${id}/scenarios`)).json.scenarios).toHaveLength(3);
  });

  it("starts from the engagement's own analysis: recorded test results and reviewers' mapping decisions count in the baseline and every variant", async () => {
    const { app } = apiFor(dbc.handle);
    const id = (await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', planStart: '2026-11-25', financialSystems: ['NetSuite'], materiality: 1000000 })).json.id as string;
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'acme-soc2.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
    const before = (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json;
    // A failed operating-effectiveness test is a deficiency: remediation, operation and retest tasks join the plan. A
    // reviewer rejects the strong source of the periodic access review: that target falls to a gap.
    expect((await call(app, 'PUT', `/api/engagements/${id}/tests/REV-03-TOE`, { tested: 2, exceptions: 1, testedOn: '2028-03-15', note: 'one invoice without approval' })).status).toBe(200);
    expect((await call(app, 'PUT', `/api/engagements/${id}/targets/ITGC-AC-04/mapping-reviews/AC-03`, { decision: 'reject', reason: 'reviews admin accounts only' })).status).toBe(200);
    const now = (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json;
    expect(now.plan.tasks.length).toBeGreaterThan(before.plan.tasks.length); // the deficiency's tasks
    expect(now.delta.items.find((i: { id: string }) => i.id === 'ITGC-AC-04').status).toBe('gap');

    const r = await call(app, 'POST', `/api/engagements/${id}/scenarios`, { variants: [{ name: 'Same dates', change: { fiscalYearEnd: '12-31' } }] });
    expect(r.status).toBe(200);
    for (const s of r.json.scenarios) expect(s.plan, s.name).toMatchObject({ tasks: now.plan.tasks.length, atRisk: now.plan.atRisk });
  });

  it('attack: scenarios of an engagement in another workspace are not found, by HTTP or by a repository query with the wrong workspace', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const wsA = (await call(app, 'POST', '/api/workspaces', { name: 'A' })).json.id as string;
    const wsB = (await call(app, 'POST', '/api/workspaces', { name: 'B' })).json.id as string;
    const id = (await call(app, 'POST', `/api/engagements?workspace=${wsA}`, { companyName: 'Secret', ipoDate: '2027-05-15', planStart: '2026-11-25' })).json.id as string;
    expect((await call(app, 'POST', `/api/engagements/${id}/scenarios`, { variants: [{ change: { ipoDate: '2027-09-15' } }] })).status).toBe(200);
    expect(await listScenarios(dbc.db, wsB, id)).toEqual([]);
    expect((await listScenarios(dbc.db, wsA, id)).length).toBe(2);

    await addMember(ctx, 'owner@a.example', 'owner', wsA);
    await addMember(ctx, 'owner@b.example', 'owner', wsB);
    const b = await signIn(app, 'owner@b.example');
    expect((await as(b, app, 'GET', `/api/engagements/${id}/scenarios`)).status).toBe(404);
    expect((await as(b, app, 'POST', `/api/engagements/${id}/scenarios`, { variants: [{ change: { ipoDate: '2028-01-10' } }] })).status).toBe(404);
    expect((await as(b, app, 'POST', `/api/engagements/${id}/scenarios/adopt`, { name: 'ipoDate=2027-09-15' })).status).toBe(404);
    const a = await signIn(app, 'owner@a.example');
    expect((await as(a, app, 'GET', `/api/engagements/${id}/scenarios`)).json.scenarios).toHaveLength(2);
  });
});

describe('scenarios table', () => {
  it('is in the migration list as 0008', async () => {
    const { MIGRATIONS } = await import('../../server/db/migrations.ts');
    expect(Object.keys(MIGRATIONS)).toContain('0008-scenarios');
  });
});
