// Where the catalogue lives and how a problem in one of its files is named (file, item, field), shared by the
// catalogue loader and the duty-map loader it calls (load-catalog.ts, load-duty-maps.ts).
import { join, sep } from 'node:path';
import { APP_ROOT } from '../app-root.ts';

export interface CatalogProblem {
  file: string; // relative to the templates folder's parent, e.g. templates/sod-rules.json
  item: string | null; // the item's id, or its index when it has no usable id
  field: string | null; // dotted path inside the item
  message: string;
}

export const DEFAULT_TEMPLATES_DIR = join(APP_ROOT, 'templates') + sep;

export function formatProblem(p: CatalogProblem): string {
  const where = [p.item !== null ? `item ${p.item}` : null, p.field ? `field ${p.field}` : null].filter(Boolean).join(', ');
  return `${p.file}${where ? `: ${where}` : ''}: ${p.message}`;
}
