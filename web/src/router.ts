// Hash routes, so the server only ever serves index.html and a reload keeps the screen.
import { signal } from '@preact/signals';

export type Route =
  | { name: 'engagements' }
  | { name: 'new' }
  | { name: 'engagement'; id: string; tab: Tab }
  | { name: 'members' }
  | { name: 'invite'; token: string }
  | { name: 'reset'; token: string };

export const TABS = ['setup', 'import', 'gaps', 'sod', 'plan', 'testing', 'board', 'exports', 'audit', 'access', 'scenarios', 'soc1'] as const;
export type Tab = (typeof TABS)[number];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'new') return { name: 'new' };
  if (parts[0] === 'members') return { name: 'members' };
  if ((parts[0] === 'invite' || parts[0] === 'reset') && parts[1]) return { name: parts[0], token: parts[1] };
  if (parts[0] === 'e' && parts[1]) {
    const tab = (TABS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as Tab) : 'gaps';
    return { name: 'engagement', id: parts[1], tab };
  }
  return { name: 'engagements' };
}

export const route = signal<Route>(parseRoute(location.hash));
window.addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));

export function href(r: Route): string {
  switch (r.name) {
    case 'engagements':
      return '#/';
    case 'new':
      return '#/new';
    case 'members':
      return '#/members';
    case 'invite':
    case 'reset':
      return `#/${r.name}/${encodeURIComponent(r.token)}`;
    default:
      return `#/e/${encodeURIComponent(r.id)}/${r.tab}`;
  }
}

export function go(r: Route): void {
  location.hash = href(r);
}
