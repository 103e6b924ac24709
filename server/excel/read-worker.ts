// The last line of defence: parse untrusted bytes in a worker thread with a capped heap. If something still
// slips past the guards, V8 kills the worker (ERR_WORKER_OUT_OF_MEMORY) and this process carries on.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resolveLimits, type ReadLimits } from './limits.ts';
import { fail, quoteName, type ReadResult } from './read-result.ts';
import { errorText } from './zip-preflight.ts';

export interface WorkerInput {
  bytes: ArrayBuffer;
  fileName: string;
  limits: ReadLimits;
}

const ENTRY = new URL('./worker-entry.ts', import.meta.url).href;

// `execArgv: ['--import', 'tsx']` does not reach a worker's entry module on Node 20 (tsx's loader skips non-main
// threads: ERR_UNKNOWN_FILE_EXTENSION), so the worker starts from a tiny script that registers tsx's ESM hooks
// through its API and then imports the TypeScript entry. The API is located from this file, not from the cwd.
function tsxApiUrl(): string {
  const loader = createRequire(import.meta.url).resolve('tsx'); // .../tsx/dist/loader.mjs
  return new URL('./esm/api/index.mjs', pathToFileURL(loader)).href;
}

const boot = (tsxApi: string) =>
  `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(ENTRY)}); });`;

export function readSpreadsheetInWorker(bytes: Uint8Array, fileName: string, limits?: Partial<ReadLimits>): Promise<ReadResult> {
  const lim = resolveLimits(limits);
  const file = quoteName(fileName);
  if (bytes.byteLength > lim.maxUploadBytes) {
    return Promise.resolve(fail('too-large', `${file} is ${Math.round(bytes.byteLength / 1048576)} MB, above the ${Math.round(lim.maxUploadBytes / 1048576)} MB upload limit; remove unused sheets or split the file and upload it again.`));
  }

  return new Promise<ReadResult>((resolve) => {
    let settled = false;
    let worker: Worker | undefined;
    const done = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (worker) void worker.terminate().catch(() => undefined);
      resolve(r);
    };

    const timer = setTimeout(() => {
      done(fail('timeout', `${file} took longer than ${Math.round(lim.workerTimeoutMs / 1000)} s to read and was abandoned; remove unused sheets, rows or formatting and upload it again.`));
    }, lim.workerTimeoutMs);

    try {
      // The caller keeps its bytes (they are the original file we store untouched); the worker gets a moved copy.
      const copy = bytes.slice();
      const input: WorkerInput = { bytes: copy.buffer, fileName, limits: lim };
      worker = new Worker(boot(tsxApiUrl()), {
        eval: true,
        execArgv: [],
        workerData: input,
        transferList: [copy.buffer],
        resourceLimits: { maxOldGenerationSizeMb: lim.workerHeapMb },
      });
    } catch (e) {
      done(fail('worker-failed', `${file} could not be read: the reader could not start (${errorText(e)}); try again, and report it if it persists.`));
      return;
    }

    worker.on('message', (m: unknown) => {
      done(isReadResult(m) ? m : fail('worker-failed', `${file} could not be read: the reader returned nothing usable; try again, and report it if it persists.`));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      done(
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? fail('out-of-memory', `${file} needs more than ${lim.workerHeapMb} MB of memory to read and was abandoned; remove unused sheets, rows or formatting, or split the workbook, and upload it again.`)
          : fail('worker-failed', `${file} could not be read: the reader failed (${errorText(e)}); open it in Excel, save it again as .xlsx and upload it again.`),
      );
    });
    worker.on('exit', (code) => {
      done(fail('worker-failed', `${file} could not be read: the reader stopped unexpectedly (exit code ${code}); try again, and report it if it persists.`));
    });
  });
}

function isReadResult(m: unknown): m is ReadResult {
  if (!m || typeof m !== 'object') return false;
  const r = m as { ok?: unknown; value?: unknown; error?: unknown };
  return (r.ok === true && typeof r.value === 'object' && r.value !== null) || (r.ok === false && typeof r.error === 'object' && r.error !== null);
}
