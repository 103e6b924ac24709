// Issue 19, hole 3, written as the attacks on sign-in: racing the limiter with concurrent guesses, guessing through an
// invitation, learning whether an account exists, confirming a disabled account's password, and locking a user out.
// Each must now fail, on SQLite and PostgreSQL. Clocks are injected: nothing here waits for real time.
import { expect, it } from 'vitest';
import { DEFAULT_THROTTLE, SignInThrottle } from '../../server/http/sign-in-throttle.ts';
import { disableUser } from '../../server/use-cases/accounts.ts';
import { forEachDatabase } from '../db/databases.ts';
import { addMember, as, PASSWORD, sessionCookie, signIn } from './accounts-harness.ts';
import { apiFor, type Api } from './harness.ts';

// A request from a given client address, as the node server would see it.
async function from(app: Api, address: string, path: string, body: unknown) {
  const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, { incoming: { socket: { remoteAddress: address } } });
  return { status: res.status, json: (await res.json()) as any, res };
}

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

forEachDatabase('sign-in attacks (issue 19, hole 3)', (dbc) => {
  it('50 concurrent guesses at one account: only the 5 free attempts reach the password check, the rest wait', { timeout: 120_000 }, async () => {
    const now = 1_000_000;
    const { app, ctx } = apiFor(dbc.handle, { signInLimits: new SignInThrottle(DEFAULT_THROTTLE, () => now) });
    await addMember(ctx, 'victim@a.example', 'owner', 'default');
    const guesses = await Promise.all(Array.from({ length: 50 }, (_, i) => from(app, '203.0.113.7', '/api/auth/sign-in', { email: 'victim@a.example', password: `guess number ${i}` })));
    expect(tally(guesses.map((g) => g.status))).toEqual({ 401: 5, 429: 45 });
    // Even the right password now waits: the limit held while every guess was in flight.
    const right = await from(app, '203.0.113.7', '/api/auth/sign-in', { email: 'victim@a.example', password: PASSWORD });
    expect(right.status).toBe(429);
    expect(right.json.error.message).toMatch(/try again in 1 second/);
  });

  it('40 concurrent guesses over 40 accounts from one address: only the 20 free attempts of the address are checked', { timeout: 180_000 }, async () => {
    const now = 1_000_000;
    const { app, ctx } = apiFor(dbc.handle, { signInLimits: new SignInThrottle(DEFAULT_THROTTLE, () => now) });
    await addMember(ctx, 'victim@a.example', 'owner', 'default');
    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => from(app, '203.0.113.8', '/api/auth/sign-in', { email: `user${i}@a.example`, password: 'a wrong password' })));
    expect(tally(guesses.map((g) => g.status))).toEqual({ 401: 20, 429: 20 });
  });

  it('a stranger cannot lock a user out for long: the user’s own address goes on, a new one waits minutes at most', { timeout: 180_000 }, async () => {
    let now = 1_000_000;
    const { app, ctx } = apiFor(dbc.handle, { signInLimits: new SignInThrottle(DEFAULT_THROTTLE, () => now) });
    await addMember(ctx, 'victim@a.example', 'owner', 'default');
    const office = '198.51.100.20';
    expect((await from(app, office, '/api/auth/sign-in', { email: 'victim@a.example', password: PASSWORD })).status).toBe(200); // an earlier sign-in
    // The stranger spreads 30 guesses over 30 addresses at once (the account's brake lets 10 through)…
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => from(app, `203.0.113.${100 + i}`, '/api/auth/sign-in', { email: 'victim@a.example', password: `guess ${i}` })));
    expect(tally(burst.map((g) => g.status))).toEqual({ 401: 10, 429: 20 });
    // …and keeps at it from one address: only that address is held back.
    const stranger = await from(app, '203.0.113.100', '/api/auth/sign-in', { email: 'victim@a.example', password: 'one more guess' });
    expect(stranger.status).toBe(429);
    // The user, from the office, signs in at once.
    expect((await from(app, office, '/api/auth/sign-in', { email: 'victim@a.example', password: PASSWORD })).status).toBe(200);
    // From a new address the user waits for the account's delay, which is capped at 5 minutes.
    const hotel = await from(app, '192.0.2.44', '/api/auth/sign-in', { email: 'victim@a.example', password: PASSWORD });
    expect(hotel.status).toBe(429);
    expect(Number(hotel.res.headers.get('retry-after'))).toBeLessThanOrEqual(300);
    now += 5 * 60_000;
    expect((await from(app, '192.0.2.44', '/api/auth/sign-in', { email: 'victim@a.example', password: PASSWORD })).status).toBe(200);
  });

  it('an inviter cannot guess the password of an existing account, nor learn whether it exists, through an invitation', { timeout: 180_000 }, async () => {
    const { app, ctx } = apiFor(dbc.handle);
    const c = await app.request('/api/workspaces', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Client C' }) });
    const workspaceC = ((await c.json()) as { id: string }).id;
    await addMember(ctx, 'victim@a.example', 'owner', 'default');
    await addMember(ctx, 'attacker@c.example', 'owner', workspaceC);
    const attacker = await signIn(app, 'attacker@c.example');
    const invite = async (email: string) => String((await as(attacker, app, 'POST', `/api/workspaces/${workspaceC}/invites`, { email, role: 'viewer' })).json.link).split('/').pop() ?? '';
    const toVictim = await invite('victim@a.example');
    const toNobody = await invite('nobody@a.example');

    // GET tells the same about an address with an account and one without.
    const seenVictim = (await as(null, app, 'GET', `/api/invites/${toVictim}`)).json;
    const seenNobody = (await as(null, app, 'GET', `/api/invites/${toNobody}`)).json;
    expect(Object.keys(seenVictim).sort()).toEqual(Object.keys(seenNobody).sort());
    expect(seenVictim).not.toHaveProperty('existingUser');

    // The attack: accept the victim's invitation with the victim's right password. No password is checked, no session
    // starts, and the answer has the same form as for an address without an account.
    const guessed = await as(null, app, 'POST', `/api/invites/${toVictim}/accept`, { displayName: 'x', password: PASSWORD });
    const fresh = await as(null, app, 'POST', `/api/invites/${toNobody}/accept`, { displayName: 'x', password: 'the attacker’s password' });
    expect([guessed.status, fresh.status]).toEqual([200, 200]);
    expect(sessionCookie(guessed.res)).toBeNull();
    expect(sessionCookie(fresh.res)).toBeNull();
    expect(Object.keys(guessed.json).sort()).toEqual(Object.keys(fresh.json).sort());
    // The link is spent; further guesses get the answer of a link that never existed.
    const again = await as(null, app, 'POST', `/api/invites/${toVictim}/accept`, { password: 'another guess 123' });
    expect(again.status).toBe(404);
    // The victim's password is unchanged and the attacker's does not open the account.
    await signIn(app, 'victim@a.example');
    expect((await as(null, app, 'POST', '/api/auth/sign-in', { email: 'victim@a.example', password: 'another guess 123' })).status).toBe(401);
  });

  it('a disabled account’s right password gets the answer of a wrong one', { timeout: 120_000 }, async () => {
    const { app, ctx } = apiFor(dbc.handle);
    await addMember(ctx, 'owner@a.example', 'owner', 'default');
    await addMember(ctx, 'left@a.example', 'editor', 'default');
    expect((await disableUser(ctx, 'left@a.example')).ok).toBe(true);
    const right = await as(null, app, 'POST', '/api/auth/sign-in', { email: 'left@a.example', password: PASSWORD });
    const wrong = await as(null, app, 'POST', '/api/auth/sign-in', { email: 'left@a.example', password: 'not the password' });
    const unknown = await as(null, app, 'POST', '/api/auth/sign-in', { email: 'never@a.example', password: PASSWORD });
    expect([right.status, wrong.status, unknown.status]).toEqual([401, 401, 401]);
    expect(right.json).toEqual(wrong.json);
    expect(unknown.json).toEqual(wrong.json);
  });
});
