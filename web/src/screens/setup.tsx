// New engagement and Set-up: the profile form, with the SEC milestones it implies shown live beside it.
import { can, currentWorkspace, session } from '../session.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { Milestones, type TimelinePreview } from '../components/milestones.tsx';
import { ErrorBox } from '../components/states.tsx';
import {
  CYCLE_LABEL,
  CYCLES,
  daysIn,
  emptyForm,
  errorField,
  FILER_STATUSES,
  formFromProfile,
  MONTHS,
  toProfileInput,
  withMonth,
  type Cycle,
  type FilerStatus,
  type ProfileField,
  type ProfileForm,
} from '../profile-form.ts';
import { go } from '../router.ts';
import type { ScreenProps } from './index.ts';

interface FieldError {
  field: ProfileField | null;
  message: string;
  error?: ApiError;
}

const asFieldError = (e: ApiError): FieldError => ({ field: errorField(e), message: e.message, error: e });

// The milestones for the form as it is now, asked of the server a moment after the user stops typing.
function useTimelinePreview(form: ProfileForm) {
  const [preview, setPreview] = useState<TimelinePreview | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const input = toProfileInput(form, 'preview');
  const key = JSON.stringify(input);
  useEffect(() => {
    const mine = ++seq.current;
    if (!input.ok) {
      setBusy(false);
      setError({ field: input.error.field, message: input.error.message });
      return;
    }
    setBusy(true);
    const t = setTimeout(() => {
      void send<TimelinePreview>('POST', '/api/timeline/preview', input.value).then((r) => {
        if (mine !== seq.current) return; // a newer request is on its way
        setBusy(false);
        if (r.ok) {
          setPreview(r.value);
          setError(null);
        } else setError(asFieldError(r.error));
      });
    }, 300);
    return () => clearTimeout(t);
  }, [key]);
  return { preview, error, busy };
}

function FieldMessage({ id, error, field }: { id: string; error: FieldError | null; field: ProfileField }) {
  if (!error || error.field !== field) return null;
  return (
    <p class="field-error" id={id} role="alert">
      ⚠ {error.message}
    </p>
  );
}

