// The one way the UI talks to the server: JSON over fetch, errors as values with the server's own message.
import type { JobView } from '../../server/http/openapi-records.ts';
export interface ApiError {
  status: number;
  code: string;
  reason?: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// The session's CSRF token, sent with every state-changing request; and what to do when the server says the session
// has ended (the sign-in page). Set by session.ts.
export const auth = { csrf: '', onSignedOut: () => {} };

const writeHeaders = (): Record<string, string> => (auth.csrf ? { 'x-csrf-token': auth.csrf } : {});

async function parse<T>(res: Response): Promise<ApiResult<T>> {
  if (res.status === 401) auth.onSignedOut();
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => null) : null;
  if (res.ok) return { ok: true, value: body as T };
  const e = (body as { error?: Partial<ApiError> } | null)?.error;
  return {
    ok: false,
    error: {
      status: res.status,
      code: e?.code ?? 'http',
      ...(e?.reason ? { reason: e.reason } : {}),
      message: e?.message ?? `The server answered ${res.status} ${res.statusText}.`,
      details: e?.details,
    },
  };
}

const offline = (e: unknown): ApiResult<never> => ({
  ok: false,
  error: { status: 0, code: 'offline', message: `Cannot reach the soxbridge server (${(e as Error).message}). Is it still running?` },
});

export async function get<T>(path: string): Promise<ApiResult<T>> {
  try {
    return await parse<T>(await fetch(path, { headers: { accept: 'application/json' } }));
  } catch (e) {
    return offline(e);
  }
}

export async function send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    return await parse<T>(
      await fetch(path, { method, headers: { 'content-type': 'application/json', accept: 'application/json', ...writeHeaders() }, body: JSON.stringify(body ?? {}) }),
    );
  } catch (e) {
    return offline(e);
  }
}

// `fields`: extra form fields sent with the file (e.g. the system an access listing comes from).
export async function uploadFile<T>(path: string, file: File, fields: Record<string, string> = {}): Promise<ApiResult<T>> {
  const form = new FormData();
  form.append('file', file, file.name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  try {
    return await parse<T>(await fetch(path, { method: 'POST', body: form, headers: writeHeaders() }));
  } catch (e) {
    return offline(e);
  }
}

// A job as GET /api/jobs/{jobId} sends it (server/http/openapi-records.ts), its result typed by the caller.
export type Job<T> = Omit<JobView, 'result'> & { result: T | null };

// Follows a server job until it ends, reporting progress; resolves with its result or its error.
export async function followJob<T>(jobId: string, onProgress: (stage: string, percent: number, queuePosition: number | null) => void): Promise<ApiResult<T>> {
  for (;;) {
    const r = await get<Job<T>>(`/api/jobs/${jobId}`);
    if (!r.ok) return r;
    onProgress(r.value.stage, r.value.percent, r.value.queuePosition ?? null);
    if (r.value.state === 'done') return { ok: true, value: r.value.result as T };
    if (r.value.state === 'failed') return { ok: false, error: { ...(r.value.error as ApiError), status: r.value.status } };
    await new Promise((res) => setTimeout(res, 300));
  }
}
