// Access-based segregation of duties, the way SOX judges it: on what a user can do in the financial systems, not on
// who owns a control. Modelled on SAP Access Control's access risk analysis: a rule (risk) is a pair of duties
// (functions); roles and permissions grant duties through the duty map; conflicts are found at three levels:
//   user        one person's combined access across all systems covers both duties of a rule;
//   role        one role alone grants both duties (a "toxic" role, a design fault whoever holds it);
//   privileged  administrator / superuser / DBA access combined with transaction duties (the rules whose one side is
//               the privileged-access duty are judged here, once per system where the person is privileged).
// Derived duties: a privileged entitlement grants `privileged-access`; any duty of a business-cycle rule grants
// `financial-transactions` (the generic "any finance transaction role" of the rule set), except the self-service
// duties every employee holds (entering own time, raising a requisition), which would make every administrator a
// conflict.
// Inactive accounts grant nothing. Everything is deterministic: same listings, same conflicts, same keys, same order.
import type { ListingInfo, RoleGrant, RosterEntry, SourceRef, UserAccess } from '../intake/access-listing.ts';
import type { IntakeIssue } from '../intake/grid.ts';
import type { Severity, SodRule } from './catalog.ts';
import type { IsoDate } from './dates.ts';
import {
  accountKeyOf,
  buildDirectory,
  findLeavers,
  genericAccounts,
  type GenericAccount,
  type Leaver,
  type PersonRecord,
  type UserDirectory,
} from './access-users.ts';
import {
  createDutyMapper,
  normaliseName,
  systemKey,
  type DutyMapSet,
  type DutyMapper,
  type EntitlementKind,
  type MapBasis,
} from './duty-map.ts';
import { err, ok, type Result } from './result.ts';

export const PRIVILEGED_DUTY = 'privileged-access';
export const TRANSACTIONS_DUTY = 'financial-transactions';
export const SELF_SERVICE_DUTIES: readonly string[] = ['time-entry', 'requisition'];

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

export interface UnmappedEntitlement {
  system: string;
  kind: EntitlementKind;
  name: string;
  holders: number; // active people holding it (directly, or through a role for permissions)
  rows: SourceRef[]; // up to three rows where it appears
}

export interface DutyMapRow {
  system: string;
  kind: EntitlementKind;
  name: string;
  duties: string[];
  privileged: boolean;
  basis: MapBasis;
  map: string | null;
  holders: number;
}

export interface PrivilegedHolder {
  user: string;
  userKey: string;
  system: string;
  role: string | null;
  permission: string | null;
  by: string | null;
}

export interface AccessInput {
  access: readonly UserAccess[];
  roleGrants: readonly RoleGrant[];
  listings: readonly ListingInfo[];
  roster?: readonly RosterEntry[];
  rules: readonly SodRule[];
  templates: readonly DutyMapSet[];
  overrides?: readonly DutyMapSet[];
  asOf: IsoDate; // for leavers in a listing without an extraction date
}

interface RoleDef {
  key: string;
  system: string;
  name: string;
  duties: Map<string, Grant[]>; // role-level evidence: permission rows, or the role name
  privileged: Grant[];
  privilegedBy: string | null;
  basis: MapBasis;
  map: string | null;
  holders: Set<string>;
  // for user grants: one template per duty, without the assignment row
  perms: { duty: string; permission: string | null; definedAt: SourceRef | null }[];
  mappedPermissions: number; // permissions of its definition that some map or keyword decided (even as no duty)
  privPerms: { permission: string | null; definedAt: SourceRef | null }[];
}

interface PersonAccess {
  record: PersonRecord;
  duties: Map<string, Grant[]>;
  privileged: Map<string, Grant[]>; // system -> privileged grants
}

export interface AccessState {
  rules: readonly SodRule[];
  labels: Map<string, string>;
  transactionDuties: Set<string>;
  mapper: DutyMapper;
  roles: Map<string, RoleDef>;
  persons: Map<string, PersonAccess>;
  directory: UserDirectory;
}

export interface AccessAnalysis {
  conflicts: AccessConflict[];
  unmapped: UnmappedEntitlement[];
  generic: GenericAccount[];
  leavers: Leaver[];
  privileged: PrivilegedHolder[];
  dutyMap: DutyMapRow[];
  listings: ListingInfo[];
  issues: IntakeIssue[];
  state: AccessState;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const roleKeyOf = (system: string, role: string) => `${systemKey(system)}|${normaliseName(role)}`;
const grantId = (g: Grant) =>
  `${g.system}\u0000${g.role}\u0000${g.permission}\u0000${g.file}\u0000${g.sheet}\u0000${g.row}`;
const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
};

