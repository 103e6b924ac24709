// The engagement's history, newest first, and a check of the whole hash chain. Values are shown as words, not JSON.
import { useEffect, useState } from 'preact/hooks';
import { get, type ApiError } from '../api.ts';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { showDate } from '../dates.ts';
import type { ScreenProps } from './index.ts';
import { ColumnHeads } from '../components/column-heads.tsx';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  field: string | null;
  before: Json;
  after: Json;
  hash: string;
}
type Verification =
  | { ok: true; entries: number; tip?: string }
  | { ok: false; brokenAt: number; message: string; lastGood?: number | null };

const ACTION: Record<string, string> = {
  'engagement.create': 'Engagement created',
  'engagement.update': 'Profile changed',
  'engagement.archive': 'Engagement archived',
  'import.upload': 'Matrix uploaded',
  'import.remap': 'Columns re-mapped',
  'import.confirm': 'Import confirmed',
  'analysis.run': 'Analysis run',
  'task.update': 'Task changed',
  'task.create': 'Task added',
  'task.delete': 'Task deleted',
  'export.create': 'Workbook exported',
  'reimport.diff': 'Edited workbook compared',
  'reimport.apply': 'Re-import applied',
  'soc1.register.update': 'SOC 1 register changed',
  accept: 'Risk accepted',
  mitigate: 'Mitigation recorded',
  remediate: 'Remediation recorded',
};
const FIELD: Record<string, string> = { title: 'Task', owner: 'Owner', start: 'Start', end: 'Due', effortDays: 'Effort (days)', status: 'Status', dependsOn: 'Depends on', notes: 'Notes' };
const ENTITY: Record<string, string> = { reimport: 're-import', engagement: 'engagement', import: 'import', task: 'task', export: 'export', analysis: 'analysis' };
const STATUS: Record<string, string> = { 'not-started': 'Not started', 'in-progress': 'In progress', done: 'Done', blocked: 'Blocked' };
const PAGE = 1000;
const SHOW = 200;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
export function showValue(v: Json, depth = 0): string {
  if (v === null || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return isoDate.test(v) ? showDate(v) : /^[0-9a-f]{40,}$/.test(v) ? `${v.slice(0, 12)}…` : v;
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => showValue(x, depth + 1)).join(', ');
  if (depth > 1) return '…';
  return Object.entries(v)
    .map(([k, x]) => `${k}: ${showValue(x, depth + 1)}`)
    .join('; ');
}

const n = (v: Json | undefined) => (typeof v === 'number' ? v : 0);
const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;

// The summary entries of a re-import read as a sentence; everything else as field: value pairs.
export function summary(e: Pick<AuditEntry, 'action' | 'field' | 'after'>): string | null {
  const a = e.after;
  if (!a || typeof a !== 'object' || Array.isArray(a)) return null;
  if (e.action === 'reimport.diff')
    return `${showValue(a.fileName ?? '')}: ${plural(n(a.changes), 'change')}, ${plural(n(a.conflicts), 'conflict')}, ${plural(n(a.added), 'new row')}, ${plural(n(a.deleted), 'deleted row')}, ${plural(n(a.invalid), 'invalid value')}`;
  if (e.action === 'reimport.apply') {
    const d = a.decision && typeof a.decision === 'object' && !Array.isArray(a.decision) ? a.decision : {};
    const res = d.resolutions && typeof d.resolutions === 'object' && !Array.isArray(d.resolutions) ? Object.entries(d.resolutions) : [];
    const kept = res.map(([k, side]) => `${k.replace('.', ' ')}: kept ${side === 'workbook' ? "the workbook's value" : "soxbridge's value"}`);
    const deleted = Array.isArray(d.deleted) ? d.deleted.length : 0;
    return [`${plural(n(a.changes), 'change')} applied`, ...(deleted ? [`${plural(deleted, 'task')} deleted`] : []), ...kept].join('; ');
  }
  return null;
}

const when = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso));

function Val({ v }: { v: Json }) {
  const text = showValue(v);
  if (text.length <= 160) return <span>{text}</span>;
  return (
    <details>
      <summary>{text.slice(0, 120)}…</summary>
      {text}
    </details>
  );
}

async function loadAll(path: string): Promise<{ ok: true; entries: AuditEntry[] } | { ok: false; error: ApiError }> {
  const all: AuditEntry[] = [];
  for (let after = 0; ;) {
    const r = await get<{ entries: AuditEntry[] }>(`${path}?afterSeq=${after}&limit=${PAGE}`);
    if (!r.ok) return r;
    all.push(...r.value.entries);
    const last = r.value.entries[r.value.entries.length - 1];
    if (r.value.entries.length < PAGE || !last) break;
    after = last.seq;
  }
  return { ok: true, entries: all.reverse() };
}

