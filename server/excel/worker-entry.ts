// Runs in the child process started by read-worker.ts: the same inline reader, result sent back over IPC. A reader
// started ahead of time waits for its file; if the server goes away first, it goes too.
import { readSpreadsheet } from './read.ts';
import type { WorkerInput } from './read-worker.ts';

process.once('disconnect', () => process.exit(0));
process.once('message', (msg: unknown) => {
  const input = msg as WorkerInput;
  void readSpreadsheet(new Uint8Array(input.bytes), input.fileName, input.limits)
    .then(async (result) => {
      const step = input.then;
      if (!step || !result.ok) return result;
      const mod = (await import(step.module)) as Record<string, (grid: unknown, arg: unknown) => unknown>;
      const fn = mod[step.fn];
      if (typeof fn !== 'function') throw new Error(`${step.module} exports no function ${step.fn}`);
      return { ok: true, value: await fn(result.value, step.arg) };
    })
    .then(
      (out) => process.send?.(out, () => process.exit(0)),
      (e: unknown) => process.send?.({ ok: false, error: { code: 'worker-failed', message: `"${input.fileName}" could not be read: ${(e as Error).message}` } }, () => process.exit(0)),
    );
});
process.send?.({ ready: true });
