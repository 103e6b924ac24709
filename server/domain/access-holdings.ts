// What each person holds, kept as their active listing rows rather than as grants by duty: tens of thousands of
// people hold hundreds of thousands of grants, and most of them take part in no conflict. Which rules a person breaks
// is read from a bit mask of the duties their rows grant; grant objects are built only for the sides of the conflicts
// found, in the order the per-person form (access-conflicts.ts) would hold them, so the conflicts are the same.
import type { UserAccess } from './access-types.ts';
import {
  PRIVILEGED_DUTY,
  TRANSACTIONS_DUTY,
  addRoleToPerson,
  cmp,
  privilegedConflicts,
  push,
  roleGrant,
  roleRowGrants,
  userConflict,
  type AccessConflict,
  type Grant,
  type PersonAccess,
  type RoleDef,
  type RuleContext,
} from './access-conflicts.ts';
import type { PersonRecord } from './access-users.ts';
import type { MappedEntitlement } from './duty-map.ts';

export interface Holdings {
  access: readonly UserAccess[];
  persons: PersonRecord[]; // people with an active account, in the order of their first active row
  start: Int32Array; // person p's active rows are rows[start[p]] … rows[start[p + 1] - 1], in listing order
  rows: Int32Array;
  rowRole: (RoleDef | undefined)[]; // a row naming a role and no permission: the role
  rowPermission: (MappedEntitlement | undefined)[]; // a row naming a permission: how it maps
}

// Collects the active rows person by person while the listing is read.
export class HoldingsBuilder {
  private readonly persons: PersonRecord[] = [];
  private readonly slot: Int32Array; // directory person -> holdings person + 1
  private readonly owner: Int32Array; // row -> holdings person + 1 (0: inactive)
  private readonly counts: number[] = [];
  readonly rowRole: (RoleDef | undefined)[];
  readonly rowPermission: (MappedEntitlement | undefined)[];

  constructor(
    private readonly access: readonly UserAccess[],
    directoryPersons: number,
  ) {
    this.slot = new Int32Array(directoryPersons);
    this.owner = new Int32Array(access.length);
    this.rowRole = new Array<RoleDef | undefined>(access.length);
    this.rowPermission = new Array<MappedEntitlement | undefined>(access.length);
  }

  // The person of an active row, added on their first.
  add(row: number, directoryPerson: number, record: PersonRecord): void {
    let p = this.slot[directoryPerson]! - 1;
    if (p < 0) {
      p = this.persons.length;
      this.slot[directoryPerson] = p + 1;
      this.persons.push(record);
      this.counts.push(0);
    }
    this.owner[row] = p + 1;
    this.counts[p]!++;
  }

  build(): Holdings {
    const start = new Int32Array(this.persons.length + 1);
    for (let p = 0; p < this.persons.length; p++) start[p + 1] = start[p]! + this.counts[p]!;
    const next = start.slice(0, this.persons.length);
    const rows = new Int32Array(start[this.persons.length]!);
    for (let i = 0; i < this.owner.length; i++) {
      const p = this.owner[i]! - 1;
      if (p >= 0) rows[next[p]!++] = i;
    }
    const { access, persons, rowRole, rowPermission } = this;
    return { access, persons, start, rows, rowRole, rowPermission };
  }
}

const grantsPrivilege = (m: MappedEntitlement) => m.privileged || m.duties.includes(PRIVILEGED_DUTY);

const permissionGrant = (a: UserAccess): Grant => ({
  system: a.system,
  role: a.role,
  permission: a.permission,
  file: a.source.file,
  sheet: a.source.sheet,
  row: a.source.row,
  definedAt: null,
});

// The person's grants by duty, as the analysis of a single person holds them.
export function personAccess(h: Holdings, p: number): PersonAccess {
  const out: PersonAccess = { record: h.persons[p]!, duties: new Map(), privileged: new Map() };
  for (let k = h.start[p]!; k < h.start[p + 1]!; k++) {
    const i = h.rows[k]!;
    const a = h.access[i]!;
    const m = h.rowPermission[i];
    if (m) {
      const g = permissionGrant(a);
      for (const d of m.duties) if (d !== PRIVILEGED_DUTY) push(out.duties, d, g);
      if (grantsPrivilege(m)) push(out.privileged, a.system, g);
    } else {
      const def = h.rowRole[i];
      if (def) addRoleToPerson(out, def, a.source);
    }
  }
  return out;
}

