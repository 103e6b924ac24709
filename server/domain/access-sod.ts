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
import type { ListingInfo, RoleGrant, RosterEntry, SourceRef, UserAccess } from './access-types.ts';
import type { IntakeIssue } from './grid.ts';
import type { SodRule } from './catalog.ts';
import type { IsoDate } from './dates.ts';
import {
  PRIVILEGED_DUTY,
  SELF_SERVICE_DUTIES,
  TRANSACTIONS_DUTY,
  addRoleToPerson,
  cmp,
  orderConflicts,
  personConflicts,
  push,
  roleConflicts,
  roleKeyOf,
  sortConflicts,
  type AccessConflict,
  type Grant,
  type PersonAccess,
  type RoleDef,
  type RuleContext,
} from './access-conflicts.ts';
import { HeldPersons, HoldingsBuilder, holdingsConflicts } from './access-holdings.ts';
import {
  findLeavers,
  genericAccounts,
  indexDirectory,
  type DirectoryIndex,
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

export { PRIVILEGED_DUTY, SELF_SERVICE_DUTIES, TRANSACTIONS_DUTY, sortConflicts };

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
  // The listing users matched across systems (indexDirectory of exactly `access`). Matching belongs to reading the
  // listings, not to each analysis: a server keeps it with the listings it stored and passes it to every analysis of
  // them (duty-map edits, decisions, simulations). Matched here when absent.
  users?: DirectoryIndex;
}

