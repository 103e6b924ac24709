// Accounts from the command line, on the server's database (DATA_DIR or DATABASE_URL):
//   user add --owner <email> [--name N] [--password P]         the first one switches the server to sign-in
//   user add <email> --role R [--workspace W] [--engagement E]  another user (W: a workspace's name or id)
//   user reset <email>                                          a one-time password-reset link, valid one hour
//   user list / workspace list / workspace add <name> [--owner <email>]
// Without --password the password is asked for on the terminal (not echoed), or read from the first line of stdin.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CLI_BUSY_TIMEOUT_MS, databaseOptionsFromEnv, openDatabase } from './db/connect.ts';
import { disabledUsers, listUsers, userByEmail } from './db/users.ts';
import { listWorkspaces, membershipsOf, setMembership } from './db/workspaces.ts';
import { isRole, type Role } from './domain/roles.ts';
import { readEnv } from './env.ts';
import { addUser, createResetToken, disableUser, enableUser, grantRole, newWorkspace } from './use-cases/accounts.ts';
import type { AppContext } from './use-cases/context.ts';
import { cliReader } from './cli-reader.ts';
import { loadCatalog } from './catalog/load-catalog.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);
const bad = (s: string) => {
  process.stderr.write(`soxbridge: ${s}\n`);
  return 2;
};

// Reads a password without echoing it on a terminal; from a pipe, the first line.
export async function promptPassword(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const rl = createInterface({ input });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  process.stderr.write(prompt);
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve) => {
    let value = '';
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}

