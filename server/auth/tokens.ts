// Secrets handed to a browser or printed once (session cookies, CSRF tokens, reset and invitation tokens): 32 random
// bytes, base64url. The database keeps only their SHA-256, so reading it opens no session and redeems no token.
import { createHash, randomBytes } from 'node:crypto';

export const newSecret = (): string => randomBytes(32).toString('base64url');
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');
