// The SOC 1 register: every service organisation the engagement relies on, its report (type, period), the bridge
// letter the uncovered part of the first §404(a) year needs, and its CUECs mapped to client controls and owners.
// Editors change it (one Save for the whole register); everyone sees each organisation's status and what is missing.
import { useEffect, useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { Async, Empty, ErrorBox } from '../components/states.tsx';
import { useResource } from '../resource.ts';
import { can } from '../session.ts';
import type { ScreenProps } from './index.ts';
import type { Soc1RegisterView } from '../../../server/http/openapi-records.ts';

// The register as the server sends it (server/http/openapi-records.ts).
type Register = Soc1RegisterView;
type Entry = Register['entries'][number];
type Cuec = Entry['cuecs'][number];
type Status = Register['statuses'][number];
type Span = Status['fiscalYear'];

const spanText = (s: Span) => `${s.start} to ${s.end} (${s.days} days)`;
const BRIDGE: Record<string, string> = { 'not-needed': 'not needed', missing: 'needed, not obtained', short: 'obtained, stops short', obtained: 'obtained', 'cannot-help': 'cannot help' };

export function Soc1Screen({ engagement }: ScreenProps) {
  const path = `/api/engagements/${encodeURIComponent(engagement.id)}/soc1`;
  const res = useResource<Register>(path);
  return <Async res={res} what="the SOC 1 register">{(r) => <RegisterEditor register={r} path={path} reload={res.reload} />}</Async>;
}

function RegisterEditor({ register, path, reload }: { register: Register; path: string; reload: () => void }) {
  const [draft, setDraft] = useState<Entry[]>(() => register.statuses.map((s) => s.entry));
  const [statuses, setStatuses] = useState<Status[]>(register.statuses);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [newOrg, setNewOrg] = useState('');
  useEffect(() => {
    setDraft(register.statuses.map((s) => s.entry));
    setStatuses(register.statuses);
  }, [register]);
  const editable = can('edit');
  const set = (i: number, patch: Partial<Entry>) => setDraft((d) => d.map((e, k) => (k === i ? { ...e, ...patch } : e)));
  const setCuec = (i: number, j: number, patch: Partial<Cuec>) => set(i, { cuecs: draft[i]!.cuecs.map((c, k) => (k === j ? { ...c, ...patch } : c)) });
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    const r = await send<Register>('PUT', path, { entries: draft });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setStatuses(r.value.statuses);
    setDraft(r.value.statuses.map((s) => s.entry));
    setSaved(r.value.analysisVersion ? `Saved; the analysis was re-run (version ${r.value.analysisVersion}).` : 'Saved.');
  };
  if (!register.fiscalYear) return <Empty>Give the IPO date in Set-up first: the register is checked against the first §404(a) year.</Empty>;
  return (
    <section class="soc1">
      <h2>SOC 1 register</h2>
      <p class="muted">
        Checked against the first §404(a) year, {register.fiscalYear.start} to {register.fiscalYear.end}. Reliance needs a SOC 1 Type 2 report; the months after its period
        end need a bridge letter to the fiscal year end; each CUEC needs a client control and an owner (AS 2601).
      </p>
      {draft.length === 0 && <Empty>No service organisation yet: name them in Set-up, or add one here.</Empty>}
      {draft.map((e, i) => {
        const s = statuses.find((x) => x.entry.org.toLowerCase() === e.org.toLowerCase());
        const label = (what: string) => `${e.org} ${what}`;
        return (
          <article class="card soc1-org" data-org={e.org} key={e.org}>
            <div class="toolbar">
              <h3>{e.org}</h3>
              {s && (
                <span class={`badge ${s.complete ? 'b-covered' : 'b-enhance'}`} data-status={s.complete ? 'in-place' : 'open'}>
                  <span aria-hidden="true">{s.complete ? '✔' : '◐'}</span> {s.complete ? 'in place' : 'open'}
                </span>
              )}
              {s && !s.inProfile && <span class="muted">not in the profile</span>}
            </div>
            <div class="form-grid">
              <label>
                Report
                <select disabled={!editable} aria-label={label('report type')} value={e.reportType ?? ''} onChange={(x) => set(i, { reportType: ((x.target as HTMLSelectElement).value || null) as Entry['reportType'] })}>
                  <option value="">none yet</option>
                  <option value="type1">SOC 1 Type 1</option>
                  <option value="type2">SOC 1 Type 2</option>
                </select>
              </label>
              <label>
                Period start
                <input type="date" disabled={!editable} aria-label={label('period start')} value={e.periodStart ?? ''} onInput={(x) => set(i, { periodStart: (x.target as HTMLInputElement).value || null })} />
              </label>
              <label>
                Period end
                <input type="date" disabled={!editable} aria-label={label('period end')} value={e.periodEnd ?? ''} onInput={(x) => set(i, { periodEnd: (x.target as HTMLInputElement).value || null })} />
              </label>
              <label>
                Bridge letter through
                <input type="date" disabled={!editable} aria-label={label('bridge letter through')} value={e.bridgeLetterThrough ?? ''} onInput={(x) => set(i, { bridgeLetterThrough: (x.target as HTMLInputElement).value || null })} />
              </label>
              <label>
                Targets relying on it (blank: all)
                <input disabled={!editable} aria-label={label('targets')} value={e.targets.join(', ')} onChange={(x) => set(i, { targets: (x.target as HTMLInputElement).value.split(',').map((t) => t.trim()).filter(Boolean) })} />
              </label>
            </div>
            {s && (
              <dl class="facts">
                <dt>Year covered by the report</dt>
                <dd>{s.covered ? spanText(s.covered) : 'none (no operating-effectiveness coverage)'}</dd>
                <dt>Bridge letter</dt>
                <dd class="soc1-bridge">
                  {BRIDGE[s.bridgeLetter.state] ?? s.bridgeLetter.state}
                  {s.bridgeLetter.needed ? ` — needed for ${spanText(s.bridgeLetter.needed)}` : ''}
                </dd>
                {s.missing.length > 0 && (
                  <>
                    <dt>What is missing</dt>
                    <dd>
                      <ul class="soc1-missing">
                        {s.missing.map((m) => (
                          <li key={m}>{m}</li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
              </dl>
            )}
            <table class="soc1-cuecs">
              <caption>Complementary user-entity controls</caption>
              <thead>
                <tr>
                  <th>CUEC</th>
                  <th>What the report asks</th>
                  <th>Client control</th>
                  <th>Owner</th>
                  {editable && <th />}
                </tr>
              </thead>
              <tbody>
                {e.cuecs.map((c, j) => (
                  <tr key={j}>
                    <td>
                      <input disabled={!editable} aria-label={label(`CUEC ${j + 1} id`)} value={c.id} onInput={(x) => setCuec(i, j, { id: (x.target as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <input disabled={!editable} aria-label={label(`CUEC ${j + 1} text`)} value={c.text} onInput={(x) => setCuec(i, j, { text: (x.target as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <input disabled={!editable} aria-label={label(`CUEC ${j + 1} control`)} value={c.controlId} onInput={(x) => setCuec(i, j, { controlId: (x.target as HTMLInputElement).value })} />
                    </td>
                    <td>
                      <input disabled={!editable} aria-label={label(`CUEC ${j + 1} owner`)} value={c.owner} onInput={(x) => setCuec(i, j, { owner: (x.target as HTMLInputElement).value })} />
                    </td>
                    {editable && (
                      <td>
                        <button type="button" onClick={() => set(i, { cuecs: e.cuecs.filter((_, k) => k !== j) })}>
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {editable && (
              <button type="button" onClick={() => set(i, { cuecs: [...e.cuecs, { id: `CUEC-${e.cuecs.length + 1}`, text: '', controlId: '', owner: '' }] })}>
                Add CUEC to {e.org}
              </button>
            )}
          </article>
        );
      })}
      {editable && (
        <div class="toolbar">
          <label>
            Another service organisation
            <input value={newOrg} onInput={(x) => setNewOrg((x.target as HTMLInputElement).value)} />
          </label>
          <button
            type="button"
            disabled={newOrg.trim() === '' || draft.some((d) => d.org.toLowerCase() === newOrg.trim().toLowerCase())}
            onClick={() => {
              setDraft((d) => [...d, { org: newOrg.trim(), reportType: null, periodStart: null, periodEnd: null, bridgeLetterThrough: null, targets: [], cuecs: [] }]);
              setNewOrg('');
            }}
          >
            Add organisation
          </button>
          <button type="button" class="primary" disabled={busy} onClick={() => void save()}>
            {busy ? 'Saving…' : 'Save register'}
          </button>
          {saved && (
            <span role="status" class="muted">
              {saved}
            </span>
          )}
        </div>
      )}
      {error && <ErrorBox error={error} retry={reload} />}
    </section>
  );
}
