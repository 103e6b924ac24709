// Export the plan workbook (a job with progress, then a download link) and bring an edited copy back: upload, review the
// diff, apply the chosen part.
import { editorsOnly } from '../components/role-gate.tsx';
import { useState } from 'preact/hooks';
import { followJob, get, send, uploadFile, type ApiError } from '../api.ts';
import { DiffReview } from '../components/diff-review.tsx';
import { Async, Empty, ErrorBox, ProgressBar } from '../components/states.tsx';
import type { ApplyRequest } from '../diff-selection.ts';
import type { ExportList, ExportWritten, JobStarted, ReimportApplied, ReimportDiff } from '../../../server/http/openapi-records.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import type { ScreenProps } from './index.ts';
import { ColumnHeads } from '../components/column-heads.tsx';

// What the server answers to an export, the list of exports and a re-import (server/http/openapi-records.ts).
type ExportRow = ExportList['exports'][number];
type ExportDone = ExportWritten;
type Reimport = ReimportDiff;

const when = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

export function ExportsScreen({ engagement }: ScreenProps) {
  const base = `/api/engagements/${encodeURIComponent(engagement.id)}`;
  return (
    <section class="exports-screen">
      <ExportCard base={base} />
      <ReimportCard base={base} engagementId={engagement.id} />
    </section>
  );
}

function ExportCard({ base }: { base: string }) {
  const list = useResource<{ exports: ExportRow[] }>(`${base}/exports`);
  const [progress, setProgress] = useState<{ stage: string; percent: number } | null>(null);
  const [done, setDone] = useState<ExportDone | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  async function run() {
    setError(null);
    setDone(null);
    setProgress({ stage: 'starting', percent: 0 });
    const started = await send<JobStarted>('POST', `${base}/exports`);
    if (!started.ok) {
      setProgress(null);
      setError(started.error);
      return;
    }
    const r = await followJob<ExportDone>(started.value.job.id, (stage, percent) => setProgress({ stage, percent }));
    setProgress(null);
    if (!r.ok) setError(r.error);
    else setDone(r.value);
    list.reload();
  }

  return (
    <div class="card">
      <h2>Export the plan workbook</h2>
      <p class="hint">
        An Excel workbook with the summary, timeline, plan, SOX programme, SOC 2 matrix, COSO and SoD sheets. Edit
        owners, dates, status and notes in the Plan sheet and bring it back below.
      </p>
      <button type="button" class="primary" disabled={progress !== null} onClick={() => void run()}>
        {progress ? 'Exporting…' : 'Export workbook'}
      </button>
      {progress && (
        <div class="export-result" role="status" aria-live="polite">
          <ProgressBar label="Export progress" percent={progress.percent} />
          <p class="muted">
            {progress.stage} — {progress.percent}%
          </p>
        </div>
      )}
      {done && (
        <p class="export-result success-box" role="status">
          ✔ Ready:{' '}
          <a href={done.downloadUrl} download={done.fileName}>
            Download {done.fileName}
          </a>
        </p>
      )}
      {error && <ErrorBox error={error} retry={() => void run()} />}
      <h3>Previous exports</h3>
      <Async res={list} what="previous exports">
        {(d) =>
          d.exports.length === 0 ? (
            <Empty>No export yet.</Empty>
          ) : (
            <table class="grid">
              <ColumnHeads names={['Exported', 'By', 'From analysis', 'Workbook']} />
              <tbody>
                {[...d.exports].reverse().map((x) => (
                  <tr key={x.id}>
                    <td>{when(x.createdAt)}</td>
                    <td>{x.createdBy ?? '—'}</td>
                    <td>version {x.analysisVersion}</td>
                    <td>
                      <a href={`${base}/exports/${encodeURIComponent(x.id)}/download`} download>
                        Download
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </div>
  );
}

function ReimportCardEditable({ base, engagementId }: { base: string; engagementId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [reimport, setReimport] = useState<(Reimport & { fileName: string }) | null>(null);
  const [titles, setTitles] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState<ApiError | null>(null);
  const [applying, setApplying] = useState(false);
  const [applied, setApplied] = useState<{ applied: number } | null>(null);

  async function upload(e: Event) {
    e.preventDefault();
    if (!file) return;
    setUploading(true);
    setError(null);
    setReimport(null);
    setApplied(null);
    const [r, plan] = await Promise.all([
      uploadFile<Reimport>(`${base}/reimports`, file),
      get<{ plan: { tasks: { id: string; title: string }[] } }>(`${base}/plan`),
    ]);
    setUploading(false);
    if (plan.ok) setTitles(new Map(plan.value.plan.tasks.map((t) => [t.id, t.title])));
    if (!r.ok) setError(r.error);
    else setReimport({ ...r.value, fileName: file.name });
  }

  async function apply(req: ApplyRequest) {
    if (!reimport) return;
    setApplying(true);
    setError(null);
    const r = await send<ReimportApplied>(
      'POST',
      `${base}/reimports/${encodeURIComponent(reimport.reimportId)}/apply`,
      req,
    );
    setApplying(false);
    if (!r.ok) setError(r.error);
    else {
      setApplied(r.value);
      setReimport(null);
    }
  }

  return (
    <div class="card">
      <h2>Re-import an edited workbook</h2>
      <p class="hint">
        Upload a workbook exported from this engagement. You see every difference first; nothing changes until you apply
        it.
      </p>
      <form class="toolbar" onSubmit={(e) => void upload(e)}>
        <div>
          <label for="reimport-file">Edited workbook (.xlsx)</label>
          <input
            id="reimport-file"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <button type="submit" class="primary" disabled={!file || uploading}>
          {uploading ? 'Comparing…' : 'Compare with soxbridge'}
        </button>
      </form>
      {uploading && (
        <p class="state loading" role="status">
          <span class="spinner" aria-hidden="true" /> Reading the workbook and comparing it with the plan…
        </p>
      )}
      {error && (
        <>
          {error.code === 'foreign-workbook' ? (
            <div class="state error" role="alert">
              <strong>⚠ {error.message}</strong>
              <p class="hint">
                Open the engagement it was exported from, or export this engagement's workbook and edit that one.
              </p>
            </div>
          ) : (
            <ErrorBox error={error} />
          )}
          {error.code === 'invalid-input' && error.reason === 'not-an-export' && (
            <p class="hint">
              To bring in a SOC 2 control matrix, use{' '}
              <a href={href({ name: 'engagement', id: engagementId, tab: 'import' })}>Import</a>.
            </p>
          )}
        </>
      )}
      {reimport && (
        <DiffReview
          key={reimport.reimportId}
          diff={reimport.diff}
          fileName={reimport.fileName}
          titleOf={(id) => titles.get(id) ?? null}
          applying={applying}
          onApply={(req) => void apply(req)}
        />
      )}
      {applied && (
        <div class="success-box" role="status">
          <strong>✔ Applied: {applied.applied} change(s) recorded.</strong> Every change is in the audit log.{' '}
          <a href={href({ name: 'engagement', id: engagementId, tab: 'plan' })}>Open the Plan</a> ·{' '}
          <a href={href({ name: 'engagement', id: engagementId, tab: 'audit' })}>Open the Audit log</a>
        </div>
      )}
    </div>
  );
}

const ReimportCard = editorsOnly(ReimportCardEditable);