export interface AccessState extends RuleContext {
  mapper: DutyMapper;
  roles: Map<string, RoleDef>;
  persons: ReadonlyMap<string, PersonAccess>; // people with active access
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
    holders: [],
    rows: [],
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

// A permission as user × permission rows grant it.
interface PermissionUse {
  system: string;
  name: string;
  holders: number[]; // the active people holding it, each once, by their position in the analysis's holdings
  rows: SourceRef[];
  basis: MapBasis;
  duties: string[];
  privileged: boolean;
  map: string | null;
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
  const index = input.users ?? indexDirectory(input.access);
  if (index.rowAccount.length !== input.access.length)
    throw new Error(`analyseAccess: the matched users are of ${index.rowAccount.length} rows, the listings have ${input.access.length}`);
  const directory = index.directory;
  const holdings = new HoldingsBuilder(input.access, index.persons.length);
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
  for (let i = 0; i < input.access.length; i++) {
    const a = input.access[i]!;
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

  const permissionUse = new Map<string, PermissionUse>();
  // listings repeat a handful of roles over many rows: each raw (system, role) is resolved to its definition once
  const rawRoles = new Map<string, Map<string, RoleDef>>();
  let lastSystem: string | null = null;
  let names = new Map<string, RoleDef>();
  // what each active row gives its holder, for counting holders once the rows are grouped by person
  const rowDef = new Array<RoleDef | undefined>(input.access.length);
  const rowUse = new Array<PermissionUse | undefined>(input.access.length);
  for (let i = 0; i < input.access.length; i++) {
    const a = input.access[i]!;
    let def: RoleDef | undefined;
    if (a.role !== null) {
      if (a.system !== lastSystem) {
        const known = rawRoles.get(a.system);
        if (known) names = known;
        else rawRoles.set(a.system, (names = new Map()));
        lastSystem = a.system;
      }
      def = names.get(a.role);
      if (!def) names.set(a.role, (def = roleOf(a.system, a.role)));
    }
    // only the first rows of a role are shown as its evidence
    if (def && def.rows.length < 3) def.rows.push(a.source);
    if (index.accounts[index.rowAccount[i]!]!.status === 'inactive') continue;
    const person = index.rowPerson[i]!;
    holdings.add(i, person, index.persons[person]!);
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
            holders: [],
            rows: [],
            basis: m.basis,
            duties: m.duties,
            privileged: m.privileged,
            map: m.map,
          }),
        );
      if (use.rows.length < 3) use.rows.push(a.source);
      holdings.rowPermission[i] = m;
      rowUse[i] = use;
    } else if (def) holdings.rowRole[i] = def;
    rowDef[i] = def;
  }
  const held = holdings.build();
  // each role's and permission's holders: every active person once, read person by person (no set of people per
  // role); a person's few rows are compared with each other, a person with many goes through a set
  for (let p = 0; p < held.persons.length; p++) {
    const from = held.start[p]!;
    const to = held.start[p + 1]!;
    const many = to - from > 32 ? new Set<object>() : null;
    for (let k = from; k < to; k++) {
      const def = rowDef[held.rows[k]!];
      const use = rowUse[held.rows[k]!];
      let newDef = def !== undefined;
      let newUse = use !== undefined;
      if (many) {
        if (def && many.has(def)) newDef = false;
        else if (def) many.add(def);
        if (use && many.has(use)) newUse = false;
        else if (use) many.add(use);
      } else
        for (let j = from; j < k && (newDef || newUse); j++) {
          if (rowDef[held.rows[j]!] === def) newDef = false;
          if (rowUse[held.rows[j]!] === use) newUse = false;
        }
      if (newDef) def!.holders.push(p);
      if (newUse) use!.holders.push(p);
    }
  }
  state.persons = new HeldPersons(held);

  const roleLevel: AccessConflict[] = [];
  for (const def of state.roles.values()) {
    // a role known only by name evidences itself where it was first assigned
    const first = def.rows[0];
    if (first)
      for (const gs of [...def.duties.values(), def.privileged])
        for (const g of gs) if (g.row === 0) Object.assign(g, { file: first.file, sheet: first.sheet, row: first.row });
    roleLevel.push(...roleConflicts(state, def));
  }
  const privileged: PrivilegedHolder[] = [];
  // a privileged grant names its role as a listing row did: found through the rows' cache, not a new role key
  const defOf = (system: string, role: string) =>
    rawRoles.get(system)?.get(role) ?? state.roles.get(roleKeyOf(system, role));
  const byRule = holdingsConflicts(state, held, (who, bySystem) => {
    for (const [system, gs] of bySystem) {
      for (let k = 0; k < gs.length; k++) {
        const g = gs[k]!;
        let repeat = false;
        for (let j = 0; j < k && !repeat; j++) repeat = gs[j]!.role === g.role && gs[j]!.permission === g.permission;
        if (repeat) continue;
        const def = g.role !== null ? defOf(system, g.role) : undefined;
        const by =
          g.permission !== null && !def
            ? state.mapper(system, 'permission', g.permission).privilegedBy
            : (def?.privilegedBy ?? null);
        privileged.push({ user: who.display, userKey: who.key, system, role: g.role, permission: g.permission, by });
      }
    }
  });
  privileged.sort(
    (a, b) =>
      cmp(a.system, b.system) ||
      cmp(a.user, b.user) ||
      cmp(a.role ?? '', b.role ?? '') ||
      cmp(a.userKey, b.userKey) ||
      cmp(a.permission ?? '', b.permission ?? ''),
  );

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
      holders: def.holders.length,
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
        holders: def.holders.length,
        rows: firstRows(def.rows.length > 0 ? def.rows : (definitions.get(def.key) ?? []).map((g) => g.source)),
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
    const holders = new Set<number>();
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
      holders: u.holders.length,
    });
    if (u.basis === 'none' && !u.privileged)
      unmapped.push({ system: u.system, kind: 'permission', name: u.name, holders: u.holders.length, rows: u.rows });
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
    conflicts: orderConflicts(state.rules, roleLevel, byRule),
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

// The person a simulated grant is for, counted as the one holder of a role the listings do not have.
const SIMULATED_HOLDER = -1;

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
  if (!existing) after.push(...roleConflicts(state, { ...def, holders: [SIMULATED_HOLDER] }));
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
