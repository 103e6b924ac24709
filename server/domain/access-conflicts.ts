// Conflicts of one person or one role against the rule set, and their order. The per-person form here works on a
// person's grants by duty (a simulated grant, or any one person); the analysis of whole listings reads people from
// their rows instead (access-holdings.ts) and builds the same conflicts through the same helpers.
import type { SourceRef } from './access-types.ts';
import type { PersonRecord } from './access-users.ts';
import type { Severity, SodRule } from './catalog.ts';
import { normaliseName, systemKey, type MapBasis } from './duty-map.ts';
import { exactSize, sortInPlace } from './small-sort.ts';

// What a conflict is: two duties a rule keeps apart, each side with the grants (rows of the listings) that give it.
export type ConflictLevel = 'user' | 'role' | 'privileged';

export interface Grant {
  system: string;
  role: string | null;
  permission: string | null;
  file: string;
  sheet: string;
  row: number; // the assignment row (user × role / permission), or for a role-level side the role's definition row
  definedAt: SourceRef | null; // the role → permission row that put this permission in the role
}

export interface ConflictSide {
  duty: string;
  label: string;
  grants: Grant[];
}

export interface AccessConflict {
  key: string; // stable: rule|level|user-or-role|system(s); resolutions are keyed by it
  level: ConflictLevel;
  rule: string;
  severity: Severity;
  risk: string;
  compensatingControl: string;
  user?: string;
  userKey?: string;
  generic?: boolean; // the user is a generic or shared account
  role?: string;
  holders?: number; // role level: active people holding the role
  singleRole?: string | null; // user level: 'system|role' when one role alone grants both sides
  systems: string[];
  sides: [ConflictSide, ConflictSide];
}

export const PRIVILEGED_DUTY = 'privileged-access';
export const TRANSACTIONS_DUTY = 'financial-transactions';
export const SELF_SERVICE_DUTIES: readonly string[] = ['time-entry', 'requisition'];

export interface RuleContext {
  rules: readonly SodRule[];
  labels: Map<string, string>;
  transactionDuties: Set<string>;
}

export interface RoleDef {
  key: string;
  system: string;
  name: string;
  duties: Map<string, Grant[]>; // role-level evidence: permission rows, or the role name
  privileged: Grant[];
  privilegedBy: string | null;
  basis: MapBasis;
  map: string | null;
  holders: number[]; // the active people holding it, each once, by their position in the analysis's holdings
  rows: SourceRef[]; // the first rows that assign it
  // for user grants: one template per duty, without the assignment row
  perms: { duty: string; permission: string | null; definedAt: SourceRef | null }[];
  mappedPermissions: number; // permissions of its definition that some map or keyword decided (even as no duty)
  privPerms: { permission: string | null; definedAt: SourceRef | null }[];
}

export interface PersonAccess {
  record: PersonRecord;
  duties: Map<string, Grant[]>;
  privileged: Map<string, Grant[]>; // system -> privileged grants
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
// A role's key, `system|role` normalised. Listings name a few roles over many rows: each spelling is keyed once.
export const roleKeyOf = (system: string, role: string): string => {
  let bySystem = roleKeys.get(system);
  if (!bySystem) {
    if (roleKeys.size > 1_000) roleKeys.clear();
    roleKeys.set(system, (bySystem = new Map()));
  }
  let key = bySystem.get(role);
  if (key === undefined) {
    if (bySystem.size > 100_000) bySystem.clear();
    bySystem.set(role, (key = `${systemKey(system)}|${normaliseName(role)}`));
  }
  return key;
};
const roleKeys = new Map<string, Map<string, string>>();
// A grant's identity as one string (a null role or permission is not the text "null"), as sameGrant compares it.
const grantId = (g: Grant) =>
  `${g.system}\u0000${g.role ?? '\u0001'}\u0000${g.permission ?? '\u0001'}\u0000${g.file}\u0000${g.sheet}\u0000${g.row}`;
export const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};

// One grant object per (row, permission), shared by the duties it grants: listings are large, grants many.
export function addRoleToPerson(p: PersonAccess, def: RoleDef, at: SourceRef): void {
  const grants = roleRowGrants(def, at);
  for (let j = 0; j < def.perms.length; j++) push(p.duties, def.perms[j]!.duty, grants[j]!);
  for (const x of def.privPerms) push(p.privileged, def.system, roleGrant(def, x, at));
}

// The grants one assignment row of a role gives, one per entry of the role's perms; consecutive entries of one
// permission (a permission granting several duties) share one grant.
export function roleRowGrants(def: RoleDef, at: SourceRef): Grant[] {
  const out: Grant[] = [];
  let last: Grant | null = null;
  for (const x of def.perms) {
    if (!last || last.permission !== x.permission || last.definedAt !== x.definedAt) last = roleGrant(def, x, at);
    out.push(last);
  }
  return out;
}

