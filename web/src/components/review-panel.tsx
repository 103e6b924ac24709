// Reviewers' comments and review marks on one item (the engagement's plan as a whole, or one task). Reviewers, editors
// and owners add them; viewers read them. They change no plan data; each is in the audit log.
import { useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { showDate } from '../dates.ts';
import { useResource } from '../resource.ts';
import { can } from '../session.ts';
import { ErrorBox } from './states.tsx';
import type { Review } from '../../../server/http/openapi-records.ts';



export function ReviewPanel({ engagementId, itemKind, itemId, title }: { engagementId: string; itemKind: 'engagement' | 'task' | 'target'; itemId: string; title: string }) {
  const base = `/api/engagements/${encodeURIComponent(engagementId)}/reviews`;
  const res = useResource<{ reviews: Review[] }>(`${base}?itemKind=${itemKind}&itemId=${encodeURIComponent(itemId)}`);
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  // One request at a time: a second click while the first is on its way (Add comment, then Mark reviewed at once)
  // would send the same text twice, once as the comment and once more with the mark.
  const [busy, setBusy] = useState(false);
  const add = async (kind: Review['kind']) => {
    if (busy) return;
    setBusy(true);
    try {
      const r = await send('POST', base, { itemKind, itemId, kind, text });
      setError(r.ok ? null : r.error);
      if (r.ok) setText('');
      res.reload();
    } finally {
      setBusy(false);
    }
  };
  const reviews = res.data?.reviews ?? [];
  const lastMark = [...reviews].reverse().find((r) => r.kind === 'reviewed');
  return (
    <section class="card review-panel no-print" aria-labelledby={`rv-${itemId}`}>
      <h2 id={`rv-${itemId}`}>{title}</h2>
      <p class="muted">{lastMark ? `✔ Reviewed by ${lastMark.actor} on ${showDate(lastMark.at.slice(0, 10))}` : 'Not marked reviewed yet.'}</p>
      {reviews.length > 0 && (
        <ul class="reviews">
          {reviews.map((r) => (
            <li key={r.id}>
              <strong>{r.actor}</strong> <span class="muted">{showDate(r.at.slice(0, 10))}</span> — {r.kind === 'reviewed' ? '✔ marked reviewed' : ''}
              {r.text && <span> {r.text}</span>}
            </li>
          ))}
        </ul>
      )}
      {can('review') && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void add('comment');
          }}
        >
          <label for={`rv-text-${itemId}`}>Comment</label>
          <textarea id={`rv-text-${itemId}`} rows={2} maxLength={4000} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          {error && <ErrorBox error={error} />}
          <div class="toolbar form-actions">
            <button type="submit" disabled={busy || !text.trim()}>
              Add comment
            </button>
            <button type="button" disabled={busy} onClick={() => void add('reviewed')}>
              Mark reviewed
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
