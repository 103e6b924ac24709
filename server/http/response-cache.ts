// Caches the serialised analysis of an engagement under its stamp (see analysisStamp). Writes through this server
// invalidate the engagement at once; the stamp catches writes from elsewhere (the CLI, another server).
// Bounded by entries and by size: the Access SoD analysis of a 20,000-user listing set is tens of megabytes of JSON,
// so fifty of them would hold gigabytes. Least recently used first out; a body larger than the whole budget is not kept.
export class ResponseCache {
  private readonly entries = new Map<string, string>();
  private generation = new Map<string, number>();
  private size = 0; // characters held (one byte each for the ASCII most JSON is)

  constructor(
    private readonly max = 50,
    private readonly maxChars = 256 * 1024 * 1024,
  ) {}

  key(engagementId: string, part: string, stamp: string): string {
    return `${engagementId}\u0000${part}\u0000${stamp}\u0000${this.generation.get(engagementId) ?? 0}`;
  }

  get(key: string): string | undefined {
    const body = this.entries.get(key);
    if (body === undefined) return undefined;
    this.entries.delete(key); // most recently used last
    this.entries.set(key, body);
    return body;
  }

  set(key: string, body: string): void {
    this.drop(key);
    if (body.length > this.maxChars) return;
    this.entries.set(key, body);
    this.size += body.length;
    while (this.entries.size > this.max || this.size > this.maxChars) this.drop(this.entries.keys().next().value as string);
  }

  invalidate(engagementId: string): void {
    this.generation.set(engagementId, (this.generation.get(engagementId) ?? 0) + 1);
    for (const k of [...this.entries.keys()]) if (k.startsWith(`${engagementId}\u0000`)) this.drop(k);
  }

  // Characters held now (for tests and diagnostics).
  get heldChars(): number {
    return this.size;
  }

  private drop(key: string): void {
    const body = this.entries.get(key);
    if (body === undefined) return;
    this.entries.delete(key);
    this.size -= body.length;
  }
}
