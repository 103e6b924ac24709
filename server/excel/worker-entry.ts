// Runs in the child process started by read-worker.ts: the same inline reader, result sent back over IPC. A reader
// started ahead of time waits for its file; if the server goes away first, it goes too.
import { readSpreadsheet } from './read.ts';
import type { WorkerInput } from './read-worker.ts';

process.once('disconnect', () => process.exit(0));
process.once('message', (msg: unknown) => {
  const input = msg as WorkerInput;
  void readSpreadsheet(new Uint8Array(input.bytes), input.fileName, input.limits).then((result) => {
    process.send?.(result, () => process.exit(0));
  });
});
process.send?.({ ready: true });
