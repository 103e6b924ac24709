// The analysis renderer's process (see analysis-renderer.ts): one render at a time, in the order asked.
import { renderAnalysis, type RenderInput } from '../use-cases/render-analysis.ts';

process.once('disconnect', () => process.exit(0));
process.on('message', (m: { id: number; input: RenderInput }) => {
  try {
    // A large body crosses as its gzipped copy only (a tenth of the bytes): the server's thread then decodes a small
    // message, not tens of megabytes of JSON text, for every render; a client that takes no gzip gets it inflated.
    const r = renderAnalysis(m.input);
    process.send?.({ id: m.id, ok: true, value: r.gzip ? { body: null, gzip: r.gzip } : r });
  } catch (e) {
    process.send?.({ id: m.id, ok: false, error: (e as Error).message });
  }
});
