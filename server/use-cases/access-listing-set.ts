// Several listing files of one system are one listing set (issue 22): NetSuite's users→roles file plus its
// roles→permissions file, and one file per business unit. Which file each system's users and grants are read from,
// and what each file contributed to the analysis (users, roles, grants, conflicts), for the page and the API.
// The rule, in upload order, per system and kind (users: who holds what; grants: what each role gives):
//   - a file named for a business unit replaces only the earlier file of the same system, kind and unit;
//   - a file for no unit (the whole system) replaces every earlier file of that system and kind, units included;
//   - files of other units, and of the other kind, stay: they are the rest of the set.
// The unit is the name the advisor gives on upload (one extraction per subsidiary or business unit is one file); a
// unit column inside the file is not read as one, because a file with several units in a column is the whole system.
import type { StoredListing } from '../db/access.ts';
import type { AccessConflict } from '../domain/access-conflicts.ts';
import { systemKey } from '../domain/duty-map.ts';
import type { ListingInfo, RoleGrant, UserAccess } from '../domain/access-types.ts';

// What a listing gives for one system: who holds which role or permission ('users'), and/or what each role grants
// ('grants').
export type ListingKind = 'users' | 'grants';
export function listingKinds(info: Pick<ListingInfo, 'shapes'>): ListingKind[] {
  const out: ListingKind[] = [];
  if (info.shapes.length === 0 || info.shapes.some((s) => s !== 'role-permission')) out.push('users');
  if (info.shapes.includes('role-permission')) out.push('grants');
  return out;
}

// A business unit as a key: names that differ only in case, spacing or punctuation are one unit ('' = whole system).
export const unitKey = (unit: string | null | undefined): string => (unit ? systemKey(unit) : '');

// The listings each system's users and grants are read from (listings come in upload order). Holds
// `${listingId}|${system}|${kind}` for each (system, kind) a listing is read for, and `${listingId}|${system}` when it
// is read for any kind.
export function currentSystems(listings: readonly Pick<StoredListing, 'id' | 'systems' | 'businessUnit'>[]): Set<string> {
  const latest = new Map<string, Map<string, string>>(); // `${system}|${kind}` -> unit -> listing id
  for (const l of listings) {
    const unit = unitKey(l.businessUnit);
    for (const s of l.systems)
      for (const kind of listingKinds(s)) {
        const key = `${systemKey(s.system)}|${kind}`;
        const units = latest.get(key) ?? new Map<string, string>();
        if (unit === '') units.clear(); // the whole system: replaces every earlier file of its kind
        units.set(unit, l.id);
        latest.set(key, units);
      }
  }
  const out = new Set<string>();
  for (const [sysKind, units] of latest)
    for (const id of units.values()) {
      out.add(`${id}|${sysKind}`);
      out.add(`${id}|${sysKind.slice(0, sysKind.lastIndexOf('|'))}`);
    }
  return out;
}

// Whether a system of a listing is read for at least one kind (`current` from currentSystems).
export const isCurrent = (current: ReadonlySet<string>, listingId: string, system: string): boolean =>
  current.has(`${listingId}|${systemKey(system)}`);

// Whether a system of a listing is the one read for that kind.
export const isCurrentFor = (current: ReadonlySet<string>, listingId: string, system: string, kind: ListingKind): boolean =>
  current.has(`${listingId}|${systemKey(system)}|${kind}`);

// The kinds a listing is read for, per system (what each file contributes, for the page).
export const currentKinds = (current: ReadonlySet<string>, listingId: string, system: string): ListingKind[] =>
  (['users', 'grants'] as const).filter((k) => isCurrentFor(current, listingId, system, k));

// The later file that took a superseded listing's place for a system: the next upload of the same system and kind
// whose unit is the same, or which covers the whole system.
export function replacedBy(
  listings: readonly Pick<StoredListing, 'id' | 'fileName' | 'systems' | 'businessUnit'>[],
  at: number,
  system: string,
): string | null {
  const l = listings[at];
  const info = l?.systems.find((s) => systemKey(s.system) === systemKey(system));
  if (!l || !info) return null;
  const kinds = listingKinds(info);
  for (const later of listings.slice(at + 1)) {
    const s = later.systems.find((x) => systemKey(x.system) === systemKey(system));
    if (!s || !listingKinds(s).some((k) => kinds.includes(k))) continue;
    if (unitKey(later.businessUnit) === '' || unitKey(later.businessUnit) === unitKey(l.businessUnit)) return later.fileName;
  }
  return null;
}

export interface Contribution {
  users: number; // people (accounts) whose access was read from this file
  roles: number; // roles assigned in it (users) or defined in it (grants)
  grants: number; // role → permission rows read from it
  conflicts: number; // conflicts with at least one side resting on a row of this file
}

// What each file (by name) gave each system of the current analysis: counted from the rows read and from the rows
// each conflict cites. Keyed `${fileName}|${systemKey}`.
export function contributions(
  rows: { access: readonly UserAccess[]; roleGrants: readonly RoleGrant[] },
  conflicts: readonly AccessConflict[],
): Map<string, Contribution> {
  const acc = new Map<string, { users: Set<string>; roles: Set<string>; grants: number; conflicts: number }>();
  const at = (file: string, system: string) => {
    const key = `${file}|${systemKey(system)}`;
    let c = acc.get(key);
    if (!c) acc.set(key, (c = { users: new Set(), roles: new Set(), grants: 0, conflicts: 0 }));
    return c;
  };
  for (const a of rows.access) {
    const c = at(a.source.file, a.system);
    c.users.add(a.user.email ?? a.user.id ?? a.user.name ?? '');
    if (a.role) c.roles.add(a.role.toLowerCase());
  }
  for (const g of rows.roleGrants) {
    const c = at(g.source.file, g.system);
    c.roles.add(g.role.toLowerCase());
    c.grants++;
  }
  for (const conflict of conflicts) {
    const cited = new Set<string>();
    for (const side of conflict.sides)
      for (const g of side.grants) {
        cited.add(`${g.file}|${systemKey(g.system)}`);
        if (g.definedAt) cited.add(`${g.definedAt.file}|${systemKey(g.system)}`);
      }
    for (const key of cited) {
      const c = acc.get(key);
      if (c) c.conflicts++;
    }
  }
  const out = new Map<string, Contribution>();
  for (const [key, c] of acc) out.set(key, { users: c.users.size, roles: c.roles.size, grants: c.grants, conflicts: c.conflicts });
  return out;
}

export const contributionOf = (m: ReadonlyMap<string, Contribution>, fileName: string, system: string): Contribution =>
  m.get(`${fileName}|${systemKey(system)}`) ?? { users: 0, roles: 0, grants: 0, conflicts: 0 };
