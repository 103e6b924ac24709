// Issue 19, hole 7 (a server that stays responsive): in local mode the server does not count the users on every
// request; what it keeps is thrown away by a user write in this process (a user added at once turns sign-in on), and
// an account's session is still checked on every request (disabling it takes effect at once).
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { createApp } from '../../server/http/app.ts';
import { AccountsSwitch } from '../../server/http/authz.ts';
import { disableUser } from '../../server/use-cases/accounts.ts';
import { forEachDatabase } from '../db/databases.ts';
import { addMember, as, signIn } from './accounts-harness.ts';
import { apiFor, call } from './harness.ts';

forEachDatabase('local-mode authorization kept, not counted per request', (dbc) => {
  it('counts the users once for many requests, again at once when a user is added, and then requires sign-in', async () => {
    const { ctx } = apiFor(dbc.handle);
    const accounts = new AccountsSwitch(60 * 60_000); // a re-check time no test reaches: only user writes count
    const app = createApp({ ctx, log: () => undefined, accounts });
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Local Corp' });
    expect(e.status).toBe(201);
    for (let i = 0; i < 20; i++) expect((await call(app, 'GET', `/api/engagements/${e.json.id}`)).status).toBe(200);
    expect(accounts.counts).toBe(1);

    await addMember(ctx, 'owner@example.com', 'owner', e.json.workspaceId);
    // the very next request: accounts exist, so no more local mode
    expect((await call(app, 'GET', `/api/engagements/${e.json.id}`)).status).toBe(401);
    expect((await call(app, 'PATCH', `/api/engagements/${e.json.id}`, { companyName: 'Renamed by a stranger' })).status).toBe(401);
    expect(accounts.counts).toBe(2);
    // once on, it stays on without counting
    for (let i = 0; i < 5; i++) expect((await call(app, 'GET', '/api/engagements')).status).toBe(401);
    expect(accounts.counts).toBe(2);

    const owner = await signIn(app, 'owner@example.com');
    expect((await as(owner, app, 'GET', `/api/engagements/${e.json.id}`)).status).toBe(200);
    const d = await disableUser(ctx, 'owner@example.com', 'test');
    expect(d.ok).toBe(true);
    expect((await as(owner, app, 'GET', `/api/engagements/${e.json.id}`)).status).toBe(401); // the session ends at once
  });

  it('a user written by another process (straight into the database) turns sign-in on after the re-check time', async () => {
    const { ctx } = apiFor(dbc.handle);
    const accounts = new AccountsSwitch(0); // re-check on every request: what another process wrote is seen at once
    const app = createApp({ ctx, log: () => undefined, accounts });
    expect((await call(app, 'GET', '/api/engagements')).status).toBe(200);
    const at = new Date().toISOString();
    await sql`insert into users (id, email, display_name, password_hash, created_at, updated_at, disabled_at) values ('u-other', 'cli@example.com', 'CLI', 'x', ${at}, ${at}, null)`.execute(ctx.db);
    expect((await call(app, 'GET', '/api/engagements')).status).toBe(401);
  });
});
