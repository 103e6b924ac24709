// The import wizard: choose a file, follow the reading, check the tables and the column mapping against the rows as
// they will be read, fix the mapping, then confirm to store the controls and run the analysis.
import type { JobStarted } from '../../../server/http/openapi-records.ts';
import { editorsOnly } from '../components/role-gate.tsx';
import { useRef, useState } from 'preact/hooks';
import { followJob, send, uploadFile, type ApiError } from '../api.ts';
import { choiceKey, MappingEditor } from '../components/mapping-editor.tsx';
import { ErrorBox, ProgressBar } from '../components/states.tsx';
import {
  baselineOf,
  defaultProfileName,
  groupIssues,
  issuePlace,
  setOverride,
  type Baseline,
  type ControlField,
  type Issue,
  type Override,
} from '../mapping.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import type { ScreenProps } from './index.ts';
import { ColumnHeads } from '../components/column-heads.tsx';
import { issueWords } from '../../../server/domain/words.ts';
import type { ConfirmSummary, ImportPreview } from '../../../server/http/openapi-analysis.ts';

// What the server answers to an upload or a remap, and to confirm (server/http/openapi-analysis.ts).
export type { ImportPreview };
type ConfirmResult = ConfirmSummary;

type Step =
  | { kind: 'pick' }
  | { kind: 'uploading'; fileName: string; stage: string; percent: number; queuePosition?: number | null }
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'done'; fileName: string; result: ConfirmResult; savedAs: string | null };

const STAGE: Record<string, string> = {
  uploading: 'Sending the file',
  received: 'Received; waiting to read',
  reading: 'Reading the workbook safely (macros and external links are never run)',
  mapping: 'Finding the tables and proposing a column mapping',
  storing: 'Keeping the original file untouched with the preview',
  done: 'Done',
};

const SEVERITY_ICON: Record<string, string> = { error: '✖', warning: '!', info: 'i' };

function Severity({ level }: { level: string }) {
  return (
    <span class={`badge sev-${level}`}>
      <span aria-hidden="true">{SEVERITY_ICON[level] ?? '•'}</span> {level}
    </span>
  );
}

function DropZone({ onFile, disabled }: { onFile: (f: File) => void; disabled: boolean }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div
      class={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer?.files[0];
        if (f && !disabled) onFile(f);
      }}
    >
      <p class="dz-title">Drop the SOC 2 control matrix here</p>
      <p class="muted">
        Excel (.xlsx) or CSV, up to 50 MB. The file is read, never changed; it stays on this computer.
      </p>
      <label for="matrix-file" class="button primary dz-button">
        Choose a file…
      </label>
      <input
        ref={input}
        id="matrix-file"
        class="visually-hidden-input"
        type="file"
        accept=".xlsx,.xlsm,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        disabled={disabled}
        onChange={(e) => {
          const f = (e.currentTarget as HTMLInputElement).files?.[0];
          if (f) onFile(f);
          if (input.current) input.current.value = ''; // choosing the same file again still uploads it
        }}
      />
    </div>
  );
}

