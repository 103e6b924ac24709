// Password guesses slowed down, not a lockout a stranger can impose. Every attempt is counted against three keys: the
// account, the caller's address, and the pair of both. Each key allows a few free failures, then makes the next try
// wait an exponentially growing delay (1 s, 2 s, 4 s … up to a cap), and forgets its failures after a quiet hour.
// The check and the count happen together, synchronously, before the password hash is compared: concurrent guesses
// cannot all pass the check before any of them is counted (Node runs this function to its end before another request's
// code runs). A success takes its own count back and clears the pair's failures.
// What a stranger can do to a user: the pair key holds the attacker back from their own address; the account key (the
// brake on guesses spread over many addresses) is skipped for an address the account has signed in from before, and
// is capped at a few minutes for a new one. Counters live in this process's memory: a restart forgets them.

export interface BackoffRule {
  free: number; // failures allowed before any delay
  baseMs: number; // the first delay; each further failure doubles it
  maxMs: number; // the longest delay
  forgetMs: number; // failures are forgotten this long after the last one
}

export interface ThrottleRules {
  pair: BackoffRule; // one account from one address
  address: BackoffRule; // one address, any account (spraying many accounts)
  account: BackoffRule; // one account, any address it has not signed in from (guesses spread over addresses)
}

const HOUR = 3600_000;

export const DEFAULT_THROTTLE: ThrottleRules = {
  pair: { free: 5, baseMs: 1000, maxMs: 15 * 60_000, forgetMs: HOUR },
  address: { free: 20, baseMs: 1000, maxMs: 15 * 60_000, forgetMs: HOUR },
  account: { free: 10, baseMs: 1000, maxMs: 5 * 60_000, forgetMs: HOUR },
};

const MAX_KEYS = 100_000; // beyond this the oldest keys are dropped: memory stays bounded under a flood of addresses

class Backoff {
  private readonly state = new Map<string, { failures: number; last: number }>();
  constructor(private readonly rule: BackoffRule) {}

  private current(key: string, now: number) {
    const s = this.state.get(key);
    if (s && now - s.last >= this.rule.forgetMs) {
      this.state.delete(key);
      return undefined;
    }
    return s;
  }

  // Milliseconds before this key may try again; 0: now.
  wait(key: string, now: number): number {
    const s = this.current(key, now);
    if (!s || s.failures < this.rule.free) return 0;
    const delay = Math.min(this.rule.maxMs, this.rule.baseMs * 2 ** (s.failures - this.rule.free));
    return Math.max(0, s.last + delay - now);
  }

  count(key: string, now: number): void {
    const s = this.current(key, now);
    this.state.delete(key); // re-inserted last: the map's order is the age order
    this.state.set(key, { failures: (s?.failures ?? 0) + 1, last: now });
    if (this.state.size > MAX_KEYS) for (const k of [...this.state.keys()].slice(0, this.state.size - MAX_KEYS)) this.state.delete(k);
  }

  // Takes back one counted attempt that turned out not to be a failure.
  uncount(key: string): void {
    const s = this.state.get(key);
    if (!s) return;
    if (s.failures <= 1) this.state.delete(key);
    else s.failures--;
  }

  clear(key: string): void {
    this.state.delete(key);
  }
}

export interface Attempt {
  account: string;
  address: string;
}

export class SignInThrottle {
  private readonly pair: Backoff;
  private readonly address: Backoff;
  private readonly account: Backoff;
  private readonly known = new Map<string, number>(); // "account address" → last successful sign-in

  constructor(
    readonly rules: ThrottleRules = DEFAULT_THROTTLE,
    private readonly clock: () => number = Date.now,
  ) {
    this.pair = new Backoff(rules.pair);
    this.address = new Backoff(rules.address);
    this.account = new Backoff(rules.account);
  }

  // Checks every key of the attempt and, if none makes it wait, counts it as a failure at once (a success clears it
  // later). Synchronous on purpose: nothing can run between the check and the count.
  begin(account: string, address: string): { wait: number } | { attempt: Attempt } {
    const now = this.clock();
    const pairKey = `${account} ${address}`;
    const knownAddress = this.known.has(pairKey);
    const wait = Math.max(this.pair.wait(pairKey, now), this.address.wait(address, now), knownAddress ? 0 : this.account.wait(account, now));
    if (wait > 0) return { wait };
    this.pair.count(pairKey, now);
    this.address.count(address, now);
    if (!knownAddress) this.account.count(account, now);
    return { attempt: { account, address } };
  }

  // An attempt with a one-time token (a reset, an invitation): counted against the address only, at once, and taken
  // back by tokenWorked when the token was good.
  beginToken(address: string): { wait: number } | { attempt: null } {
    const now = this.clock();
    const wait = this.address.wait(address, now);
    if (wait > 0) return { wait };
    this.address.count(address, now);
    return { attempt: null };
  }

  tokenWorked(address: string): void {
    this.address.uncount(address);
  }

  // The attempt was no failure. The pair's failures are forgotten; the account's are not (they may come from others,
  // and the user signing in must not hand a spread-out guesser a fresh allowance).
  succeeded(a: Attempt): void {
    const pairKey = `${a.account} ${a.address}`;
    this.address.uncount(a.address);
    if (!this.known.has(pairKey)) this.account.uncount(a.account);
    this.pair.clear(pairKey);
    this.known.delete(pairKey);
    this.known.set(pairKey, this.clock());
    if (this.known.size > MAX_KEYS) for (const k of [...this.known.keys()].slice(0, this.known.size - MAX_KEYS)) this.known.delete(k);
  }

  // A password reset proves control of the account: its failures are forgotten everywhere.
  clearAccount(account: string): void {
    this.account.clear(account);
  }
}

export const waitMessage = (ms: number): string => {
  const s = Math.max(1, Math.ceil(ms / 1000));
  const when = s < 90 ? `${s} second(s)` : `${Math.ceil(s / 60)} minute(s)`;
  return `too many failed attempts; try again in ${when}, or ask an administrator for a password reset`;
};
