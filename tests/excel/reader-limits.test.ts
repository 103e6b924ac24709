// Issue 19, hole 6 (uploads exhausting memory), as the attack was made: several large uploads at once, each within
// every limit. Now at most maxConcurrentReaders reader processes run (counted from /proc, not from our own counter),
// the others wait and are told their place; and a reader's resident memory, not only its heap, is capped.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSpreadsheetInWorker } from '../../server/excel/read.ts';
import { acquireReader, MAX_QUEUED, readerQueueState } from '../../server/excel/reader-queue.ts';
import { rawXlsx } from './build.ts';

// A reader's place is given back when its process has exited, a moment after its answer.
async function until(cond: () => boolean) {
  for (let i = 0; !cond(); i++) {
    if (i > 500) throw new Error('still not true after 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function bigWorkbook(rows: number, cols: number): Uint8Array {
  const parts: string[] = [];
  for (let r = 1; r <= rows; r++) {
    let row = `<row r="${r}">`;
    for (let c = 0; c < cols; c++) row += `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>r${r}c${c} text</t></is></c>`;
    parts.push(`${row}</row>`);
  }
  return rawXlsx({ sheets: [{ name: 'Big', rows: parts.join('') }] });
}

// The reader processes this process has started and that are running now (Linux /proc).
function readerChildren(): number[] {
  const out: number[] = [];
  for (const tid of readdirSync(`/proc/${process.pid}/task`)) {
    let children: string;
    try {
      children = readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue;
    }
    for (const pid of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-entry')) out.push(pid);
      } catch {
        // exited meanwhile
      }
    }
  }
  return out;
}

describe('reader concurrency', () => {
  it('four large uploads at once: never more than 2 readers run; the others wait, told their place (2, 1, then 0 = reading)', async () => {
    const book = bigWorkbook(4000, 8);
    const positions: number[][] = [[], [], [], []];
    let peak = 0;
    const nices = new Set<number>();
    const sampler = setInterval(() => {
      const pids = readerChildren();
      peak = Math.max(peak, pids.length);
      for (const pid of pids) {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
          nices.add(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])); // field 19: nice
        } catch {
          // exited meanwhile
        }
      }
    }, 20);
    try {
      const results = await Promise.all(
        positions.map((log, i) => readSpreadsheetInWorker(book, `big-${i}.xlsx`, { maxConcurrentReaders: 2 }, (p) => log.push(p))),
      );
      for (const r of results) expect(r.ok && r.value.sheets[0]?.rows.length).toBe(4000);
    } finally {
      clearInterval(sampler);
    }
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
    expect([...nices]).toEqual([10]); // below the server's priority: readers do not starve it
    expect(positions[0]).toEqual([]); // a reader was free: never queued
    expect(positions[1]).toEqual([]);
    expect(positions[2]).toEqual([1, 0]);
    expect(positions[3]).toEqual([2, 1, 0]);
    await until(() => readerQueueState().running === 0);
    expect(readerQueueState()).toEqual({ running: 0, waiting: 0 });
  });

  it(`a full queue (${MAX_QUEUED} waiting) refuses the next read at once instead of holding it`, async () => {
    const first = await acquireReader(1);
    expect(first).not.toBeNull();
    const waiting = Array.from({ length: MAX_QUEUED }, () => acquireReader(1));
    expect(await acquireReader(1)).toBeNull();
    const r = await readSpreadsheetInWorker(new TextEncoder().encode('a,b\n1,2\n'), 'one-too-many.csv', { maxConcurrentReaders: 1 });
    expect(r).toEqual({ ok: false, error: { code: 'busy', message: '"one-too-many.csv" was not read: too many uploads are waiting to be read; upload it again in a few minutes.' } });
    first!();
    for (const w of waiting) (await w)!();
    await until(() => readerQueueState().running === 0);
    expect(readerQueueState()).toEqual({ running: 0, waiting: 0 });
  });
});

describe('reader memory', () => {
  it('the RSS limit holds where the heap limit would not: a reader with a 1 GB heap but a 160 MB RSS cap is stopped', async () => {
    const big = bigWorkbook(30_000, 10); // ~300k cells: exceljs goes well past 160 MB resident for this
    const r = await readSpreadsheetInWorker(big, 'wide.xlsx', { workerHeapMb: 1024, workerRssMb: 160 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('out-of-memory');
    expect(r.error.message).toMatch(/^"wide\.xlsx" needs more than 160 MB of memory to read \(the reader reached \d+ MB\) and was abandoned;/);
    await until(() => readerChildren().length === 0); // killed, not left running
    // the same file within a generous cap reads
    const ok = await readSpreadsheetInWorker(big, 'wide.xlsx', { workerHeapMb: 1024, workerRssMb: 2048 });
    expect(ok.ok && ok.value.sheets[0]?.rows.length).toBe(30_000);
  });
});
