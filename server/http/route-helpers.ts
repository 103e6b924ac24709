// Small shared pieces of the route files: JSON response declarations, error responses, and running long work as a job.
import type { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Result } from '../domain/result.ts';
import type { AppError } from '../use-cases/app-error.ts';
import { errorBody, STATUS } from './errors.ts';
import type { Jobs } from './jobs.ts';
import type { JobStarted } from './openapi-records.ts';

export const json = (schema: z.ZodTypeAny, description: string) => ({ content: { 'application/json': { schema } }, description });

// Error responses carry the one error body ({ error: { code, message } }); declared without a content schema so
// handlers may return them from shared helpers.
export const errors = {
  400: { description: 'Invalid input (Error body)' },
  404: { description: 'Not found (Error body)' },
  409: { description: 'Conflict (Error body)' },
  413: { description: 'Too large (Error body)' },
  422: { description: 'Unusable file (Error body)' },
};

// The caller's address, as a key for per-client limits. Behind TRUST_PROXY=N reverse proxies, the address the N-th
// proxy from us saw (X-Forwarded-For, read from the right: entries further left are whatever the client wrote). The
// whole loopback range is one key (127.0.0.2 is the same computer as 127.0.0.1), an IPv4-mapped address is its IPv4
// one, and an IPv6 address counts by its /64 (one subscriber's network). Requests made in-process in tests: 'local'.
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const socket = incoming?.socket?.remoteAddress;
  if (socket === undefined) return 'local';
  const hops = (c.get('trustProxy') as number | undefined) ?? 0;
  const chain = [...(hops > 0 ? (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean) : []), socket];
  return addressKey(chain[Math.max(0, chain.length - 1 - hops)] ?? socket);
}

export function addressKey(address: string): string {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (/^127\.\d+\.\d+\.\d+$/.test(a) || a === '::1' || a === 'localhost') return 'loopback';
  if (!a.includes(':')) return a;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

export async function readUpload(c: Context): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File)) return null;
  // The client's file name is display text only: never a path.
  return { fileName: file.name.replace(/[\\/]/g, '_').slice(0, 200) || 'upload', bytes: new Uint8Array(await file.arrayBuffer()) };
}

// Runs a use case as a job: 202 with the job at once, or (wait=true) the job's outcome as the response.
export async function asJob<T>(
  c: Context,
  jobs: Jobs,
  kind: string,
  engagementId: string,
  wait: boolean,
  work: (progress: (stage: string, percent: number, queuePosition?: number | null) => void) => Promise<Result<T, AppError>>,
  okStatus = 200,
) {
  const job = jobs.start(kind, engagementId);
  const done = work((stage, pct, queuePosition) => jobs.progress(job, stage, pct, queuePosition ?? null)).then(
    (r) => (r.ok ? jobs.finish(job, r.value, okStatus) : jobs.fail(job, errorBody(r.error).error, STATUS[r.error.code])),
    (e: unknown) => {
      jobs.fail(job, { code: 'internal', message: `internal error in job ${job.id}; the error is logged` }, 500);
      console.error(JSON.stringify({ at: new Date().toISOString(), job: job.id, level: 'error', message: (e as Error).message, stack: (e as Error).stack }));
    },
  );
  if (!wait) return c.json({ job: { id: job.id, kind, state: job.state, progressUrl: `/api/jobs/${job.id}`, eventsUrl: `/api/jobs/${job.id}/events` } } satisfies z.input<typeof JobStarted>, 202);
  await done;
  return job.state === 'done' ? c.json(job.result as object, job.status as 200) : c.json({ error: job.error }, job.status as 400);
}
