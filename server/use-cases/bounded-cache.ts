// A map that forgets its least recently used entries past a number of entries or a total weight (rows, characters):
// the server's in-memory caches of large, rebuildable things. An entry heavier than the whole budget is either not
// kept ('skip') or kept alone ('keep-alone': the one thing being worked on, when rebuilding it is the cost to avoid).
export interface CacheLimits<V> {
  entries: number;
  weight: number;
  weigh: (value: V) => number;
  oversized: 'skip' | 'keep-alone';
}

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; weight: number }>(); // least recently used first
  private total = 0;

  constructor(private readonly limits: CacheLimits<V>) {}

  // The value, now the most recently used.
  get(key: K): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  // The value, its place in the order left as it is.
  peek(key: K): V | undefined {
    return this.entries.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.limits.weigh(value);
    if (weight > this.limits.weight && this.limits.oversized === 'skip') return;
    this.entries.set(key, { value, weight });
    this.total += weight;
    while (this.entries.size > 1 && (this.entries.size > this.limits.entries || this.total > this.limits.weight))
      this.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.total -= e.weight;
  }

  keys(): K[] {
    return [...this.entries.keys()];
  }

  // The weight held now.
  get weight(): number {
    return this.total;
  }
}
