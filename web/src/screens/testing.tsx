// Testing: every test of the plan (walkthrough and test of design, operating effectiveness, retest) with its sample
// size and recorded result; recording a result re-runs the analysis. Below, the deficiencies with their rating, the
// reasoning behind it, and the remediation, operation and retest tasks; Item 9A risks on top.
import { useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { JudgementForm, weighedText } from '../components/judgement-form.tsx';
import { ErrorBox, Loading } from '../components/states.tsx';
import { showDate } from '../dates.ts';
import { useResource } from '../resource.ts';
import type { ScreenProps } from './index.ts';
import { capitalise, SEVERITY_WORDS } from '../../../server/domain/words.ts';
import type { TestingBody } from '../../../server/http/openapi-analysis.ts';

// The Testing screen's data as the server sends it (server/http/openapi-analysis.ts).
type TestingView = TestingBody;
type Test = TestingView['tests'][number];

const severity = (id: string) => capitalise((SEVERITY_WORDS as Record<string, string>)[id] ?? id);
const KIND: Record<string, string> = { remediate: 'Remediate', operate: 'Operate', retest: 'Retest' };

export function TestingScreen({ engagement }: ScreenProps) {
  const view = useResource<TestingView>(`/api/engagements/${engagement.id}/testing`);
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const [judging, setJudging] = useState<string | null>(null);
  if (view.error) return <ErrorBox error={view.error} retry={view.reload} />;
  if (!view.data) return <Loading what="tests" />;
  const { tests, deficiencies, disclosureRisks, tasks } = view.data;
  const judgementOf = new Map((view.data.judgements ?? []).map((j) => [j.deficiencyId, j]));
  const shown = tests.filter((t) => !filter || `${t.testId} ${t.target ?? ''} ${t.title}`.toLowerCase().includes(filter.toLowerCase()));
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  return (
    <section class="testing">
      <h2>Testing</h2>
      {disclosureRisks.map((r) => (
        <p key={r.text} class="notice risk" role="alert">
          {r.text}
        </p>
      ))}
      <h3>Deficiencies</h3>
      {deficiencies.length === 0 ? (
        <p class="muted">No deficiency: no recorded test has failed and no gap has passed its deadline.</p>
      ) : (
        <ul class="deficiencies">
          {deficiencies.map((d) => (
            <li key={d.id} class="deficiency" data-id={d.id} data-severity={d.severity}>
              <strong>
                {d.id} · <span class="severity">{severity(d.severity)}</span> · {d.status}
              </strong>{' '}
              {d.title} ({d.origin === 'test' ? 'failed test' : 'gap past its deadline'})
              {d.override ? <span class="muted"> (rated {severity(d.computedSeverity)}, overridden: {d.override.reason})</span> : null}
              <ol class="basis">
                {d.basis.map((b) => (
                  <li key={b}>{b}</li>
                ))}
              </ol>
              {d.aggregatedWith.length > 0 ? <p>Aggregated with {d.aggregatedWith.join(', ')}</p> : null}
              <p class="weighed">
                {weighedText(d)}{' '}
                <button type="button" class="link" onClick={() => setJudging(judging === d.id ? null : d.id)} aria-expanded={judging === d.id}>
                  {judging === d.id ? 'Close the judgement' : 'Edit judgement'}
                </button>
              </p>
              {judging === d.id ? <JudgementForm engagementId={engagement.id} deficiencyId={d.id} judgement={judgementOf.get(d.id) ?? null} onSaved={() => (setJudging(null), view.reload())} /> : null}
              <table class="def-tasks">
                <tbody>
                  {d.tasks.map((id) => {
                    const t = taskById.get(id);
                    return (
                      <tr key={id} data-task={id}>
                        <td>{KIND[t?.kind ?? ''] ?? t?.kind}</td>
                        <td>{id}</td>
                        <td>{t ? `${showDate(t.start)} – ${showDate(t.end)}` : ''}</td>
                        <td>{t?.atRisk ? 'at risk' : ''}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p class="muted">{d.statusBasis}</p>
            </li>
          ))}
        </ul>
      )}
      <h3>Tests ({tests.length})</h3>
      <label>
        Filter <input id="test-filter" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} placeholder="test, target or title" />
      </label>
      <table class="tests">
        <thead>
          <tr>
            <th>Test ID</th>
            <th>Target</th>
            <th>Kind</th>
            <th>Sample size</th>
            <th>Planned</th>
            <th>Tested</th>
            <th>Exceptions</th>
            <th>Conclusion</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => (
            <>
              <tr key={t.testId} data-test={t.testId} class={t.result && t.result.conclusion === 'ineffective' ? 'failed' : ''}>
                <td>
                  <button type="button" class="link" onClick={() => setOpen(open === t.testId ? null : t.testId)} aria-expanded={open === t.testId}>
                    {t.testId}
                  </button>
                </td>
                <td>{t.target}</td>
                <td>{t.retest ? 'Retest' : t.kind}</td>
                <td>{t.sampleSize ?? ''}</td>
                <td>
                  {showDate(t.start)} – {showDate(t.end)}
                </td>
                <td>{t.result?.tested ?? ''}</td>
                <td>{t.result?.exceptions ?? ''}</td>
                <td>{t.result?.conclusion ?? ''}</td>
              </tr>
              {open === t.testId ? (
                <tr key={`${t.testId}-form`} class="result-form">
                  <td colSpan={8}>
                    <ResultForm engagementId={engagement.id} test={t} onSaved={() => (setOpen(null), view.reload())} />
                  </td>
                </tr>
              ) : null}
            </>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ResultForm({ engagementId, test, onSaved }: { engagementId: string; test: Test; onSaved: () => void }) {
  const [tested, setTested] = useState(String(test.result?.tested ?? test.sampleSize ?? ''));
  const [exceptions, setExceptions] = useState(String(test.result?.exceptions ?? 0));
  const [conclusion, setConclusion] = useState(test.result?.conclusion ?? '');
  const [testedOn, setTestedOn] = useState(test.result?.testedOn ?? '');
  const [note, setNote] = useState(test.result?.note ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await send('PUT', `/api/engagements/${engagementId}/tests/${encodeURIComponent(test.testId)}`, {
      tested: Number(tested),
      exceptions: Number(exceptions),
      ...(conclusion ? { conclusion } : {}),
      testedOn: testedOn || null,
      note,
    });
    setBusy(false);
    if (r.ok) onSaved();
    else setError(r.error);
  };
  return (
    <form class="result" onSubmit={save} aria-label={`Result of ${test.testId}`}>
      <p>
        {test.title} — sample {test.sampleSize ?? 'n/a'}, tester {test.owner}
      </p>
      <label>
        Tested <input name="tested" type="number" min={0} value={tested} onInput={(e) => setTested((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Exceptions <input name="exceptions" type="number" min={0} value={exceptions} onInput={(e) => setExceptions((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Conclusion{' '}
        <select name="conclusion" value={conclusion} onChange={(e) => setConclusion((e.target as HTMLSelectElement).value)}>
          <option value="">from the exceptions</option>
          <option value="effective">effective</option>
          <option value="ineffective">ineffective</option>
          <option value="not-tested">not tested</option>
        </select>
      </label>
      <label>
        Tested on <input name="testedOn" type="date" value={testedOn} onInput={(e) => setTestedOn((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Note <input name="note" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" disabled={busy}>
        Record result
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}
