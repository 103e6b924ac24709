// The server's cache of serialised analyses: bounded by entries and by size, least recently used first out, and a
// write to an engagement drops only that engagement's entries.
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { acceptsGzip, ResponseCache } from '../../server/http/response-cache.ts';

const body = (n: number, ch = 'x') => ch.repeat(n);

describe('ResponseCache', () => {
  it('keeps what fits in its size budget, dropping the least recently used first', () => {
    const cache = new ResponseCache(50, 1_000);
    const [a, b, c] = ['a', 'b', 'c'].map((e) => cache.key(e, 'access', 'day'));
    cache.set(a!, body(400, 'a'));
    cache.set(b!, body(400, 'b'));
    expect(cache.get(a!)?.body).toBe(body(400, 'a')); // a is now the most recently used
    cache.set(c!, body(400, 'c')); // 1,200 > 1,000: b goes
    expect(cache.get(b!)).toBeUndefined();
    expect(cache.get(a!)?.body).toBe(body(400, 'a'));
    expect(cache.get(c!)?.body).toBe(body(400, 'c'));
    expect(cache.heldChars).toBe(800);
  });

  it('does not keep a body larger than the whole budget, and replacing an entry counts its size once', () => {
    const cache = new ResponseCache(50, 1_000);
    const k = cache.key('e', 'access', 'day');
    cache.set(k, body(2_000));
    expect(cache.get(k)).toBeUndefined();
    expect(cache.heldChars).toBe(0);
    cache.set(k, body(300));
    cache.set(k, body(500));
    expect(cache.heldChars).toBe(500);
    expect(cache.get(k)?.body).toBe(body(500));
  });

  it('keeps at most its number of entries', () => {
    const cache = new ResponseCache(2, 1_000_000);
    const keys = ['a', 'b', 'c'].map((e) => cache.key(e, 'analysis', 'day'));
    for (const k of keys) cache.set(k, 'body');
    expect(keys.map((k) => cache.get(k)?.body)).toEqual([undefined, 'body', 'body']);
    expect(cache.heldChars).toBe(8);
  });

  it('keeps a large body gzipped beside it too, counted in its size; a small one not', () => {
    const cache = new ResponseCache(50, 10_000_000);
    const json = JSON.stringify(Array.from({ length: 2_000 }, (_, i) => ({ id: `CTL-${i}`, status: i % 3 ? 'enhance' : 'gap' })));
    const big = cache.set(cache.key('e', 'analysis', 's1'), json);
    expect(big.gzip).not.toBeNull();
    expect(gunzipSync(big.gzip!).toString('utf8')).toBe(json);
    expect(big.gzip!.length).toBeLessThan(json.length / 4);
    expect(cache.heldChars).toBe(json.length + big.gzip!.length);
    expect(cache.set(cache.key('e', 'analysis', 's2'), '{"small":true}').gzip).toBeNull();
  });

  it('setAsync gzips off the thread the same way, and does not keep a body made across a write to its engagement', async () => {
    const cache = new ResponseCache(50, 10_000_000);
    const json = JSON.stringify(Array.from({ length: 2_000 }, (_, i) => ({ id: `U-${i}`, conflict: i % 2 === 0 })));
    const key = cache.key('e', 'access', 's1');
    const kept = await cache.setAsync(key, json, 'e');
    expect(gunzipSync(kept.gzip!).toString('utf8')).toBe(json);
    expect(cache.get(key)).toBe(kept);
    const key2 = cache.key('e', 'access', 's2');
    const made = cache.setAsync(key2, json, 'e');
    cache.invalidate('e'); // a write while the body was being compressed
    expect((await made).body).toBe(json); // still sent to the reader who asked
    expect(cache.get(key2)).toBeUndefined();
  });

  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['*', true],
    ['gzip;q=0', false],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['deflate, *;q=0.5', true],
    ['deflate', false],
    ['identity', false],
    ['', false],
  ])('reads Accept-Encoding "%s" as accepting gzip: %s', (header, yes) => expect(acceptsGzip(header || undefined)).toBe(yes));

  it('a write to one engagement drops its entries only, and its old keys never match again', () => {
    const cache = new ResponseCache();
    const mine = cache.key('e1', 'access', 'day');
    const theirs = cache.key('e2', 'access', 'day');
    cache.set(mine, 'one');
    cache.set(theirs, 'two');
    cache.invalidate('e1');
    expect(cache.get(mine)).toBeUndefined();
    expect(cache.get(theirs)?.body).toBe('two');
    expect(cache.key('e1', 'access', 'day')).not.toBe(mine);
    expect(cache.heldChars).toBe(3);
  });
});