function newRole(state: AccessState, system: string, name: string, definitions: readonly RoleGrant[]): RoleDef {
  const named = state.mapper(system, 'role', name);
  const def: RoleDef = {
    key: roleKeyOf(system, name),
    system,
    name,
    duties: new Map(),
    privileged: [],
    privilegedBy: named.privilegedBy,
    basis: named.basis,
    map: named.map,
    holders: new Set(),
    perms: [],
    privPerms: [],
    mappedPermissions: 0,
  };
  const asGrant = (permission: string | null, at: SourceRef | null): Grant => ({
    system,
    role: name,
    permission,
    file: at?.file ?? '',
    sheet: at?.sheet ?? '',
    row: at?.row ?? 0,
    definedAt: at,
  });
  const add = (duties: readonly string[], privileged: boolean, permission: string | null, at: SourceRef | null) => {
    for (const d of duties) {
      if (d === PRIVILEGED_DUTY) continue;
      push(def.duties, d, asGrant(permission, at));
      def.perms.push({ duty: d, permission, definedAt: at });
    }
    if (privileged || duties.includes(PRIVILEGED_DUTY)) {
      def.privileged.push(asGrant(permission, at));
      def.privPerms.push({ permission, definedAt: at });
    }
  };
  // the advisor's override for the role wins; otherwise the role's listed permissions beat what its name suggests
  if (named.basis !== 'override' && definitions.length > 0) {
    def.basis = 'permissions';
    def.map = null;
    let privilegedBy = named.privileged ? named.privilegedBy : null;
    for (const g of definitions) {
      const m = state.mapper(system, 'permission', g.permission, g.level);
      add(m.duties, m.privileged, g.permission, g.source);
      if (m.basis !== 'none') def.mappedPermissions++;
      if (m.privileged && !privilegedBy)
        privilegedBy = `permission "${g.permission}" (${m.privilegedBy ?? 'privileged'})`;
    }
    if (named.privileged) add([], true, null, null);
    def.privilegedBy = privilegedBy;
  } else add(named.duties, named.privileged, null, null);
  return def;
}

function addGrant(p: PersonAccess, duty: string, g: Grant): void {
  push(p.duties, duty, g);
}

// One grant object per (row, permission), shared by the duties it grants: listings are large, grants many.
function addRoleToPerson(p: PersonAccess, def: RoleDef, at: SourceRef): void {
  let last: Grant | null = null;
  for (const x of def.perms) {
    if (!last || last.permission !== x.permission || last.definedAt !== x.definedAt)
      last = {
        system: def.system,
        role: def.name,
        permission: x.permission,
        file: at.file,
        sheet: at.sheet,
        row: at.row,
        definedAt: x.definedAt,
      };
    addGrant(p, x.duty, last);
  }
  for (const x of def.privPerms)
    push(p.privileged, def.system, {
      system: def.system,
      role: def.name,
      permission: x.permission,
      file: at.file,
      sheet: at.sheet,
      row: at.row,
      definedAt: x.definedAt,
    });
}

function dedupe(grants: Grant[]): Grant[] {
  const seen = new Set<string>();
  const out: Grant[] = [];
  for (const g of grants) {
    const id = grantId(g);
    if (!seen.has(id)) {
      seen.add(id);
      out.push(g);
    }
  }
  return out.sort(
    (a, b) =>
      cmp(a.system, b.system) ||
      cmp(a.file, b.file) ||
      cmp(a.sheet, b.sheet) ||
      a.row - b.row ||
      cmp(a.role ?? '', b.role ?? '') ||
      cmp(a.permission ?? '', b.permission ?? ''),
  );
}

// A duty's grants, with the derived transactions duty expanded.
function grantsFor(state: AccessState, duties: Map<string, Grant[]>, duty: string): Grant[] {
  if (duty !== TRANSACTIONS_DUTY) return duties.get(duty) ?? [];
  const out = [...(duties.get(duty) ?? [])];
  for (const [d, gs] of duties) if (state.transactionDuties.has(d)) out.push(...gs);
  return out;
}

