// Password hashing with scrypt (node:crypto), memory-hard: N = 2^17, r = 8, p = 1 (128 MiB, OWASP's recommended
// minimum for scrypt). The parameters travel in the stored string, so they can be raised later without breaking the
// hashes already stored: "scrypt$N$r$p$salt$hash" (salt and hash base64url).
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 512;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, keyLength, options, (e, key) => (e ? reject(e) : resolve(key))));
}

const maxmem = (N: number, r: number, p: number) => 128 * N * r * p + 16 * 1024 * 1024;

// A password a person can choose: long enough to resist guessing, short enough not to be a denial of service.
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `the password must have at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `the password must have at most ${PASSWORD_MAX} characters`;
  return null;
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p, keyLength, saltLength } = SCRYPT;
  const salt = randomBytes(saltLength);
  const key = await scrypt(password, salt, keyLength, { N, r, p, maxmem: maxmem(N, r, p) });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  if (![N, R, P].every((x) => Number.isInteger(x) && x > 0)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: P, maxmem: maxmem(N, R, P) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// For an unknown e-mail the sign-in still spends one hash, so timing does not tell which accounts exist.
let dummy: Promise<string> | null = null;
export async function spendOneHash(password: string): Promise<void> {
  dummy ??= hashPassword('not a real password, only spent time');
  await verifyPassword(password, await dummy);
}
