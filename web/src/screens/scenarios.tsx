// Scenarios: "what if the IPO slips to March?", "what if we are large accelerated at the second year end?". Scenarios
// in columns, milestones in rows, what moved against the baseline highlighted (colour and the word "moved"). Computing
// saves the set on the engagement but never changes its profile; adopting one does, and is audited.
import { useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { Async, Empty, ErrorBox } from '../components/states.tsx';
import { useResource } from '../resource.ts';
import { can } from '../session.ts';
import type { ScreenProps } from './index.ts';
import type { Scenario } from '../../../server/http/openapi-records.ts';

// A scenario as the server sends it (server/http/openapi-records.ts).
type ScenarioView = Scenario;

const FIELDS = {
  ipoDate: { label: 'IPO date', placeholder: 'YYYY-MM-DD' },
  filerStatus: { label: 'Filer status from the second year end', placeholder: 'accelerated' },
  s1PeriodEnd: { label: 'Latest period in the S-1', placeholder: 'YYYY-MM-DD' },
  fiscalYearEnd: { label: 'Fiscal year end', placeholder: '12-31 or last-sat-12' },
  egc: { label: 'Emerging Growth Company', placeholder: 'yes or no' },
} as const;
type Field = keyof typeof FIELDS;

const ROWS: { id: string; label: string; value: (s: ScenarioView) => string; moved: (s: ScenarioView) => boolean }[] = [
  { id: 's1PeriodEnd', label: 'Latest period in the S-1', value: (s) => s.timeline.s1PeriodEnd, moved: (s) => s.moved.some((m) => m.milestone === 's1PeriodEnd') },
  ...(['first10Q', 'first302', 'first10K', 'first404a', 'first404b'] as const).map((id) => ({
    id,
    label: { first10Q: 'First 10-Q', first302: 'First §302 certification', first10K: 'First 10-K', first404a: 'First §404(a) report', first404b: 'First §404(b) attestation' }[id],
    value: (s: ScenarioView) => {
      const m = s.timeline.milestones.find((x) => x.id === id);
      return m ? `due ${m.due} · period ${m.periodEnd}` : 'none';
    },
    moved: (s: ScenarioView) => s.moved.some((m) => m.milestone === id),
  })),
  { id: 'egcEnds', label: 'EGC status ends', value: (s) => s.timeline.egcEnds?.fiscalYearEnd ?? 'n/a', moved: (s) => s.moved.some((m) => m.milestone === 'egcEnds') },
];

function changeOf(field: Field, text: string): Record<string, unknown> {
  const v = text.trim();
  if (field === 'egc') return { egc: /^(y|yes|true)$/i.test(v) };
  return { [field]: v };
}

export function ScenariosScreen({ engagement, reloadEngagement }: ScreenProps) {
  const path = `/api/engagements/${encodeURIComponent(engagement.id)}/scenarios`;
  const res = useResource<{ scenarios: ScenarioView[] }>(path);
  const [field, setField] = useState<Field>('ipoDate');
  const [value, setValue] = useState('');
  const [pending, setPending] = useState<{ field: Field; value: string }[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [adopted, setAdopted] = useState<string | null>(null);
  const editor = can('edit');

  const compare = async () => {
    setBusy(true);
    setError(null);
    const r = await send<{ scenarios: ScenarioView[] }>('POST', path, { variants: pending.map((p) => ({ change: changeOf(p.field, p.value) })) });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setPending([]);
    res.reload();
  };
  const adopt = async (name: string) => {
    setBusy(true);
    setError(null);
    const r = await send('POST', `${path}/adopt`, { name });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setAdopted(name);
    reloadEngagement();
  };

  return (
    <section class="scenarios-screen">
      <h2>Scenarios</h2>
      <p class="muted">
        What moves when an assumption changes. Each scenario is computed from the engagement as it stands; the profile changes only when you adopt one (an
        audited change).
      </p>
      {editor && (
        <form
          class="card scenario-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (value.trim()) setPending([...pending, { field, value: value.trim() }]);
            setValue('');
          }}
        >
          <label for="vary-field">Vary</label>
          <select id="vary-field" value={field} onChange={(e) => setField((e.target as HTMLSelectElement).value as Field)}>
            {(Object.keys(FIELDS) as Field[]).map((f) => (
              <option key={f} value={f}>
                {FIELDS[f].label}
              </option>
            ))}
          </select>
          <label for="vary-value">to</label>
          <input id="vary-value" value={value} placeholder={FIELDS[field].placeholder} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
          <button type="submit">Add scenario</button>
          {pending.length > 0 && (
            <ul class="pending-variants" aria-label="Scenarios to compare">
              {pending.map((p, i) => (
                <li key={`${p.field}-${p.value}`}>
                  {FIELDS[p.field].label}: {p.value}{' '}
                  <button type="button" class="link" onClick={() => setPending(pending.filter((_, j) => j !== i))}>
                    remove
                  </button>
                </li>
              ))}
            </ul>
          )}
          <button type="button" class="primary" disabled={busy || pending.length === 0} onClick={() => void compare()}>
            Compare
          </button>
        </form>
      )}
      {error && <ErrorBox error={error} />}
      {adopted && <p role="status">Adopted “{adopted}”: the engagement profile now uses it, and the analysis was re-run.</p>}
      <Async res={res} what="the scenarios">
        {(d) =>
          d.scenarios.length === 0 ? (
            <Empty>No scenarios yet. Add one or more changes above and compare them with the baseline.</Empty>
          ) : (
            <div class="table-wrap">
              <table class="scenario-table">
                <caption class="visually-hidden">Milestones by scenario; highlighted cells moved against the baseline</caption>
                <thead>
                  <tr>
                    <th scope="col">Milestone</th>
                    {d.scenarios.map((s) => (
                      <th scope="col" key={s.name} data-scenario={s.name}>
                        {s.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {ROWS.map((r) => (
                    <tr key={r.id} data-milestone={r.id}>
                      <th scope="row">{r.label}</th>
                      {d.scenarios.map((s, i) => {
                        const moved = i > 0 && r.moved(s);
                        return (
                          <td key={s.name} class={moved ? 'moved' : undefined} data-scenario={s.name}>
                            {r.value(s)}
                            {moved && <span class="moved-tag"> moved</span>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                  <tr data-milestone="plan">
                    <th scope="row">Plan</th>
                    {d.scenarios.map((s) => (
                      <td key={s.name}>
                        {s.plan.start} to {s.plan.end} · {s.plan.tasks} tasks · {s.plan.atRisk} at risk
                      </td>
                    ))}
                  </tr>
                  {editor && (
                    <tr>
                      <th scope="row">Adopt</th>
                      {d.scenarios.map((s, i) => (
                        <td key={s.name}>
                          {i > 0 && (
                            <button type="button" disabled={busy} onClick={() => void adopt(s.name)} aria-label={`Adopt ${s.name}`}>
                              Adopt
                            </button>
                          )}
                        </td>
                      ))}
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
    </section>
  );
}
