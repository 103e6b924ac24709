// Caches the serialised analysis of an engagement under its stamp (see analysisStamp). Writes through this server
// invalidate the engagement at once; the stamp catches writes from elsewhere (the CLI, another server).
export class ResponseCache {
  private readonly entries = new Map<string, { stamp: string; body: string }>();
  private generation = new Map<string, number>();

  constructor(private readonly max = 50) {}

  key(engagementId: string, part: string, stamp: string): string {
    return `${engagementId}\u0000${part}\u0000${stamp}\u0000${this.generation.get(engagementId) ?? 0}`;
  }

  get(key: string): string | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, e);
    return e.body;
  }

  set(key: string, body: string): void {
    this.entries.set(key, { stamp: key, body });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }

  invalidate(engagementId: string): void {
    this.generation.set(engagementId, (this.generation.get(engagementId) ?? 0) + 1);
    for (const k of this.entries.keys()) if (k.startsWith(`${engagementId}\u0000`)) this.entries.delete(k);
  }
}
