// Reviewable mappings in the target detail (issue 22): accept or reject each source and candidate with a reason, add a
// control the engine did not link, withdraw a decision. Editors and owners decide; everyone sees the decisions. Each
// change is stored and audited by the server, which re-runs the analysis; the screen then reloads it.
import { useState } from 'preact/hooks';
import { get, send, type ApiError, type ApiResult } from '../api.ts';
import { can } from '../session.ts';
import type { MappingDecision, ReviewMark } from './analysis-types.ts';
import { ErrorBox } from './states.tsx';

export interface MappingReviewProps {
  engagementId: string;
  targetId: string;
  onChanged: () => void; // reload the analysis
}

type Pending = { controlId: string; decision: MappingDecision };

const DONE: Record<MappingDecision, string> = { accept: 'accepted', reject: 'rejected', add: 'added' };

export function useMappingReview({ engagementId, targetId, onChanged }: MappingReviewProps) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const url = (controlId: string) =>
    `/api/engagements/${encodeURIComponent(engagementId)}/targets/${encodeURIComponent(targetId)}/mapping-reviews/${encodeURIComponent(controlId)}`;
  // The server answers with the version of the analysis the change produced; the analysis route may serve the one
  // before it for a moment while the new one is prepared (X-Analysis-Stale), so wait until it serves this one.
  const analysisAt = async (version: number | null) => {
    if (version === null) return;
    for (let i = 0; i < 40; i++) {
      const r = await get<{ version: number }>(`/api/engagements/${encodeURIComponent(engagementId)}/analysis`);
      if (!r.ok || r.value.version >= version) return;
      await new Promise((res) => setTimeout(res, 250));
    }
  };
  const run = async (req: () => Promise<ApiResult<{ analysisVersion: number | null }>>) => {
    if (busy) return false;
    setBusy(true);
    try {
      const r = await req();
      setError(r.ok ? null : r.error);
      if (r.ok) {
        await analysisAt(r.value.analysisVersion);
        onChanged();
      }
      return r.ok;
    } finally {
      setBusy(false);
    }
  };
  return {
    pending,
    error,
    busy,
    editable: can('edit'),
    ask: (p: Pending) => {
      setError(null);
      setPending(p);
    },
    cancel: () => setPending(null),
    decide: async (p: Pending, reason: string) => {
      if (await run(() => send<{ analysisVersion: number | null }>('PUT', url(p.controlId), { decision: p.decision, reason }))) setPending(null);
    },
    withdraw: (controlId: string) => run(() => send<{ analysisVersion: number | null }>('DELETE', url(controlId))),
  };
}
export type MappingReviewState = ReturnType<typeof useMappingReview>;

// The decision on one link, and (for editors) the buttons to change it.
export function ReviewCell({ mr, controlId, review }: { mr: MappingReviewState; controlId: string; review?: ReviewMark | undefined }) {
  return (
    <>
      {review && (
        <span class={`review-mark decision-${review.decision}`} title={review.reason}>
          {review.decision === 'reject' ? '✘' : '✔'} {DONE[review.decision]} by {review.author}
          {review.reason && <span class="muted"> — {review.reason}</span>}
        </span>
      )}
      {mr.editable && (
        <span class="review-actions">
          {review?.decision !== 'accept' && review?.decision !== 'add' && (
            <button type="button" class="small" disabled={mr.busy} aria-label={`Accept ${controlId}`} onClick={() => mr.ask({ controlId, decision: 'accept' })}>
              Accept
            </button>
          )}
          {review?.decision !== 'reject' && (
            <button type="button" class="small" disabled={mr.busy} aria-label={`Reject ${controlId}`} onClick={() => mr.ask({ controlId, decision: 'reject' })}>
              Reject
            </button>
          )}
          {review && (
            <button type="button" class="small link" disabled={mr.busy} aria-label={`Withdraw the decision on ${controlId}`} onClick={() => void mr.withdraw(controlId)}>
              Withdraw
            </button>
          )}
        </span>
      )}
    </>
  );
}

// The reason for the decision asked for (a reason is needed to reject or add; accepting what the engine proposed may
// go without one).
export function DecisionForm({ mr, targetId }: { mr: MappingReviewState; targetId: string }) {
  const [reason, setReason] = useState('');
  const p = mr.pending;
  if (!p) return mr.error ? <ErrorBox error={mr.error} /> : null;
  const needed = p.decision !== 'accept';
  return (
    <form
      class="card decision-form"
      aria-label="Mapping decision"
      onSubmit={(e) => {
        e.preventDefault();
        void mr.decide(p, reason.trim()).then(() => setReason(''));
      }}
    >
      <p>
        <strong>
          {p.decision === 'accept' ? 'Accept' : 'Reject'} {p.controlId}
        </strong>{' '}
        as a source of {targetId}
      </p>
      <label for="decision-reason">Reason{needed ? '' : ' (optional)'}</label>
      <textarea id="decision-reason" rows={2} maxLength={2000} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      {mr.error && <ErrorBox error={mr.error} />}
      <div class="toolbar form-actions">
        <button type="submit" class="primary" disabled={mr.busy || (needed && !reason.trim())}>
          Save decision
        </button>
        <button
          type="button"
          onClick={() => {
            setReason('');
            mr.cancel();
          }}
        >
          Cancel
        </button>
      </div>
    </form>
  );
}

// Link a control the engine did not propose, picked by its id, with the reason.
export function AddControl({ mr, controlIds, linked }: { mr: MappingReviewState; controlIds: string[]; linked: ReadonlySet<string> }) {
  const [controlId, setControlId] = useState('');
  const [reason, setReason] = useState('');
  if (!mr.editable) return null;
  const choices = controlIds.filter((c) => !linked.has(c));
  return (
    <form
      class="add-control"
      aria-label="Add a control"
      onSubmit={(e) => {
        e.preventDefault();
        void mr.decide({ controlId: controlId.trim(), decision: 'add' }, reason.trim()).then(() => {
          setControlId('');
          setReason('');
        });
      }}
    >
      <h4>Add a control</h4>
      <label for="add-control-id">Control ID</label>
      <input id="add-control-id" list="add-control-ids" value={controlId} maxLength={200} onInput={(e) => setControlId((e.target as HTMLInputElement).value)} />
      <datalist id="add-control-ids">
        {choices.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <label for="add-control-reason">Reason</label>
      <textarea id="add-control-reason" rows={2} maxLength={2000} value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} />
      <div class="toolbar form-actions">
        <button type="submit" disabled={mr.busy || !controlId.trim() || !reason.trim()}>
          Add control
        </button>
      </div>
    </form>
  );
}

// Decisions about a control no longer in the matrix: kept, shown, and withdrawn only by a person.
export function OrphanedDecisions({ mr, orphaned }: { mr: MappingReviewState; orphaned: (ReviewMark & { controlId: string; why: string })[] }) {
  if (orphaned.length === 0) return null;
  return (
    <section class="orphaned-decisions" aria-label="Orphaned decisions">
      <h4>Orphaned decisions ({orphaned.length})</h4>
      <ul>
        {orphaned.map((o) => (
          <li key={o.controlId}>
            <strong>{o.controlId}</strong>: {DONE[o.decision]} by {o.author} — {o.reason || 'no reason given'} <span class="muted">({o.why})</span>{' '}
            {mr.editable && (
              <button type="button" class="small link" disabled={mr.busy} aria-label={`Withdraw the decision on ${o.controlId}`} onClick={() => void mr.withdraw(o.controlId)}>
                Withdraw
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
