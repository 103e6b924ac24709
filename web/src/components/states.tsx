// Every request shows loading, empty and error states; errors carry the server's message and what to do next.
import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api.ts';
import type { Resource } from '../resource.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p class="state loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

// A long job's progress. `minWidth` keeps a just-started bar visible (percent of the track).
export function ProgressBar({ label, percent, minWidth = 0 }: { label: string; percent: number; minWidth?: number }) {
  return (
    <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div style={{ width: `${Math.max(percent, minWidth)}%` }} />
    </div>
  );
}

export function ErrorBox({ error, retry }: { error: ApiError; retry?: () => void }) {
  return (
    <div class="state error" role="alert">
      <strong>⚠ {error.message}</strong>
      <p class="hint">{nextStep(error)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

function nextStep(e: ApiError): string {
  if (e.code === 'offline') return 'Start soxbridge again with npm start, then try again.';
  if (e.status === 404) return 'It may have been archived or not created yet. Go back to the engagement list.';
  if (e.status === 422) return 'Fix the file as the message says and upload it again.';
  if (e.status === 409) return 'Reload to see the current state, then decide again.';
  if (e.status === 413) return 'Upload a smaller file.';
  if (e.status >= 500) return 'This is a bug in soxbridge; the server logged it. Try again or report it.';
  return 'Check the values and try again.';
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="state empty">{children}</div>;
}

export function Async<T>({ res, what, children }: { res: Resource<T>; what: string; children: (data: T) => ComponentChildren }) {
  if (res.loading && !res.data) return <Loading what={what} />;
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading what={what} />;
  return <>{children(res.data)}</>;
}

const ICON: Record<string, string> = { covered: '✔', partial: '◐', enhance: '◐', gap: '✖', 'not-applicable': '–', critical: '‼', high: '!', medium: '•', low: '·', 'not-checked': '?' };

// Status is never colour alone: an icon and the word go with it.
export function Badge({ status }: { status: string }) {
  return (
    <span class={`badge b-${status}`}>
      <span aria-hidden="true">{ICON[status] ?? '•'}</span> {status}
    </span>
  );
}
