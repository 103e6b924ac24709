// Parse the many ways real matrices write Trust Services Criteria (REFERENCE.md §2) into TSC 2017 ids.
// Anything that looks like a criterion but is not in the list is returned in `invalid`, never dropped: a 2016-era
// id (C1.3) or a typo (CC10.1) is a finding the user must see.
import type { TscCriterion } from './catalog.ts';

export interface TscIndex {
  order: Map<string, number>; // id -> position in the TSC list
  families: Map<string, string[]>; // family -> member ids in TSC order
  ids: string[];
}

export interface ParsedCriteria {
  ids: string[]; // valid TSC 2017 ids, TSC order, unique
  invalid: string[]; // criterion-like tokens not in TSC 2017, normalised (e.g. 'C1.3', 'CC10')
  families: string[]; // families written at family level ('CC6', 'A1.0'), as family ids
}

export function tscIndex(tsc: readonly TscCriterion[]): TscIndex {
  const order = new Map<string, number>();
  const families = new Map<string, string[]>();
  tsc.forEach((c, i) => {
    order.set(c.id, i);
    const members = families.get(c.family) ?? [];
    members.push(c.id);
    families.set(c.family, members);
  });
  return { order, families, ids: tsc.map((c) => c.id) };
}

// One criterion token: prefix, optional space, family number (no leading zero so 'C001' stays a control id),
// optional '.n' sub-number. The look-behind keeps 'SOC 2', 'AC-2' and 'IP-1' from matching.
const TOKEN = String.raw`(?<![A-Za-z0-9])(CC|PI|A|C|P)\s?([1-9]\d?)(?:\s?\.\s?(\d{1,2}))?(?![0-9]|\.\d)`;
const RANGE_TAIL = String.raw`\s*(?:-|to|through|thru)\s*(?:(CC|PI|A|C|P)\s?)?([1-9]\d?)(?:\s?\.\s?(\d{1,2}))?(?![0-9]|\.\d)`;
const TOKEN_RE = new RegExp(`${TOKEN}(?:${RANGE_TAIL})?`, 'gi');

type Ref = { kind: 'id'; family: string; id: string } | { kind: 'family'; family: string };

function ref(prefix: string, fam: string, sub: string | undefined): Ref {
  const family = `${prefix.toUpperCase()}${Number(fam)}`;
  if (sub === undefined || Number(sub) === 0) return { kind: 'family', family };
  return { kind: 'id', family, id: `${family}.${Number(sub)}` };
}

function normaliseDashes(text: string): string {
  return text.replace(/[\u2010-\u2015\u2212]/g, '-');
}

export function parseCriteria(text: string, tsc: readonly TscCriterion[] | TscIndex): ParsedCriteria {
  const index = 'order' in tsc ? tsc : tscIndex(tsc);
  const found = new Set<string>();
  const invalid = new Set<string>();
  const families = new Set<string>();

  const addRef = (r: Ref): void => {
    if (r.kind === 'id') {
      if (index.order.has(r.id)) found.add(r.id);
      else invalid.add(r.id);
      return;
    }
    const members = index.families.get(r.family);
    if (!members) {
      invalid.add(r.family);
      return;
    }
    families.add(r.family);
    for (const id of members) found.add(id);
  };
  const first = (r: Ref): number | undefined =>
    r.kind === 'id' ? index.order.get(r.id) : index.order.get(index.families.get(r.family)?.[0] ?? '');
  const last = (r: Ref): number | undefined =>
    r.kind === 'id' ? index.order.get(r.id) : index.order.get(index.families.get(r.family)?.at(-1) ?? '');

  for (const m of normaliseDashes(text).matchAll(TOKEN_RE)) {
    const [, prefix = '', fam = '', sub, toPrefix, toFam, toSub] = m;
    const from = ref(prefix, fam, sub);
    if (toFam === undefined) {
      addRef(from);
      continue;
    }
    // 'CC1.1 - 1.5' borrows the prefix of the left side.
    // 'CC6.1-3' means CC6.1 to CC6.3: a bare number after a dotted id is a sub-number of the same family.
    const to =
      toPrefix === undefined && toSub === undefined && from.kind === 'id'
        ? ref(prefix, fam, toFam)
        : ref(toPrefix ?? prefix, toFam, toSub);
    const a = first(from);
    const b = last(to);
    if (a === undefined || b === undefined || b < a) {
      addRef(from);
      addRef(to);
      continue;
    }
    for (let i = a; i <= b; i++) {
      const id = index.ids[i];
      if (id !== undefined) found.add(id);
    }
  }

  const ids = [...found].sort((x, y) => (index.order.get(x) ?? 0) - (index.order.get(y) ?? 0));
  return { ids, invalid: [...invalid], families: [...families] };
}

// Stricter than parseCriteria: used to sniff whether a column holds criteria. Single-letter prefixes need the
// dotted form ('A1.2'), because bare 'P1' is as likely a priority as the privacy family.
const SNIFF_RE = /(?<![A-Za-z0-9])(?:CC\s?[1-9]\d?(?:\.\d{1,2})?|(?:PI|A|C|P)[1-9]\d?\.\d{1,2})(?![0-9]|\.\d)/gi;

export function looksLikeCriteria(text: string): boolean {
  const t = text.trim();
  if (t === '') return false;
  const hits = t.match(SNIFF_RE);
  if (!hits) return false;
  return t.length <= 80 || hits.length >= 3;
}
