// The sign-in throttle alone (server/http/sign-in-throttle.ts), on an injected clock: free attempts, then a delay that
// doubles per failure up to its cap, forgotten after a quiet hour; the check and the count are one step.
import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, SignInThrottle } from '../../server/http/sign-in-throttle.ts';

const waitOf = (r: ReturnType<SignInThrottle['begin']>) => ('wait' in r ? r.wait : 0);

describe('SignInThrottle', () => {
  it('allows the free failures, then doubles the delay per failure up to the cap', () => {
    let now = 0;
    const t = new SignInThrottle(DEFAULT_THROTTLE, () => now);
    for (let i = 0; i < 5; i++) expect(waitOf(t.begin('ann@a.example', '10.0.0.1'))).toBe(0);
    // pair rule: 5 free, then 1 s, 2 s, 4 s … measured from the last attempt
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      const w = waitOf(t.begin('ann@a.example', '10.0.0.1'));
      delays.push(w);
      now += w;
      expect(waitOf(t.begin('ann@a.example', '10.0.0.1'))).toBe(0); // the attempt once the delay is over, counted
    }
    expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900].map((s) => s * 1000));
    // an hour without failures: forgotten
    now += 3600_000;
    for (let i = 0; i < 5; i++) expect(waitOf(t.begin('ann@a.example', '10.0.0.1'))).toBe(0);
  });

  it('counts an attempt before it is checked, so attempts in flight use up the allowance', () => {
    const t = new SignInThrottle(DEFAULT_THROTTLE, () => 0);
    const started = Array.from({ length: 50 }, () => t.begin('ann@a.example', '10.0.0.1'));
    expect(started.filter((r) => 'attempt' in r)).toHaveLength(5);
  });

  it('a success takes back its own count and clears the pair, but not the failures others caused on the account', () => {
    const t = new SignInThrottle(DEFAULT_THROTTLE, () => 0);
    for (let i = 0; i < 10; i++) t.begin('ann@a.example', `10.0.1.${i}`); // ten addresses, one failure each
    const ok = t.begin('ann@a.example', '10.0.0.9');
    expect(waitOf(ok)).toBeGreaterThan(0); // the account's brake holds for a new address
    const known = new SignInThrottle(DEFAULT_THROTTLE, () => 0);
    const first = known.begin('ann@a.example', '10.0.0.1');
    if (!('attempt' in first)) throw new Error('the first attempt must pass');
    known.succeeded(first.attempt);
    for (let i = 0; i < 10; i++) known.begin('ann@a.example', `10.0.1.${i}`);
    expect(waitOf(known.begin('ann@a.example', '10.0.2.1'))).toBeGreaterThan(0);
    expect(waitOf(known.begin('ann@a.example', '10.0.0.1'))).toBe(0); // the address the user signed in from goes on
  });
});
