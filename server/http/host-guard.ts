// The server answers only to the host names it is configured for: PUBLIC_URL's, the address in HOST when it is one
// (not 0.0.0.0 or ::), and localhost / 127.0.0.1 / [::1] when it listens on loopback (local mode). Any other Host gets
// 421. This is what stops DNS rebinding: a web page at rebind.evil.example whose name is made to resolve to 127.0.0.1
// reaches the local server with its own name in Host (and a matching Origin), and is refused before any route runs.
import type { MiddlewareHandler } from 'hono';
import { requestError } from './errors.ts';

export const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'] as const;

const WILDCARD = new Set(['0.0.0.0', '::', '']);

// A Host header's or URL's name without the port, lower-cased, IPv6 without brackets; null when it is no host name.
export function hostName(host: string): string | null {
  const h = host.trim().toLowerCase();
  const v6 = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(h);
  if (v6) return v6[1] ?? null;
  const m = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m?.[1]?.replace(/\.$/, '') ?? null;
}

// The names this server answers to, from its configuration; an empty list when none is configured (then it must not
// start: see main.ts).
export function allowedHostNames(config: { publicUrl: string | null; host: string; loopback: boolean }): string[] {
  const names = new Set<string>();
  if (config.publicUrl) {
    const name = hostName(new URL(config.publicUrl).host);
    if (name) names.add(name);
  }
  const own = hostName(config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host);
  if (own && !WILDCARD.has(own)) names.add(own);
  if (config.loopback) for (const n of LOOPBACK_NAMES) names.add(n);
  return [...names];
}

// /healthz stays open to any name: it says only that the server is up, and load balancers call it by address.
export function hostGuard(allowed: readonly string[]): MiddlewareHandler {
  const names = new Set(allowed.map((n) => n.toLowerCase()));
  return async (c, next) => {
    if (c.req.path === '/healthz') return next();
    const raw = c.req.header('host') ?? new URL(c.req.url).host;
    const name = hostName(raw);
    if (!name || !names.has(name))
      return requestError(c, 'misdirected', `this server does not answer to the host name "${raw.slice(0, 100)}"; use ${[...names].join(' or ')} (PUBLIC_URL sets the name it is reached by)`, 421);
    return next();
  };
}