function ProfileFormView({
  initial,
  mode,
  onSubmit,
  notice,
  onEdit,
  readOnly,
}: {
  initial: ProfileForm;
  mode: 'create' | 'update';
  onSubmit: (form: ProfileForm) => Promise<ApiError | null>;
  notice?: string | null;
  onEdit?: () => void;
  readOnly?: boolean;
}) {
  const [form, setForm] = useState<ProfileForm>(initial);
  const [submitError, setSubmitError] = useState<FieldError | null>(null);
  const [saving, setSaving] = useState(false);
  const live = useTimelinePreview(form);
  const set = (patch: Partial<ProfileForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setSubmitError(null);
    onEdit?.();
  };
  // A submit error wins until the user edits; otherwise the live preview's error shows next to its field.
  const error = submitError ?? live.error;
  // The field's hint and, when invalid, its error message describe it.
  const invalid = (field: ProfileField, hint?: string) => {
    const bad = error?.field === field;
    const ids = [hint, bad ? `err-${field}` : undefined].filter(Boolean).join(' ');
    return { ...(bad ? { 'aria-invalid': true } : {}), ...(ids ? { 'aria-describedby': ids } : {}) };
  };
  const text = (e: Event) => (e.currentTarget as HTMLInputElement).value;

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaving(true);
    const err = await onSubmit(form);
    setSaving(false);
    setSubmitError(err ? asFieldError(err) : null);
  };
  const toggleCycle = (c: Cycle, on: boolean) =>
    set({ cyclesInScope: on ? [...form.cyclesInScope, c] : form.cyclesInScope.filter((x) => x !== c) });

  return (
    <div class="setup-split">
      <form class="card setup-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset class="bare" disabled={readOnly === true}>
          <fieldset>
            <legend>Company</legend>
            <label for="companyName">Company name</label>
            <input
              id="companyName"
              value={form.companyName}
              onInput={(e) => set({ companyName: text(e) })}
              autoComplete="organization"
              maxLength={200}
              required
              {...invalid('companyName')}
            />
            <FieldMessage id="err-companyName" error={error} field="companyName" />

            <div class="form-grid">
              <div>
                <label for="ipoDate">IPO date</label>
                <input
                  id="ipoDate"
                  type="date"
                  value={form.ipoDate}
                  onInput={(e) => set({ ipoDate: text(e) })}
                  {...invalid('ipoDate', 'hint-ipo')}
                />
                <p class="hint" id="hint-ipo">
                  When the registration statement becomes effective. Leave empty if not decided yet.
                </p>
                <FieldMessage id="err-ipoDate" error={error} field="ipoDate" />
              </div>
              <div>
                <label for="planStart">Plan start</label>
                <input
                  id="planStart"
                  type="date"
                  value={form.planStart}
                  onInput={(e) => set({ planStart: text(e) })}
                  {...invalid('planStart', 'hint-plan')}
                />
                <p class="hint" id="hint-plan">
                  First day of the readiness programme. Empty means today.
                </p>
                <FieldMessage id="err-planStart" error={error} field="planStart" />
              </div>
              <div>
                <label for="s1PeriodEnd">Latest period in the S-1 (optional)</label>
                <input
                  id="s1PeriodEnd"
                  type="date"
                  value={form.s1PeriodEnd}
                  onInput={(e) => set({ s1PeriodEnd: text(e) })}
                  {...invalid('s1PeriodEnd', 'hint-s1')}
                />
                <p class="hint" id="hint-s1">
                  The registration statement's most recent balance sheet date: every 10-Q and 10-K follows from it.{' '}
                  {live.preview?.profile?.s1PeriodEnd && !form.s1PeriodEnd ? `Default: ${String(live.preview.profile.s1PeriodEnd)} (latest quarter end at least 45 days before the IPO; a year end only at least 90 days before).` : 'Empty means the latest quarter end at least 45 days before the IPO (a year end only at least 90 days before).'}
                </p>
                <FieldMessage id="err-s1PeriodEnd" error={error} field="s1PeriodEnd" />
              </div>
            </div>

            <fieldset class="inline-group" {...invalid('fiscalYearEnd')}>
              <legend>Fiscal year end</legend>
              {form.fyeOther && (
                <p class="hint" id="hint-fye-other">
                  {form.fyeOther}: a 52/53-week fiscal year, kept as set through the API or the command line.{' '}
                  <button type="button" class="link" onClick={() => set({ fyeOther: '' })}>
                    Use a month and day instead
                  </button>
                </p>
              )}
              <label for="fyeMonth" class="inline">
                Month
                <select
                  id="fyeMonth"
                  value={String(form.fyeMonth)}
                  onChange={(e) => set(withMonth(form, Number(text(e))))}
                >
                  {MONTHS.map((m, i) => (
                    <option key={m} value={String(i + 1)}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
              <label for="fyeDay" class="inline">
                Day
                <select id="fyeDay" value={String(form.fyeDay)} onChange={(e) => set({ fyeDay: Number(text(e)) })}>
                  {Array.from({ length: daysIn(form.fyeMonth) }, (_, i) => (
                    <option key={i} value={String(i + 1)}>
                      {i + 1}
                    </option>
                  ))}
                </select>
              </label>
              <FieldMessage id="err-fiscalYearEnd" error={error} field="fiscalYearEnd" />
            </fieldset>
          </fieldset>

          <fieldset>
            <legend>SEC status</legend>
            <fieldset class="inline-group">
              <legend>Emerging Growth Company (EGC) at the IPO?</legend>
              <label class="inline">
                <input type="radio" name="egc" checked={form.egc} onChange={() => set({ egc: true })} /> Yes
              </label>
              <label class="inline">
                <input
                  type="radio"
                  name="egc"
                  checked={!form.egc}
                  onChange={() => set({ egc: false, egcEndYear: '' })}
                />{' '}
                No
              </label>
              <p class="hint">
                Revenue under $1.235B in the last fiscal year. An EGC skips the 404(b) auditor attestation for up to
                five years.
              </p>
            </fieldset>

            <fieldset class="radio-list" {...invalid('filerStatus')}>
              <legend>Expected filer status (from the second year end)</legend>
              {FILER_STATUSES.map((s) => (
                <div key={s.value} class="radio-row">
                  <input
                    type="radio"
                    id={`filer-${s.value}`}
                    name="filerStatus"
                    value={s.value}
                    checked={form.filerStatus === s.value}
                    onChange={() => set({ filerStatus: s.value as FilerStatus })}
                    aria-describedby={`filer-${s.value}-hint`}
                  />
                  <label for={`filer-${s.value}`} class="inline">
                    {s.label}
                  </label>
                  <p class="hint" id={`filer-${s.value}-hint`}>
                    {s.explanation}
                  </p>
                </div>
              ))}
              <p class="hint">
                Every new registrant is a non-accelerated filer for its first 10-K; the status here applies from the
                second.
              </p>
              <FieldMessage id="err-filerStatus" error={error} field="filerStatus" />
            </fieldset>

            <label for="egcEndYear">EGC end year (optional)</label>
            <input
              id="egcEndYear"
              inputMode="numeric"
              class="narrow"
              placeholder="e.g. 2029"
              value={form.egcEndYear}
              disabled={!form.egc}
              onInput={(e) => set({ egcEndYear: text(e) })}
              {...invalid('egcEndsFiscalYear', 'hint-egc-end')}
            />
            <p class="hint" id="hint-egc-end">
              {form.egc
                ? 'Only if EGC status is expected to end early (revenue over $1.235B, over $1B of non-convertible debt): the fiscal year it ends in.'
                : 'Not an EGC: nothing to end.'}
            </p>
            <FieldMessage id="err-egcEndsFiscalYear" error={error} field="egcEndsFiscalYear" />
          </fieldset>

          <fieldset>
            <legend>Scope</legend>
            <label for="financialSystems">Financial systems</label>
            <textarea
              id="financialSystems"
              rows={3}
              value={form.financialSystems}
              onInput={(e) => set({ financialSystems: text(e) })}
              {...invalid('financialSystems', 'hint-systems')}
            />
            <p class="hint" id="hint-systems">
              ERP, billing, payroll…: comma-separated or one per line. IT general controls over these are in SOX scope.
            </p>
            <FieldMessage id="err-financialSystems" error={error} field="financialSystems" />

            <fieldset class="checks" {...invalid('cyclesInScope')}>
              <legend>Business cycles in scope</legend>
              {CYCLES.map((c) => (
                <label key={c} class="inline">
                  <input
                    type="checkbox"
                    checked={form.cyclesInScope.includes(c)}
                    onChange={(e) => toggleCycle(c, (e.currentTarget as HTMLInputElement).checked)}
                  />{' '}
                  {CYCLE_LABEL[c]}
                </label>
              ))}
              <FieldMessage id="err-cyclesInScope" error={error} field="cyclesInScope" />
            </fieldset>

            <label for="serviceOrganizations">Service organizations</label>
            <textarea
              id="serviceOrganizations"
              rows={2}
              value={form.serviceOrganizations}
              onInput={(e) => set({ serviceOrganizations: text(e) })}
              {...invalid('serviceOrganizations', 'hint-so')}
            />
            <p class="hint" id="hint-so">
              Outsourced providers whose SOC 1 reports you rely on (payroll provider, payment processor…):
              comma-separated or one per line.
            </p>
            <FieldMessage id="err-serviceOrganizations" error={error} field="serviceOrganizations" />
          </fieldset>
        </fieldset>
        {submitError && submitError.field === null && submitError.error && <ErrorBox error={submitError.error} />}
        {readOnly ? (
          <p class="hint read-only-note">You can read this profile; an editor or owner of the workspace changes it.</p>
        ) : (
          <div class="toolbar form-actions">
            <button type="submit" class="primary" disabled={saving}>
              {saving
                ? mode === 'create'
                  ? 'Creating…'
                  : 'Saving…'
                : mode === 'create'
                  ? 'Create engagement'
                  : 'Save changes'}
            </button>
            {mode === 'create' && <span class="hint">Next: import the SOC 2 control matrix.</span>}
            <span role="status" class={notice ? 'saved-note' : ''}>
              {notice ? `✔ ${notice}` : ''}
            </span>
          </div>
        )}
      </form>

      <aside class="panel ms-panel" aria-labelledby="ms-heading" tabIndex={0}>
        <div class="toolbar">
          <h2 id="ms-heading">SEC milestones this profile implies</h2>
          <span class="muted" role="status" aria-live="polite">
            {live.busy ? 'Updating…' : ''}
          </span>
        </div>
        {live.error && (
          <p class="field-error">
            ⚠ {live.error.message}
            {live.preview ? ' — showing the milestones for the last valid profile.' : ''}
          </p>
        )}
        {live.preview ? (
          <Milestones preview={live.preview} />
        ) : (
          !live.error && <p class="muted">Working out the milestones…</p>
        )}
      </aside>
    </div>
  );
}

async function createEngagement(form: ProfileForm): Promise<ApiError | null> {
  if (!form.companyName.trim())
    return {
      status: 400,
      code: 'invalid-input',
      reason: 'companyName',
      message: 'Enter the company name: it names the engagement and its saved mappings.',
    };
  const input = toProfileInput(form, 'create');
  if (!input.ok) return { status: 400, code: 'invalid-input', reason: input.error.field, message: input.error.message };
  const ws = currentWorkspace.value;
  const r = await send<{ id: string }>(
    'POST',
    `/api/engagements${ws ? `?workspace=${encodeURIComponent(ws.id)}` : ''}`,
    input.value,
  );
  if (!r.ok) return r.error;
  go({ name: 'engagement', id: r.value.id, tab: 'import' });
  return null;
}

export function NewEngagementScreen() {
  return (
    <section>
      <h1>
        New engagement
        {currentWorkspace.value && session.value?.mode === 'accounts' ? ` in ${currentWorkspace.value.name}` : ''}
      </h1>
      <p class="muted">
        Tell soxbridge about the company. The SEC deadlines it implies appear on the right as you type.
      </p>
      <ProfileFormView initial={emptyForm()} mode="create" onSubmit={createEngagement} />
    </section>
  );
}

export function SetupScreen({ engagement, reloadEngagement }: ScreenProps) {
  const [saved, setSaved] = useState<string | null>(null);
  const save = async (form: ProfileForm): Promise<ApiError | null> => {
    setSaved(null);
    const input = toProfileInput(form, 'update');
    if (!input.ok)
      return { status: 400, code: 'invalid-input', reason: input.error.field, message: input.error.message };
    const r = await send('PATCH', `/api/engagements/${encodeURIComponent(engagement.id)}`, input.value);
    if (!r.ok) return r.error;
    setSaved(new Date().toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }));
    reloadEngagement();
    return null;
  };
  return (
    <section>
      <h2 class="sr-only">Set-up</h2>
      <ProfileFormView
        key={engagement.id}
        initial={formFromProfile(engagement.profile)}
        mode="update"
        onSubmit={save}
        onEdit={() => setSaved(null)}
        readOnly={!can('edit')}
        notice={
          saved &&
          `Saved at ${saved}. The gap analysis and plan were recalculated with this profile; every changed field is in the audit log.`
        }
      />
    </section>
  );
}
