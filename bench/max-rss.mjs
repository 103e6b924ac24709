// Preloaded (node --import) into a measured process: on exit, its peak resident memory on stderr, one line.
import process from 'node:process';
process.on('exit', () => process.stderr.write(`\nbench-max-rss-kb=${process.resourceUsage().maxRSS}\n`));