export async function usersCommand(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { owner: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, workspace: { type: 'string' }, engagement: { type: 'string' }, json: { type: 'boolean' } },
  });
  const env = readEnv();
  const opts = databaseOptionsFromEnv(process.env, env.dataDir);
  if (!opts.ok) return bad(opts.error.message);
  const catalog = loadCatalog();
  if (!catalog.ok) return bad('the catalogue in templates/ is invalid; run npm start to see why');
  const reader = cliReader(); // (the account commands read no spreadsheet; the context has the CLI's reader all the same)
  if (!reader.ok) return bad(reader.error);
  const handle = await openDatabase({ ...opts.value, busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  const ctx: AppContext = { db: handle.db, catalog: catalog.value, version: '', now: () => new Date(), readSpreadsheet: reader.value };
  try {
    if (command === 'user' && sub === 'add') {
      const email = values.owner ?? positionals[0];
      if (!email) return bad('user add needs an e-mail: user add --owner <email>, or user add <email> --role editor --workspace <name>');
      const role: Role | undefined = values.owner ? 'owner' : isRole(values.role) ? values.role : undefined;
      if (!role) return bad(`user add <email> needs --role owner|editor|reviewer|viewer${values.role ? ` (not "${values.role}")` : ''}`);
      const password = values.password ?? (await promptPassword(`Password for ${email}: `));
      const r = await addUser(ctx, { email, password, role, ...(values.name ? { displayName: values.name } : {}), ...(values.workspace ? { workspace: values.workspace } : {}), ...(values.engagement ? { engagementId: values.engagement } : {}) });
      if (!r.ok) return bad(r.error.message);
      const { user, workspace } = r.value;
      out(`added ${user.email} as ${role} of "${workspace.name}"${values.engagement ? ` (engagement ${values.engagement} only)` : ''}`);
      if (r.value.first) out('accounts now exist: the server requires sign-in from now on (restart not needed), and may be bound to a non-loopback HOST');
      return 0;
    }
    if (command === 'user' && sub === 'reset') {
      const email = positionals[0];
      if (!email) return bad('user reset needs an e-mail: user reset <email>');
      const r = await createResetToken(ctx, email);
      if (!r.ok) return bad(r.error.message);
      out(`one-time password reset for ${r.value.user.email}, valid until ${r.value.expiresAt}:`);
      out(`  open  <server address>/#/reset/${r.value.token}`);
      out('  (it can be used once; it signs out every session of this user)');
      return 0;
    }
    if (command === 'user' && sub === 'role') {
      const email = positionals[0];
      if (!email || !isRole(values.role)) return bad(`user role needs an e-mail and --role owner|editor|reviewer|viewer${values.role ? ` (not "${values.role}")` : ''}`);
      const r = await grantRole(ctx, { email, role: values.role, ...(values.workspace ? { workspace: values.workspace } : {}), ...(values.engagement ? { engagementId: values.engagement } : {}) });
      if (!r.ok) return bad(r.error.message);
      const { user, workspace, role, before } = r.value;
      out(`${user.email} is ${role} of "${workspace.name}"${values.engagement ? ` (engagement ${values.engagement} only)` : ''}${before ? ` (was ${before})` : ''}`);
      return 0;
    }
    if (command === 'user' && (sub === 'disable' || sub === 'enable')) {
      const email = positionals[0];
      if (!email) return bad(`user ${sub} needs an e-mail: user ${sub} <email>`);
      if (sub === 'enable') {
        const r = await enableUser(ctx, email);
        if (!r.ok) return bad(r.error.message);
        out(`enabled ${r.value.user.email}: they can sign in again with their password (or a reset link: user reset ${r.value.user.email})`);
        return 0;
      }
      const r = await disableUser(ctx, email);
      if (!r.ok) return bad(r.error.message);
      out(`disabled ${r.value.user.email}: they cannot sign in, and their sessions have ended; their roles stay listed until an owner removes them`);
      for (const w of r.value.ownerless)
        out(`warning: "${w.name}" has no other owner who can sign in; make someone owner: user role <email> --role owner --workspace "${w.name}"`);
      return 0;
    }
    if (command === 'user' && sub === 'list') {
      const users = await listUsers(handle.db);
      const disabled = await disabledUsers(handle.db);
      const spaces = new Map((await listWorkspaces(handle.db)).map((w) => [w.id, w.name]));
      const rows = [];
      for (const u of users)
        rows.push({
          ...u,
          disabledAt: disabled.get(u.id) ?? null,
          memberships: (await membershipsOf(handle.db, u.id)).map((m) => ({ workspace: spaces.get(m.workspaceId) ?? m.workspaceId, engagementId: m.engagementId, role: m.role })),
        });
      if (values.json) out(JSON.stringify({ users: rows }));
      else if (rows.length === 0) out('no users: the server runs in local mode (this computer only)');
      else
        for (const u of rows)
          out(`${u.email}  ${u.displayName}  ${u.memberships.map((m) => `${m.role}@${m.workspace}${m.engagementId ? `/${m.engagementId}` : ''}`).join(', ')}${u.disabledAt ? `  (disabled since ${u.disabledAt})` : ''}`);
      return 0;
    }
    if (command === 'workspace' && sub === 'list') {
      const all = await listWorkspaces(handle.db);
      if (values.json) out(JSON.stringify({ workspaces: all }));
      else for (const w of all) out(`${w.id}  ${w.name}`);
      return 0;
    }
    if (command === 'workspace' && sub === 'add') {
      const name = positionals.join(' ').trim();
      if (!name) return bad('workspace add needs a name: workspace add "Acme Corp" [--owner <email>]');
      const owner = values.owner ? await userByEmail(handle.db, values.owner) : null;
      if (values.owner && !owner) return bad(`no user ${values.owner}; add the user first`);
      const r = await newWorkspace(ctx, name, { userId: null, email: 'cli' });
      if (!r.ok) return bad(r.error.message);
      if (owner) await setMembership(handle.db, { userId: owner.id, workspaceId: r.value.id, engagementId: null, role: 'owner', createdBy: 'cli' });
      out(`added workspace "${r.value.name}" (${r.value.id})${owner ? ` owned by ${owner.email}` : ''}`);
      return 0;
    }
    return bad(`unknown command "${[command, sub].filter(Boolean).join(' ')}"; see --help`);
  } finally {
    await handle.close();
  }
}
