// The workspace's members: who holds which role (for the whole workspace or one engagement). Owners invite by e-mail
// (a one-time link to pass on: no mail server is assumed), change roles and remove members; everyone else reads.
import { useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { Async, ErrorBox } from '../components/states.tsx';
import { useResource } from '../resource.ts';
import { allows, chooseWorkspace, currentWorkspace, loadSession, session, type Role } from '../session.ts';
import { ColumnHeads } from '../components/column-heads.tsx';
import type { InviteLink, Invites, Members as MembersBody, Workspace } from '../../../server/http/openapi-records.ts';

// The members and invitations as the server sends them (server/http/openapi-records.ts).
type MembersView = MembersBody;
type Member = MembersView['members'][number];


const ROLES: Role[] = ['owner', 'editor', 'reviewer', 'viewer'];
const ROLE_HINT: Record<Role, string> = {
  owner: 'manages members and settings',
  editor: 'imports, edits and exports',
  reviewer: 'comments, marks reviewed; changes no plan data',
  viewer: 'reads and exports (the board)',
};
const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

// What a membership or invitation covers: one engagement (by company name) or the whole workspace.
function scopeText(engagements: { id: string; companyName: string }[]): (engagementId: string | null) => string {
  const company = new Map(engagements.map((e) => [e.id, e.companyName]));
  return (id) => (id ? (company.get(id) ?? 'one engagement') : 'whole workspace');
}

export function MembersScreen() {
  const ws = currentWorkspace.value;
  if (session.value?.mode === 'local')
    return (
      <section class="narrow">
        <h1>Members</h1>
        <p>
          This server runs in local mode: there are no accounts, and only this computer can reach it. To share it with a team, add the first owner
          with <code>npm run -s cli -- user add --owner you@example.com</code>; the server then asks everyone to sign in.
        </p>
        <NewWorkspace />
      </section>
    );
  if (!ws) return <p class="muted">You are no member of any workspace yet.</p>;
  return <Members key={ws.id} workspaceId={ws.id} name={ws.name} />;
}

function Members({ workspaceId, name }: { workspaceId: string; name: string }) {
  const base = `/api/workspaces/${encodeURIComponent(workspaceId)}`;
  const res = useResource<MembersView>(`${base}/members`);
  const [error, setError] = useState<ApiError | null>(null);
  const change = async (m: Member, role: Role | null) => {
    if (role === null && !confirm(`Remove ${m.email} from ${name}?`)) return;
    const r = role === null ? await send('DELETE', `${base}/members/${encodeURIComponent(m.id)}`) : await send('PATCH', `${base}/members/${encodeURIComponent(m.id)}`, { role });
    setError(r.ok ? null : r.error);
    res.reload();
  };
  return (
    <section>
      <h1>Members of {name}</h1>
      {error && <ErrorBox error={error} />}
      <Async res={res} what="the members">
        {(data) => {
          const owner = allows(data.yourRole, 'manage');
          const scope = scopeText(data.engagements);
          return (
            <>
              <table class="grid">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">E-mail</th>
                    <th scope="col">Scope</th>
                    <th scope="col">Role</th>
                    {owner && (
                      <th scope="col">
                        <span class="sr-only">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {data.members.map((m) => (
                    <tr key={m.id}>
                      <td>
                        {m.displayName}
                        {m.disabledAt && (
                          <span class="muted" title={`This account was disabled on ${m.disabledAt.slice(0, 10)} and cannot sign in`}>
                            {' '}
                            (disabled)
                          </span>
                        )}
                      </td>
                      <td>{m.email}</td>
                      <td>{scope(m.engagementId)}</td>
                      <td>
                        {owner ? (
                          <select aria-label={`Role of ${m.email}`} value={m.role} onChange={(e) => void change(m, value(e) as Role)}>
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {r}
                              </option>
                            ))}
                          </select>
                        ) : (
                          m.role
                        )}
                      </td>
                      {owner && (
                        <td>
                          <button type="button" class="link" onClick={() => void change(m, null)} aria-label={`Remove ${m.email}`}>
                            Remove
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
              <p class="hint">{ROLES.map((r) => `${r}: ${ROLE_HINT[r]}`).join(' · ')}</p>
              {owner && <Invitations base={base} engagements={data.engagements} />}
              {owner && <Rename base={base} name={name} />}
            </>
          );
        }}
      </Async>
      {session.value?.canCreateWorkspaces && <NewWorkspace />}
    </section>
  );
}

type Pending = Invites['invites'][number];

// Owners: invite, and see (and revoke) the invitations not yet accepted. The links themselves are never shown again.
function Invitations({ base, engagements }: { base: string; engagements: { id: string; companyName: string }[] }) {
  const res = useResource<{ invites: Pending[] }>(`${base}/invites`);
  const [error, setError] = useState<ApiError | null>(null);
  const scope = scopeText(engagements);
  const revoke = async (i: Pending) => {
    if (!confirm(`Revoke the invitation for ${i.email}? Its link stops working.`)) return;
    const r = await send('DELETE', `${base}/invites/${encodeURIComponent(i.id)}`);
    setError(r.ok ? null : r.error);
    res.reload();
  };
  const pending = res.data?.invites ?? [];
  return (
    <>
      <Invite base={base} engagements={engagements} onInvited={res.reload} />
      {error && <ErrorBox error={error} />}
      {pending.length > 0 && (
        <section aria-labelledby="pending-h">
          <h2 id="pending-h">Pending invitations ({pending.length})</h2>
          <table class="grid compact">
            <ColumnHeads names={['E-mail', 'Role', 'For', 'Invited by', 'Link valid until']} actions="Actions" />
            <tbody>
              {pending.map((i) => (
                <tr key={i.id}>
                  <td>{i.email}</td>
                  <td>{i.role}</td>
                  <td>{scope(i.engagementId)}</td>
                  <td>{i.createdBy}</td>
                  <td>{new Date(i.expiresAt).toLocaleString()}</td>
                  <td>
                    <button type="button" class="link" onClick={() => void revoke(i)} aria-label={`Revoke the invitation for ${i.email}`}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function Rename({ base, name }: { base: string; name: string }) {
  const [value, setValue] = useState(name);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await send('PATCH', base, { name: value });
    setError(r.ok ? null : r.error);
    if (r.ok) await loadSession();
  };
  return (
    <form class="toolbar" onSubmit={(e) => void submit(e)}>
      <label for="ws-rename">Workspace name</label>
      <input id="ws-rename" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} maxLength={120} required />
      <button type="submit" disabled={!value.trim() || value.trim() === name}>
        Rename
      </button>
      {error && <ErrorBox error={error} />}
    </form>
  );
}

function Invite({ base, engagements, onInvited }: { base: string; engagements: { id: string; companyName: string }[]; onInvited: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [scope, setScope] = useState('');
  const [link, setLink] = useState<{ url: string; expiresAt: string; email: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await send<InviteLink>('POST', `${base}/invites`, { email, role, engagementId: scope || null });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    setLink({ url: `${location.origin}${r.value.link}`, expiresAt: r.value.expiresAt, email });
    setEmail('');
    onInvited();
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <div class="form-grid">
        <div>
          <label for="invite-email">E-mail</label>
          <input id="invite-email" type="email" value={email} onInput={(e) => setEmail(value(e))} required />
        </div>
        <div>
          <label for="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(value(e) as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r} — {ROLE_HINT[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="invite-scope">For</label>
          <select id="invite-scope" value={scope} onChange={(e) => setScope(value(e))}>
            <option value="">the whole workspace</option>
            {engagements.map((e) => (
              <option key={e.id} value={e.id}>
                {e.companyName} only
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <ErrorBox error={error} />}
      <div class="toolbar form-actions">
        <button type="submit" class="primary">
          Create invitation link
        </button>
      </div>
      {link && (
        <div class="notice" role="status">
          <p>
            Send this one-time link to {link.email}. It works once, until {new Date(link.expiresAt).toLocaleString()}; this is the only time it is
            shown.
          </p>
          <input class="invite-link" readOnly value={link.url} aria-label="Invitation link" onFocus={(e) => (e.target as HTMLInputElement).select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url)}>
            Copy
          </button>
        </div>
      )}
    </form>
  );
}

function NewWorkspace() {
  const [name, setName] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await send<Workspace>('POST', '/api/workspaces', { name });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setName('');
    setError(null);
    await loadSession();
    chooseWorkspace(r.value.id);
  };
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-labelledby="ws-heading">
      <h2 id="ws-heading">New workspace</h2>
      <p class="hint">One workspace per client: its engagements and members are seen by no other workspace. You become its owner.</p>
      <label for="ws-name">Client name</label>
      <input id="ws-name" value={name} onInput={(e) => setName(value(e))} required maxLength={120} />
      {error && <ErrorBox error={error} />}
      <div class="toolbar form-actions">
        <button type="submit">Create workspace</button>
      </div>
    </form>
  );
}
