// The shell: header, the engagement's tabs, and the screen for the current route.
import type { ComponentChildren } from 'preact';
import { Async } from './components/states.tsx';
import { useResource } from './resource.ts';
import { href, route, TABS, type Tab } from './router.ts';
import { EngagementsScreen } from './screens/engagements.tsx';
import { screens } from './screens/index.ts';
import { NewEngagementScreen } from './screens/setup.tsx';

const LABEL: Record<Tab, string> = {
  setup: 'Set-up',
  import: 'Import',
  gaps: 'Gap analysis',
  sod: 'SoD',
  plan: 'Plan',
  board: 'Board view',
  exports: 'Export & re-import',
  audit: 'Audit',
  access: 'Access SoD',
};

export interface EngagementInfo {
  id: string;
  companyName: string;
  profile: Record<string, unknown>;
  archivedAt: string | null;
}

function Shell({ children }: { children: ComponentChildren }) {
  return (
    <>
      <header class="top no-print">
        <a class="brand" href="#/">
          soxbridge
        </a>
        <span class="muted">SOC 2 → SOX readiness</span>
        <span class="mode" title="No accounts are configured: this server runs for one user on this computer only.">Local mode · this computer only</span>
      </header>
      <main id="main">{children}</main>
    </>
  );
}

function EngagementView({ id, tab }: { id: string; tab: Tab }) {
  const res = useResource<EngagementInfo>(`/api/engagements/${encodeURIComponent(id)}`);
  const Screen = screens[tab];
  return (
    <Async res={res} what="the engagement">
      {(e) => (
        <>
          <div class="eng-head no-print">
            <h1>{e.companyName}</h1>
            <nav aria-label="Engagement" class="tabs">
              {TABS.map((t) => (
                <a key={t} href={href({ name: 'engagement', id, tab: t })} aria-current={t === tab ? 'page' : undefined} class={t === tab ? 'active' : ''}>
                  {LABEL[t]}
                </a>
              ))}
            </nav>
          </div>
          <Screen engagement={e} reloadEngagement={res.reload} />
        </>
      )}
    </Async>
  );
}

export function App() {
  const r = route.value;
  return (
    <Shell>
      {r.name === 'engagements' && <EngagementsScreen />}
      {r.name === 'new' && <NewEngagementScreen />}
      {r.name === 'engagement' && <EngagementView id={r.id} tab={r.tab} />}
    </Shell>
  );
}
