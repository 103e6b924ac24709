// Administrative commands on the server's database (DATA_DIR or DATABASE_URL): audit verify, backup, restore.
import { databaseOptionsFromEnv, openDatabase } from './db/connect.ts';
import { verifyAudit } from './db/audit-log.ts';
import { backupTo, restoreFrom } from './db/backup.ts';
import { readEnv } from './env.ts';
import { userPath } from './cli-paths.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);
const bad = (s: string) => {
  process.stderr.write(`soxbridge: ${s}\n`);
  return 2;
};

export async function adminCommand(argv: string[]): Promise<number> {
  const [command, sub, ...rest] = argv;
  const env = readEnv();
  const json = rest.includes('--json') || sub === '--json';
  if (command === 'restore') {
    if (!sub) return bad('restore needs a backup file: restore <file>');
    if (env.databaseUrl) return bad('restore works on the SQLite database in DATA_DIR; for PostgreSQL use pg_restore');
    const r = restoreFrom(userPath(sub), env.dataDir);
    if (!r.ok) return bad(r.error.message);
    out(`restored ${sub} into ${r.value.file}${r.value.previous ? `; the previous database is kept as ${r.value.previous}` : ''}`);
    return 0;
  }
  const opts = databaseOptionsFromEnv(process.env, env.dataDir);
  if (!opts.ok) return bad(opts.error.message);
  const handle = await openDatabase(opts.value);
  try {
    if (command === 'audit' && (sub === 'verify' || sub === undefined)) {
      const v = await verifyAudit(handle.db);
      if (json) out(JSON.stringify(v));
      else out(v.ok ? `audit chain intact: ${v.entries} entries` : `audit chain BROKEN at entry ${v.brokenAt}: ${v.message}`);
      return v.ok ? 0 : 3;
    }
    if (command === 'backup') {
      if (!sub) return bad('backup needs a target file: backup <file>');
      const r = await backupTo(handle, userPath(sub));
      if (!r.ok) return bad(r.error.message);
      out(`backup written to ${r.value.file} (${r.value.size} bytes)`);
      return 0;
    }
    return bad(`unknown command "${[command, sub].filter(Boolean).join(' ')}"; see --help`);
  } finally {
    await handle.close();
  }
}
