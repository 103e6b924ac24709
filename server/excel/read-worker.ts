// The last line of defence: parse untrusted bytes in a separate, heap-capped Node process. If something still
// slips past the guards, only that process dies and the server carries on.
//
// Why a child process and not a worker_thread with resourceLimits: measured on Node 20.20, a worker that hits
// its heap limit is asked to stop with only 16 MB of leeway; when exceljs allocates past that before stopping
// (it inflates whole parts into one string), V8 raises a fatal OOM that aborts the *whole process*. That happened
// in about half the runs with 32-64 MB heaps. A child process's OOM can only kill the child.
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveLimits, type ReadLimits } from './limits.ts';
import { fail, quoteName, type ReadResult } from './read-result.ts';
import { errorText } from './zip-preflight.ts';

export interface WorkerInput {
  bytes: Uint8Array;
  fileName: string;
  limits: ReadLimits;
}

// From the sources (tests, `npm run dev`) the child runs worker-entry.ts through tsx's loader, located from this file
// (not the cwd) so any caller works. From the build (the `soxbridge` command, `npm start`) this code is a chunk in
// dist/, beside dist/worker-entry.js, and the child runs that plain JavaScript: nothing is transpiled at run time.
const BUILT = !fileURLToPath(import.meta.url).endsWith('.ts');
const ENTRY = fileURLToPath(new URL(BUILT ? './worker-entry.js' : './worker-entry.ts', import.meta.url));

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

function forkReader(heapMb: number): Reader {
  const child = fork(ENTRY, [], {
    execArgv: [...loaderArgs(), `--max-old-space-size=${Math.max(16, Math.floor(heapMb))}`],
    serialization: 'advanced', // structured clone: Uint8Array in, Grid out, no JSON round trip
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
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

// Starting a reader (Node, the TypeScript loader, exceljs) takes about half a second, longer than reading a typical
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

export function readSpreadsheetInWorker(bytes: Uint8Array, fileName: string, limits?: Partial<ReadLimits>): Promise<ReadResult> {
  const lim = resolveLimits(limits);
  const file = quoteName(fileName);
  if (bytes.byteLength > lim.maxUploadBytes) {
    return Promise.resolve(fail('too-large', `${file} is ${Math.round(bytes.byteLength / 1048576)} MB, above the ${Math.round(lim.maxUploadBytes / 1048576)} MB upload limit; remove unused sheets or split the file and upload it again.`));
  }

  return new Promise<ReadResult>((resolve) => {
    let settled = false;
    let reader: Reader | undefined;
    const done = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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
      done(fail('worker-failed', `${file} could not be read: the reader could not start (${errorText(e)}); try again, and report it if it persists.`));
      return;
    }
    const { child } = reader;
    const stderr = () => reader?.stderr ?? '';

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

    const input: WorkerInput = { bytes, fileName, limits: lim };
    child.send(input, (e) => {
      if (e) done(fail('worker-failed', `${file} could not be read: the file could not be handed to the reader (${errorText(e)}); try again.`));
    });
  });
}

function isReadResult(m: unknown): m is ReadResult {
  if (!m || typeof m !== 'object') return false;
  const r = m as { ok?: unknown; value?: unknown; error?: unknown };
  return (r.ok === true && typeof r.value === 'object' && r.value !== null) || (r.ok === false && typeof r.error === 'object' && r.error !== null);
}
