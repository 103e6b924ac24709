// Which SoD duties a role or permission of a system grants. The map is a suggestion built in this order, first hit
// wins: an engagement's own duty-map file (the advisor's edits), the reusable templates in templates/duty-maps/,
// then the duty keywords of the rule set read from the role or permission name. Permissions held at a read-only
// level grant no duty. Privileged entitlements (administrator, superuser, DBA, full access, SAP_ALL…) are flagged
// by name unless a map entry says otherwise. Anything left without a duty is reported as unmapped, never ignored.
import type { DutyMapEntry, DutyMapSet, EntitlementKind, SodDuty } from './catalog.ts';

// The duty maps are catalogue data (templates/duty-maps/, loaded with the catalogue): their types live with it.
export type { DutyMapEntry, DutyMapSet, EntitlementKind } from './catalog.ts';
import { createDutyMatcher } from './duties.ts';

export type MapBasis = 'override' | 'template' | 'keyword' | 'permissions' | 'read-only' | 'none';

export interface MappedEntitlement {
  system: string;
  kind: EntitlementKind;
  name: string;
  duties: string[];
  privileged: boolean;
  privilegedBy: string | null; // the words that made it privileged, or the map that said so
  basis: MapBasis;
  map: string | null; // id of the duty map (template or override) that decided, if any
  keywords: string[]; // for basis 'keyword': the catalogue keywords that matched
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/u;
const normalised = new Map<string, string>();

// The project's one label normaliser: role, permission and system names, and a listing's headers (access-listing.ts),
// in any script, accents dropped, lower case, words only. Listings repeat the same names on every row: each distinct
// text is normalised once.
export function normaliseName(text: string): string {
  let n = normalised.get(text);
  if (n !== undefined) return n;
  const folded = PRINTABLE_ASCII.test(text)
    ? text.toLowerCase()
    : text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  n = folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  if (normalised.size > 100_000) normalised.clear();
  normalised.set(text, n);
  return n;
}

// A system's key: its normalised name without spaces ("Salesforce Billing" → "salesforcebilling"). Listings name a
// handful of systems over many rows, so each is worked out once.
const systemKeys = new Map<string, string>();
export const systemKey = (system: string): string => {
  let k = systemKeys.get(system);
  if (k === undefined) {
    k = normaliseName(system).replace(/ /gu, '');
    if (systemKeys.size > 10_000) systemKeys.clear();
    systemKeys.set(system, k);
  }
  return k;
};

// Phrases that make a role or permission privileged, compared as whole normalised words.
const PRIVILEGED = [
  'administrator',
  'admin',
  'super user',
  'superuser',
  'super admin',
  'sysadmin',
  'dba',
  'database administrator',
  'root',
  'full access',
  'sap all',
  'sap new',
  'modify all data',
  'security master',
  'global admin',
  'domain admin',
  'org admin',
  'all access',
  'unrestricted',
].map(normaliseName);
const READ_ONLY_NAME = /\b(read only|readonly|view only|viewer|read)\b/u;
const READ_ONLY_LEVEL = /^(view|read|read only|readonly|view only|none|no access|0)$/u;

const containsWords = (hay: string, needle: string) => needle !== '' && ` ${hay} `.includes(` ${needle} `);

export function privilegedPhrase(name: string): string | null {
  const n = normaliseName(name);
  if (READ_ONLY_NAME.test(n)) return null;
  return PRIVILEGED.find((p) => containsWords(n, p)) ?? null;
}

export const isReadOnlyLevel = (level: string | null) => level !== null && READ_ONLY_LEVEL.test(normaliseName(level));

interface CompiledEntry {
  map: string;
  entry: DutyMapEntry;
  systems: Set<string> | null; // null = any system
  name: string;
}

function compile(sets: readonly DutyMapSet[]): CompiledEntry[] {
  const out: CompiledEntry[] = [];
  for (const set of sets) {
    for (const entry of set.entries) {
      const systems = entry.systems ?? set.systems;
      out.push({
        map: set.id,
        entry,
        systems: systems.includes('*') ? null : new Set(systems.map(systemKey)),
        name: normaliseName(entry.name),
      });
    }
  }
  return out;
}

// Exact entries are looked up by name; contains entries are few and scanned, longest first.
class EntryIndex {
  private readonly exact = new Map<string, CompiledEntry[]>();
  private readonly contains: CompiledEntry[] = [];
  constructor(sets: readonly DutyMapSet[]) {
    for (const c of compile(sets)) {
      if (c.entry.match === 'contains') this.contains.push(c);
      else (this.exact.get(c.name) ?? this.exact.set(c.name, []).get(c.name))?.push(c);
    }
    this.contains.sort((a, b) => b.name.length - a.name.length);
  }
  find(system: string, kind: EntitlementKind, name: string): CompiledEntry | null {
    const sys = systemKey(system);
    const fits = (c: CompiledEntry) =>
      (c.systems === null || c.systems.has(sys)) && (c.entry.kind === undefined || c.entry.kind === kind);
    const n = normaliseName(name);
    // an entry for the named system beats a '*' entry
    const exact = (this.exact.get(n) ?? [])
      .filter(fits)
      .sort((a, b) => Number(a.systems === null) - Number(b.systems === null));
    if (exact[0]) return exact[0];
    return this.contains.find((c) => fits(c) && containsWords(n, c.name)) ?? null;
  }
}

export type DutyMapper = (
  system: string,
  kind: EntitlementKind,
  name: string,
  level?: string | null,
) => MappedEntitlement;

export function createDutyMapper(opts: {
  duties: readonly SodDuty[];
  templates: readonly DutyMapSet[];
  overrides?: readonly DutyMapSet[];
}): DutyMapper {
  const match = createDutyMatcher(opts.duties);
  const overrides = new EntryIndex(opts.overrides ?? []);
  const templates = new EntryIndex(opts.templates);
  const known = new Set(opts.duties.map((d) => d.id));
  const cache = new Map<string, MappedEntitlement>();
  return (system, kind, name, level = null) => {
    const key = `${systemKey(system)}\u0000${kind}\u0000${normaliseName(name)}\u0000${isReadOnlyLevel(level)}`;
    const hit = cache.get(key);
    if (hit) return { ...hit, system, name };
    const base = { system, kind, name, keywords: [] as string[] };
    let out: MappedEntitlement;
    const byName = privilegedPhrase(name);
    const fromMap = (c: CompiledEntry, basis: 'override' | 'template'): MappedEntitlement => {
      const privileged = c.entry.privileged ?? byName !== null;
      const by = c.entry.privileged === true ? `duty map ${c.map}` : c.entry.privileged === false ? null : byName;
      return {
        ...base,
        duties: c.entry.duties.filter((d) => known.has(d)),
        privileged,
        privilegedBy: privileged ? by : null,
        basis,
        map: c.map,
      };
    };
    if (isReadOnlyLevel(level))
      out = { ...base, duties: [], privileged: false, privilegedBy: null, basis: 'read-only', map: null };
    else {
      const o = overrides.find(system, kind, name);
      const t = o ? null : templates.find(system, kind, name);
      if (o) out = fromMap(o, 'override');
      else if (t) out = fromMap(t, 'template');
      else {
        const found = match(name);
        out = {
          ...base,
          duties: found.map((m) => m.duty),
          keywords: found.map((m) => m.keyword),
          privileged: byName !== null,
          privilegedBy: byName,
          basis: found.length > 0 ? 'keyword' : 'none',
          map: null,
        };
      }
    }
    cache.set(key, out);
    return { ...out };
  };
}
