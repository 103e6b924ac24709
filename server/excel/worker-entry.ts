// Runs inside the worker thread started by read-worker.ts: the same inline reader, result posted back.
import { parentPort, workerData } from 'node:worker_threads';
import { readSpreadsheet } from './read.ts';
import type { WorkerInput } from './read-worker.ts';

const input = workerData as WorkerInput;
const result = await readSpreadsheet(new Uint8Array(input.bytes), input.fileName, input.limits);
parentPort?.postMessage(result);
