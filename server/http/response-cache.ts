// Caches the serialised analysis of an engagement under its stamp (see analysisStamp). Writes through this server
// invalidate the engagement at once; the stamp catches writes from elsewhere (the CLI, another server).
// Bounded by entries and by size: the Access SoD analysis of a 20,000-user listing set is tens of megabytes of JSON,
// so fifty of them would hold gigabytes. Least recently used first out; a body larger than the whole budget is not kept.
import { BoundedCache } from '../use-cases/bounded-cache.ts';

export class ResponseCache {
  private readonly entries: BoundedCache<string, string>;
  private generation = new Map<string, number>();

  constructor(max = 50, maxChars = 256 * 1024 * 1024) {
    // weighed in characters: one byte each for the ASCII most JSON is
    this.entries = new BoundedCache({ entries: max, weight: maxChars, weigh: (body) => body.length, oversized: 'skip' });
  }

  key(engagementId: string, part: string, stamp: string): string {
    return `${engagementId}\u0000${part}\u0000${stamp}\u0000${this.generation.get(engagementId) ?? 0}`;
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, body: string): void {
    this.entries.set(key, body);
  }

  invalidate(engagementId: string): void {
    this.generation.set(engagementId, (this.generation.get(engagementId) ?? 0) + 1);
    for (const k of this.entries.keys()) if (k.startsWith(`${engagementId}\u0000`)) this.entries.delete(k);
  }

  // Characters held now (for tests and diagnostics).
  get heldChars(): number {
    return this.entries.weight;
  }
}
