// The bounded map behind the server's in-memory caches: least recently used out first, by count and by weight, and
// the two ways of treating an entry heavier than the whole budget.
import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../server/use-cases/bounded-cache.ts';

const rows = (n: number) => ({ n });
const cache = (oversized: 'skip' | 'keep-alone') =>
  new BoundedCache<string, { n: number }>({ entries: 3, weight: 100, weigh: (v) => v.n, oversized });

describe('BoundedCache', () => {
  it('keep-alone: an entry above the budget is kept, and everything older goes', () => {
    const c = cache('keep-alone');
    c.set('a', rows(10));
    c.set('b', rows(20));
    c.set('big', rows(500));
    expect(c.keys()).toEqual(['big']);
    expect(c.weight).toBe(500);
    c.set('c', rows(10)); // the big one is now the oldest, and over budget with anything beside it
    expect(c.keys()).toEqual(['c']);
  });

  it('skip: an entry above the budget is not kept, and replaces nothing else', () => {
    const c = cache('skip');
    c.set('a', rows(10));
    c.set('big', rows(500));
    expect(c.keys()).toEqual(['a']);
    expect(c.peek('big')).toBeUndefined();
  });

  it('get makes an entry the most recently used; peek does not', () => {
    const c = cache('skip');
    for (const k of ['a', 'b', 'c']) c.set(k, rows(1));
    expect(c.peek('a')).toEqual(rows(1));
    c.set('d', rows(1)); // a was only peeked at: it goes
    expect(c.keys()).toEqual(['b', 'c', 'd']);
    expect(c.get('b')).toEqual(rows(1));
    c.set('e', rows(1)); // b was read: c goes
    expect(c.keys()).toEqual(['d', 'b', 'e']);
  });

  it('weighs each entry once, however often it is replaced or deleted', () => {
    const c = cache('skip');
    c.set('a', rows(30));
    c.set('a', rows(40));
    c.set('b', rows(50));
    expect(c.weight).toBe(90);
    c.set('c', rows(20)); // 110 > 100: a goes
    expect(c.keys()).toEqual(['b', 'c']);
    c.delete('b');
    c.delete('b');
    expect(c.weight).toBe(20);
  });
});
