// Progress for long work (reading a large file, analysing, writing the workbook): one line on stderr, rewritten in
// place, only when stderr is a terminal and --quiet is off. Piped or redirected, nothing is written.
export interface Progress {
  step(text: string): void;
  done(): void;
}

export function progress(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (process.env.SOXBRIDGE_TIMINGS === '1') return timings(stream);
  if (quiet || !stream.isTTY) return { step: () => undefined, done: () => undefined };
  let shown = false;
  return {
    step(text) {
      stream.write(`\r\x1b[2K${text}…`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

// SOXBRIDGE_TIMINGS=1: where the time and memory go, for measuring (bench/cli.ts): each step's milliseconds (wall and CPU) and the
// process's resident memory at its end, on stderr, one line per step; the first line is the start-up (Node, loading
// the modules), counted from the process's start.
function timings(stream: NodeJS.WriteStream): Progress {
  let what = 'start-up';
  let since = 0;
  let cpuSince = 0;
  const end = () => {
    const now = performance.now();
    const u = process.cpuUsage();
    const cpu = (u.user + u.system) / 1000;
    const rss = Math.round(process.memoryUsage.rss() / 1048576);
    const peak = Math.round(process.resourceUsage().maxRSS / 1024);
    stream.write(`soxbridge timing: ${what.replace(/^.*: /, '')} ${Math.round(now - since)} ms (cpu ${Math.round(cpu - cpuSince)} ms, rss ${rss} MB, peak ${peak} MB, heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB)\n`);
    since = now;
    cpuSince = cpu;
  };
  return {
    step(text) {
      end();
      what = text;
    },
    done() {
      end();
      what = 'after';
    },
  };
}
