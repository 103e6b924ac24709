// Where GET …/analysis bodies (and …/plan, …/coso and the other sections) are made. On the server: in one long-lived
// child process, so that parsing and writing a 50,000-control engagement's JSON (seconds of CPU) never blocks the
// event loop that answers /healthz and every other request; a large body comes back gzipped only. Tests and in-process
// callers render inline. A renderer that dies is started again on the next render; the renders it had in hand fail
// (the route then renders inline once, so the client still gets its answer).
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILT, sourceOrBuilt } from '../app-root.ts';
import { renderAnalysis, type RenderedBody, type RenderInput } from '../use-cases/render-analysis.ts';

export interface AnalysisRenderer {
  offThread: boolean; // false: render() runs on this thread (a stale body then gains nothing over waiting)
  holds(analysisKey: string): boolean; // it has this analysis parsed: the caller may leave input.analysis null
  render(input: RenderInput): Promise<RenderedBody>;
  close(): void;
}

export const inlineRenderer: AnalysisRenderer = { offThread: false, holds: () => false, render: async (input) => renderAnalysis(input), close: () => undefined };

const ENTRY = fileURLToPath(sourceOrBuilt(new URL('./analysis-renderer-entry.ts', import.meta.url)));
const LOADER = BUILT ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];

type Reply = { id: number; ok: true; value: RenderedBody } | { id: number; ok: false; error: string };

export function processRenderer(heapMb = 2048): AnalysisRenderer {
  let child: ChildProcess | null = null;
  let next = 1;
  let sent = new Set<string>(); // analysis keys the current child has been sent (it keeps the last few parsed)
  const pending = new Map<number, { resolve: (v: RenderedBody) => void; reject: (e: Error) => void }>();
  const start = (): ChildProcess => {
    const c = fork(ENTRY, [], {
      execArgv: [...LOADER, `--max-old-space-size=${heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    c.on('message', (m: Reply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
    c.on('exit', (code, signal) => {
      if (child === c) {
        child = null;
        sent = new Set();
      }
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new Error(`the analysis renderer stopped (${signal ?? `exit code ${code}`})`));
      }
    });
    c.on('error', () => undefined); // 'exit' follows
    c.unref();
    c.channel?.unref();
    return c;
  };
  return {
    offThread: true,
    holds: (key) => child !== null && sent.has(key),
    render(input) {
      child ??= start();
      const id = next++;
      const c = child;
      if (input.analysis) {
        sent.add(input.analysisKey);
        if (sent.size > 3) sent.delete(sent.keys().next().value as string); // the child keeps 4: stay within them
      } else if (!sent.has(input.analysisKey)) return Promise.reject(new Error(`the renderer was not sent analysis ${input.analysisKey}`));
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        c.send({ id, input }, (e) => {
          if (e && pending.delete(id)) reject(e);
        });
      });
    },
    close() {
      child?.kill('SIGKILL');
      child = null;
      sent = new Set();
    },
  };
}