const side = (state: AccessState, duty: string, grants: Grant[]): ConflictSide => ({
  duty,
  label: state.labels.get(duty) ?? duty,
  grants: dedupe(grants),
});
const systemsOf = (sides: ConflictSide[]) =>
  [...new Set(sides.flatMap((s) => s.grants.map((g) => g.system)))].sort(cmp);

function singleRoleOf(sides: ConflictSide[]): string | null {
  let role: string | null = null;
  for (const s of sides)
    for (const g of s.grants) {
      if (g.role === null) return null;
      const k = roleKeyOf(g.system, g.role);
      if (role === null) role = k;
      else if (role !== k) return null;
    }
  return role;
}

function conflictBase(rule: SodRule, who: PersonRecord) {
  return {
    rule: rule.id,
    severity: rule.severity,
    risk: rule.risk,
    compensatingControl: rule.compensatingControl,
    user: who.display,
    userKey: who.key,
    ...(who.generic ? { generic: true } : {}),
  };
}

function personConflicts(state: AccessState, p: PersonAccess): AccessConflict[] {
  const out: AccessConflict[] = [];
  for (const rule of state.rules) {
    const a = rule.duties[0].id;
    const b = rule.duties[1].id;
    if (a === PRIVILEGED_DUTY || b === PRIVILEGED_DUTY) {
      if (p.privileged.size === 0) continue;
      const other = a === PRIVILEGED_DUTY ? b : a;
      const otherGrants = grantsFor(state, p.duties, other);
      if (otherGrants.length === 0) continue;
      for (const system of [...p.privileged.keys()].sort(cmp)) {
        const priv = side(state, PRIVILEGED_DUTY, p.privileged.get(system) ?? []);
        const oth = side(state, other, otherGrants);
        const sides: [ConflictSide, ConflictSide] = a === PRIVILEGED_DUTY ? [priv, oth] : [oth, priv];
        out.push({
          key: `${rule.id}|privileged|${p.record.key}|${system}`,
          level: 'privileged',
          ...conflictBase(rule, p.record),
          systems: systemsOf(sides),
          sides,
        });
      }
      continue;
    }
    const ga = grantsFor(state, p.duties, a);
    if (ga.length === 0) continue;
    const gb = grantsFor(state, p.duties, b);
    if (gb.length === 0) continue;
    const sides: [ConflictSide, ConflictSide] = [side(state, a, ga), side(state, b, gb)];
    const systems = systemsOf(sides);
    out.push({
      key: `${rule.id}|user|${p.record.key}|${systems.join('+')}`,
      level: 'user',
      ...conflictBase(rule, p.record),
      singleRole: singleRoleOf(sides),
      systems,
      sides,
    });
  }
  return out;
}