export const roleGrant = (
  def: RoleDef,
  x: { permission: string | null; definedAt: SourceRef | null },
  at: SourceRef,
): Grant => ({
  system: def.system,
  role: def.name,
  permission: x.permission,
  file: at.file,
  sheet: at.sheet,
  row: at.row,
  definedAt: x.definedAt,
});

// The same grant reached twice (a role granting two transaction duties, say) is shown once. Short lists, the usual
// case, are compared field by field; the key strings are built only for a long one.
const sameGrant = (a: Grant, b: Grant) =>
  a.row === b.row &&
  a.system === b.system &&
  a.file === b.file &&
  a.sheet === b.sheet &&
  a.role === b.role &&
  a.permission === b.permission;

const byGrantPosition = (a: Grant, b: Grant) =>
  cmp(a.system, b.system) ||
  cmp(a.file, b.file) ||
  cmp(a.sheet, b.sheet) ||
  a.row - b.row ||
  cmp(a.role ?? '', b.role ?? '') ||
  cmp(a.permission ?? '', b.permission ?? '');

// The grants without repeats, in position order, as a new array of exactly their number (the input is not changed).
function dedupe(grants: readonly Grant[]): Grant[] {
  const out = grants.slice();
  if (out.length <= 1) return out;
  let n = 0;
  if (out.length <= 32) {
    for (let i = 0; i < out.length; i++) {
      const g = out[i]!;
      let seen = false;
      for (let j = 0; j < n && !seen; j++) seen = sameGrant(out[j]!, g);
      if (!seen) out[n++] = g;
    }
  } else {
    const seen = new Set<string>();
    for (const g of grants) {
      const id = grantId(g);
      if (!seen.has(id)) {
        seen.add(id);
        out[n++] = g;
      }
    }
  }
  if (n === out.length) return sortInPlace(out, byGrantPosition);
  out.length = n;
  return exactSize(sortInPlace(out, byGrantPosition));
}

// A duty's grants, with the derived transactions duty expanded.
function grantsFor(ctx: RuleContext, duties: Map<string, Grant[]>, duty: string): Grant[] {
  if (duty !== TRANSACTIONS_DUTY) return duties.get(duty) ?? [];
  const out = [...(duties.get(duty) ?? [])];
  for (const [d, gs] of duties) if (ctx.transactionDuties.has(d)) out.push(...gs);
  return out;
}

export const side = (ctx: RuleContext, duty: string, grants: readonly Grant[]): ConflictSide => ({
  duty,
  label: ctx.labels.get(duty) ?? duty,
  grants: dedupe(grants),
});

// The systems of a conflict's grants, sorted. Conflicts show a handful of system combinations, so each combination is
// one shared array (conflicts are never changed once built).
export function systemsOf(sides: ConflictSide[]): string[] {
  const found: string[] = [];
  for (const s of sides) for (const g of s.grants) if (!found.includes(g.system)) found.push(g.system);
  sortInPlace(found, cmp);
  let node = SYSTEM_SETS;
  for (const system of found) {
    let next = node.next.get(system);
    if (!next) {
      if (++systemSetNodes > 10_000) {
        // listings naming thousands of systems: start again rather than keep every combination
        SYSTEM_SETS.next.clear();
        systemSetNodes = 0;
        return exactSize(found);
      }
      node.next.set(system, (next = { list: null, next: new Map() }));
    }
    node = next;
  }
  return (node.list ??= exactSize(found));
}
interface SystemSet {
  list: string[] | null;
  next: Map<string, SystemSet>;
}
const SYSTEM_SETS: SystemSet = { list: null, next: new Map() };
let systemSetNodes = 0;

export function singleRoleOf(sides: ConflictSide[]): string | null {
  let first: Grant | null = null;
  let role: string | null = null;
  for (const s of sides)
    for (const g of s.grants) {
      if (g.role === null) return null;
      if (first === null) first = g;
      else if (g.system !== first.system || g.role !== first.role) {
        role ??= roleKeyOf(first.system, first.role!);
        if (roleKeyOf(g.system, g.role) !== role) return null;
      }
    }
  return first === null ? null : (role ?? roleKeyOf(first.system, first.role!));
}

// A person's conflict, its fields in the order the output shows them (built field by field: there are many).
function personConflict(
  key: string,
  level: 'user' | 'privileged',
  rule: SodRule,
  who: PersonRecord,
  singleRole: string | null | undefined,
  systems: string[],
  sides: [ConflictSide, ConflictSide],
): AccessConflict {
  const c: AccessConflict = {
    key,
    level,
    rule: rule.id,
    severity: rule.severity,
    risk: rule.risk,
    compensatingControl: rule.compensatingControl,
    user: who.display,
    userKey: who.key,
  } as AccessConflict; // systems and sides follow the optional fields
  if (who.generic) c.generic = true;
  if (singleRole !== undefined) c.singleRole = singleRole;
  c.systems = systems;
  c.sides = sides;
  return c;
}