// Finds every person's conflicts, by rule (one list per rule of the context, in its order), each list in the order of
// the conflicts' keys: people are visited in the order of `person key|`, which is the order of `rule|level|person
// key|systems` for one rule and level, and a person's privileged conflicts come out by system. `onPrivileged` receives
// each person's privileged grants by system (in the order a PersonAccess holds them), for the list of privileged
// holders.
export function holdingsConflicts(
  ctx: RuleContext,
  h: Holdings,
  onPrivileged: (who: PersonRecord, privileged: Map<string, Grant[]>) => void,
): AccessConflict[][] {
  const byRule: AccessConflict[][] = ctx.rules.map(() => []);
  const bitOf = new Map<string, number>();
  for (const r of ctx.rules) for (const d of r.duties) if (!bitOf.has(d.id)) bitOf.set(d.id, bitOf.size);
  const words = Math.max(1, Math.ceil(bitOf.size / 32));
  const maskOf = (duties: Iterable<string>) => {
    const m = new Int32Array(words);
    for (const d of duties) {
      const b = d === PRIVILEGED_DUTY ? undefined : bitOf.get(d);
      if (b !== undefined) m[b >> 5]! |= 1 << (b & 31);
    }
    return m;
  };
  // a side holds when any of its duties does (the transactions duty stands for every transaction duty)
  const sideMask = (d: string) => maskOf(d === TRANSACTIONS_DUTY ? [d, ...ctx.transactionDuties] : [d]);
  const rules = ctx.rules.map((rule) => {
    const [a, b] = [rule.duties[0].id, rule.duties[1].id];
    const privileged = a === PRIVILEGED_DUTY || b === PRIVILEGED_DUTY;
    const other = a === PRIVILEGED_DUTY ? b : a;
    return { rule, privileged, other, a: sideMask(privileged ? other : a), b: sideMask(b) };
  });
  const roleMasks = new Map<RoleDef, Int32Array>();
  const mask = new Int32Array(words);
  const permissionMasks = new Map<readonly string[], Int32Array>(); // by duty list (the mapper shares it per permission)

  const grants = new PersonGrants(h);
  const sortKeys = h.persons.map((who) => `${who.key}|`);
  const order = new Array<number>(h.persons.length);
  for (let p = 0; p < order.length; p++) order[p] = p;
  order.sort((x, y) => cmp(sortKeys[x]!, sortKeys[y]!));
  for (let o = 0; o < order.length; o++) {
    const p = order[o]!;
    mask.fill(0);
    let privileged = false;
    const [from, to] = [h.start[p]!, h.start[p + 1]!];
    for (let k = from; k < to; k++) {
      const i = h.rows[k]!;
      const m = h.rowPermission[i];
      let bits: Int32Array | undefined;
      if (m) {
        bits = permissionMasks.get(m.duties);
        if (!bits) permissionMasks.set(m.duties, (bits = maskOf(m.duties)));
        privileged ||= grantsPrivilege(m);
      } else {
        const def = h.rowRole[i];
        if (!def) continue;
        bits = roleMasks.get(def);
        if (!bits) roleMasks.set(def, (bits = maskOf(def.perms.map((x) => x.duty))));
        privileged ||= def.privPerms.length > 0;
      }
      for (let w = 0; w < words; w++) mask[w]! |= bits[w]!;
    }
    const who = h.persons[p]!;
    grants.person(from, to);
    const priv = privileged ? grants.privileged() : null;
    for (let j = 0; j < rules.length; j++) {
      const r = rules[j]!;
      // (the mask tests written out: this runs for every person and rule)
      let a = false;
      for (let w = 0; w < words && !a; w++) a = (mask[w]! & r.a[w]!) !== 0;
      if (!a) continue;
      if (r.privileged) {
        if (priv) privilegedConflicts(ctx, r.rule, who, priv, grants.side(ctx, r.other), byRule[j]!);
        continue;
      }
      let b = false;
      for (let w = 0; w < words && !b; w++) b = (mask[w]! & r.b[w]!) !== 0;
      if (b) byRule[j]!.push(userConflict(ctx, r.rule, who, grants.side(ctx, r.rule.duties[0].id), grants.side(ctx, r.rule.duties[1].id)));
    }
    if (priv) onPrivileged(who, priv);
  }
  return byRule;
}

// One person's grants, built from their rows only when a conflict needs them, and then shared by every conflict of
// that person that shows the same row (a person breaking several rules through one role gets one grant object per
// row and permission, not one per conflict).
class PersonGrants {
  private from = 0;
  private to = 0;
  private readonly byRow: (Grant | Grant[] | undefined)[] = []; // [k - from]: a permission row's grant, or a role row's
  //                                                                grants aligned with its definition's perms

