// Caches the serialised analysis of an engagement under its stamp (see analysisStamp). Writes through this server
// invalidate the engagement at once; the stamp catches writes from elsewhere (the CLI, another server).
// Bounded by entries and by size: the Access SoD analysis of a 20,000-user listing set is tens of megabytes of JSON,
// so fifty of them would hold gigabytes. Least recently used first out; a body larger than the whole budget is not kept.
// Each large body is also kept gzipped (fastest level: 7 MB of analysis JSON becomes 0.8 MB in about 20 ms), so a
// browser on another machine downloads a tenth of it and the server compresses it once, not on every read.
import { promisify } from 'node:util';
import { gunzip, gzip, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { BoundedCache } from '../use-cases/bounded-cache.ts';

export interface CachedBody {
  body: string | null; // null: kept gzipped only (made in the renderer process); inflated for a client without gzip
  gzip: Uint8Array<ArrayBuffer> | null; // null: too small to be worth it
  bytes?: Uint8Array<ArrayBuffer>; // a small body (no gzip copy) as UTF-8, made at its first send and kept
}

const GZIP_FROM = 16 * 1024;
const deflateAsync = promisify(gzip);
const JSON_TYPE = 'application/json; charset=utf-8';

export class ResponseCache {
  private readonly entries: BoundedCache<string, CachedBody>;
  // The last body of each engagement's part, kept across invalidation: served, marked stale, while the new one renders.
  private readonly latestBodies: BoundedCache<string, { stamp: string; entry: CachedBody }>;
  private generation = new Map<string, number>();

  constructor(max = 50, maxChars = 256 * 1024 * 1024) {
    // weighed in characters: one byte each for the ASCII most JSON is, plus the gzipped copy
    const weigh = (e: CachedBody) => (e.body?.length ?? 0) + (e.gzip?.length ?? 0);
    this.entries = new BoundedCache({ entries: max, weight: maxChars, weigh, oversized: 'skip' });
    this.latestBodies = new BoundedCache({ entries: max, weight: maxChars, weigh: (l) => weigh(l.entry), oversized: 'skip' });
  }

  // Keeps a body made elsewhere (the analysis renderer) and remembers it as the part's latest.
  setPrepared(key: string, engagementId: string, part: string, stamp: string, entry: CachedBody): void {
    this.entries.set(key, entry);
    this.latestBodies.set(`${engagementId}\u0000${part}`, { stamp, entry });
  }

  // The part's last body, whatever has changed since (undefined: none yet).
  latest(engagementId: string, part: string): { stamp: string; entry: CachedBody } | undefined {
    return this.latestBodies.get(`${engagementId}\u0000${part}`);
  }

  key(engagementId: string, part: string, stamp: string): string {
    return `${engagementId}\u0000${part}\u0000${stamp}\u0000${this.generation.get(engagementId) ?? 0}`;
  }

  get(key: string): CachedBody | undefined {
    return this.entries.get(key);
  }

  // Keeps the body (and its gzipped copy) and returns the entry to send.
  set(key: string, body: string): CachedBody {
    const entry: CachedBody = { body, gzip: body.length >= GZIP_FROM ? new Uint8Array(gzipSync(body, { level: 1 })) : null };
    this.entries.set(key, entry);
    return entry;
  }

  // As set, with the gzipped copy made in libuv's thread pool, not on this thread (tens of megabytes of an Access SoD
  // page took over 100 ms to compress synchronously). The key is checked against writes made meanwhile: a body made
  // before an invalidation is sent but not kept.
  async setAsync(key: string, body: string, engagementId?: string): Promise<CachedBody> {
    const generation = engagementId === undefined ? null : this.generationOf(engagementId);
    const entry: CachedBody = { body, gzip: body.length >= GZIP_FROM ? new Uint8Array(await deflateAsync(body, { level: 1 })) : null };
    if (generation === null || this.generationOf(engagementId ?? '') === generation) this.entries.set(key, entry);
    return entry;
  }

  invalidate(engagementId: string): void {
    this.generation.set(engagementId, (this.generation.get(engagementId) ?? 0) + 1);
    for (const k of this.entries.keys()) if (k.startsWith(`${engagementId}\u0000`)) this.entries.delete(k);
  }

  // Bumped by every write to the engagement through this server (invalidate).
  generationOf(engagementId: string): number {
    return this.generation.get(engagementId) ?? 0;
  }

  // Characters held now (for tests and diagnostics).
  get heldChars(): number {
    return this.entries.weight;
  }
}

const inflate = promisify(gunzip);

// The cached JSON as the client can take it: gzipped when it says it accepts gzip, plain otherwise.
export async function sendCached(c: Context, entry: CachedBody): Promise<Response> {
  c.header('Vary', 'Accept-Encoding');
  if (entry.gzip && acceptsGzip(c.req.header('accept-encoding')))
    return c.body(entry.gzip, 200, { 'content-type': JSON_TYPE, 'content-encoding': 'gzip' });
  // A large body is encoded (or inflated, in libuv's thread pool: not on this thread) for each client that does not
  // take gzip (browsers do): keeping that copy too would double what the cache holds. A small one is kept encoded.
  if (entry.gzip) return c.body(entry.body ?? new Uint8Array(await inflate(entry.gzip)), 200, { 'content-type': JSON_TYPE });
  entry.bytes ??= new Uint8Array(Buffer.from(entry.body ?? '', 'utf8'));
  return c.body(entry.bytes, 200, { 'content-type': JSON_TYPE });
}

// "gzip" listed without q=0, or "*" when gzip is not listed at all (an explicit "gzip;q=0" wins over "*").
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const given = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    q.set(name.trim(), given === undefined ? 1 : Number(given.slice(2)) || 0);
  }
  return (q.get('gzip') ?? q.get('*') ?? 0) > 0;
}
