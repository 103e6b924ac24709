// The secret that keys the audit chain (HMAC-SHA256), kept in a file OUTSIDE the database: whoever can write the
// database but not this file cannot recompute the chain after editing an entry. Created on first start (32 random
// bytes, hex, mode 0600) at AUDIT_KEY_FILE, by default DATA_DIR/audit.key. Back it up apart from the database: a
// backup that holds both proves nothing against whoever holds the backup.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditKey {
  key: Buffer;
  id: string; // a fingerprint of the key (not the key): stored with the chain, so a wrong key file is named at start
  file: string | null; // null: an ephemeral key (in-memory databases, tests)
  created: boolean; // the file was created just now
}

export const AUDIT_KEY_FILE_NAME = 'audit.key';

export function auditKeyId(key: Buffer): string {
  return createHmac('sha256', key).update('soxbridge audit key id').digest('hex').slice(0, 16);
}

const fromBytes = (key: Buffer, file: string | null, created: boolean): AuditKey => ({ key, id: auditKeyId(key), file, created });

export function ephemeralAuditKey(): AuditKey {
  return fromBytes(randomBytes(32), null, false);
}

// Reads the key file, or creates it when there is none. Throws with the file named when it is unreadable or malformed.
export function loadOrCreateAuditKey(file: string): AuditKey {
  const read = (): AuditKey => {
    const text = readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/i.test(text)) throw new Error(`the audit key file ${file} does not hold a 64-character hex key; restore it from its backup`);
    return fromBytes(Buffer.from(text, 'hex'), file, false);
  };
  try {
    return read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return read(); // another process created it first
    throw e;
  }
  return fromBytes(key, file, true);
}
