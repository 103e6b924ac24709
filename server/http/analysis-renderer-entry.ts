// The analysis renderer's process (see analysis-renderer.ts): one render at a time, in the order asked.
import { renderAnalysis, type RenderInput } from '../use-cases/render-analysis.ts';

process.once('disconnect', () => process.exit(0));
process.on('message', (m: { id: number; input: RenderInput }) => {
  try {
    process.send?.({ id: m.id, ok: true, value: renderAnalysis(m.input) });
  } catch (e) {
    process.send?.({ id: m.id, ok: false, error: (e as Error).message });
  }
});