export function AuditScreen({ engagement }: ScreenProps) {
  const path = `/api/engagements/${encodeURIComponent(engagement.id)}/audit`;
  const [state, setState] = useState<{ entries: AuditEntry[] | null; error: ApiError | null }>({
    entries: null,
    error: null,
  });
  const [tick, setTick] = useState(0);
  const [shown, setShown] = useState(SHOW);
  const [query, setQuery] = useState('');
  const [verify, setVerify] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<ApiError | null>(null);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, error: null }));
    void loadAll(path).then(
      (r) => live && setState(r.ok ? { entries: r.entries, error: null } : { entries: null, error: r.error }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);

  async function runVerify() {
    setVerifying(true);
    setVerifyError(null);
    const r = await get<Verification>('/api/audit/verify');
    setVerifying(false);
    if (r.ok) setVerify(r.value);
    else setVerifyError(r.error);
  }

  const q = query.trim().toLowerCase();
  const entries = (state.entries ?? []).filter(
    (e) =>
      !q ||
      [
        e.actor,
        e.action,
        ACTION[e.action] ?? '',
        e.entity,
        e.entityId ?? '',
        e.field ?? '',
        showValue(e.before),
        showValue(e.after),
      ]
        .join(' ')
        .toLowerCase()
        .includes(q),
  );

  return (
    <section class="audit-screen">
      <div class="toolbar">
        <h2>History</h2>
        <button type="button" onClick={() => void runVerify()} disabled={verifying}>
          {verifying ? 'Verifying…' : 'Verify chain'}
        </button>
        <div>
          <label for="audit-find" class="sr-only">
            Filter the history
          </label>
          <input
            id="audit-find"
            type="search"
            placeholder="Filter by task, person or action"
            value={query}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
      </div>
      <div role="status" aria-live="polite">
        {verify?.ok === true && (
          <p class="verify-ok">
            ✔ Chain intact: {verify.entries} entries (the whole log, every engagement). No entry was altered, removed or
            reordered.
          </p>
        )}
        {verify?.ok === false && (
          <p class="verify-bad">
            ✖ Chain broken at entry #{verify.brokenAt}: {verify.message}
            {verify.lastGood != null && ` The last entry that checks out is #${verify.lastGood}.`}
          </p>
        )}
      </div>
      {verifyError && <ErrorBox error={verifyError} retry={() => void runVerify()} />}
      <p class="hint">
        Every change to this engagement, newest first, in your local time. Each entry is chained to the one before it,
        so any later edit to the log shows up when the chain is verified.
      </p>
      {state.error ? (
        <ErrorBox error={state.error} retry={() => setTick((t) => t + 1)} />
      ) : state.entries === null ? (
        <Loading what="the history" />
      ) : entries.length === 0 ? (
        <Empty>{q ? 'No entry matches the filter.' : 'Nothing has been recorded yet.'}</Empty>
      ) : (
        <>
          <table class="grid audit-table">
            <ColumnHeads names={['#', 'When', 'Who', 'What', 'On', 'Field', 'Before → after']} />
            <tbody>
              {entries.slice(0, shown).map((e) => (
                <tr key={e.seq} data-seq={e.seq}>
                  <td class="muted">{e.seq}</td>
                  <td class="when">
                    <time dateTime={e.at}>{when(e.at)}</time>
                  </td>
                  <td>{e.actor}</td>
                  <td>{ACTION[e.action] ?? e.action}</td>
                  <td>
                    {ENTITY[e.entity] ?? e.entity}
                    {e.entityId && e.entity === 'task' && <strong> {e.entityId}</strong>}
                  </td>
                  <td data-field={e.field ?? ''}>{e.field ? FIELD[e.field] ?? e.field : '—'}</td>
                  <td class="audit-val">
                    {summary(e) !== null ? (
                      summary(e)
                    ) : e.field === 'status' && typeof e.before === 'string' && typeof e.after === 'string' ? (
                      <>
                        <span class="val-old">{STATUS[e.before] ?? e.before}</span>
                        <span class="diff-arrow" aria-label="changed to">
                          →
                        </span>
                        <span class="val-new">{STATUS[e.after] ?? e.after}</span>
                      </>
                    ) : e.before !== null && e.after !== null ? (
                      <>
                        <span class="val-old">
                          <Val v={e.before} />
                        </span>
                        <span class="diff-arrow" aria-label="changed to">
                          →
                        </span>
                        <span class="val-new">
                          <Val v={e.after} />
                        </span>
                      </>
                    ) : e.after !== null ? (
                      <Val v={e.after} />
                    ) : e.before !== null ? (
                      <>
                        was: <Val v={e.before} />
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted">
            Showing {Math.min(shown, entries.length)} of {entries.length} entries.{' '}
            {shown < entries.length && (
              <button type="button" class="link" onClick={() => setShown((s) => s + SHOW)}>
                Show {Math.min(SHOW, entries.length - shown)} more
              </button>
            )}
          </p>
        </>
      )}
    </section>
  );
}
