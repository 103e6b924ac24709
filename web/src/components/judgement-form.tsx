// A reviewer's judgement on one deficiency (issue 24): the factors the rating weighs — likelihood, the potential
// misstatement against the profile's materiality, an effective compensating control, the indicators of a material
// weakness — and an override of the rating with its reason. Saved through PUT /api/engagements/:id/deficiencies/:def,
// which re-runs the analysis; the Testing screen then shows the new rating with its reasoning (server/domain/deficiencies.ts).
import { useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { ErrorBox } from './states.tsx';
import { capitalise, INDICATOR_WORDS, LIKELIHOOD_WORDS, SEVERITY_WORDS } from '../../../server/domain/words.ts';

export interface Judgement {
  deficiencyId: string;
  likelihood: string | null;
  magnitude: number | null;
  compensatingControl: string | null;
  indicators: string[];
  overrideSeverity: string | null;
  overrideReason: string | null;
}

// The factors as the analysis weighed them (after defaults), shown beside the form.
export interface WeighedFactors {
  id: string;
  likelihood: string;
  magnitude: number | null;
  compensatingControl: string | null;
  indicators: string[];
}

// The words of the ratings, likelihoods and indicators: server/domain/words.ts (one table for every surface).
const INDICATOR_IDS = Object.keys(INDICATOR_WORDS) as (keyof typeof INDICATOR_WORDS)[];
const indicatorText = (id: string) => (INDICATOR_WORDS as Record<string, string>)[id] ?? id;

const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

// One line: what the rating weighed.
export function weighedText(f: WeighedFactors): string {
  const parts = [
    `likelihood ${(LIKELIHOOD_WORDS as Record<string, string>)[f.likelihood] ?? f.likelihood}`,
    f.magnitude === null ? 'magnitude not recorded' : `potential misstatement ${money(f.magnitude)}`,
    f.compensatingControl ? `compensating control "${f.compensatingControl}"` : 'no compensating control',
  ];
  if (f.indicators.length > 0) parts.push(`indicators: ${f.indicators.map(indicatorText).join('; ')}`);
  return `Weighed: ${parts.join('; ')}.`;
}

export function JudgementForm({ engagementId, deficiencyId, judgement, onSaved }: { engagementId: string; deficiencyId: string; judgement: Judgement | null; onSaved: () => void }) {
  const [likelihood, setLikelihood] = useState(judgement?.likelihood ?? '');
  const [magnitude, setMagnitude] = useState(judgement?.magnitude === null || judgement?.magnitude === undefined ? '' : String(judgement.magnitude));
  const [compensating, setCompensating] = useState(judgement?.compensatingControl ?? '');
  const [indicators, setIndicators] = useState<string[]>(judgement?.indicators ?? []);
  const [override, setOverride] = useState(judgement?.overrideSeverity ?? '');
  const [reason, setReason] = useState(judgement?.overrideReason ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const toggle = (id: string, on: boolean) => setIndicators((xs) => (on ? [...xs.filter((x) => x !== id), id] : xs.filter((x) => x !== id)));
  const save = async (e: Event) => {
    e.preventDefault();
    const m = magnitude.trim().replace(/,/g, '');
    if (m !== '' && !(Number(m) >= 0)) {
      setError({ status: 400, code: 'invalid-input', message: `Potential misstatement "${magnitude}" is not an amount: write a number such as 1500000.` });
      return;
    }
    setBusy(true);
    setError(null);
    const r = await send('PUT', `/api/engagements/${engagementId}/deficiencies/${encodeURIComponent(deficiencyId)}`, {
      likelihood: likelihood || null,
      magnitude: m === '' ? null : Number(m),
      compensatingControl: compensating.trim() || null,
      // in the order the guidance lists them, whatever order they were ticked in
      indicators: INDICATOR_IDS.filter((id) => indicators.includes(id)),
      overrideSeverity: override || null,
      overrideReason: reason.trim() || null,
    });
    setBusy(false);
    if (r.ok) onSaved();
    else setError(r.error);
  };
  return (
    <form class="judgement" onSubmit={save} aria-label={`Judgement on ${deficiencyId}`}>
      <label>
        Likelihood{' '}
        <select name="likelihood" value={likelihood} onChange={(e) => setLikelihood((e.target as HTMLSelectElement).value)}>
          <option value="">not judged (the default applies)</option>
          <option value="remote">remote</option>
          <option value="reasonably-possible">reasonably possible</option>
          <option value="probable">probable</option>
        </select>
      </label>
      <label>
        Potential misstatement{' '}
        <input name="magnitude" inputMode="decimal" value={magnitude} placeholder="amount, same currency as materiality" onInput={(e) => setMagnitude((e.target as HTMLInputElement).value)} />
      </label>
      <label>
        Compensating control{' '}
        <input name="compensatingControl" value={compensating} placeholder="an effective control with enough precision (AS 2201.68)" onInput={(e) => setCompensating((e.target as HTMLInputElement).value)} />
      </label>
      <fieldset>
        <legend>Indicators of a material weakness</legend>
        {INDICATOR_IDS.map((id) => (
          <label key={id}>
            <input type="checkbox" name="indicators" value={id} checked={indicators.includes(id)} onChange={(e) => toggle(id, (e.target as HTMLInputElement).checked)} /> {capitalise(INDICATOR_WORDS[id])}
          </label>
        ))}
      </fieldset>
      <label>
        Override the rating{' '}
        <select name="overrideSeverity" value={override} onChange={(e) => setOverride((e.target as HTMLSelectElement).value)}>
          <option value="">no override</option>
          {Object.entries(SEVERITY_WORDS).map(([id, words]) => (
            <option key={id} value={id}>
              {capitalise(words)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason for the override <input name="overrideReason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save judgement'}
      </button>
      {error ? <ErrorBox error={error} /> : null}
    </form>
  );
}
