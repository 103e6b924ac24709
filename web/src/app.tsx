// The shell: header, the engagement's tabs, and the screen for the current route.
import type { EngagementRecord } from '../../server/http/openapi-records.ts';
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { Async } from './components/states.tsx';
import { useResource } from './resource.ts';
import { go, href, route, TABS, type Tab } from './router.ts';
import { EngagementsScreen } from './screens/engagements.tsx';
import { screens } from './screens/index.ts';
import { MembersScreen } from './screens/members.tsx';
import { NewEngagementScreen } from './screens/setup.tsx';
import { InviteScreen, ResetScreen, SignInScreen, signOut } from './screens/signin.tsx';
import { allows, can, chooseWorkspace, currentWorkspace, engagementRole, loadSession, session, sessionError } from './session.ts';

const LABEL: Record<Tab, string> = {
  setup: 'Set-up',
  import: 'Import',
  gaps: 'Gap analysis',
  sod: 'SoD',
  plan: 'Plan',
  testing: 'Testing',
  board: 'Board view',
  exports: 'Export & re-import',
  audit: 'Audit',
  access: 'Access SoD',
  scenarios: 'Scenarios',
  soc1: 'SOC 1',
};

// An engagement as GET /api/engagements/{id} sends it (server/http/openapi-records.ts).
export type EngagementInfo = EngagementRecord;

function Shell({ children }: { children: ComponentChildren }) {
  return (
    <>
      <header class="top no-print">
        <a class="brand" href="#/">
          soxbridge
        </a>
        <span class="muted">SOC 2 → SOX readiness</span>
        <Who />
      </header>
      <main id="main">{children}</main>
    </>
  );
}

// The header's right side: local mode, or the workspace switcher, the user and signing out.
function Who() {
  const s = session.value;
  if (!s) return null;
  const ws = currentWorkspace.value;
  const switcher = s.workspaces.length > 0 && (
    <label class="ws-switch">
      <span class="sr-only">Workspace</span>
      <select
        aria-label="Workspace"
        value={ws?.id ?? ''}
        onChange={(e) => {
          chooseWorkspace((e.target as HTMLSelectElement).value);
          go({ name: 'engagements' });
        }}
      >
        {s.workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
            {w.role ? ` (${w.role})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
  if (s.mode === 'local')
    return (
      <span class="who">
        {s.workspaces.length > 1 && switcher}
        <a class="top-link" href={href({ name: 'members' })}>
          Workspaces
        </a>
        <span class="mode" title="No accounts are configured: this server runs for one user on this computer only.">
          Local mode · this computer only
        </span>
      </span>
    );
  if (!s.user) return null;
  return (
    <span class="who">
      {switcher}
      <a class="top-link" href={href({ name: 'members' })}>
        Members
      </a>
      <span class="user" title={s.user.email}>
        {s.user.displayName}
      </span>
      <button type="button" class="top-button" onClick={() => void signOut()}>
        Sign out
      </button>
    </span>
  );
}

function EngagementView({ id, tab }: { id: string; tab: Tab }) {
  const res = useResource<EngagementInfo>(`/api/engagements/${encodeURIComponent(id)}`);
  const role = res.data?.role ?? (session.value?.mode === 'local' ? 'owner' : null);
  if (engagementRole.peek() !== role) engagementRole.value = role;
  // Importing is an editor's work: the tab is not offered to reviewers and viewers.
  const tabs = TABS.filter((t) => t !== 'import' || allows(role, 'edit'));
  const Screen = screens[tab];
  return (
    <Async res={res} what="the engagement">
      {(e) => (
        <>
          <div class="eng-head no-print">
            <h1>
              {e.companyName}
              {e.role && session.value?.mode === 'accounts' && <span class="role-badge">{can('edit') ? e.role : `${e.role} · read-only`}</span>}
            </h1>
            <nav aria-label="Engagement" class="tabs">
              {tabs.map((t) => (
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
  useEffect(() => void loadSession(), []);
  const r = route.value;
  const s = session.value;
  let body: ComponentChildren;
  if (!s) body = sessionError.value ? <p class="error" role="alert">{sessionError.value}</p> : <p class="muted">Loading…</p>;
  else if (r.name === 'invite') body = <InviteScreen token={r.token} />;
  else if (r.name === 'reset') body = <ResetScreen token={r.token} />;
  else if (s.mode === 'accounts' && !s.user) body = <SignInScreen />;
  else if (r.name === 'engagements') body = <EngagementsScreen />;
  else if (r.name === 'new') body = <NewEngagementScreen />;
  else if (r.name === 'members') body = <MembersScreen />;
  else body = <EngagementView id={r.id} tab={r.tab} />;
  return <Shell>{body}</Shell>;
}
