// The last line of defence: parse untrusted bytes in a separate, heap-capped Node process. If something still
// slips past the guards, only that process dies and the server carries on.
//
// Why a child process and not a worker_thread with resourceLimits: measured on Node 20.20, a worker that hits
// its heap limit is asked to stop with only 16 MB of leeway; when a reader allocates past that before stopping
// (exceljs, the reader then, inflated whole parts into one string), V8 raises a fatal OOM that aborts the *whole
// process*. That happened in about half the runs with 32-64 MB heaps. A child process's OOM can only kill the child.
//
// Memory: the heap cap (--max-old-space-size) does not bound a reader's RSS (the upload and the inflated zip parts
// are buffers outside the V8 heap, and the young generation comes on top), so it is only the first
// limit. The hard one is workerRssMb: while a reader runs, this process samples its resident set from /proc every
// RSS_SAMPLE_MS and kills it (SIGKILL) past the limit. The young generation is kept small (--max-semi-space-size) so
// the heap cap is closer to the truth. And at most maxConcurrentReaders run at once (reader-queue.ts): the readers
// together stay under maxConcurrentReaders x workerRssMb. A reader kept waiting for the next upload holds ~60 MB.
// Outside Linux there is no /proc: the heap cap and the queue still apply, the RSS check does not.
import { BUILT, sourceOrBuilt } from '../app-root.ts';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveLimits, type ReadLimits } from './limits.ts';
import { errorText, fail, quoteName, type ReadResult } from './read-result.ts';
import { acquireReader } from './reader-queue.ts';

const RSS_SAMPLE_MS = 50;
const READER_NICE = 10;
const PAGE_BYTES = 4096;

// The resident set of a process in MB, from /proc (Linux); null where that cannot be read.
export function processRssMb(pid: number): number | null {
  try {
    const resident = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(resident) ? (resident * PAGE_BYTES) / 1048576 : null;
  } catch {
    return null;
  }
}

export interface WorkerInput {
  bytes: Uint8Array;
  fileName: string;
  limits: ReadLimits;
  then?: ThenStep; // work on the grid in the reader, so only its (smaller) result comes back to the server
  // The grid itself, kept from an earlier read (see GridCopy): `bytes` are then that copy and nothing is parsed.
  gridCopy?: boolean;
  // Send back a copy of the grid (v8-serialised bytes) when it is at most this many bytes: the caller keeps it so
  // that the next step on the same upload (a remap, the confirm) starts from the grid, not from the file.
  keepGridBytes?: number;
}

// What a reader sends back on success: the step's value (or the grid, without a step) and, when asked, the copy.
export interface ReaderAnswer {
  ok: true;
  value: unknown;
  gridCopy?: Uint8Array;
}

// How a read starts: from the file's bytes (parsed), or from a grid copy an earlier read sent back (not parsed).
export interface ReadFrom {
  gridCopy?: boolean;
  keepGridBytes?: number;
}

// A step run on the grid inside the reader: `fn`, exported by the module at `module` (a file URL), is called as
// fn(grid, arg) and its resolved value is sent back instead of the grid. The grid of a 150,000-row upload is hundreds
// of megabytes once it is JavaScript objects; what a preview needs of it is a few. The step's module must be pure
// (no database: the reader has none).
export interface ThenStep {
  module: string;
  fn: string;
  arg: unknown;
}

// From the sources (tests, `npm run dev`) the child runs worker-entry.ts through tsx's loader, located from this file
// (not the cwd) so any caller works. From the build (the `soxbridge` command, `npm start`) this code is a chunk in
// dist/, beside dist/worker-entry.js, and the child runs that plain JavaScript: nothing is transpiled at run time.
const ENTRY = fileURLToPath(sourceOrBuilt(new URL('./worker-entry.ts', import.meta.url)));

