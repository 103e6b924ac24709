// Runs a command and samples the resident memory of it and all its descendants (the CLI and its reader process) every
// 10 ms from /proc; on exit prints the peak total on stderr, one line. Linux only. A sampled peak: a spike shorter than
// the interval can be missed, so this is a floor of the true peak total, where the process's own maxRSS misses the
// children entirely.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';

const PAGE_KB = 4;
function treeRssKb(root) {
  const rss = new Map();
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      rss.set(Number(d), Number(fields[21]) * PAGE_KB);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const walk = (pid) => {
    total += rss.get(pid) ?? 0;
    for (const k of kids.get(pid) ?? []) walk(k);
  };
  walk(root);
  return total;
}

const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], env: process.env });
let peak = 0;
const sample = () => {
  if (child.pid !== undefined) peak = Math.max(peak, treeRssKb(child.pid));
};
const timer = setInterval(sample, 10);
child.on('exit', (code) => {
  clearInterval(timer);
  process.stderr.write(`\nbench-tree-peak-kb=${peak}\n`);
  process.exit(code ?? 1);
});
