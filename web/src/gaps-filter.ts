// The gap table's rows, filters and sort: pure, so it is tested without a browser and stays fast for thousands of rows.
import { categoryLabel, type DeltaItem, type PlanTask, type TargetStatus } from './components/analysis-types.ts';
import { reasonLabel } from '../../server/domain/words.ts';

export interface TargetRow {
  id: string;
  title: string;
  category: string;
  categoryLabel: string;
  key: boolean;
  status: TargetStatus;
  reasonCodes: string[];
  owners: string[];
  sources: number;
  // Lower-cased text the search box looks in, built once per row rather than per keystroke.
  haystack: string;
}

export interface GapFilter {
  status: string;
  category: string;
  reason: string;
  owner: string;
  text: string;
}

export const NO_FILTER: GapFilter = { status: '', category: '', reason: '', owner: '', text: '' };

export type SortKey = 'id' | 'title' | 'category' | 'status' | 'key' | 'reasons' | 'owners' | 'sources';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

// Worst first when sorting by status ascending: that is what a reader triages.
const STATUS_ORDER: Record<string, number> = { gap: 0, enhance: 1, covered: 2, 'not-applicable': 3 };

// A target's owner is whoever owns its plan tasks (a target may have several: design, implement, operate, test).
export function buildRows(items: DeltaItem[], tasks: PlanTask[]): TargetRow[] {
  const owners = new Map<string, Set<string>>();
  for (const t of tasks) {
    if (!t.target || !t.owner) continue;
    let s = owners.get(t.target);
    if (!s) owners.set(t.target, (s = new Set()));
    s.add(t.owner);
  }
  return items.map((i) => {
    const reasonCodes = [...new Set(i.reasons.map((r) => r.code))];
    const o = [...(owners.get(i.id) ?? [])].sort((a, b) => a.localeCompare(b));
    const label = categoryLabel(i.category);
    return {
      id: i.id,
      title: i.title,
      category: i.category,
      categoryLabel: label,
      key: i.key,
      status: i.status,
      reasonCodes,
      owners: o,
      sources: i.sources.length,
      haystack: [i.id, i.title, label, i.status, ...reasonCodes, ...reasonCodes.map(reasonLabel), ...o].join(' ').toLowerCase(),
    };
  });
}

export function filterRows(rows: TargetRow[], f: GapFilter): TargetRow[] {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter(
    (r) =>
      (!f.status || r.status === f.status) &&
      (!f.category || r.category === f.category) &&
      (!f.reason || r.reasonCodes.includes(f.reason)) &&
      (!f.owner || r.owners.includes(f.owner)) &&
      words.every((w) => r.haystack.includes(w)),
  );
}

const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });

function compare(a: TargetRow, b: TargetRow, key: SortKey): number {
  switch (key) {
    case 'id':
      return natural(a.id, b.id);
    case 'title':
      return natural(a.title, b.title);
    case 'category':
      return natural(a.categoryLabel, b.categoryLabel);
    case 'status':
      return (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9);
    case 'key':
      return Number(b.key) - Number(a.key);
    case 'reasons':
      return a.reasonCodes.length - b.reasonCodes.length;
    case 'owners':
      return natural(a.owners.join(', '), b.owners.join(', '));
    case 'sources':
      return a.sources - b.sources;
  }
}

// Stable, with the target id breaking ties so the order never jumps between renders.
export function sortRows(rows: TargetRow[], s: Sort): TargetRow[] {
  const sign = s.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => sign * compare(a, b, s.key) || natural(a.id, b.id));
}

export function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}

export interface Facets {
  statuses: string[];
  categories: { value: string; label: string }[];
  reasons: string[];
  owners: string[];
}

// The choices each filter offers: only values that occur, so no filter leads to an empty table by construction.
export function facets(rows: TargetRow[]): Facets {
  const statuses = new Set<string>();
  const categories = new Map<string, string>();
  const reasons = new Set<string>();
  const owners = new Set<string>();
  for (const r of rows) {
    statuses.add(r.status);
    categories.set(r.category, r.categoryLabel);
    r.reasonCodes.forEach((c) => reasons.add(c));
    r.owners.forEach((o) => owners.add(o));
  }
  return {
    statuses: [...statuses].sort((a, b) => (STATUS_ORDER[a] ?? 9) - (STATUS_ORDER[b] ?? 9)),
    categories: [...categories].map(([value, label]) => ({ value, label })).sort((a, b) => natural(a.label, b.label)),
    reasons: [...reasons].sort(natural),
    owners: [...owners].sort(natural),
  };
}
