// The last line of defence: parse untrusted bytes in a separate, heap-capped Node process. If something still
// slips past the guards, only that process dies and the server carries on.
//
// Why a child process and not a worker_thread with resourceLimits: measured on Node 20.20, a worker that hits
// its heap limit is asked to stop with only 16 MB of leeway; when exceljs allocates past that before stopping
// (it inflates whole parts into one string), V8 raises a fatal OOM that aborts the *whole process*. That happened
// in about half the runs with 32-64 MB heaps. A child process's OOM can only kill the child.
import { fork } from 'node:child_process';
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

const ENTRY = fileURLToPath(new URL('./worker-entry.ts', import.meta.url));

// The child runs TypeScript through tsx's loader, located from this file (not the cwd) so any caller works.
function tsxLoaderUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

const STDERR_KEEP = 8192;

export function readSpreadsheetInWorker(bytes: Uint8Array, fileName: string, limits?: Partial<ReadLimits>): Promise<ReadResult> {
  const lim = resolveLimits(limits);
  const file = quoteName(fileName);
  if (bytes.byteLength > lim.maxUploadBytes) {
    return Promise.resolve(fail('too-large', `${file} is ${Math.round(bytes.byteLength / 1048576)} MB, above the ${Math.round(lim.maxUploadBytes / 1048576)} MB upload limit; remove unused sheets or split the file and upload it again.`));
  }

  return new Promise<ReadResult>((resolve) => {
    let settled = false;
    let stderr = '';
    let child: ReturnType<typeof fork> | undefined;
    const done = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(r);
    };
    const timer = setTimeout(() => {
      done(fail('timeout', `${file} took longer than ${Math.round(lim.workerTimeoutMs / 1000)} s to read and was abandoned; remove unused sheets, rows or formatting and upload it again.`));
    }, lim.workerTimeoutMs);

    try {
      child = fork(ENTRY, [], {
        execArgv: ['--import', tsxLoaderUrl(), `--max-old-space-size=${Math.max(16, Math.floor(lim.workerHeapMb))}`],
        serialization: 'advanced', // structured clone: Uint8Array in, Grid out, no JSON round trip
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
    } catch (e) {
      done(fail('worker-failed', `${file} could not be read: the reader could not start (${errorText(e)}); try again, and report it if it persists.`));
      return;
    }

    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      stderr = (stderr + s).slice(-STDERR_KEEP);
    });
    child.on('message', (m: unknown) => {
      done(isReadResult(m) ? m : fail('worker-failed', `${file} could not be read: the reader returned nothing usable; try again, and report it if it persists.`));
    });
    child.on('error', (e) => {
      done(fail('worker-failed', `${file} could not be read: the reader failed (${errorText(e)}); try again, and report it if it persists.`));
    });
    child.on('exit', (code, signal) => {
      // stderr may still be draining when 'exit' fires; 'close' follows once it has.
      child?.once('close', () => {
        if (/heap out of memory|Allocation failed/i.test(stderr)) {
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
