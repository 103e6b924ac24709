// Accounts over HTTP, on SQLite and (in CI) PostgreSQL: local mode until the first user, sessions (cookie flags,
// sign-out), CSRF, sign-in rate limits per account and per address, password reset by one-time token, invitations,
// the last owner, acting users in the audit log, and viewers' read-only exports.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { FailureLimiter } from '../../server/http/rate-limit.ts';
import { DEFAULT_THROTTLE, SignInThrottle } from '../../server/http/sign-in-throttle.ts';
import { listMembers } from '../../server/db/workspaces.ts';
import { createResetToken, disableUser, enableUser } from '../../server/use-cases/accounts.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { addMember, as, PASSWORD, sessionCookie, signIn } from './accounts-harness.ts';
import { apiFor, call, upload, type Api } from './harness.ts';

async function engagementWithPlan(app: Api, workspace = 'default') {
  const e = await call(app, 'POST', `/api/engagements?workspace=${workspace}`, { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
  expect(e.status).toBe(201);
  const up = await upload(app, `/api/engagements/${e.json.id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'soc2.xlsx');
  expect((await call(app, 'POST', `/api/engagements/${e.json.id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
  return e.json.id as string;
}

describe('FailureLimiter', () => {
  it('blocks at the limit until the oldest failure leaves the window; a success clears the key', () => {
    const l = new FailureLimiter(3, 1000);
    l.fail('a', 0);
    l.fail('a', 100);
    expect(l.retryAfter('a', 200)).toBe(0);
    l.fail('a', 200);
    expect(l.retryAfter('a', 300)).toBe(700);
    expect(l.retryAfter('b', 300)).toBe(0);
    expect(l.retryAfter('a', 1001)).toBe(0);
    l.fail('a', 1100);
    l.fail('a', 1150);
    l.clear('a');
    expect(l.retryAfter('a', 1200)).toBe(0);
  });
});

forEachDatabase('accounts', (dbc) => {
  it('runs in local mode until the first user; then requires sign-in; sessions are HTTP-only, SameSite=Strict and end at sign-out', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const local = await call(app, 'GET', '/api/session');
    expect(local.json).toMatchObject({ mode: 'local', user: null });
    expect((await call(app, 'GET', '/api/engagements')).status).toBe(200);
    expect((await call(app, 'POST', '/api/auth/sign-in', { email: 'x@y.z', password: 'whatever123' })).status).toBe(400);

    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    expect((await call(app, 'GET', '/api/engagements')).status).toBe(401);
    expect((await call(app, 'GET', '/api/session')).json).toMatchObject({ mode: 'accounts', user: null });

    const wrong = await call(app, 'POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(sessionCookie(wrong.res)).toBeNull();
    const res = await app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ' Ann@Acme.example ', password: PASSWORD }) });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http on loopback: a Secure cookie would never come back
    const ann = { email: 'ann@acme.example', cookie: sessionCookie(res) ?? '', csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    const me = await as(ann, app, 'GET', '/api/session');
    expect(me.json).toMatchObject({ mode: 'accounts', user: { email: 'ann@acme.example' }, csrfToken: ann.csrf });
    expect(me.json.workspaces).toEqual([expect.objectContaining({ id: 'default', role: 'owner' })]);
    // The database holds the cookie's hash, not the cookie.
    const stored = await sql<{ id_hash: string }>`select id_hash from sessions`.execute(dbc.db);
    expect(stored.rows).toHaveLength(1);
    expect(ann.cookie).not.toContain(stored.rows[0]?.id_hash ?? '?');

    const out = await as(ann, app, 'POST', '/api/auth/sign-out', {});
    expect(out.status).toBe(200);
    expect(out.res.headers.get('set-cookie')).toMatch(/soxbridge_session=;.*Max-Age=0/);
    expect((await as(ann, app, 'GET', '/api/engagements')).status).toBe(401);
    expect((await sql<{ n: number }>`select count(*) as n from sessions`.execute(dbc.db)).rows[0]?.n).toBe(dbc.dialect === 'sqlite' ? 0 : '0');
    // Behind an HTTPS proxy (COOKIE_SECURE=1) the cookie is marked Secure.
    const proxied = apiFor(dbc.handle, { cookieSecure: true }).app;
    const viaProxy = await proxied.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ann@acme.example', password: PASSWORD }) });
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses state-changing requests without the session’s CSRF token', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    await addMember(ctx, 'ed@acme.example', 'editor', 'default');
    const ed = await signIn(app, 'ed@acme.example');
    const body = { companyName: 'Beta', ipoDate: '2027-05-15' };
    const none = await as({ ...ed, csrf: '' }, app, 'POST', '/api/engagements', body);
    expect(none.status).toBe(403);
    expect(none.json.error.code).toBe('csrf');
    const forged = await as({ ...ed, csrf: 'x'.repeat(43) }, app, 'POST', '/api/engagements', body);
    expect(forged.status).toBe(403);
    // A cross-site page cannot send it either: the origin check answers first.
    const crossSite = await as(ed, app, 'POST', '/api/engagements', body, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect((await call(app, 'GET', '/api/engagements')).status).toBe(401);
    const good = await as(ed, app, 'POST', '/api/engagements', body);
    expect(good.status).toBe(201);
    expect(good.json.workspaceId).toBe('default');
  });

  it('slows failed sign-ins per account and per address, with a message that says when to try again', async () => {
    let now = 0;
    const throttle = new SignInThrottle({ ...DEFAULT_THROTTLE, address: { ...DEFAULT_THROTTLE.address, free: 8 } }, () => now);
    const { app, ctx } = apiFor(dbc.handle, { signInLimits: throttle });
    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    await addMember(ctx, 'bob@acme.example', 'viewer', 'default');
    for (let i = 0; i < 5; i++) expect((await call(app, 'POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: `guess number ${i}` })).status).toBe(401);
    const blocked = await call(app, 'POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: PASSWORD });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.message).toMatch(/try again in 1 second/);
    expect(blocked.res.headers.get('retry-after')).toBe('1');
    now += 1000; // the delay doubles with each further failure
    expect((await call(app, 'POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: 'guess number 5' })).status).toBe(401);
    expect((await call(app, 'POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: PASSWORD })).json.error.message).toMatch(/try again in 2 second/);
    // Another account from the same address still signs in…
    await signIn(app, 'bob@acme.example');
    // …until the address has failed 8 times in all (unknown accounts count too).
    for (let i = 0; i < 2; i++) expect((await call(app, 'POST', '/api/auth/sign-in', { email: `nobody${i}@acme.example`, password: 'a wrong password' })).status).toBe(401);
    expect((await call(app, 'POST', '/api/auth/sign-in', { email: 'bob@acme.example', password: PASSWORD })).status).toBe(429);
  });

  it('resets a password with a one-time token: once, within the hour, ending every session of the user', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    const before = await signIn(app, 'ann@acme.example');
    const t = await createResetToken(ctx, 'ann@acme.example');
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    expect((await call(app, 'POST', '/api/auth/reset', { token: t.value.token, password: 'short' })).json.error.message).toMatch(/at least 10 characters/);
    const done = await call(app, 'POST', '/api/auth/reset', { token: t.value.token, password: 'a brand new passphrase' });
    expect(done.status).toBe(200);
    expect((await as(before, app, 'GET', '/api/engagements')).status).toBe(401);
    expect((await call(app, 'POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: PASSWORD })).status).toBe(401);
    await signIn(app, 'ann@acme.example', 'a brand new passphrase');
    const again = await call(app, 'POST', '/api/auth/reset', { token: t.value.token, password: 'yet another passphrase' });
    expect(again.status).toBe(404);
    expect(again.json.error.message).toMatch(/used already, it expired/);
    // An expired token is refused the same way.
    const t2 = await createResetToken(ctx, 'ann@acme.example');
    if (!t2.ok) throw new Error(t2.error.message);
    const { app: lateApp } = apiFor(dbc.handle, { now: () => new Date(ctx.now().getTime() + 2 * 3600_000) });
    expect((await call(lateApp, 'POST', '/api/auth/reset', { token: t2.value.token, password: 'a late new passphrase' })).status).toBe(404);
    const audit = await sql<{ action: string; actor: string }>`select action, actor from audit_log where action like 'user.%' order by seq`.execute(dbc.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['user.add', 'user.reset-requested', 'user.password-reset', 'user.reset-requested']);
  });

  it('a disabled account cannot sign in, its open session ends at once, its reset link and invitation are refused; enabling undoes it', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    await addMember(ctx, 'cy@acme.example', 'editor', 'default');
    const ann = await signIn(app, 'ann@acme.example');
    const cy = await signIn(app, 'cy@acme.example');
    const link = await createResetToken(ctx, 'cy@acme.example');
    const inv = await as(ann, app, 'POST', '/api/workspaces/default/invites', { email: 'cy@acme.example', role: 'owner' });
    expect(inv.status).toBe(201);
    expect((await as(cy, app, 'GET', '/api/engagements')).status).toBe(200);

    const off = await disableUser(ctx, 'CY@acme.example', 'ann@acme.example');
    expect(off.ok).toBe(true);
    if (!off.ok || !link.ok) return;
    expect(off.value.ownerless).toEqual([]); // ann still owns the workspace
    expect((await as(cy, app, 'GET', '/api/engagements')).status).toBe(401);
    // The right password of a disabled account gets exactly the answer of a wrong one: it confirms nothing.
    const refused = await call(app, 'POST', '/api/auth/sign-in', { email: 'cy@acme.example', password: PASSWORD });
    const wrong = await call(app, 'POST', '/api/auth/sign-in', { email: 'cy@acme.example', password: 'a wrong password' });
    expect([refused.status, wrong.status]).toEqual([401, 401]);
    expect(refused.json).toEqual(wrong.json);
    const reset = await call(app, 'POST', '/api/auth/reset', { token: link.value.token, password: 'a brand new passphrase' });
    expect(reset.status).toBe(403);
    // The invitation is spent without adding the role, answered like any accepted invitation.
    const accept = await call(app, 'POST', `/api/invites/${String(inv.json.link).split('/').pop()}/accept`, { password: PASSWORD });
    expect(accept.status).toBe(200);
    expect(accept.json).toEqual({ email: 'cy@acme.example', accepted: true });
    expect((await listMembers(dbc.db, 'default')).find((m) => m.email === 'cy@acme.example')?.role).toBe('editor');
    expect((await createResetToken(ctx, 'cy@acme.example')).ok).toBe(false);
    const again = await disableUser(ctx, 'cy@acme.example');
    expect(again.ok ? '' : again.error.message).toMatch(/disabled already/);
    // Still listed among the members, marked, until an owner removes the role.
    const members = await as(ann, app, 'GET', '/api/workspaces/default/members');
    const row = members.json.members.find((m: { email: string }) => m.email === 'cy@acme.example');
    expect(row).toMatchObject({ role: 'editor' });
    expect(row.disabledAt).toBe(off.value.disabledAt);

    expect((await enableUser(ctx, 'cy@acme.example', 'ann@acme.example')).ok).toBe(true);
    await signIn(app, 'cy@acme.example');
    // The reset link printed before was not spent while the account was disabled.
    expect((await call(app, 'POST', '/api/auth/reset', { token: link.value.token, password: 'a brand new passphrase' })).status).toBe(200);
    expect((await enableUser(ctx, 'cy@acme.example')).ok).toBe(false);

    // Disabling the only owner says which workspace is left without one who can sign in.
    const last = await disableUser(ctx, 'ann@acme.example');
    expect(last.ok && last.value.ownerless.map((w) => w.name)).toEqual(['Default workspace']);
    const audit = await sql<{ action: string; actor: string }>`select action, actor from audit_log where action in ('user.disable', 'user.enable') order by seq`.execute(dbc.db);
    expect(audit.rows).toEqual([
      { action: 'user.disable', actor: 'ann@acme.example' },
      { action: 'user.enable', actor: 'ann@acme.example' },
      { action: 'user.disable', actor: 'cli' },
    ]);
  });

  it('invites by one-time link; the new member gets exactly the role; the last owner stays owner; changes carry the acting user', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    const ann = await signIn(app, 'ann@acme.example');
    const id = await engagementWithPlan({ request: (p: string, init?: RequestInit) => app.request(p, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: ann.cookie, 'x-csrf-token': ann.csrf } }) } as unknown as Api);

    const inv = await as(ann, app, 'POST', '/api/workspaces/default/invites', { email: 'Board@Acme.example', role: 'viewer' });
    expect(inv.status).toBe(201);
    expect(inv.json.link).toMatch(/^\/#\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = inv.json.link.split('/').pop();
    const seen = await call(app, 'GET', `/api/invites/${token}`);
    expect(seen.json).toEqual({ email: 'board@acme.example', workspace: 'Default workspace', engagement: null, role: 'viewer', expiresAt: expect.any(String) });
    expect((await call(app, 'POST', `/api/invites/${token}/accept`, { displayName: 'Bea Board', password: 'short' })).status).toBe(400);
    const accepted = await app.request(`/api/invites/${token}/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'Bea Board', password: 'board member passphrase' }) });
    expect(accepted.status).toBe(200);
    expect(sessionCookie(accepted)).toBeNull(); // accepting starts no session: the new member signs in
    const bea = await signIn(app, 'board@acme.example', 'board member passphrase');
    expect((await call(app, 'POST', `/api/invites/${token}/accept`, { password: 'board member passphrase' })).status).toBe(404);

    // The viewer reads and exports, and is refused every change.
    expect((await as(bea, app, 'GET', `/api/engagements/${id}/timeline`)).status).toBe(200);
    const patch = await as(bea, app, 'PATCH', `/api/engagements/${id}`, { ipoDate: '2027-06-30' });
    expect(patch.status).toBe(403);
    expect(patch.json.error.message).toMatch(/viewer, which cannot edit/);
    const ex = await as(bea, app, 'POST', `/api/engagements/${id}/exports?wait=true`);
    expect(ex.status).toBe(200);
    expect(ex.json.readOnly).toBe(true);
    const file = await as(bea, app, 'GET', ex.json.downloadUrl);
    expect(file.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await file.res.arrayBuffer()) as ArrayBuffer);
    for (const ws of wb.worksheets) expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet, ws.name).toBe(true);
    const summary = wb.getWorksheet('Summary');
    expect(String(summary?.getCell('A2').value)).toMatch(/by board@acme\.example.*read-only copy/);
    const list = await as(ann, app, 'GET', `/api/engagements/${id}/exports`);
    expect(list.json.exports.at(-1)).toMatchObject({ createdBy: 'board@acme.example' });
    // A read-only copy does not come back as edits.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await (await as(ann, app, 'GET', ex.json.downloadUrl)).res.arrayBuffer())]), 'board.xlsx');
    const back = await app.request(`/api/engagements/${id}/reimports`, { method: 'POST', headers: { cookie: ann.cookie, 'x-csrf-token': ann.csrf }, body: form });
    expect(back.status).toBe(400);
    expect(((await back.json()) as any).error.message).toMatch(/read-only copy/);

    // Reviewers comment and mark reviewed; viewers cannot.
    const members = await listMembers(dbc.db, 'default');
    const beaMember = members.find((m) => m.email === 'board@acme.example');
    expect((await as(bea, app, 'POST', `/api/engagements/${id}/reviews`, { itemKind: 'engagement', itemId: id, kind: 'comment', text: 'Looks right' })).status).toBe(403);
    expect((await as(ann, app, 'PATCH', `/api/workspaces/default/members/${beaMember?.id}`, { role: 'reviewer' })).status).toBe(200);
    const note = await as(bea, app, 'POST', `/api/engagements/${id}/reviews`, { itemKind: 'engagement', itemId: id, kind: 'reviewed', text: '' });
    expect(note.status).toBe(201);
    expect((await as(bea, app, 'PATCH', `/api/engagements/${id}`, { ipoDate: '2027-06-30' })).status).toBe(403);

    // The last owner can be neither demoted nor removed.
    const annMember = members.find((m) => m.email === 'ann@acme.example');
    const demote = await as(ann, app, 'PATCH', `/api/workspaces/default/members/${annMember?.id}`, { role: 'editor' });
    expect(demote.status).toBe(409);
    expect(demote.json.error.message).toMatch(/only owner/);
    expect((await as(ann, app, 'DELETE', `/api/workspaces/default/members/${annMember?.id}`)).status).toBe(409);

    // Every change names who made it.
    expect((await as(ann, app, 'PATCH', `/api/engagements/${id}`, { ipoDate: '2027-06-30' })).status).toBe(200);
    const audit = await as(ann, app, 'GET', `/api/engagements/${id}/audit`);
    const actors = new Map<string, string>(audit.json.entries.map((e: any) => [e.action, e.actor]));
    expect(actors.get('engagement.update')).toBe('ann@acme.example');
    expect(actors.get('export.create')).toBe('board@acme.example');
    expect(actors.get('review.mark')).toBe('board@acme.example');
  });

  it('lists pending invitations without their links, revokes one (its link stops working), and renames the workspace', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    await addMember(ctx, 'ed@acme.example', 'editor', 'default');
    const ann = await signIn(app, 'ann@acme.example');
    const ed = await signIn(app, 'ed@acme.example');
    const a = await as(ann, app, 'POST', '/api/workspaces/default/invites', { email: 'cfo@acme.example', role: 'editor' });
    const b = await as(ann, app, 'POST', '/api/workspaces/default/invites', { email: 'board@acme.example', role: 'viewer' });
    const tokenB = String(b.json.link).split('/').pop();
    const list = await as(ann, app, 'GET', '/api/workspaces/default/invites');
    expect(list.json.invites.map((i: any) => [i.email, i.role, i.createdBy])).toEqual([
      ['cfo@acme.example', 'editor', 'ann@acme.example'],
      ['board@acme.example', 'viewer', 'ann@acme.example'],
    ]);
    expect(JSON.stringify(list.json)).not.toContain(tokenB);
    expect(JSON.stringify(list.json)).not.toContain(String(a.json.link).split('/').pop());
    expect((await as(ed, app, 'GET', '/api/workspaces/default/invites')).status).toBe(403);
    const board = list.json.invites.find((i: any) => i.email === 'board@acme.example');
    expect((await as(ed, app, 'DELETE', `/api/workspaces/default/invites/${board.id}`)).status).toBe(403);
    expect((await as(ann, app, 'DELETE', `/api/workspaces/default/invites/${board.id}`)).status).toBe(200);
    expect((await call(app, 'GET', `/api/invites/${tokenB}`)).status).toBe(404);
    expect((await as(ann, app, 'GET', '/api/workspaces/default/invites')).json.invites).toHaveLength(1);
    expect((await as(ann, app, 'DELETE', `/api/workspaces/default/invites/${board.id}`)).status).toBe(404);

    expect((await as(ed, app, 'PATCH', '/api/workspaces/default', { name: 'Acme' })).status).toBe(403);
    expect((await as(ann, app, 'PATCH', '/api/workspaces/default', { name: '  ' })).status).toBe(400);
    expect((await as(ann, app, 'PATCH', '/api/workspaces/default', { name: 'Acme Cloud (client)' })).json.name).toBe('Acme Cloud (client)');
    expect((await as(ed, app, 'GET', '/api/session')).json.workspaces[0].name).toBe('Acme Cloud (client)');
    const audit = await sql<{ action: string; actor: string }>`select action, actor from audit_log where action in ('member.invite-revoked', 'workspace.rename') order by seq`.execute(dbc.db);
    expect(audit.rows).toEqual([
      { action: 'member.invite-revoked', actor: 'ann@acme.example' },
      { action: 'workspace.rename', actor: 'ann@acme.example' },
    ]);
  });

  it('an advisor sees each client workspace apart; an engagement-only member sees that engagement alone', async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const a = await call(app, 'POST', '/api/workspaces', { name: 'Client A' });
    const b = await call(app, 'POST', '/api/workspaces', { name: 'Client B' });
    expect((await call(app, 'POST', `/api/engagements?workspace=${a.json.id}`, { companyName: 'Alpha' })).status).toBe(201);
    const eb = await call(app, 'POST', `/api/engagements?workspace=${b.json.id}`, { companyName: 'Beta' });
    const eb2 = await call(app, 'POST', `/api/engagements?workspace=${b.json.id}`, { companyName: 'Beta Two' });
    await addMember(ctx, 'adv@firm.example', 'editor', a.json.id);
    await addMember(ctx, 'cfo@beta.example', 'editor', b.json.id, eb2.json.id);
    const adv = await signIn(app, 'adv@firm.example');
    const names = async (who: typeof adv, q = '') => (await as(who, app, 'GET', `/api/engagements${q}`)).json.engagements.map((e: any) => e.companyName);
    expect(await names(adv)).toEqual(['Alpha']);
    expect((await as(adv, app, 'GET', `/api/engagements/${eb.json.id}`)).status).toBe(404);
    expect((await as(adv, app, 'GET', `/api/engagements?workspace=${b.json.id}`)).json.engagements).toEqual([]);
    const cfo = await signIn(app, 'cfo@beta.example');
    expect(await names(cfo)).toEqual(['Beta Two']);
    expect((await as(cfo, app, 'GET', `/api/engagements/${eb.json.id}`)).status).toBe(404);
    expect((await as(cfo, app, 'GET', `/api/engagements/${eb2.json.id}`)).json.role).toBe('editor');
    // Members and new engagements need a workspace-wide role.
    expect((await as(cfo, app, 'GET', `/api/workspaces/${b.json.id}/members`)).status).toBe(404);
    expect((await as(cfo, app, 'POST', `/api/engagements?workspace=${b.json.id}`, { companyName: 'Gamma' })).status).toBe(404);
    // Creating a workspace is for an owner of the firm (the default workspace's owners); one they create is theirs.
    expect((await as(adv, app, 'POST', '/api/workspaces', { name: 'Client C' })).status).toBe(403);
    await addMember(ctx, 'partner@firm.example', 'owner', 'default');
    const partner = await signIn(app, 'partner@firm.example');
    const c = await as(partner, app, 'POST', '/api/workspaces', { name: 'Client C' });
    expect(c.status).toBe(201);
    expect((await as(partner, app, 'GET', '/api/workspaces')).json.workspaces.map((w: any) => [w.name, w.role])).toEqual([
      ['Client C', 'owner'],
      ['Default workspace', 'owner'],
    ]);
  });
});
