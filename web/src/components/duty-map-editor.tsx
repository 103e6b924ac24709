// Editing the engagement's duty map: every role and permission in the listings with the duties soxbridge suggests
// (from the name, or a template) or someone confirmed; pick one, tick its duties, confirm. Unmapped ones come first,
// since they cannot raise a conflict until mapped. Saved templates can be layered under the engagement's own entries,
// and the map can be saved as a template for the next client on the same system. Every change is audited.
import { useMemo, useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { useResource } from '../resource.ts';
import { Async, ErrorBox } from './states.tsx';
import { ColumnHeads } from './column-heads.tsx';
import type { DutyMapBody } from '../../../server/http/openapi-access.ts';

// The duty map as the server sends it (server/http/openapi-access.ts).
type DutyMapView = DutyMapBody;
type Entry = DutyMapView['entries'][number];
type Applied = DutyMapView['applied'][number];

type Row = Applied & { unmapped: boolean };
const rowKey = (r: { system: string; kind: string; name: string }) => `${r.system}\u0000${r.kind}\u0000${r.name}`;
const sameEntry = (e: Entry, r: Row) =>
  e.name.toLowerCase() === r.name.toLowerCase() &&
  (e.kind ?? r.kind) === r.kind &&
  (!e.systems || e.systems.some((s) => s.toLowerCase() === r.system.toLowerCase()));

export function DutyMapEditor({ engagementId, onChanged }: { engagementId: string; onChanged: () => void }) {
  const base = `/api/engagements/${encodeURIComponent(engagementId)}/access/duty-map`;
  const res = useResource<DutyMapView>(base);
  return (
    <Async res={res} what="the duty map">
      {(view) => (
        <Editor
          view={view}
          base={base}
          onSaved={() => {
            res.reload();
            onChanged();
          }}
        />
      )}
    </Async>
  );
}

function Editor({ view, base, onSaved }: { view: DutyMapView; base: string; onSaved: () => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const label = useMemo(() => new Map(view.duties.map((d) => [d.id, d.label])), [view.duties]);
  const rows: Row[] = useMemo(() => {
    const applied = new Map(view.applied.map((a) => [rowKey(a), { ...a, unmapped: false }]));
    for (const u of view.unmapped)
      if (!applied.has(rowKey(u)))
        applied.set(rowKey(u), {
          ...u,
          duties: [],
          privileged: false,
          basis: 'unmapped',
          map: null,
          confirmed: false,
          unmapped: true,
        });
    for (const u of view.unmapped) {
      const r = applied.get(rowKey(u));
      if (r) r.unmapped = true;
    }
    return [...applied.values()].sort(
      (a, b) =>
        Number(b.unmapped) - Number(a.unmapped) || a.system.localeCompare(b.system) || a.name.localeCompare(b.name),
    );
  }, [view]);
  const current = rows.find((r) => rowKey(r) === selected) ?? null;

  const put = async (entries: Entry[], templates: string[], message: string) => {
    const r = await send('PUT', base, { entries, templates });
    if (!r.ok) {
      setError(r.error);
      return false;
    }
    setError(null);
    setNote(message);
    onSaved();
    return true;
  };
  const confirm = (row: Row, duties: string[], privileged: boolean, why: string) => {
    const entry: Entry = {
      name: row.name,
      kind: row.kind,
      match: 'exact',
      duties,
      privileged,
      systems: [row.system],
      ...(why.trim() ? { note: why.trim() } : {}),
    };
    const others = view.entries.filter((e) => !sameEntry(e, row));
    return put(
      [...others, entry],
      view.templates,
      `${row.system} · ${row.name}: ${duties.length ? duties.map((d) => label.get(d) ?? d).join(', ') : 'no SoD duty'} — saved; the conflicts are recalculated.`,
    );
  };
  const undo = (row: Row) =>
    put(
      view.entries.filter((e) => !sameEntry(e, row)),
      view.templates,
      `${row.system} · ${row.name}: back to the suggestion.`,
    );

  return (
    <section class="duty-map-editor" aria-labelledby="dm-heading">
      <h3 id="dm-heading">Duty map: what each role and permission lets a person do</h3>
      <p class="hint">
        Suggestions come from the names and from templates; confirm or correct them. A confirmed mapping is this
        engagement's own and is kept when the listings are uploaded again.{' '}
        {view.updatedBy && `Last changed by ${view.updatedBy}.`}
      </p>
      {error && <ErrorBox error={error} />}
      {note && (
        <p class="saved-note" role="status">
          ✔ {note}
        </p>
      )}
      <div class="dm-split">
        <table class="grid compact dm-table">
          <ColumnHeads names={['System', 'Role or permission', 'Duties', 'Basis', 'Holders']} />
          <tbody>
            {rows.map((r) => (
              <tr key={rowKey(r)} class={rowKey(r) === selected ? 'selected' : ''}>
                <td>{r.system}</td>
                <td>
                  <button
                    type="button"
                    class="link"
                    onClick={() => setSelected(rowKey(r))}
                    aria-label={`Map ${r.system} ${r.kind} ${r.name}`}
                  >
                    {r.name}
                  </button>{' '}
                  <span class="muted">({r.kind})</span>
                </td>
                <td>
                  {r.unmapped ? (
                    <strong>unmapped</strong>
                  ) : r.duties.length ? (
                    r.duties.map((d) => label.get(d) ?? d).join('; ')
                  ) : (
                    <span class="muted">none</span>
                  )}
                </td>
                <td>
                  {r.confirmed
                    ? '✔ confirmed'
                    : r.unmapped
                      ? '—'
                      : `suggested (${r.basis}${r.map ? `: ${r.map}` : ''})`}
                </td>
                <td>{r.holders}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {current && (
          <EntryForm key={rowKey(current)} row={current} duties={view.duties} onConfirm={confirm} onUndo={undo} />
        )}
      </div>
      <Templates view={view} base={base} put={put} setError={setError} setNote={setNote} onSaved={onSaved} />
    </section>
  );
}

function EntryForm({
  row,
  duties,
  onConfirm,
  onUndo,
}: {
  row: Row;
  duties: DutyMapView['duties'];
  onConfirm: (r: Row, d: string[], p: boolean, why: string) => Promise<boolean>;
  onUndo: (r: Row) => Promise<boolean>;
}) {
  const [chosen, setChosen] = useState<Set<string>>(new Set(row.duties));
  const [privileged, setPrivileged] = useState(row.privileged);
  const [filter, setFilter] = useState('');
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  const shown = duties.filter(
    (d) => chosen.has(d.id) || !filter.trim() || d.label.toLowerCase().includes(filter.trim().toLowerCase()),
  );
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const run = async (f: () => Promise<boolean>) => {
    setBusy(true);
    await f();
    setBusy(false);
  };
  return (
    <form
      class="card dm-form"
      aria-labelledby="dm-form-h"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() =>
          onConfirm(
            row,
            duties.filter((d) => chosen.has(d.id)).map((d) => d.id),
            privileged,
            why,
          ),
        );
      }}
    >
      <h4 id="dm-form-h">
        {row.system} · {row.name} <span class="muted">({row.kind})</span>
      </h4>
      <label for="dm-filter">Find a duty</label>
      <input
        id="dm-filter"
        value={filter}
        onInput={(e) => setFilter((e.target as HTMLInputElement).value)}
        placeholder="e.g. vendor, journal, payment"
      />
      <fieldset class="dm-duties">
        <legend>Duties this grants ({chosen.size} ticked)</legend>
        {shown.map((d) => (
          <label key={d.id} class="dm-duty">
            <input
              type="checkbox"
              checked={chosen.has(d.id)}
              onChange={(e) => toggle(d.id, (e.target as HTMLInputElement).checked)}
            />{' '}
            {d.label}
          </label>
        ))}
      </fieldset>
      <label class="inline">
        <input
          type="checkbox"
          checked={privileged}
          onChange={(e) => setPrivileged((e.target as HTMLInputElement).checked)}
        />{' '}
        Privileged (administrator, superuser, DBA)
      </label>
      <label for="dm-why">Why (optional, kept with the mapping)</label>
      <input id="dm-why" value={why} onInput={(e) => setWhy((e.target as HTMLInputElement).value)} maxLength={500} />
      <div class="toolbar form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {chosen.size === 0 ? 'Confirm: grants no SoD duty' : 'Confirm mapping'}
        </button>
        {row.confirmed && (
          <button type="button" disabled={busy} onClick={() => void run(() => onUndo(row))}>
            Back to the suggestion
          </button>
        )}
      </div>
    </form>
  );
}

function Templates({
  view,
  base,
  put,
  setError,
  setNote,
  onSaved,
}: {
  onSaved: () => void;
  view: DutyMapView;
  base: string;
  put: (entries: Entry[], templates: string[], message: string) => Promise<boolean>;
  setError: (e: ApiError | null) => void;
  setNote: (n: string | null) => void;
}) {
  const [name, setName] = useState('');
  const layered = new Set(view.templates);
  const all = [
    ...view.savedTemplates.map((t) => ({ ...t, origin: 'saved' })),
    ...view.fileTemplates.map((t) => ({ ...t, origin: 'built in' })),
  ];
  const save = async (e: Event) => {
    e.preventDefault();
    const r = await send<{ name: string }>('POST', `${base}/templates`, { name });
    if (!r.ok) return setError(r.error);
    setError(null);
    setNote(`Saved as the template "${r.value.name}"; other engagements can layer it under their own map.`);
    setName('');
    onSaved();
  };
  return (
    <details class="dm-templates">
      <summary>Templates ({all.length})</summary>
      <fieldset>
        <legend>Layer under this engagement's mappings</legend>
        {all.map((t) => (
          <label key={t.id} class="inline dm-template">
            <input
              type="checkbox"
              checked={layered.has(t.id)}
              onChange={(e) => {
                const on = (e.target as HTMLInputElement).checked;
                const next = on ? [...view.templates, t.id] : view.templates.filter((x) => x !== t.id);
                void put(
                  view.entries,
                  next,
                  on
                    ? `Template "${t.name}" layered under this engagement's mappings.`
                    : `Template "${t.name}" removed.`,
                );
              }}
            />{' '}
            {t.name}{' '}
            <span class="muted">
              ({t.origin}; {t.systems.join(', ')}; {t.entries} entries)
            </span>
          </label>
        ))}
      </fieldset>
      <form class="toolbar" onSubmit={(e) => void save(e)}>
        <label for="dm-template-name">Save this engagement's map as a template</label>
        <input
          id="dm-template-name"
          value={name}
          onInput={(e) => setName((e.target as HTMLInputElement).value)}
          placeholder="NetSuite standard roles"
          required
          maxLength={100}
        />
        <button type="submit" disabled={!name.trim()}>
          Save template
        </button>
      </form>
    </details>
  );
}
