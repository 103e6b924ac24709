// The Access SoD inputs: a user-access listing (with its system), the HR roster, and the what-if of one more grant.
import type { ListingStored, RosterStored } from '../../../server/http/openapi-access.ts';
import { editorsOnly } from './role-gate.tsx';
import { useState } from 'preact/hooks';
import { send, uploadFile, type ApiError, type ApiResult } from '../api.ts';
import type { Simulation } from './access-types.ts';
import { Badge, ErrorBox } from './states.tsx';

function useUpload(done: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState('');
  async function run<T>(p: Promise<ApiResult<T>>, ok: (v: T) => string, form: HTMLFormElement) {
    setBusy(true);
    setError(null);
    setNote('');
    const r = await p;
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setNote(ok(r.value));
    form.reset();
    done();
  }
  return { busy, error, note, run, setError };
}

// What an upload form says when it is done: the success note or the server's message.
function UploadOutcome({ note, error }: { note: string; error: ApiError | null }) {
  return (
    <>
      {note && (
        <p class="saved-note" role="status">
          ✔ {note}
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </>
  );
}

const noFile: ApiError = { status: 400, code: 'invalid-input', message: 'Choose a file first.' };

function ListingUploadEditable({ engagementId, onUploaded }: { engagementId: string; onUploaded: () => void }) {
  const u = useUpload(onUploaded);
  const [system, setSystem] = useState('');
  const [unit, setUnit] = useState('');
  function submit(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return u.setError(noFile);
    void u
      .run(
        uploadFile<ListingStored>(
          `/api/engagements/${encodeURIComponent(engagementId)}/access/listings`,
          file,
          { ...(system.trim() ? { system: system.trim() } : {}), ...(unit.trim() ? { businessUnit: unit.trim() } : {}) },
        ),
        (v) =>
          `Read ${v.fileName}${v.businessUnit ? ` (business unit ${v.businessUnit})` : ''}: ${v.systems.map((s) => `${s.system}, ${s.rows} rows`).join('; ')}.`,
        form,
      )
      .then(() => {
        setSystem('');
        setUnit('');
      });
  }
  return (
    <form class="card access-upload" onSubmit={submit}>
      <h3>Upload a user-access listing</h3>
      <p class="hint">
        One export per system (Excel or CSV): users with their roles or permissions, ideally with the extraction date.
      </p>
      <label for="access-listing-file">Listing file</label>
      <input id="access-listing-file" name="file" type="file" accept=".xlsx,.xls,.csv" />
      <label for="access-listing-system">System (optional)</label>
      <input
        id="access-listing-system"
        value={system}
        placeholder="e.g. NetSuite"
        onInput={(e) => setSystem((e.target as HTMLInputElement).value)}
        aria-describedby="access-listing-system-hint"
      />
      <p class="hint" id="access-listing-system-hint">
        Leave blank to detect it from a system column, the sheet or the file name.
      </p>
      <label for="access-listing-unit">Business unit (optional)</label>
      <input
        id="access-listing-unit"
        value={unit}
        placeholder="e.g. EMEA"
        onInput={(e) => setUnit((e.target as HTMLInputElement).value)}
        aria-describedby="access-listing-unit-hint"
      />
      <p class="hint" id="access-listing-unit-hint">
        One file per business unit or subsidiary? Name its unit: a later file of the same system and unit replaces only
        that unit's file. Leave blank when the file covers the whole system: it then replaces every earlier file of its
        kind.
      </p>
      <button type="submit" class="primary" disabled={u.busy}>
        {u.busy ? 'Reading…' : 'Upload listing'}
      </button>
      <UploadOutcome note={u.note} error={u.error} />
    </form>
  );
}

function RosterUploadEditable({
  engagementId,
  onUploaded,
  current,
}: {
  engagementId: string;
  onUploaded: () => void;
  current: string | null;
}) {
  const u = useUpload(onUploaded);
  function submit(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const file = (form.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return u.setError(noFile);
    void u.run(
      uploadFile<RosterStored>(
        `/api/engagements/${encodeURIComponent(engagementId)}/access/roster`,
        file,
      ),
      (v) => `Roster read: ${v.entries} people, ${v.terminated} terminated.`,
      form,
    );
  }
  return (
    <form class="card access-upload" onSubmit={submit}>
      <h3>Upload the HR roster</h3>
      <p class="hint">
        Name, work e-mail and termination date; it finds leavers still active. A new roster replaces the previous one.
      </p>
      <label for="access-roster-file">HR roster file</label>
      <input id="access-roster-file" name="file" type="file" accept=".xlsx,.xls,.csv" />
      <p class="hint">{current ? `Current roster: ${current}` : 'No roster uploaded yet.'}</p>
      <button type="submit" class="primary" disabled={u.busy}>
        {u.busy ? 'Reading…' : 'Upload roster'}
      </button>
      <UploadOutcome note={u.note} error={u.error} />
    </form>
  );
}

export function SimulateGrant({
  engagementId,
  users,
  systems,
  roles,
}: {
  engagementId: string;
  users: string[];
  systems: string[];
  roles: { system: string; name: string }[];
}) {
  const [user, setUser] = useState('');
  const [system, setSystem] = useState(systems[0] ?? '');
  const [role, setRole] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<Simulation | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const r = await send<Simulation>('POST', `/api/engagements/${encodeURIComponent(engagementId)}/access/simulate`, {
      user: user.trim(),
      system: system.trim(),
      role: role.trim(),
    });
    setBusy(false);
    if (r.ok) setResult(r.value);
    else setError(r.error);
  }
  const roleNames = [...new Set(roles.filter((r) => !system || r.system === system).map((r) => r.name))].sort();
  return (
    <form class="card access-simulate" onSubmit={submit}>
      <h3>Simulate a grant</h3>
      <p class="hint">Before giving someone a role: which conflicts would it create? Nothing is saved.</p>
      <div class="form-grid">
        <div>
          <label for="sim-user">User (name or e-mail)</label>
          <input
            id="sim-user"
            list="sim-users"
            value={user}
            onInput={(e) => setUser((e.target as HTMLInputElement).value)}
          />
          <datalist id="sim-users">
            {/* suggestions only (any user may be typed): the first of a 20,000-user matrix are plenty */}
            {users.slice(0, 1000).map((u) => (
              <option key={u} value={u} />
            ))}
          </datalist>
        </div>
        <div>
          <label for="sim-system">System</label>
          <input
            id="sim-system"
            list="sim-systems"
            value={system}
            onInput={(e) => setSystem((e.target as HTMLInputElement).value)}
          />
          <datalist id="sim-systems">
            {systems.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <div>
          <label for="sim-role">Role to grant</label>
          <input
            id="sim-role"
            list="sim-roles"
            value={role}
            onInput={(e) => setRole((e.target as HTMLInputElement).value)}
          />
          <datalist id="sim-roles">
            {roleNames.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </div>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Simulating…' : 'Simulate'}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
      {result && (
        <div class="sim-result" role="status" aria-live="polite">
          {!result.knownUser && <p class="hint">⚠ {result.user} is not in any listing: only the new role counts.</p>}
          {!result.roleKnown && (
            <p class="hint">
              ⚠ “{result.role}” is not a known role in {result.system}: its duties are unknown, so this proves nothing.
            </p>
          )}
          {result.newConflicts.length === 0 ? (
            <p>
              <Badge status="covered" /> No new conflict: granting {result.role} in {result.system} to {result.user}{' '}
              creates no SoD conflict.
            </p>
          ) : (
            <>
              <p>
                <strong>
                  {result.newConflicts.length} new conflict{result.newConflicts.length === 1 ? '' : 's'}
                </strong>{' '}
                if {result.user} gets {result.role} in {result.system}:
              </p>
              <ul class="tight">
                {result.newConflicts.map((c) => (
                  <li key={c.key}>
                    <Badge status={c.severity} /> <strong>{c.rule}</strong>: {c.sides.map((s) => s.label).join(' + ')} —{' '}
                    {c.risk}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}

export const ListingUpload = editorsOnly(ListingUploadEditable);
export const RosterUpload = editorsOnly(RosterUploadEditable);
