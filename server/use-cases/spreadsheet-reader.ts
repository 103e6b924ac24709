// The one way the use cases read a spreadsheet: `ctx.readSpreadsheet(bytes, name)`, built once by the process that
// owns the context: main.ts (every upload in the memory-capped child process, with the administrator's limits), the
// CLI (cli-reader.ts: the same child process and limits) and the test harness. Whether a file is parsed in the child
// process or inline is decided here and nowhere else.
//
// A step on the grid (`then`, e.g. the import's intake) runs where the grid is: in the child process, so that only
// its result comes back and the server never holds the grid of a large upload; inline, in this process.
//
// With a cache, a copy of each grid read (v8-serialised bytes, not objects: a few tens of MB for the largest matrix,
// off the JavaScript heap) is kept by the sha256 of the file and its name in a bounded LRU. The next read of the same
// upload (a saved mapping that matches it, every remap, the confirm) starts from that copy, in the child process
// too, and parses nothing. A grid larger than the cache is not kept; its next read parses the file again.
import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { sourceOrBuilt } from '../app-root.ts';
import type { ReadError, ReadLimits, ReadResult } from '../excel/read.ts';
import { resolveLimits } from '../excel/limits.ts';
import { readInWorkerThen } from '../excel/read-worker.ts';
import type { Grid } from '../domain/grid.ts';
import { appError, type AppError } from './app-error.ts';
import { BoundedCache } from './bounded-cache.ts';

// A step on the grid: `run` inline; in the child process the same function, found as export `fn` of `module`.
// The module must be pure (the child process has no database) and `arg` plain data.
export interface GridStep<A, R> {
  module: string;
  fn: string;
  arg: A;
  run: (grid: Grid, arg: A) => R;
}

// moduleUrl: the import.meta.url of the module that exports `run` under the name `fn` (an entry point of the build).
export function gridStep<A, R>(moduleUrl: string, fn: string, run: (grid: Grid, arg: A) => R, arg: A): GridStep<A, R> {
  return { module: sourceOrBuilt(new URL(moduleUrl)).href, fn, arg, run };
}

export type StepResult<R> = { ok: true; value: R } | { ok: false; error: ReadError };

// A read that failed, as the use cases answer it: too many uploads waiting is "try later" (429), anything else is the
// file (its one-line reason).
export function readFailure(error: ReadError): AppError {
  return appError(error.code === 'busy' ? 'rate-limited' : 'unreadable-file', error.code, error.message);
}

export interface ReaderStats {
  parses: number; // files parsed (read from their bytes), failed reads included
  fromCache: number; // reads that started from a kept grid instead
}

export interface ReadSpreadsheet {
  (bytes: Uint8Array, fileName: string): Promise<ReadResult>;
  // onQueue: the read's place in the queue for a reader process while it waits (1 = next), then 0
  <A, R>(bytes: Uint8Array, fileName: string, then: GridStep<A, R>, onQueue?: (position: number) => void): Promise<StepResult<Awaited<R>>>;
  readonly limits: ReadLimits; // the limits every read applies (the upload size is also the HTTP body limit)
  readonly stats: ReaderStats;
}

export interface ReaderOptions {
  inWorker: boolean; // untrusted uploads: parse in a child process with a memory cap (server/excel/read-worker.ts)
  limits?: Partial<ReadLimits>;
  cache?: { entries: number; bytes: number }; // keep the last grids read, up to this many and this many bytes in all
}

const MB = 1024 * 1024;

// The server's cache: the grids of the last 8 uploads, 128 MB in all. Measured: a 5,000-row matrix of 20 columns is a
// 3.6 MB copy, a 50,000-row one 36 MB (serialised in the reader in well under the time a parse of it takes).
export const UPLOAD_GRID_CACHE = { entries: 8, bytes: 128 * MB } as const;

const keyOf = (bytes: Uint8Array, fileName: string) => `${createHash('sha256').update(bytes).digest('hex')}\u0000${fileName}`;

export function spreadsheetReader(opts: ReaderOptions): ReadSpreadsheet {
  const limits = resolveLimits(opts.limits);
  const stats: ReaderStats = { parses: 0, fromCache: 0 };
  const budget = opts.cache?.bytes ?? 0;
  const grids = opts.cache ? new BoundedCache<string, Uint8Array>({ entries: opts.cache.entries, weight: budget, weigh: (b) => b.byteLength, oversized: 'skip' }) : null;

  async function inWorker(bytes: Uint8Array, fileName: string, key: string | null, then?: GridStep<unknown, unknown>, onQueue?: (position: number) => void): Promise<StepResult<unknown>> {
    const copy = key ? grids?.get(key) : undefined;
    if (copy) stats.fromCache++;
    else stats.parses++;
    const step = then ? { module: then.module, fn: then.fn, arg: then.arg } : undefined;
    const from = copy ? { gridCopy: true } : key ? { keepGridBytes: budget } : {};
    const r = await readInWorkerThen(copy ?? bytes, fileName, limits, step, onQueue, from);
    if (!r.ok) return r;
    const kept = 'gridCopy' in r ? r.gridCopy : undefined;
    if (kept && key) grids?.set(key, kept);
    // a plain read that kept a copy gets the grid from the copy (it crossed the pipe once, as bytes)
    if (!then && r.value === null && kept) return { ok: true, value: deserialize(kept) as Grid };
    return { ok: true, value: r.value };
  }

  async function inline(bytes: Uint8Array, fileName: string, key: string | null, then?: GridStep<unknown, unknown>): Promise<StepResult<unknown>> {
    const copy = key ? grids?.get(key) : undefined;
    let grid: Grid;
    if (copy) {
      stats.fromCache++;
      grid = deserialize(copy) as Grid;
    } else {
      stats.parses++;
      // (loaded when first needed: a process that reads in the child process never loads the parser itself)
      const { readSpreadsheet: parseInline } = await import('../excel/read.ts');
      const r = await parseInline(bytes, fileName, limits);
      if (!r.ok) return r;
      grid = r.value;
      if (key) {
        const c = serialize(grid);
        if (c.byteLength <= budget) grids?.set(key, c);
      }
    }
    return { ok: true, value: then ? await then.run(grid, then.arg) : grid };
  }

  const read = (bytes: Uint8Array, fileName: string, then?: GridStep<unknown, unknown>, onQueue?: (position: number) => void) => {
    const key = grids ? keyOf(bytes, fileName) : null;
    return opts.inWorker ? inWorker(bytes, fileName, key, then, onQueue) : inline(bytes, fileName, key, then);
  };
  return Object.assign(read, { limits, stats }) as ReadSpreadsheet;
}
