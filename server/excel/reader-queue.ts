// At most N readers at once (IMPORT_MAX_CONCURRENT, default 2): each reader may use up to IMPORT_READER_RSS_MB, so
// the readers together stay under N times that whatever arrives. Further reads wait here, first come first served,
// and are told their place in the queue (1 = next) as it changes, for the upload's job to show. Past MAX_QUEUED
// waiting reads a new one is refused at once rather than held: that many uploads waiting is a script, not people.
export const MAX_QUEUED = 32;

interface Waiter {
  start: () => void;
  onPosition: (position: number) => void;
}

let running = 0;
const waiting: Waiter[] = [];

const tell = () => waiting.forEach((w, i) => w.onPosition(i + 1));

// Resolves with a release function once a reader may start; null when the queue is full.
export function acquireReader(max: number, onPosition: (position: number) => void = () => {}): Promise<(() => void) | null> {
  const limit = Math.max(1, Math.floor(max));
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    running--;
    // the limit is the caller's; one that was lowered meanwhile lets the queue drain as readers finish
    const next = waiting.shift();
    if (next) {
      running++;
      next.start();
      tell();
    }
  };
  if (running < limit && waiting.length === 0) {
    running++;
    return Promise.resolve(release);
  }
  if (waiting.length >= MAX_QUEUED) return Promise.resolve(null);
  return new Promise((resolve) => {
    waiting.push({ start: () => resolve(release), onPosition });
    onPosition(waiting.length);
  });
}

// Readers running and reads waiting now (tests, diagnostics).
export function readerQueueState(): { running: number; waiting: number } {
  return { running, waiting: waiting.length };
}