  constructor(private readonly h: Holdings) {}

  person(from: number, to: number): void {
    this.from = from;
    this.to = to;
    this.byRow.length = 0;
  }

  // A duty's grants in the order a PersonAccess holds them: by row, then as the role lists its permissions. The
  // transactions duty takes its own grants, then those of each transaction duty in the order the person first got it.
  side(ctx: RuleContext, duty: string): Grant[] {
    const out: Grant[] = [];
    this.grantsOf(duty, out);
    if (duty === TRANSACTIONS_DUTY)
      for (const d of this.dutiesInOrder()) if (ctx.transactionDuties.has(d)) this.grantsOf(d, out);
    return out;
  }

  // The person's privileged grants by system.
  privileged(): Map<string, Grant[]> {
    const { h } = this;
    const out = new Map<string, Grant[]>();
    for (let k = this.from; k < this.to; k++) {
      const i = h.rows[k]!;
      const m = h.rowPermission[i];
      if (m) {
        if (grantsPrivilege(m)) push(out, h.access[i]!.system, this.permissionGrant(k));
      } else {
        const def = h.rowRole[i];
        if (def) for (const x of def.privPerms) push(out, def.system, roleGrant(def, x, h.access[i]!.source));
      }
    }
    return out;
  }

  private permissionGrant(k: number): Grant {
    let g = this.byRow[k - this.from] as Grant | undefined;
    if (!g) this.byRow[k - this.from] = g = permissionGrant(this.h.access[this.h.rows[k]!]!);
    return g;
  }

  // A role row's grants, one per entry of its definition's perms.
  private roleGrants(k: number, def: RoleDef): Grant[] {
    let gs = this.byRow[k - this.from] as Grant[] | undefined;
    if (!gs) this.byRow[k - this.from] = gs = roleRowGrants(def, this.h.access[this.h.rows[k]!]!.source);
    return gs;
  }

  private grantsOf(duty: string, out: Grant[]): void {
    const { h } = this;
    for (let k = this.from; k < this.to; k++) {
      const i = h.rows[k]!;
      const m = h.rowPermission[i];
      if (m) {
        if (duty !== PRIVILEGED_DUTY && m.duties.includes(duty)) out.push(this.permissionGrant(k));
        continue;
      }
      const def = h.rowRole[i];
      if (!def) continue;
      let gs: Grant[] | null = null;
      for (let j = 0; j < def.perms.length; j++)
        if (def.perms[j]!.duty === duty) out.push((gs ??= this.roleGrants(k, def))[j]!);
    }
  }

  private dutiesInOrder(): string[] {
    const { h } = this;
    const out: string[] = [];
    for (let k = this.from; k < this.to; k++) {
      const i = h.rows[k]!;
      const m = h.rowPermission[i];
      if (m) {
        for (const d of m.duties) if (d !== PRIVILEGED_DUTY && !out.includes(d)) out.push(d);
      } else for (const x of h.rowRole[i]?.perms ?? []) if (!out.includes(x.duty)) out.push(x.duty);
    }
    return out;
  }
}

// The people as the analysis state shows them (key -> grants by duty), each built from their rows when asked for.
export class HeldPersons implements ReadonlyMap<string, PersonAccess> {
  private byKey: Map<string, number> | null = null;
  constructor(private readonly h: Holdings) {}
  get size(): number {
    return this.h.persons.length;
  }
  get(key: string): PersonAccess | undefined {
    this.byKey ??= new Map(this.h.persons.map((p, i) => [p.key, i]));
    const p = this.byKey.get(key);
    return p === undefined ? undefined : personAccess(this.h, p);
  }
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }
  *entries(): MapIterator<[string, PersonAccess]> {
    for (let p = 0; p < this.h.persons.length; p++) yield [this.h.persons[p]!.key, personAccess(this.h, p)];
  }
  *keys(): MapIterator<string> {
    for (const p of this.h.persons) yield p.key;
  }
  *values(): MapIterator<PersonAccess> {
    for (let p = 0; p < this.h.persons.length; p++) yield personAccess(this.h, p);
  }
  [Symbol.iterator](): MapIterator<[string, PersonAccess]> {
    return this.entries();
  }
  forEach(fn: (value: PersonAccess, key: string, map: ReadonlyMap<string, PersonAccess>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
