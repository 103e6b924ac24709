// Runs in the child process started by read-worker.ts: the same inline reader, result sent back over IPC. A reader
// started ahead of time waits for its file; if the server goes away first, it goes too.
// With `gridCopy` the bytes are a grid an earlier read sent back (v8-serialised): nothing is parsed. With
// `keepGridBytes` a copy of the grid goes back with the answer (when it is no larger than that), for the next step.
import { deserialize, serialize } from 'node:v8';
import { readSpreadsheet } from './read.ts';
import type { ReadResult } from './read-result.ts';
import type { ReaderAnswer, WorkerInput } from './read-worker.ts';

async function gridOf(input: WorkerInput): Promise<ReadResult> {
  if (input.gridCopy) return { ok: true, value: deserialize(input.bytes) as Extract<ReadResult, { ok: true }>['value'] };
  return readSpreadsheet(new Uint8Array(input.bytes), input.fileName, input.limits);
}

const MIN_CELL_BYTES = 32;
const cellsOf = (grid: Extract<ReadResult, { ok: true }>['value']) => grid.sheets.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.length, 0), 0);

async function answer(input: WorkerInput): Promise<ReadResult | ReaderAnswer> {
  const result = await gridOf(input);
  if (!result.ok) return result;
  let gridCopy: Uint8Array | undefined;
  // (a grid that cannot fit is not even serialised: at 32 bytes a cell at least, its cells say so)
  if (input.keepGridBytes !== undefined && !input.gridCopy && cellsOf(result.value) * MIN_CELL_BYTES <= input.keepGridBytes) {
    const copy = serialize(result.value);
    if (copy.byteLength <= input.keepGridBytes) gridCopy = copy;
  }
  const step = input.then;
  if (!step) return gridCopy ? { ok: true, value: null, gridCopy } : result;
  const mod = (await import(step.module)) as Record<string, (grid: unknown, arg: unknown) => unknown>;
  const fn = mod[step.fn];
  if (typeof fn !== 'function') throw new Error(`${step.module} exports no function ${step.fn}`);
  return { ok: true, value: await fn(result.value, step.arg), ...(gridCopy ? { gridCopy } : {}) };
}

process.once('disconnect', () => process.exit(0));
process.once('message', (msg: unknown) => {
  const input = msg as WorkerInput;
  void answer(input).then(
    (out) => process.send?.(out, () => process.exit(0)),
    (e: unknown) => process.send?.({ ok: false, error: { code: 'worker-failed', message: `"${input.fileName}" could not be read: ${(e as Error).message}` } }, () => process.exit(0)),
  );
});
process.send?.({ ready: true });
