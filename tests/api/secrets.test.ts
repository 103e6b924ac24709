// No password, password hash or one-time token ever appears in a log line, an API response, the audit log or an
// exported workbook: every account flow is run, everything that leaves the server is collected and searched.
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createResetToken } from '../../server/use-cases/accounts.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { addMember, PASSWORD, sessionCookie } from './accounts-harness.ts';
import { apiFor } from './harness.ts';

forEachDatabase('secrets', (dbc) => {
  it('never leak into logs, responses, the audit log or exports', { timeout: 120_000 }, async () => {
    const { app, ctx, logs } = apiFor(dbc.handle);
    const bodies: string[] = [];
    let cookie = '';
    let csrf = '';
    const req = async (method: string, path: string, body?: unknown, form?: FormData) => {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': csrf };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await app.request(path, { method, headers, ...(form ? { body: form } : body !== undefined ? { body: JSON.stringify(body) } : {}) });
      const text = res.headers.get('content-type')?.includes('json') ? await res.text() : '';
      bodies.push(text);
      const c = sessionCookie(res);
      if (c) cookie = c;
      const json = text ? JSON.parse(text) : null;
      if (json?.csrfToken) csrf = json.csrfToken;
      return { status: res.status, json, res };
    };

    await addMember(ctx, 'ann@acme.example', 'owner', 'default');
    await req('POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: 'a wrong password!' });
    expect((await req('POST', '/api/auth/sign-in', { email: 'ann@acme.example', password: PASSWORD })).status).toBe(200);
    const id = (await req('POST', '/api/engagements?workspace=default', { companyName: 'Acme', ipoDate: '2027-05-15' })).json.id;
    const form = new FormData();
    form.append('file', new Blob([(await buildTypicalSaasXlsx()).slice().buffer as ArrayBuffer]), 'soc2.xlsx');
    const up = await req('POST', `/api/engagements/${id}/imports?wait=true`, undefined, form);
    await req('POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {});
    const invite = await req('POST', '/api/workspaces/default/invites', { email: 'bea@acme.example', role: 'viewer' });
    const inviteToken = String(invite.json.link).split('/').pop() ?? '';
    bodies.pop(); // the owner is shown the link: that response is where it belongs
    await req('GET', `/api/invites/${inviteToken}`);
    const annCookie = cookie;
    const annCsrf = csrf;
    cookie = '';
    csrf = '';
    await req('POST', `/api/invites/${inviteToken}/accept`, { displayName: 'Bea', password: 'bea secret passphrase' });
    await req('POST', '/api/auth/sign-in', { email: 'bea@acme.example', password: 'bea secret passphrase' }); // accepting starts no session
    const beaCookie = cookie;
    cookie = annCookie;
    csrf = annCsrf;
    const reset = await createResetToken(ctx, 'ann@acme.example');
    if (!reset.ok) throw new Error(reset.error.message);
    await req('GET', '/api/session');
    await req('GET', '/api/workspaces');
    await req('GET', '/api/workspaces/default/members');
    await req('GET', `/api/engagements/${id}/audit`);
    const ex = await req('POST', `/api/engagements/${id}/exports?wait=true`);
    const xlsx = new Uint8Array(await (await app.request(ex.json.downloadUrl, { headers: { cookie } })).arrayBuffer());
    const workbookText = Object.values(unzipSync(xlsx)).map((b) => strFromU8(b)).join('\n');
    await req('POST', '/api/auth/reset', { token: reset.value.token, password: 'ann new passphrase' });
    await req('POST', '/api/auth/sign-out', {});

    const hashes = (await sql<{ password_hash: string }>`select password_hash from users`.execute(dbc.db)).rows.map((r) => r.password_hash);
    expect(hashes).toHaveLength(2);
    const secrets = [
      PASSWORD,
      'a wrong password!',
      'bea secret passphrase',
      'ann new passphrase',
      inviteToken,
      reset.value.token,
      annCookie.split('=')[1] ?? '?',
      beaCookie.split('=')[1] ?? '?',
      ...hashes,
      ...hashes.flatMap((h) => h.split('$').slice(4)), // the salt and the hash alone
    ];
    const audit = JSON.stringify((await sql`select * from audit_log`.execute(dbc.db)).rows);
    const places = { logs: JSON.stringify(logs), responses: bodies.join('\n'), audit, workbook: workbookText };
    for (const [where, text] of Object.entries(places)) for (const s of secrets) expect(text.includes(s), `${where} contains a secret (${s.slice(0, 6)}…)`).toBe(false);
    // …and the places searched are not empty.
    expect(logs.length).toBeGreaterThan(15);
    expect(audit).toContain('member.join');
    expect(workbookText).toContain('ann@acme.example');
  });
});