function Tables({ preview }: { preview: ImportPreview }) {
  const bySheet = new Map(preview.tables.map((t) => [t.sheet, t]));
  const why = new Map<string, string>();
  for (const i of preview.issues)
    if (i.sheet && (i.code === 'sheet-ignored' || i.code === 'sheet-duplicate')) why.set(i.sheet, i.message);
  return (
    <table class="grid compact">
      <ColumnHeads names={['Sheet', 'Imported?', 'Header row', 'Rows', 'Layout']} />
      <tbody>
        {preview.sheets.map((s) => {
          const t = bySheet.get(s.name);
          return (
            <tr key={s.name} class={t ? '' : 'extra'}>
              <th scope="row">
                {s.name}
                {s.state !== 'visible' && <span class="muted"> ({s.state})</span>}
              </th>
              <td>
                {t ? (
                  <span class="badge b-covered">✔ imported</span>
                ) : (
                  <span class="muted">{why.get(s.name) ?? 'not imported'}</span>
                )}
              </td>
              <td>{t ? (t.headerRows > 1 ? `${t.headerRow - t.headerRows + 1}–${t.headerRow}` : t.headerRow) : '—'}</td>
              <td>{t ? `${t.lastDataRow - t.firstDataRow + 1} data rows (${t.firstDataRow}–${t.lastDataRow})` : s.rows}</td>
              <td>{t ? t.layout : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const MAX_ITEMS = 200;

function Issues({ issues }: { issues: Issue[] }) {
  const groups = groupIssues(issues);
  if (groups.length === 0) return <p class="muted">No issues: every row was read as written.</p>;
  return (
    <div class="issue-groups">
      {groups.map((g) => (
        <details key={g.code} class="issue-group">
          <summary>
            <Severity level={g.severity} /> <strong data-code={g.code}>{issueWords(g.code).label}</strong> <span class="count">× {g.count}</span>{' '}
            <span class="muted">{g.items[0]?.message}</span>
          </summary>
          <table class="grid compact">
            <ColumnHeads names={['Where', 'Severity', 'Message']} />
            <tbody>
              {g.items.slice(0, MAX_ITEMS).map((i, n) => (
                <tr key={n}>
                  <td class="nowrap">{issuePlace(i)}</td>
                  <td>
                    <Severity level={i.severity} />
                  </td>
                  <td>{i.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {g.items.length > MAX_ITEMS && (
            <p class="hint">
              Showing {MAX_ITEMS} of {g.items.length}.
            </p>
          )}
        </details>
      ))}
    </div>
  );
}

function Summary({
  engagementId,
  step,
  onAgain,
}: {
  engagementId: string;
  step: Extract<Step, { kind: 'done' }>;
  onAgain: () => void;
}) {
  const { result } = step;
  return (
    <section class="card import-done" aria-labelledby="done-heading">
      <h2 id="done-heading">✔ Imported {step.fileName}</h2>
      <p>
        {result.controls} controls stored and analysed (analysis version {result.analysisVersion}).
        {step.savedAs &&
          ` The mapping was saved as “${step.savedAs}” and will be applied to this client's next file with the same headers.`}
      </p>
      <div class="cards">
        <div class="card">
          <div class="muted">Readiness</div>
          <div class="metric">{result.readiness}%</div>
        </div>
        <div class="card">
          <span class="badge b-covered">✔ covered</span>
          <div class="metric">{result.summary.covered}</div>
          <div class="muted">SOX controls already met</div>
        </div>
        <div class="card">
          <span class="badge b-enhance">◐ enhance</span>
          <div class="metric">{result.summary.enhance}</div>
          <div class="muted">exist but need more for SOX</div>
        </div>
        <div class="card">
          <span class="badge b-gap">✖ gap</span>
          <div class="metric">{result.summary.gap}</div>
          <div class="muted">missing: to design and build</div>
        </div>
      </div>
      <div class="toolbar">
        <a class="button primary" href={href({ name: 'engagement', id: engagementId, tab: 'gaps' })}>
          Open the gap analysis →
        </a>
        <button type="button" onClick={onAgain}>
          Import another file
        </button>
      </div>
    </section>
  );
}

function ImportEditable({ engagement }: ScreenProps) {
  const base = `/api/engagements/${encodeURIComponent(engagement.id)}`;
  const [step, setStep] = useState<Step>({ kind: 'pick' });
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [save, setSave] = useState(false);
  const [profileName, setProfileName] = useState('');
  const baseline = useRef<Baseline | undefined>(undefined);
  const existing = useResource<{ controls: unknown[] }>(step.kind === 'pick' ? `${base}/controls` : null);

  const upload = async (file: File) => {
    setError(null);
    setStep({ kind: 'uploading', fileName: file.name, stage: 'uploading', percent: 0 });
    const started = await uploadFile<JobStarted>(`${base}/imports`, file);
    const r = started.ok
      ? await followJob<ImportPreview>(started.value.job.id, (stage, percent, queuePosition) =>
          setStep({ kind: 'uploading', fileName: file.name, stage, percent, queuePosition }),
        )
      : started;
    if (!r.ok) {
      setError(r.error);
      setStep({ kind: 'pick' });
      return;
    }
    // soxbridge's own proposal is known only when no saved mapping was applied.
    baseline.current = r.value.mapping.overrides.length === 0 ? baselineOf(r.value.tables) : undefined;
    setProfileName(defaultProfileName(r.value.fileName));
    setSave(false);
    setStep({ kind: 'preview', preview: r.value });
  };

  // Quick successive changes build on each other (not on the last preview) and only the newest answer is shown.
  const seq = useRef(0);
  const pending = useRef<{ sheets: string[]; overrides: Override[] } | null>(null);
  const remap = async (
    preview: ImportPreview,
    body: { sheets: string[]; overrides: Override[]; profileId?: string },
    what: string,
  ) => {
    const mine = ++seq.current;
    pending.current = body.profileId ? null : { sheets: body.sheets, overrides: body.overrides };
    setError(null);
    setBusy(what);
    const r = await send<ImportPreview>('PUT', `${base}/imports/${encodeURIComponent(preview.importId)}/mapping`, body);
    if (mine !== seq.current) return;
    pending.current = null;
    setChoices(new Map());
    setBusy(null);
    if (r.ok) setStep({ kind: 'preview', preview: r.value });
    else setError(r.error);
  };
  const current = (preview: ImportPreview) => pending.current ?? preview.mapping;

  // The user's picks still on their way to the server, so each dropdown shows what was just chosen.
  const [choices, setChoices] = useState<Map<string, ControlField | null>>(new Map());
  const changeColumn = (preview: ImportPreview, sheet: string, column: number, field: ControlField | null) => {
    setChoices((m) => new Map(m).set(choiceKey(sheet, column), field));
    void remap(
      preview,
      {
        sheets: current(preview).sheets,
        overrides: setOverride(current(preview).overrides, { sheet, column, field }, baseline.current),
      },
      'Re-reading the file with your mapping…',
    );
  };

  const toggleSheet = (preview: ImportPreview, sheet: string, on: boolean) => {
    const chosen = preview.mapping.sheets.length > 0 ? preview.mapping.sheets : preview.tables.map((t) => t.sheet);
    const sheets = on ? [...chosen, sheet] : chosen.filter((s) => s !== sheet);
    void remap(
      preview,
      { sheets, overrides: current(preview).overrides },
      'Re-reading the chosen sheets…',
    );
  };

  const confirm = async (preview: ImportPreview) => {
    setError(null);
    setBusy('Storing the controls and running the analysis…');
    const savedAs = save && profileName.trim() ? profileName.trim() : null;
    const r = await send<ConfirmResult>(
      'POST',
      `${base}/imports/${encodeURIComponent(preview.importId)}/confirm`,
      savedAs ? { saveProfileAs: savedAs } : {},
    );
    setBusy(null);
    if (r.ok) setStep({ kind: 'done', fileName: preview.fileName, result: r.value, savedAs });
    else setError(r.error);
  };

  if (step.kind === 'done')
    return <Summary engagementId={engagement.id} step={step} onAgain={() => setStep({ kind: 'pick' })} />;

  if (step.kind === 'pick' || step.kind === 'uploading') {
    const count = existing.data?.controls.length ?? 0;
    return (
      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import the SOC 2 control matrix</h2>
        <ol class="steps" aria-label="Import steps">
          <li aria-current="step">1. Choose the file</li>
          <li>2. Check tables and mapping</li>
          <li>3. Confirm</li>
        </ol>
        {count > 0 && (
          <p class="hint">
            This engagement already has {count} controls from an earlier import. Confirming a new file replaces them
            (the old import stays in the audit log).
          </p>
        )}
        {error && (
          <div class="upload-error">
            <ErrorBox error={error} />
          </div>
        )}
        {step.kind === 'uploading' ? (
          <div class="card" role="status" aria-live="polite">
            <p>
              <strong>{step.fileName}</strong> —{' '}
              {step.stage === 'queued' && step.queuePosition
                ? `Waiting for a free reader: ${step.queuePosition === 1 ? 'next in line' : `number ${step.queuePosition} in line`} (other uploads are being read)`
                : (STAGE[step.stage] ?? step.stage)}
            </p>
            <ProgressBar label="Import progress" percent={step.percent} minWidth={3} />
            <p class="muted">{step.percent}%</p>
          </div>
        ) : (
          <DropZone onFile={(f) => void upload(f)} disabled={false} />
        )}
      </section>
    );
  }

  const p = step.preview;
  const chosenSheets = new Set(p.tables.map((t) => t.sheet));
  const otherProfiles = p.suggestedProfiles.filter((s) => s.id !== p.appliedProfile?.id);
  return (
    <section aria-labelledby="import-heading" class="import-preview">
      <div class="toolbar">
        <h2 id="import-heading">Check the import of {p.fileName}</h2>
        <button type="button" class="link" onClick={() => setStep({ kind: 'pick' })}>
          Choose a different file
        </button>
      </div>
      <ol class="steps" aria-label="Import steps">
        <li>1. Choose the file ✔</li>
        <li aria-current="step">2. Check tables and mapping</li>
        <li>3. Confirm</li>
      </ol>

      {p.appliedProfile && (
        <p class="banner" role="status">
          ✔ Your saved mapping “{p.appliedProfile.name}” for {engagement.companyName} was applied: this file has the
          same headers.
        </p>
      )}
      {otherProfiles.length > 0 && (
        <div class="banner" role="status">
          A saved mapping matches these headers:{' '}
          {otherProfiles.map((s) => (
            <button
              key={s.id}
              type="button"
              onClick={() =>
                void remap(p, { sheets: [], overrides: [], profileId: s.id }, 'Applying the saved mapping…')
              }
            >
              Apply “{s.name}” ({s.client})
            </button>
          ))}
        </div>
      )}

      {error && <ErrorBox error={error} />}
      <p class="busy-line" role="status" aria-live="polite">
        {busy ? (
          <>
            <span class="spinner" aria-hidden="true" /> {busy}
          </>
        ) : (
          ''
        )}
      </p>

      <section class="card" aria-labelledby="tables-heading">
        <div class="toolbar">
          <h2 id="tables-heading">
            Tables found: {p.controls} controls in {p.tables.length} {p.tables.length === 1 ? 'sheet' : 'sheets'}
          </h2>
        </div>
        <Tables preview={p} />
        <details class="sheet-picker">
          <summary>Choose which sheets to import</summary>
          <fieldset>
            <legend class="sr-only">Sheets to import</legend>
            {p.sheets.map((s) => (
              <label key={s.name} class="inline">
                <input
                  type="checkbox"
                  checked={chosenSheets.has(s.name)}
                  disabled={busy !== null}
                  onChange={(e) => toggleSheet(p, s.name, (e.currentTarget as HTMLInputElement).checked)}
                />{' '}
                {s.name}
              </label>
            ))}
          </fieldset>
          {p.mapping.sheets.length > 0 && (
            <button
              type="button"
              class="link"
              onClick={() =>
                void remap(p, { sheets: [], overrides: p.mapping.overrides }, 'Letting soxbridge choose the sheets…')
              }
            >
              Let soxbridge choose the sheets again
            </button>
          )}
        </details>
      </section>

      {p.tables.map((t, i) => (
        <section key={t.sheet} class="card" aria-labelledby={`map-heading-${i}`}>
          <div class="toolbar">
            <h2 id={`map-heading-${i}`}>Mapping of ‘{t.sheet}’</h2>
            {p.mapping.overrides.some((o) => o.sheet === t.sheet) && (
              <button
                type="button"
                class="link"
                onClick={() =>
                  void remap(
                    p,
                    { sheets: p.mapping.sheets, overrides: p.mapping.overrides.filter((o) => o.sheet !== t.sheet) },
                    'Going back to the proposed mapping…',
                  )
                }
              >
                Undo my changes on this sheet
              </button>
            )}
          </div>
          <MappingEditor
            table={t}
            index={i}
            overrides={p.mapping.overrides}
            choices={choices}
            rows={p.previewRows.filter((r) => r.sheet === t.sheet)}
            busy={busy !== null}
            onChange={(column, field) => changeColumn(p, t.sheet, column, field)}
          />
        </section>
      ))}

      <section class="card" aria-labelledby="issues-heading">
        <h2 id="issues-heading">What to know about this file ({p.issues.length})</h2>
        <Issues issues={p.issues} />
      </section>

      <section class="card confirm-card" aria-labelledby="confirm-heading">
        <h2 id="confirm-heading">3. Confirm</h2>
        <label class="inline">
          <input
            type="checkbox"
            checked={save}
            onChange={(e) => setSave((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Save this mapping for {engagement.companyName}
        </label>
        {save && (
          <div class="save-name">
            <label for="profile-name">Name of the saved mapping</label>
            <input
              id="profile-name"
              value={profileName}
              maxLength={100}
              onInput={(e) => setProfileName((e.currentTarget as HTMLInputElement).value)}
            />
            <p class="hint">
              Applied automatically to {engagement.companyName}'s next file with exactly these headers.
            </p>
          </div>
        )}
        <p class="hint">
          Confirming stores these {p.controls} controls (replacing any earlier import) and runs the gap analysis and
          plan.
        </p>
        <button
          type="button"
          class="primary"
          disabled={busy !== null || p.controls === 0}
          onClick={() => void confirm(p)}
        >
          Confirm import of {p.controls} controls
        </button>
      </section>
    </section>
  );
}

// Importing is an editor's work; others are told so rather than shown a form the server would refuse.
export const ImportScreen = editorsOnly(ImportEditable, <p class="muted">Importing a control matrix needs the editor or owner role in this workspace.</p>);
