// The account commands, run as an administrator runs them, on a fresh SQLite database: the first owner (password
// typed on stdin, not on the command line), another user with a role in a named workspace, the list (no hashes), a
// one-time reset link, disabling and enabling an account, and each mistake with exit 2 and one line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'soxbridge-cli-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { DATA_DIR: join(dir, 'data') };

describe('cli user and workspace commands', () => {
  it('adds the first owner from a typed password, then users with roles; lists them without secrets; prints reset links', { timeout: 120_000 }, () => {
    expect(runCli(['user', 'list'], { env }).stdout).toMatch(/no users: the server runs in local mode/);

    const first = runCli(['user', 'add', '--owner', 'Ann@Acme.example', '--name', 'Ann Owner'], { env, input: 'correct horse battery staple\n' });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/added ann@acme\.example as owner of "Default workspace"/);
    expect(first.stdout).toMatch(/requires sign-in from now on/);

    const ws = runCli(['workspace', 'add', 'Client B', '--owner', 'ann@acme.example'], { env });
    expect(ws.code, ws.stderr).toBe(0);
    const viewer = runCli(['user', 'add', 'bo@board.example', '--role', 'viewer', '--workspace', 'client b', '--password', 'board member passphrase'], { env });
    expect(viewer.code, viewer.stderr).toBe(0);
    expect(viewer.stdout).toMatch(/added bo@board\.example as viewer of "Client B"/);
    expect(viewer.stdout).not.toMatch(/requires sign-in/); // only the first one says so

    const list = runCli(['user', 'list', '--json'], { env });
    const users = JSON.parse(list.stdout).users as { email: string; memberships: { workspace: string; role: string }[] }[];
    expect(users.map((u) => [u.email, u.memberships.map((m) => `${m.role}@${m.workspace}`).sort()])).toEqual([
      ['ann@acme.example', ['owner@Client B', 'owner@Default workspace']],
      ['bo@board.example', ['viewer@Client B']],
    ]);
    expect(list.stdout).not.toMatch(/scrypt|password/i);

    const reset = runCli(['user', 'reset', 'bo@board.example'], { env });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/#\/reset\/[A-Za-z0-9_-]{43}\n/);
  });

  it('disables an account (listed as disabled, no reset link) and enables it again; warns when a workspace is left without an owner, and user role makes another owner', { timeout: 120_000 }, () => {
    const d = { DATA_DIR: join(dir, 'disable') };
    expect(runCli(['user', 'add', '--owner', 'ann@acme.example', '--password', 'correct horse battery staple'], { env: d }).code).toBe(0);
    expect(runCli(['user', 'add', 'cy@acme.example', '--role', 'editor', '--password', 'another long passphrase'], { env: d }).code).toBe(0);

    const off = runCli(['user', 'disable', 'Cy@Acme.example'], { env: d });
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(/disabled cy@acme\.example: they cannot sign in, and their sessions have ended/);
    expect(off.stdout).not.toMatch(/warning/);
    const list = JSON.parse(runCli(['user', 'list', '--json'], { env: d }).stdout).users as { email: string; disabledAt: string | null }[];
    expect(list.map((u) => [u.email, u.disabledAt !== null])).toEqual([
      ['ann@acme.example', false],
      ['cy@acme.example', true],
    ]);
    expect(runCli(['user', 'list'], { env: d }).stdout).toMatch(/cy@acme\.example .*\(disabled since \d{4}-\d{2}-\d{2}T/);
    const reset = runCli(['user', 'reset', 'cy@acme.example'], { env: d });
    expect([reset.code, reset.stderr.trim()]).toEqual([2, 'soxbridge: cy@acme.example is disabled; enable it first: user enable cy@acme.example']);
    expect(runCli(['user', 'disable', 'cy@acme.example'], { env: d }).stderr).toMatch(/disabled already/);

    const on = runCli(['user', 'enable', 'cy@acme.example'], { env: d });
    expect(on.code, on.stderr).toBe(0);
    expect(runCli(['user', 'reset', 'cy@acme.example'], { env: d }).code).toBe(0);
    expect(runCli(['user', 'enable', 'cy@acme.example'], { env: d }).stderr).toMatch(/is not disabled/);

    // The only owner keeps the role; disabling them warns, and another user can be made owner.
    expect(runCli(['user', 'role', 'ann@acme.example', '--role', 'viewer'], { env: d }).stderr).toMatch(/ann@acme\.example is the only owner of "Default workspace"; make someone else owner first/);
    const lastOwner = runCli(['user', 'disable', 'ann@acme.example'], { env: d });
    expect(lastOwner.code).toBe(0);
    expect(lastOwner.stdout).toMatch(/warning: "Default workspace" has no other owner who can sign in; make someone owner: user role <email> --role owner --workspace "Default workspace"/);
    const promoted = runCli(['user', 'role', 'cy@acme.example', '--role', 'owner'], { env: d });
    expect([promoted.code, promoted.stdout.trim()]).toEqual([0, 'cy@acme.example is owner of "Default workspace" (was editor)']);
    expect(runCli(['workspace', 'add', 'Client C'], { env: d }).code).toBe(0);
    expect(runCli(['user', 'role', 'cy@acme.example', '--role', 'reviewer', '--workspace', 'client c'], { env: d }).stdout.trim()).toBe('cy@acme.example is reviewer of "Client C"');
    const roles = JSON.parse(runCli(['user', 'list', '--json'], { env: d }).stdout).users.find((u: { email: string }) => u.email === 'cy@acme.example').memberships;
    expect(roles.map((m: { role: string; workspace: string }) => `${m.role}@${m.workspace}`).sort()).toEqual(['owner@Default workspace', 'reviewer@Client C']);
    expect(runCli(['user', 'role', 'nobody@acme.example', '--role', 'viewer'], { env: d }).stderr).toMatch(/no user nobody@acme\.example; to add one: user add nobody@acme\.example --role viewer/);
    expect(runCli(['user', 'role', 'cy@acme.example'], { env: d }).stderr).toMatch(/user role needs an e-mail and --role/);
    expect(runCli(['user', 'disable', 'nobody@acme.example'], { env: d }).stderr.trim()).toBe('soxbridge: no user nobody@acme.example');
    expect(runCli(['user', 'disable'], { env: d }).stderr).toMatch(/user disable needs an e-mail/);
  });

  it('refuses mistakes with exit 2 and one line that says what to do', { timeout: 120_000 }, () => {
    const cases: [string[], string | undefined, RegExp][] = [
      [['user', 'add', 'x@y.example', '--role', 'boss', '--password', 'long enough pass'], undefined, /needs --role owner\|editor\|reviewer\|viewer \(not "boss"\)/],
      [['user', 'add', 'not-an-email', '--role', 'viewer', '--password', 'long enough pass'], undefined, /is not an e-mail address/],
      [['user', 'add', 'x@y.example', '--role', 'viewer'], 'short\n', /at least 10 characters/],
      [['user', 'add', 'x@y.example', '--role', 'viewer', '--workspace', 'Nowhere', '--password', 'long enough pass'], undefined, /no workspace "Nowhere"/],
      [['user', 'reset', 'nobody@y.example'], undefined, /no user nobody@y\.example/],
      [['workspace', 'add'], undefined, /workspace add needs a name/],
    ];
    runCli(['user', 'add', '--owner', 'ann@acme.example', '--password', 'correct horse battery staple'], { env });
    cases.push([['user', 'add', '--owner', 'ANN@acme.example', '--password', 'another long pass'], undefined, /already exists; to reset the password: user reset ann@acme\.example/]);
    for (const [args, input, message] of cases) {
      const r = runCli(args, { env, ...(input !== undefined ? { input } : {}) });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });
});
