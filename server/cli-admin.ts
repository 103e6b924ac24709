// Administrative commands on the server's database (DATA_DIR or DATABASE_URL): audit verify, backup, restore.
import { CLI_BUSY_TIMEOUT_MS, databaseOptionsFromEnv, openDatabase } from './db/connect.ts';
import { formatTip, parseTip, verifyAudit } from './db/audit-log.ts';
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
    out('the audit key file (AUDIT_KEY_FILE, by default DATA_DIR/audit.key) must be the one this backup was written with: restore it from its own backup if it changed');
    return 0;
  }
  const opts = databaseOptionsFromEnv(process.env, env.dataDir);
  if (!opts.ok) return bad(opts.error.message);
  // --expect-tip SEQ:HASH (or --expect-tip=SEQ:HASH): the tip an earlier verify printed, kept outside this machine
  const at = rest.findIndex((a) => a === '--expect-tip' || a.startsWith('--expect-tip='));
  const tipText = at < 0 ? undefined : rest[at]!.includes('=') ? rest[at]!.slice('--expect-tip='.length) : rest[at + 1];
  const expectTip = tipText === undefined ? undefined : parseTip(tipText);
  if (command === 'audit' && at >= 0 && !expectTip)
    return bad(`--expect-tip needs SEQ:HASH as printed by "audit verify" (a sequence number, a colon and 64 hex characters); got "${tipText ?? ''}"`);
  const handle = await openDatabase({ ...opts.value, busyTimeoutMs: CLI_BUSY_TIMEOUT_MS });
  try {
    if (command === 'audit' && (sub === 'verify' || sub === undefined)) {
      const v = await verifyAudit(handle.db, expectTip ? { expectTip } : {});
      if (json) out(JSON.stringify(v));
      else if (v.ok) {
        out(`audit chain intact: ${v.entries} entries${expectTip ? `, and it still reaches the recorded tip ${formatTip(expectTip)}` : ''}`);
        out(`tip: ${formatTip({ seq: v.tipSeq, hash: v.tip })}`);
        out(`record the tip outside this machine; "audit verify --expect-tip ${v.tipSeq}:<hash>" later shows whether entries were deleted or rewritten since`);
        if (v.keyedFrom > 1) out(`entries 1-${v.keyedFrom - 1} predate the keyed chain (plain SHA-256, sealed by entry ${v.keyedFrom}); later entries are HMAC-keyed`);
      } else out(`audit chain BROKEN at entry ${v.brokenAt}: ${v.message}`);
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
