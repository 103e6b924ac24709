// COSO 2013 coverage: each of the 17 principles is covered, partial or a gap, judged from the entity-level targets
// that carry it and the SOC 2 controls behind them.
import type { CosoPrinciple } from './catalog.ts';
import type { DeltaItem } from './delta.ts';
import { plural } from './words.ts';

export interface CosoCoverage {
  principle: number;
  component: string;
  name: string;
  tsc: string;
  status: 'covered' | 'partial' | 'gap';
  basis: string;
  targets: { id: string; status: DeltaItem['status'] }[];
  controls: { controlId: string; sheet: string; row: number }[];
}

export const COSO_RULE =
  'covered when every applicable entity-level target of the principle is covered; gap when none has a contributing SOC 2 control; partial otherwise';

export function computeCoso(principles: CosoPrinciple[], items: DeltaItem[]): CosoCoverage[] {
  return principles.map((p) => {
    const targets = items.filter((i) => i.category === 'entity' && i.coso.includes(p.principle) && i.status !== 'not-applicable');
    const covered = targets.filter((t) => t.status === 'covered').length;
    const gaps = targets.filter((t) => t.status === 'gap').length;
    const status: CosoCoverage['status'] =
      targets.length > 0 && covered === targets.length ? 'covered' : gaps === targets.length ? 'gap' : 'partial';
    // each control once, by sheet, row and id (nested maps: no key string per source)
    const controls: { controlId: string; sheet: string; row: number }[] = [];
    const seen = new Map<string, Map<number, Set<string>>>();
    for (const t of targets)
      for (const s of t.sources) {
        let rows = seen.get(s.sheet);
        if (!rows) seen.set(s.sheet, (rows = new Map()));
        let ids = rows.get(s.row);
        if (!ids) rows.set(s.row, (ids = new Set()));
        if (ids.has(s.controlId)) continue;
        ids.add(s.controlId);
        controls.push({ controlId: s.controlId, sheet: s.sheet, row: s.row });
      }
    return {
      principle: p.principle,
      component: p.component,
      name: p.name,
      tsc: p.tsc,
      status,
      basis: `${covered} of ${plural(targets.length, 'entity-level target')} covered, ${plural(gaps, 'gap')}`,
      targets: targets.map((t) => ({ id: t.id, status: t.status })),
      controls,
    };
  });
}