export function privilegedConflicts(
  ctx: RuleContext,
  rule: SodRule,
  who: PersonRecord,
  privileged: Map<string, Grant[]>,
  otherGrants: readonly Grant[],
  out: AccessConflict[],
): void {
  const a = rule.duties[0].id;
  const other = a === PRIVILEGED_DUTY ? rule.duties[1].id : a;
  const oth = side(ctx, other, otherGrants); // the same in each system's conflict (conflicts are never changed)
  for (const system of sortInPlace([...privileged.keys()], cmp)) {
    const priv = side(ctx, PRIVILEGED_DUTY, privileged.get(system) ?? []);
    const sides: [ConflictSide, ConflictSide] = a === PRIVILEGED_DUTY ? [priv, oth] : [oth, priv];
    out.push(personConflict(`${rule.id}|privileged|${who.key}|${system}`, 'privileged', rule, who, undefined, systemsOf(sides), sides));
  }
}

export function userConflict(ctx: RuleContext, rule: SodRule, who: PersonRecord, ga: readonly Grant[], gb: readonly Grant[]): AccessConflict {
  const sides: [ConflictSide, ConflictSide] = [side(ctx, rule.duties[0].id, ga), side(ctx, rule.duties[1].id, gb)];
  const systems = systemsOf(sides);
  return personConflict(`${rule.id}|user|${who.key}|${systems.join('+')}`, 'user', rule, who, singleRoleOf(sides), systems, sides);
}

export function personConflicts(ctx: RuleContext, p: PersonAccess): AccessConflict[] {
  const out: AccessConflict[] = [];
  for (const rule of ctx.rules) {
    const a = rule.duties[0].id;
    const b = rule.duties[1].id;
    if (a === PRIVILEGED_DUTY || b === PRIVILEGED_DUTY) {
      if (p.privileged.size === 0) continue;
      const otherGrants = grantsFor(ctx, p.duties, a === PRIVILEGED_DUTY ? b : a);
      if (otherGrants.length > 0) privilegedConflicts(ctx, rule, p.record, p.privileged, otherGrants, out);
      continue;
    }
    const ga = grantsFor(ctx, p.duties, a);
    if (ga.length === 0) continue;
    const gb = grantsFor(ctx, p.duties, b);
    if (gb.length === 0) continue;
    out.push(userConflict(ctx, rule, p.record, ga, gb));
  }
  return out;
}

export function roleConflicts(ctx: RuleContext, def: RoleDef): AccessConflict[] {
  const out: AccessConflict[] = [];
  for (const rule of ctx.rules) {
    const [a, b] = [rule.duties[0].id, rule.duties[1].id];
    const grants = (d: string) => (d === PRIVILEGED_DUTY ? def.privileged : grantsFor(ctx, def.duties, d));
    const ga = grants(a);
    if (ga.length === 0) continue;
    const gb = grants(b);
    if (gb.length === 0) continue;
    const sides: [ConflictSide, ConflictSide] = [side(ctx, a, ga), side(ctx, b, gb)];
    out.push({
      key: `${rule.id}|role|${def.key}`,
      level: 'role',
      rule: rule.id,
      severity: rule.severity,
      risk: rule.risk,
      compensatingControl: rule.compensatingControl,
      role: def.name,
      holders: def.holders.length,
      systems: [def.system],
      sides,
    });
  }
  return out;
}

// The conflicts of a whole analysis in sortConflicts order, from the role-level conflicts (any order) and the person
// conflicts of each rule of `rules` already in key order (holdingsConflicts): only the role level is sorted.
export function orderConflicts(rules: readonly SodRule[], roleLevel: AccessConflict[], byRule: AccessConflict[][]): AccessConflict[] {
  const ids = new Set(rules.map((r) => r.id));
  if (ids.size !== rules.length) return sortConflicts([...roleLevel, ...byRule.flat()]); // a rule id twice: sort all
  const roles = new Map<string, AccessConflict[]>();
  for (const c of sortConflicts(roleLevel)) push(roles, c.rule, c);
  const at = rules.map((_, j) => j);
  at.sort((x, y) => SEVERITY_ORDER[rules[x]!.severity] - SEVERITY_ORDER[rules[y]!.severity] || cmp(rules[x]!.id, rules[y]!.id));
  const out: AccessConflict[] = [];
  for (const j of at) {
    for (const c of roles.get(rules[j]!.id) ?? []) out.push(c);
    for (const c of byRule[j] ?? []) out.push(c);
  }
  return out;
}

export function sortConflicts<T extends AccessConflict>(list: T[]): T[] {
  const level: Record<ConflictLevel, number> = { role: 0, privileged: 1, user: 2 };
  return list.sort(
    (x, y) =>
      SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] ||
      cmp(x.rule, y.rule) ||
      level[x.level] - level[y.level] ||
      cmp(x.key, y.key),
  );
}
