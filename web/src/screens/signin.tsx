// Signing in, accepting an invitation, and setting a new password from a one-time reset link. No mail server is
// assumed: invitation links come from a workspace owner, reset links from `cli user reset`.
import { useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { ErrorBox } from '../components/states.tsx';
import { useResource } from '../resource.ts';
import { go } from '../router.ts';
import { loadSession, session } from '../session.ts';

const value = (e: Event) => (e.target as HTMLInputElement).value;

export function SignInScreen() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await send('POST', '/api/auth/sign-in', { email, password });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setPassword('');
    await loadSession();
  };
  return (
    <section class="narrow">
      <h1>Sign in</h1>
      <p class="muted">This soxbridge server has accounts: sign in to see your clients' engagements.</p>
      <form class="card" onSubmit={(e) => void submit(e)}>
        <label for="email">E-mail</label>
        <input id="email" type="email" autoComplete="username" value={email} onInput={(e) => setEmail(value(e))} required />
        <label for="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(value(e))} required />
        {error && <ErrorBox error={error} />}
        <div class="toolbar form-actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          <span class="hint">Forgot the password? An administrator prints a one-time reset link with the command line.</span>
        </div>
      </form>
    </section>
  );
}

interface InviteInfo {
  email: string;
  workspace: string;
  engagement: string | null;
  role: string;
  expiresAt: string;
}

const ROLE_TEXT: Record<string, string> = {
  owner: 'owner (manages members and settings)',
  editor: 'editor (imports, edits and exports)',
  reviewer: 'reviewer (comments and marks items reviewed; changes no plan data)',
  viewer: 'viewer (reads and exports)',
};

// The server does not say whether the invited e-mail has an account (an inviter could learn it for any address). Signed
// in as the invited e-mail: one click adds the role. Not signed in: the form creates the account, or, when the e-mail
// has one already, adds the role and keeps its password; either way the page then signs in with the password typed.
export function InviteScreen({ token }: { token: string }) {
  const res = useResource<InviteInfo>(`/api/invites/${encodeURIComponent(token)}`);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [existing, setExisting] = useState<string | null>(null);
  const me = session.value?.user ?? null;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const r = await send('POST', `/api/invites/${encodeURIComponent(token)}/accept`, me ? {} : { displayName: name, password });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    if (!me && res.data) {
      const signIn = await send('POST', '/api/auth/sign-in', { email: res.data.email, password });
      if (!signIn.ok) {
        setExisting(res.data.email);
        return;
      }
    }
    await loadSession();
    go({ name: 'engagements' });
  };
  if (res.loading) return <p class="muted">Reading the invitation…</p>;
  if (!res.data) return <section class="narrow">{res.error && <ErrorBox error={res.error} />}</section>;
  const inv = res.data;
  if (existing)
    return (
      <section class="narrow">
        <h1>Join {inv.workspace}</h1>
        <p role="status">
          The invitation is accepted. If {existing} already had an account, its password is unchanged: <a href="#/">sign in</a> with it to see {inv.workspace}.
        </p>
      </section>
    );
  return (
    <section class="narrow">
      <h1>Join {inv.workspace}</h1>
      <p>
        You are invited as <strong>{ROLE_TEXT[inv.role] ?? inv.role}</strong>
        {inv.engagement ? ` on ${inv.engagement}` : ' for the whole workspace'}, as {inv.email}.
      </p>
      <form class="card" onSubmit={(e) => void submit(e)}>
        {me ? (
          <p>You are signed in as {me.email}.</p>
        ) : (
          <>
            <p class="hint">Already have an account with this e-mail? Enter its password (it stays as it is), or sign in first and open this link again.</p>
            <label for="displayName">Your name</label>
            <input id="displayName" value={name} onInput={(e) => setName(value(e))} autoComplete="name" />
            <label for="invite-password">{`Choose a password (at least ${session.value?.passwordMin ?? 10} characters)`}</label>
            <input id="invite-password" type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(value(e))} required />
          </>
        )}
        {error && <ErrorBox error={error} />}
        <div class="toolbar form-actions">
          <button type="submit" class="primary">
            {me ? 'Accept' : 'Accept and sign in'}
          </button>
        </div>
      </form>
    </section>
  );
}

export function ResetScreen({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = await send<{ email: string }>('POST', '/api/auth/reset', { token, password });
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setDone(r.value.email);
  };
  return (
    <section class="narrow">
      <h1>Set a new password</h1>
      {done ? (
        <p role="status">
          The password for {done} is set; every earlier session has ended. <a href="#/">Sign in</a>.
        </p>
      ) : (
        <form class="card" onSubmit={(e) => void submit(e)}>
          <label for="new-password">New password (at least {session.value?.passwordMin ?? 10} characters)</label>
          <input id="new-password" type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(value(e))} required />
          {error && <ErrorBox error={error} />}
          <div class="toolbar form-actions">
            <button type="submit" class="primary">
              Set password
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

export async function signOut(): Promise<void> {
  await send('POST', '/api/auth/sign-out', {});
  await loadSession();
  go({ name: 'engagements' });
}

