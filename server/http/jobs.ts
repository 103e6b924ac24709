// Long work (reading a big upload, writing an export) runs as a job the client can follow: a job id, a progress
// endpoint and server-sent events. Jobs live in memory: they are progress reports, not data; the data they produce is
// stored by the use case in the database before the job says "done".
import { randomUUID } from 'node:crypto';

export type JobState = 'running' | 'done' | 'failed';

export interface Job<T = unknown> {
  id: string;
  kind: string;
  engagementId: string;
  state: JobState;
  stage: string;
  percent: number;
  queuePosition: number | null; // waiting for a reader: 1 = next (IMPORT_MAX_CONCURRENT readers run at once); else null
  result: T | null;
  error: { code: string; reason?: string; message: string; details?: unknown } | null;
  status: number; // the HTTP status the result or error would have had
  startedAt: string;
  finishedAt: string | null;
}

type Listener = (job: Job) => void;

export class Jobs {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly keep = 200) {}

  start(kind: string, engagementId: string): Job {
    const job: Job = {
      id: randomUUID(),
      kind,
      engagementId,
      state: 'running',
      stage: 'received',
      percent: 0,
      queuePosition: null,
      result: null,
      error: null,
      status: 202,
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    this.jobs.set(job.id, job);
    if (this.jobs.size > this.keep) {
      const oldest = [...this.jobs.values()].find((j) => j.state !== 'running');
      if (oldest) this.jobs.delete(oldest.id);
    }
    return job;
  }

  progress(job: Job, stage: string, percent: number, queuePosition: number | null = null): void {
    job.stage = stage;
    job.percent = Math.max(job.percent, Math.min(99, Math.round(percent)));
    job.queuePosition = queuePosition;
    this.emit(job);
  }

  finish<T>(job: Job, result: T, status = 200): void {
    Object.assign(job, { state: 'done', stage: 'done', percent: 100, queuePosition: null, result, status, finishedAt: new Date().toISOString() });
    this.emit(job);
  }

  fail(job: Job, error: Job['error'], status: number): void {
    Object.assign(job, { state: 'failed', stage: 'failed', queuePosition: null, error, status, finishedAt: new Date().toISOString() });
    this.emit(job);
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  subscribe(id: string, fn: Listener): () => void {
    const set = this.listeners.get(id) ?? new Set();
    set.add(fn);
    this.listeners.set(id, set);
    return () => set.delete(fn);
  }

  private emit(job: Job): void {
    for (const fn of this.listeners.get(job.id) ?? []) fn(job);
  }
}
