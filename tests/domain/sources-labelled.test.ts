// Precision and recall of the delta's sources against the hand-labelled pairs of tests/fixtures/source-labels.ts:
// the surveilr SOC 2 type 2 request list (a real file, copied into tests/fixtures/real/) and a code-built matrix.
// A pair is a true positive when the label says "source" and the engine lists the control under the target's
// sources; a false positive when the engine lists it and the label says no; a false negative the other way round.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCriteria } from '../../server/domain/criteria.ts';
import type { DeltaItem } from '../../server/domain/delta.ts';
import { importWorkbook } from '../../server/use-cases/import-workbook.ts';
import { analyse, catalog, SAAS_PROFILE } from '../fixtures/analysis.ts';
import { blankControl } from '../fixtures/controls.ts';
import { BUILT_CONTROLS, SOURCE_LABELS } from '../fixtures/source-labels.ts';
import { readInline } from '../fixtures/reader.ts';

const PROFILE = { ...SAAS_PROFILE, cyclesInScope: ['revenue', 'procure-to-pay', 'payroll', 'close'] as never };
const SURVEILR = 'surveilr__www.surveilr.com__aicpa_soc2_type2_controls.csv';

async function items(): Promise<Record<'surveilr' | 'built', Map<string, DeltaItem>>> {
  const bytes = new Uint8Array(readFileSync(new URL(`../fixtures/real/${SURVEILR}`, import.meta.url)));
  const imported = await importWorkbook(catalog, bytes, SURVEILR, { read: readInline });
  if (!imported.ok) throw new Error(imported.error.message);
  const built = BUILT_CONTROLS.map(([id, crit, title, description], i) =>
    blankControl({ id, title, description, criteria: parseCriteria(crit, catalog.tsc).ids }, { row: i + 2 }),
  );
  const byId = (controls: Parameters<typeof analyse>[0]) =>
    new Map(analyse(controls, PROFILE).delta.items.map((i) => [i.id, i]));
  return { surveilr: byId(imported.value.controls), built: byId(built) };
}

describe('sources by content, against hand-labelled pairs', () => {
  it('has at least 200 labelled pairs, each a real candidate of its target', async () => {
    expect(SOURCE_LABELS.length).toBeGreaterThanOrEqual(200);
    const all = await items();
    const notCandidates = SOURCE_LABELS.filter((l) => {
      const item = all[l.file].get(l.target);
      return !item || ![...item.sources, ...item.candidates].some((s) => s.controlId === l.control);
    }).map((l) => `${l.target}/${l.control}`);
    expect(notCandidates).toEqual([]);
  });

  it('reaches precision and recall of at least 0.9', async () => {
    const all = await items();
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const l of SOURCE_LABELS) {
      const item = all[l.file].get(l.target)!;
      const engine = item.sources.some((s) => s.controlId === l.control);
      if (engine && l.source) tp++;
      else if (engine && !l.source) fp++;
      else if (!engine && l.source) fn++;
      if (engine !== l.source) wrong.push(`${l.target}/${l.control}: labelled ${l.source ? 'source' : 'not'} (${l.reason})`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`sources: ${SOURCE_LABELS.length} labelled pairs, tp ${tp}, fp ${fp}, fn ${fn}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n${wrong.join('\n')}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