function roleConflicts(state: AccessState, def: RoleDef): AccessConflict[] {
  const out: AccessConflict[] = [];
  for (const rule of state.rules) {
    const [a, b] = [rule.duties[0].id, rule.duties[1].id];
    const grants = (d: string) => (d === PRIVILEGED_DUTY ? def.privileged : grantsFor(state, def.duties, d));
    const ga = grants(a);
    if (ga.length === 0) continue;
    const gb = grants(b);
    if (gb.length === 0) continue;
    const sides: [ConflictSide, ConflictSide] = [side(state, a, ga), side(state, b, gb)];
    out.push({
      key: `${rule.id}|role|${def.key}`,
      level: 'role',
      rule: rule.id,
      severity: rule.severity,
      risk: rule.risk,
      compensatingControl: rule.compensatingControl,
      role: def.name,
      holders: def.holders.size,
      systems: [def.system],
      sides,
    });
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

function firstRows(rows: SourceRef[]): SourceRef[] {
  return rows.slice(0, 3);
}

export function analyseAccess(input: AccessInput): AccessAnalysis {
  const duties = new Map<string, SodRule['duties'][number]>();
  for (const r of input.rules) for (const d of r.duties) duties.set(d.id, d);
  const transactionDuties = new Set<string>();
  for (const r of input.rules) if (r.cycle !== 'itgc') for (const d of r.duties) transactionDuties.add(d.id);
  transactionDuties.delete(TRANSACTIONS_DUTY);
  transactionDuties.delete(PRIVILEGED_DUTY);
  for (const d of SELF_SERVICE_DUTIES) transactionDuties.delete(d);
  const directory = buildDirectory(input.access);
  const state: AccessState = {
    rules: input.rules,
    labels: new Map([...duties.values()].map((d) => [d.id, d.label])),
    transactionDuties,
    mapper: createDutyMapper({
      duties: [...duties.values()],
      templates: input.templates,
      overrides: input.overrides ?? [],
    }),
    roles: new Map(),
    persons: new Map(),
    directory,
  };

  // role definitions: role → permission sheets, and the role context of user × permission rows
  const definitions = new Map<string, RoleGrant[]>();
  for (const g of input.roleGrants) push(definitions, roleKeyOf(g.system, g.role), g);
  // a user × permission row that names the role the permission comes through also defines that role
  const defined = new Set(input.roleGrants.map((g) => `${roleKeyOf(g.system, g.role)}|${normaliseName(g.permission)}`));
  for (const a of input.access) {
    if (a.role === null || a.permission === null) continue;
    const id = `${roleKeyOf(a.system, a.role)}|${normaliseName(a.permission)}`;
    if (defined.has(id)) continue;
    defined.add(id);
    push(definitions, roleKeyOf(a.system, a.role), {
      system: a.system,
      role: a.role,
      permission: a.permission,
      level: a.level,
      source: a.source,
    });
  }
  const roleOf = (system: string, name: string): RoleDef => {
    const key = roleKeyOf(system, name);
    let def = state.roles.get(key);
    if (!def) {
      def = newRole(state, system, name, definitions.get(key) ?? []);
      state.roles.set(key, def);
    }
    return def;
  };
  for (const key of definitions.keys()) {
    const g = definitions.get(key)?.[0];
    if (g) roleOf(g.system, g.role);
  }

  const permissionUse = new Map<
    string,
    {
      system: string;
      name: string;
      holders: Set<string>;
      rows: SourceRef[];
      basis: MapBasis;
      duties: string[];
      privileged: boolean;
      map: string | null;
    }
  >();
  const roleRows = new Map<string, SourceRef[]>();
  for (const [i, a] of input.access.entries()) {
    const accKey = directory.rowAccount[i] ?? accountKeyOf(a);
    const personKey = directory.personOfAccount.get(accKey) ?? accKey;
    const record = directory.persons.get(personKey);
    const account = directory.accounts.get(accKey);
    if (!record || !account) continue;
    if (a.role !== null) {
      // only the first rows of a role are shown as its evidence
      const rows = roleRows.get(roleKeyOf(a.system, a.role));
      if (!rows) roleRows.set(roleKeyOf(a.system, a.role), [a.source]);
      else if (rows.length < 3) rows.push(a.source);
    }
    if (account.status === 'inactive') {
      if (a.role !== null) roleOf(a.system, a.role);
      continue;
    }
    let p = state.persons.get(personKey);
    if (!p) state.persons.set(personKey, (p = { record, duties: new Map(), privileged: new Map() }));
    if (a.permission !== null) {
      const m = state.mapper(a.system, 'permission', a.permission, a.level);
      const k = `${systemKey(a.system)}|${normaliseName(a.permission)}`;
      let use = permissionUse.get(k);
      if (!use)
        permissionUse.set(
          k,
          (use = {
            system: a.system,
            name: a.permission,
            holders: new Set(),
            rows: [],
            basis: m.basis,
            duties: m.duties,
            privileged: m.privileged,
            map: m.map,
          }),
        );
      use.holders.add(personKey);
      if (use.rows.length < 3) use.rows.push(a.source);
      const g: Grant = {
        system: a.system,
        role: a.role,
        permission: a.permission,
        file: a.source.file,
        sheet: a.source.sheet,
        row: a.source.row,
        definedAt: null,
      };
      for (const d of m.duties) if (d !== PRIVILEGED_DUTY) addGrant(p, d, g);
      if (m.privileged || m.duties.includes(PRIVILEGED_DUTY)) push(p.privileged, a.system, g);
      if (a.role !== null) roleOf(a.system, a.role).holders.add(personKey);
    } else if (a.role !== null) {
      const def = roleOf(a.system, a.role);
      def.holders.add(personKey);
      addRoleToPerson(p, def, a.source);
    }
  }

  const conflicts: AccessConflict[] = [];
  for (const def of state.roles.values()) {
    // a role known only by name evidences itself where it was first assigned
    const first = roleRows.get(def.key)?.[0];
    if (first)
      for (const gs of [...def.duties.values(), def.privileged])
        for (const g of gs) if (g.row === 0) Object.assign(g, { file: first.file, sheet: first.sheet, row: first.row });
    conflicts.push(...roleConflicts(state, def));
  }
  for (const p of state.persons.values()) conflicts.push(...personConflicts(state, p));

  const privileged: PrivilegedHolder[] = [];
  for (const p of state.persons.values())
    for (const [system, gs] of p.privileged) {
      const seen = new Set<string>();
      for (const g of gs) {
        const id = `${g.role}\u0000${g.permission}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const def = g.role !== null ? state.roles.get(roleKeyOf(system, g.role)) : undefined;
        const by =
          g.permission !== null && !def
            ? state.mapper(system, 'permission', g.permission).privilegedBy
            : (def?.privilegedBy ?? null);
        privileged.push({
          user: p.record.display,
          userKey: p.record.key,
          system,
          role: g.role,
          permission: g.permission,
          by,
        });
      }
    }
  privileged.sort((a, b) => cmp(a.system, b.system) || cmp(a.user, b.user) || cmp(a.role ?? '', b.role ?? ''));

  // the duty map as applied, and what it left unmapped
  const dutyMap: DutyMapRow[] = [];
  const unmapped: UnmappedEntitlement[] = [];
  for (const def of state.roles.values()) {
    const ds = [...def.duties.keys()].sort(cmp);
    dutyMap.push({
      system: def.system,
      kind: 'role',
      name: def.name,
      duties: ds,
      privileged: def.privileged.length > 0,
      basis: def.basis,
      map: def.map,
      holders: def.holders.size,
    });
    // a role defined by permissions is unmapped only when none of them is; its unmapped permissions are listed anyway
    if (
      ds.length === 0 &&
      def.privileged.length === 0 &&
      (def.basis === 'none' || (def.basis === 'permissions' && def.mappedPermissions === 0))
    )
      unmapped.push({
        system: def.system,
        kind: 'role',
        name: def.name,
        holders: def.holders.size,
        rows: firstRows(roleRows.get(def.key) ?? (definitions.get(def.key) ?? []).map((g) => g.source)),
      });
  }
  const defPerms = new Map<
    string,
    { system: string; name: string; roles: Set<string>; rows: SourceRef[]; level: string | null }
  >();
  for (const g of input.roleGrants) {
    const k = `${systemKey(g.system)}|${normaliseName(g.permission)}`;
    let e = defPerms.get(k);
    if (!e) defPerms.set(k, (e = { system: g.system, name: g.permission, roles: new Set(), rows: [], level: g.level }));
    e.roles.add(roleKeyOf(g.system, g.role));
    if (e.rows.length < 3) e.rows.push(g.source);
  }
  for (const [k, e] of defPerms) {
    const holders = new Set<string>();
    for (const r of e.roles) for (const h of state.roles.get(r)?.holders ?? []) holders.add(h);
    const direct = permissionUse.get(k);
    for (const h of direct?.holders ?? []) holders.add(h);
    permissionUse.delete(k);
    const m = state.mapper(e.system, 'permission', e.name, e.level);
    dutyMap.push({
      system: e.system,
      kind: 'permission',
      name: e.name,
      duties: [...m.duties].sort(cmp),
      privileged: m.privileged,
      basis: m.basis,
      map: m.map,
      holders: holders.size,
    });
    if (m.basis === 'none' && !m.privileged)
      unmapped.push({ system: e.system, kind: 'permission', name: e.name, holders: holders.size, rows: e.rows });
  }
  for (const u of permissionUse.values()) {
    dutyMap.push({
      system: u.system,
      kind: 'permission',
      name: u.name,
      duties: [...u.duties].sort(cmp),
      privileged: u.privileged,
      basis: u.basis,
      map: u.map,
      holders: u.holders.size,
    });
    if (u.basis === 'none' && !u.privileged)
      unmapped.push({ system: u.system, kind: 'permission', name: u.name, holders: u.holders.size, rows: u.rows });
  }
  const byEntitlement = (
    a: { system: string; kind: string; name: string },
    b: { system: string; kind: string; name: string },
  ) => cmp(a.system, b.system) || cmp(a.kind, b.kind) || cmp(a.name, b.name);
  dutyMap.sort(byEntitlement);
  unmapped.sort((a, b) => b.holders - a.holders || byEntitlement(a, b));

  const extracted = new Map(input.listings.map((l) => [`${l.file}\u0000${l.system}`, l.extractedAt]));
  const { leavers, issues: leaverIssues } = findLeavers(
    directory,
    input.roster ?? [],
    (file, system) => extracted.get(`${file}\u0000${system}`) ?? null,
    input.asOf,
  );

  return {
    conflicts: sortConflicts(conflicts),
    unmapped,
    generic: genericAccounts(directory),
    leavers,
    privileged,
    dutyMap,
    listings: [...input.listings],
    issues: [...directory.issues, ...leaverIssues],
    state,
  };
}

// ---- simulation ----

export interface GrantRequest {
  user: string; // e-mail, person key, full name, or the account id in that system
  system: string;
  role: string;
}

export type SimulatedConflict = AccessConflict & { isNew: boolean };

export interface Simulation {
  user: string;
  userKey: string;
  knownUser: boolean;
  system: string;
  role: string;
  roleKnown: boolean;
  duties: string[];
  privileged: boolean;
  conflicts: SimulatedConflict[]; // every conflict of this user (and of the role, when it is new) after the grant
  newConflicts: SimulatedConflict[]; // the ones the grant would create
}

// A conflict's identity for "is it new": the user-level key carries the systems involved, which a grant can extend
// without creating a conflict.
const identity = (c: AccessConflict) => (c.level === 'user' ? c.key.split('|').slice(0, 3).join('|') : c.key);

function findPerson(
  state: AccessState,
  text: string,
  system: string,
): Result<PersonAccess | null, { code: string; message: string }> {
  const t = text.trim();
  const lower = t.toLowerCase();
  const direct = state.persons.get(t) ?? state.persons.get(`email:${lower}`);
  if (direct) return ok(direct);
  const n = normaliseName(t);
  const matches = new Set<string>();
  for (const acc of state.directory.accounts.values()) {
    const byId = acc.id !== null && acc.id.toLowerCase() === lower && systemKey(acc.system) === systemKey(system);
    const byName = acc.name !== null && normaliseName(acc.name) === n;
    if (byId || byName) matches.add(state.directory.personOfAccount.get(acc.key) ?? acc.key);
  }
  if (matches.size > 1)
    return err({
      code: 'user-ambiguous',
      message: `"${t}" fits ${matches.size} users (${[...matches].sort().join(', ')}); give the e-mail.`,
    });
  const key = [...matches][0];
  if (key === undefined) return ok(null);
  const p = state.persons.get(key);
  if (p) return ok(p);
  // a known person with only inactive accounts holds nothing today
  const record = state.directory.persons.get(key);
  return ok(record ? { record, duties: new Map(), privileged: new Map() } : null);
}

export function simulateGrant(
  state: AccessState,
  req: GrantRequest,
): Result<Simulation, { code: string; message: string }> {
  if (!req.user.trim() || !req.system.trim() || !req.role.trim())
    return err({ code: 'invalid-request', message: 'a simulated grant needs a user, a system and a role' });
  const found = findPerson(state, req.user, req.system);
  if (!found.ok) return found;
  const known = found.value;
  const record: PersonRecord = known?.record ?? {
    key: req.user.includes('@') ? `email:${req.user.trim().toLowerCase()}` : `new:${normaliseName(req.user)}`,
    display: req.user.trim(),
    emails: [],
    generic: false,
    accounts: [],
  };
  const before = known ? personConflicts(state, known) : [];
  const copy: PersonAccess = {
    record,
    duties: new Map([...(known?.duties ?? [])].map(([d, gs]) => [d, [...gs]])),
    privileged: new Map([...(known?.privileged ?? [])].map(([s, gs]) => [s, [...gs]])),
  };
  const existing = state.roles.get(roleKeyOf(req.system, req.role));
  const def = existing ?? newRole(state, req.system, req.role, []);
  addRoleToPerson(copy, def, { file: '(simulated grant)', sheet: '', row: 0 });
  const after = personConflicts(state, copy);
  if (!existing) after.push(...roleConflicts(state, { ...def, holders: new Set([record.key]) }));
  const old = new Set(before.map(identity));
  const conflicts = sortConflicts(after.map((c) => ({ ...c, isNew: !old.has(identity(c)) })));
  return ok({
    user: record.display,
    userKey: record.key,
    knownUser: known !== null,
    system: req.system,
    role: req.role,
    roleKnown: existing !== undefined,
    duties: [...def.duties.keys()].sort(cmp),
    privileged: def.privileged.length > 0,
    conflicts,
    newConflicts: conflicts.filter((c) => c.isNew),
  });
}