function loaderArgs(): string[] {
  return BUILT ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

const STDERR_KEEP = 8192;

// A reader process: one file each, then it exits. Its stderr is kept from the start (an out-of-memory report).
interface Reader {
  child: ChildProcess;
  heapMb: number;
  stderr: string;
  ready: Promise<void>; // the reader has loaded and waits for its file (settles, never rejects, when it exits first)
}

const isReady = (m: unknown) => typeof m === 'object' && m !== null && (m as { ready?: unknown }).ready === true;

// The server's readers run at a lower priority (READER_NICE); the command line's (startReaderAhead) at normal
// priority: the command waits on its reader and has nothing to yield to.
let readerNice = READER_NICE;

function forkReader(heapMb: number): Reader {
  const child = fork(ENTRY, [], {
    execArgv: [...loaderArgs(), `--max-old-space-size=${Math.max(16, Math.floor(heapMb))}`, '--max-semi-space-size=4'],
    serialization: 'advanced', // structured clone: Uint8Array in, Grid out, no JSON round trip
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  // Readers run at a lower priority than the server: on a machine with few cores, two readers at full speed would
  // otherwise take the CPU the server needs to answer everyone else (uploads get slower, the server stays responsive).
  if (child.pid !== undefined && readerNice !== 0) {
    try {
      setPriority(child.pid, readerNice);
    } catch {
      // not permitted here: the reader runs at the server's priority
    }
  }
  const ready = new Promise<void>((resolve) => {
    child.on('message', (m: unknown) => isReady(m) && resolve());
    child.once('exit', () => resolve());
  });
  const reader: Reader = { child, heapMb, stderr: '', ready };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (s: string) => {
    reader.stderr = (reader.stderr + s).slice(-STDERR_KEEP);
  });
  return reader;
}

// Starting a reader (Node, the TypeScript loader, the reader's modules) takes a few hundred ms, longer than reading a typical
// matrix. The server keeps one started ahead of the next upload: each upload takes the waiting reader, and the next
// one starts once the file is read (not meanwhile: on two cores it would slow the read down). A reader still reads one file and exits, so an upload that exhausts its heap
// takes nothing else down. An idle reader does not keep this process alive, and exits with it.
let keepSpare = false;
let spareHeapMb = 0; // the heap limit the server reads with; a read with another limit starts its own reader
let spare: Reader | null = null;

const alive = (r: Reader) => r.child.exitCode === null && r.child.signalCode === null && r.child.connected;

function setRef(r: Reader, on: boolean): void {
  const handles = [r.child, r.child.channel, r.child.stderr] as ({ ref?: () => void; unref?: () => void } | null | undefined)[];
  for (const h of handles) (on ? h?.ref : h?.unref)?.call(h);
}

function startSpare(): void {
  const heapMb = spareHeapMb;
  if (!keepSpare || (spare && alive(spare) && spare.heapMb === heapMb)) return;
  if (spare) spare.child.kill('SIGKILL');
  try {
    spare = forkReader(heapMb);
  } catch {
    spare = null; // the next upload starts its own reader, and says so if that fails too
    return;
  }
  spare.child.on('error', () => undefined); // a spare that fails is replaced when it is needed
  setRef(spare, false);
}

// Turns the waiting reader on (the server, at start) or off (at stop, and by default: the CLI and tests read alone).
export function keepSpareReader(on: boolean, limits?: Partial<ReadLimits>): void {
  keepSpare = on;
  if (on) {
    spareHeapMb = resolveLimits(limits).workerHeapMb;
    startSpare();
  } else if (spare) {
    spare.child.kill('SIGKILL');
    spare = null;
  }
}

// A reader started now for a read that comes shortly (the CLI starts it first thing, so that Node and the reader load in
// the reader while the command loads the analysis): taken by the next read with the same heap limit, and not
// replaced after it as keepSpareReader's is. An idle reader does not keep this process alive, and exits with it.
// From then on this process's readers run at normal priority (the command line's).
export function startReaderAhead(limits?: Partial<ReadLimits>): void {
  readerNice = 0;
  if (spare && alive(spare)) return;
  try {
    spare = forkReader(resolveLimits(limits).workerHeapMb);
  } catch {
    spare = null; // the read starts its own reader, and says so if that fails too
    return;
  }
  spare.child.on('error', () => undefined);
  setRef(spare, false);
}

// The process id of the reader waiting for the next upload, if any (for tests and diagnostics).
export function spareReaderPid(): number | null {
  return spare && alive(spare) ? (spare.child.pid ?? null) : null;
}

// Settles once the waiting reader has loaded (at once when there is none): a server that has been up a moment.
export async function spareReaderReady(): Promise<void> {
  const r = spare;
  if (!r) return;
  setRef(r, true); // waiting on it keeps this process up
  await r.ready;
  if (r === spare) setRef(r, false);
}

// The waiting reader when it fits (same heap limit, still running), else a new one.
function takeReader(heapMb: number): Reader {
  if (spare && spare.heapMb === heapMb && alive(spare)) {
    const r = spare;
    spare = null;
    setRef(r, true);
    return r;
  }
  return forkReader(heapMb);
}

// onQueue: called with the read's place in the queue (1 = next) while it waits for a reader, and with 0 when its
// reader starts. Never called when a reader is free at once.
export function readSpreadsheetInWorker(
  bytes: Uint8Array,
  fileName: string,
  limits?: Partial<ReadLimits>,
  onQueue?: (position: number) => void,
): Promise<ReadResult> {
  return readInWorkerThen(bytes, fileName, limits, undefined, onQueue) as Promise<ReadResult>;
}

// Reads in a reader (queued, capped) and, with `then`, runs that step on the grid there: the result is
// { ok: true, value: <the step's value> } or the read's error.
export async function readInWorkerThen(
  bytes: Uint8Array,
  fileName: string,
  limits: Partial<ReadLimits> | undefined,
  then: ThenStep | undefined,
  onQueue?: (position: number) => void,
  from: ReadFrom = {},
): Promise<ReadResult | ReaderAnswer> {
  const lim = resolveLimits(limits);
  const file = quoteName(fileName);
  if (!from.gridCopy && bytes.byteLength > lim.maxUploadBytes) {
    return fail('too-large', `${file} is ${Math.round(bytes.byteLength / 1048576)} MB, above the ${Math.round(lim.maxUploadBytes / 1048576)} MB upload limit; remove unused sheets or split the file and upload it again.`);
  }
  let queued = false;
  const release = await acquireReader(lim.maxConcurrentReaders, (position) => {
    queued = true;
    onQueue?.(position);
  });
  if (!release) return fail('busy', `${file} was not read: too many uploads are waiting to be read; upload it again in a few minutes.`);
  if (queued) onQueue?.(0);
  // The place is given back once the reader process has exited, not when its answer arrives: until then it still
  // holds its memory, and the next reader would make one more than the limit.
  const { result, exited } = await readInReader(bytes, file, fileName, lim, then, from);
  void exited.then(release);
  return result;
}

function readInReader(bytes: Uint8Array, file: string, fileName: string, lim: ReadLimits, then: ThenStep | undefined, from: ReadFrom): Promise<{ result: ReadResult; exited: Promise<void> }> {
  let gone: () => void = () => undefined;
  const exited = new Promise<void>((r) => (gone = r));
  const read = new Promise<ReadResult>((resolve) => {
    let settled = false;
    let reader: Reader | undefined;
    let watch: NodeJS.Timeout | undefined;
    const done = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watch);
      const child = reader?.child;
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      startSpare(); // the next upload's reader
      resolve(r);
    };
    const timer = setTimeout(() => {
      done(fail('timeout', `${file} took longer than ${Math.round(lim.workerTimeoutMs / 1000)} s to read and was abandoned; remove unused sheets, rows or formatting and upload it again.`));
    }, lim.workerTimeoutMs);

    try {
      reader = takeReader(lim.workerHeapMb);
    } catch (e) {
      gone();
      done(fail('worker-failed', `${file} could not be read: the reader could not start (${errorText(e)}); try again, and report it if it persists.`));
      return;
    }
    const { child } = reader;
    if (child.exitCode !== null || child.signalCode !== null) gone();
    else child.once('exit', () => gone());
    const stderr = () => reader?.stderr ?? '';
    const pid = child.pid;
    if (pid !== undefined && processRssMb(pid) !== null) {
      watch = setInterval(() => {
        const rss = processRssMb(pid);
        if (rss !== null && rss > lim.workerRssMb)
          done(fail('out-of-memory', `${file} needs more than ${lim.workerRssMb} MB of memory to read (the reader reached ${Math.round(rss)} MB) and was abandoned; remove unused sheets, rows or formatting, or split the workbook, and upload it again.`));
      }, RSS_SAMPLE_MS);
      watch.unref();
    }

    child.on('message', (m: unknown) => {
      if (isReady(m)) return;
      done(isReadResult(m) ? m : fail('worker-failed', `${file} could not be read: the reader returned nothing usable; try again, and report it if it persists.`));
    });
    child.on('error', (e) => {
      done(fail('worker-failed', `${file} could not be read: the reader failed (${errorText(e)}); try again, and report it if it persists.`));
    });
    child.on('exit', (code, signal) => {
      // stderr may still be draining when 'exit' fires; 'close' follows once it has.
      child.once('close', () => {
        if (/heap out of memory|Allocation failed/i.test(stderr())) {
          done(fail('out-of-memory', `${file} needs more than ${lim.workerHeapMb} MB of memory to read and was abandoned; remove unused sheets, rows or formatting, or split the workbook, and upload it again.`));
        } else {
          done(fail('worker-failed', `${file} could not be read: the reader stopped unexpectedly (${signal ?? `exit code ${code}`}); try again, and report it if it persists.`));
        }
      });
    });

    const input: WorkerInput = {
      bytes,
      fileName,
      limits: lim,
      ...(then ? { then } : {}),
      ...(from.gridCopy ? { gridCopy: true } : {}),
      ...(from.keepGridBytes !== undefined ? { keepGridBytes: from.keepGridBytes } : {}),
    };
    child.send(input, (e) => {
      if (e) done(fail('worker-failed', `${file} could not be read: the file could not be handed to the reader (${errorText(e)}); try again.`));
    });
  });
  return read.then((result) => ({ result, exited }));
}

function isReadResult(m: unknown): m is ReadResult {
  if (!m || typeof m !== 'object') return false;
  const r = m as { ok?: unknown; value?: unknown; error?: unknown; gridCopy?: unknown };
  if (r.ok === false) return typeof r.error === 'object' && r.error !== null;
  if (r.ok !== true) return false;
  // the value (the grid, or the step's result); or, a plain read asked to keep a copy, the copy alone
  if (r.gridCopy !== undefined) return r.gridCopy instanceof Uint8Array && (r.value === null || typeof r.value === 'object');
  return typeof r.value === 'object' && r.value !== null;
}
