// Issue 19, holes 1 and 2, written as the attacks: a member of workspace C reaches into client A's saved column
// mappings and duty-map templates through the tables they shared. Each attack must now fail, on SQLite and PostgreSQL.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { listReviews } from '../../server/db/reviews.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { addMember, as, signIn, type Who } from './accounts-harness.ts';
import { apiFor, call, type Api } from './harness.ts';

const PROFILE = { ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' };

async function uploadAs(who: Who, app: Api, engagementId: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), 'soc2.xlsx');
  const res = await app.request(`/api/engagements/${engagementId}/imports?wait=true`, { method: 'POST', body: form, headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
  const json = (await res.json()) as any;
  expect(res.status, JSON.stringify(json.error ?? '')).toBe(200);
  return json;
}

// Two clients' workspaces made in local mode, then accounts: an editor of A (the victim) and an owner of C (the attacker).
async function twoClients(app: Api) {
  const a = (await call(app, 'POST', '/api/workspaces', { name: 'Client A' })).json.id as string;
  const c = (await call(app, 'POST', '/api/workspaces', { name: 'Client C' })).json.id as string;
  const engA = (await call(app, 'POST', `/api/engagements?workspace=${a}`, { companyName: 'Acme Cloud', ...PROFILE })).json.id as string;
  // The attacker names an engagement exactly like the victim's client.
  const engC = (await call(app, 'POST', `/api/engagements?workspace=${c}`, { companyName: 'Acme Cloud', ...PROFILE })).json.id as string;
  return { a, c, engA, engC };
}

forEachDatabase('workspace isolation (issue 19, holes 1–2)', (dbc) => {
  it("a mapping profile saved in workspace C under A's client name is never applied, suggested, listed or usable in A", async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const { a, c, engA, engC } = await twoClients(app);
    await addMember(ctx, 'victim@a.example', 'editor', a);
    await addMember(ctx, 'attacker@c.example', 'owner', c);
    const victim = await signIn(app, 'victim@a.example');
    const attacker = await signIn(app, 'attacker@c.example');
    const bytes = await buildTypicalSaasXlsx();

    // A maps its file once and saves the mapping.
    const pA = await uploadAs(victim, app, engA, bytes);
    expect((await as(victim, app, 'POST', `/api/engagements/${engA}/imports/${pA.importId}/confirm`, { saveProfileAs: 'Acme standard' })).status).toBe(200);
    const ownProfile = (await as(victim, app, 'GET', `/api/engagements/${engA}/mapping-profiles`)).json.profiles[0];
    expect(ownProfile).toMatchObject({ name: 'Acme standard' });

    // The attack: C uploads the same headers, maps every column to nothing, and saves it under the same client and name.
    const pC = await uploadAs(attacker, app, engC, bytes);
    // C sees none of A's profiles: not suggested, not listed, not usable by id.
    expect(pC.appliedProfile).toBeNull();
    expect(pC.suggestedProfiles).toEqual([]);
    expect((await as(attacker, app, 'GET', `/api/engagements/${engC}/mapping-profiles`)).json.profiles).toEqual([]);
    const steal = await as(attacker, app, 'PUT', `/api/engagements/${engC}/imports/${pC.importId}/mapping`, { profileId: ownProfile.id });
    expect(steal.status).toBe(404);
    expect(steal.json.error.message).toBe(`no saved mapping ${ownProfile.id}`);
    // The criteria column mapped to nothing: no control covers any criterion (readiness would fall to 0).
    const wrecked = pC.tables[0].mapping.columns.filter((col: any) => col.field === 'criteria').map((col: any) => ({ sheet: pC.tables[0].sheet, column: col.column, field: null }));
    expect(wrecked).toHaveLength(1);
    const wreck = await as(attacker, app, 'PUT', `/api/engagements/${engC}/imports/${pC.importId}/mapping`, { overrides: wrecked });
    expect(wreck.status, JSON.stringify(wreck.json?.error)).toBe(200);
    const savedC = await as(attacker, app, 'POST', `/api/engagements/${engC}/imports/${pC.importId}/confirm`, { saveProfileAs: 'Acme standard' });
    expect(savedC.status).toBe(200);
    const cProfile = (await as(attacker, app, 'GET', `/api/engagements/${engC}/mapping-profiles`)).json.profiles[0];
    expect(cProfile.id).not.toBe(ownProfile.id);

    // A's next upload: A's own profile applies, the readiness holds, and C's profile is neither applied nor suggested.
    const next = await uploadAs(victim, app, engA, bytes);
    expect(next.appliedProfile).toEqual({ id: ownProfile.id, name: 'Acme standard' });
    expect(next.suggestedProfiles.map((p: any) => p.id)).toEqual([ownProfile.id]);
    expect(next.controls).toBe(pA.controls);
    expect(next.tables[0].mapping.columns.filter((col: any) => col.field).length).toBe(pA.tables[0].mapping.columns.filter((col: any) => col.field).length);
    const listed = (await as(victim, app, 'GET', `/api/engagements/${engA}/mapping-profiles`)).json.profiles;
    expect(listed.map((p: any) => [p.id, p.updatedAt])).toEqual([[ownProfile.id, ownProfile.updatedAt]]);
    const byA = await as(victim, app, 'PUT', `/api/engagements/${engA}/imports/${next.importId}/mapping`, { profileId: cProfile.id });
    expect(byA.status).toBe(404);
    const rows = await sql<{ workspace_id: string; name: string }>`select workspace_id, name from mapping_profiles order by workspace_id`.execute(dbc.db);
    expect(rows.rows.map((r) => r.workspace_id).sort()).toEqual([a, c].sort());
  });

  it("a duty-map template saved in C under A's template name neither overwrites nor lists A's, and C cannot layer A's in", async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const { a, c, engA, engC } = await twoClients(app);
    await addMember(ctx, 'victim@a.example', 'owner', a);
    await addMember(ctx, 'attacker@c.example', 'owner', c);
    const victim = await signIn(app, 'victim@a.example');
    const attacker = await signIn(app, 'attacker@c.example');
    const entry = (duties: string[]) => ({ entries: [{ name: 'Payment Release', kind: 'role', duties, systems: ['NetSuite'] }] });

    expect((await as(victim, app, 'PUT', `/api/engagements/${engA}/access/duty-map`, entry(['payment-release']))).status).toBe(200);
    const own = await as(victim, app, 'POST', `/api/engagements/${engA}/access/duty-map/templates`, { name: 'NetSuite standard' });
    expect(own.status).toBe(201);
    const auditBefore = (await as(victim, app, 'GET', `/api/engagements/${engA}/audit`)).json.entries.length;

    // The attack: the same template name from workspace C, mapping the role to no duty at all.
    expect((await as(attacker, app, 'PUT', `/api/engagements/${engC}/access/duty-map`, entry([]))).status).toBe(200);
    const theirs = await as(attacker, app, 'POST', `/api/engagements/${engC}/access/duty-map/templates`, { name: 'NetSuite standard' });
    expect(theirs.status).toBe(201);
    expect(theirs.json.id).not.toBe(own.json.id);

    // A's template is untouched, and A's duty map lists only A's templates (no e-mail of anyone in C).
    const dmA = (await as(victim, app, 'GET', `/api/engagements/${engA}/access/duty-map`)).json;
    expect(dmA.savedTemplates).toEqual([expect.objectContaining({ id: own.json.id, name: 'NetSuite standard', entries: 1, updatedBy: 'victim@a.example' })]);
    expect(JSON.stringify(dmA)).not.toContain('attacker@c.example');
    const dmC = (await as(attacker, app, 'GET', `/api/engagements/${engC}/access/duty-map`)).json;
    expect(dmC.savedTemplates.map((t: any) => t.id)).toEqual([theirs.json.id]);
    expect(JSON.stringify(dmC)).not.toContain('victim@a.example');
    const stored = await sql<{ entries_json: string }>`select entries_json from access_duty_maps where id = ${own.json.id}`.execute(dbc.db);
    expect(JSON.parse(stored.rows[0]?.entries_json ?? '[]')[0].duties).toEqual(['payment-release']);

    // C cannot layer A's template into its own engagement: it does not exist for C.
    const layer = await as(attacker, app, 'PUT', `/api/engagements/${engC}/access/duty-map`, { entries: [], templates: [own.json.id] });
    expect(layer.status).toBe(400);
    expect(layer.json.error.message).toBe(`no saved duty-map template ${own.json.id}`);
    // Nothing of A changed, so A's audit log has nothing new either.
    expect((await as(victim, app, 'GET', `/api/engagements/${engA}/audit`)).json.entries.length).toBe(auditBefore);
  });

  it('reviews are read and written with the workspace in the key', async () => {
    const { app } = apiFor(dbc.handle);
    const { a, c, engA } = await twoClients(app);
    expect((await call(app, 'POST', `/api/engagements/${engA}/reviews`, { itemKind: 'engagement', itemId: engA, kind: 'comment', text: 'looks right' })).status).toBe(201);
    expect(await listReviews(dbc.db, { workspaceId: a, engagementId: engA })).toHaveLength(1);
    expect(await listReviews(dbc.db, { workspaceId: c, engagementId: engA })).toEqual([]);
    const row = await sql<{ workspace_id: string }>`select workspace_id from reviews`.execute(dbc.db);
    expect(row.rows).toEqual([{ workspace_id: a }]);
  });
});
