// Who is who across the access listings of several systems. An account is one login in one system; a person is the
// accounts that belong to one human (or one shared/generic identity). Accounts are merged only on evidence:
// - the same e-mail address (case-insensitive) in any system;
// - else the same full name ("Dana Lee" = "Lee, Dana" = "DANA LEE", via parseName) when that is unambiguous: at most
//   one e-mail-bearing person has the name and no system would end up with two accounts of the name. Otherwise an
//   `user-ambiguous` issue names the candidates and the accounts stay apart — a wrong merge invents a conflict.
// Generic and shared accounts (admin, test, svc-*, integration users, shared mailboxes…) are never merged by name.
// Leavers: an account still active in a system after the person's termination date on the HR roster, counted as of
// the listing's extraction date (the date the access was observed), not as of today.
import type { AccountStatus, ListingUser, RosterEntry, SourceRef, UserAccess } from '../intake/access-listing.ts';
import type { IntakeIssue } from '../intake/grid.ts';
import { daysBetween, type IsoDate } from './dates.ts';
import { parseName } from './owners.ts';
import { sortInPlace } from './small-sort.ts';

export interface Account {
  key: string; // 'netsuite|id:dlee'
  system: string;
  id: string | null;
  email: string | null;
  name: string | null;
  status: AccountStatus;
  department: string | null;
  title: string | null;
  generic: string | null; // why it reads as a generic/shared account, or null
  rows: SourceRef[];
}

export interface PersonRecord {
  key: string; // 'email:dana.lee@acme.com', 'name:dana lee', 'account:netsuite|id:admin'
  display: string;
  emails: string[];
  generic: boolean;
  accounts: string[]; // account keys, sorted
}

export interface UserDirectory {
  accounts: Map<string, Account>;
  rowAccount: string[]; // rowAccount[i] is the account key of access[i]
  persons: Map<string, PersonRecord>;
  personOfAccount: Map<string, string>;
  issues: IntakeIssue[];
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/u;
const fold = (s: string) =>
  (PRINTABLE_ASCII.test(s) ? s : s.normalize('NFKD').replace(/\p{M}/gu, '')).toLowerCase().trim();
// Words of a folded string: letters and digits. Folded printable ASCII has only a-z and 0-9 for those, and the
// ASCII pattern is much cheaper than the Unicode one on listings of tens of thousands of accounts.
const wordSplit = (folded: string) => folded.split(PRINTABLE_ASCII.test(folded) ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u);
// A listing names a handful of systems over thousands of rows: fold each name once.
const foldedSystems = new Map<string, string>();
const foldSystem = (system: string) => {
  let f = foldedSystems.get(system);
  if (f === undefined) {
    f = fold(system);
    if (foldedSystems.size > 10_000) foldedSystems.clear();
    foldedSystems.set(system, f);
  }
  return f;
};

// Words that make an account generic when they are a whole word of its id, e-mail local part or name.
const GENERIC_WORDS = new Set(
  (
    'admin administrator root test testing demo sandbox temp temporary training service svc integration ' +
    'integrations api bot robot system noreply donotreply shared generic sysadmin superuser batch interface sync ' +
    'scheduler automation guest dummy webservice webservices'
  ).split(' '),
);
// The first of them that is a whole word of a folded ASCII string (one regular expression instead of a split and a
// lookup per word: listings hold tens of thousands of accounts).
const GENERIC_WORD_ASCII = new RegExp(`(?:^|[^a-z0-9])(${[...GENERIC_WORDS].join('|')})(?=$|[^a-z0-9])`);
// E-mail local parts of shared mailboxes.
const SHARED_MAILBOXES = new Set(
  (
    'ap ar accounts accountspayable accountsreceivable payables receivables finance accounting billing payroll treasury ' +
    'hr it ops support helpdesk info team sales procurement purchasing tax invoices invoice payments help office ' +
    'hello contact security compliance legal admin'
  ).split(' '),
);
const GENERIC_TYPES =
  /\b(service|system|integration|shared|generic|api|non.?person|application|bot|machine|web services?)\b/iu;

export function genericReason(user: {
  id: string | null;
  email: string | null;
  name: string | null;
  accountType?: string | null;
}): string | null {
  if (user.accountType && GENERIC_TYPES.test(user.accountType)) return `account type "${user.accountType}"`;
  const local = user.email ? fold(user.email.split('@')[0] ?? '') : null;
  if (local && SHARED_MAILBOXES.has(local.replace(/[._-]+/gu, ''))) return `shared mailbox ${user.email}`;
  const why = genericWord('id', user.id) ?? genericWord('e-mail', local) ?? genericWord('name', user.name);
  if (why) return why;
  if (user.name && !user.email) {
    const parsed = parseName(user.name);
    if (parsed?.kind === 'role' && parsed.role.includes(' ')) return `name "${user.name}" reads as a team or role`;
  }
  return null;
}

// Why one field (id, e-mail local part or name) reads as a service or generic account, or null.
function genericWord(what: string, value: string | null): string | null {
  if (!value) return null;
  const v = fold(value);
  if (SERVICE_PREFIX.test(v) || SERVICE_SUFFIX.test(v)) return `${what} "${value}" is a service-account name`;
  const word = PRINTABLE_ASCII.test(v) ? GENERIC_WORD_ASCII.exec(v)?.[1] : wordSplit(v).find((w) => GENERIC_WORDS.has(w));
  return word ? `${what} "${value}" contains "${word}"` : null;
}
const SERVICE_PREFIX = /^(svc|sa|srv)[-_.]/u;
const SERVICE_SUFFIX = /[-_.](svc|bot|api)$/u;

const nameKeys = new Map<string, string | null>();

function fullNameKey(name: string | null): string | null {
  if (!name) return null;
  let k = nameKeys.get(name);
  if (k !== undefined) return k;
  const p = parseName(name);
  k = p?.kind === 'full' ? `${p.first} ${p.last}` : null;
  if (nameKeys.size > 200_000) nameKeys.clear();
  nameKeys.set(name, k);
  return k;
}

const localKey = (a: UserAccess) => {
  const u = a.user;
  const part = u.id ? `id:${fold(u.id)}` : u.email ? `email:${u.email}` : `name:${fold(u.name ?? '')}`;
  return `${foldSystem(a.system)}|${part}`;
};

// Over account indices; a component's root is its account with the smallest key (the name phase reports in that
// order).
class UnionFind {
  private readonly parent: Int32Array;
  constructor(private readonly keys: readonly string[]) {
    this.parent = new Int32Array(keys.length);
    for (let i = 0; i < keys.length; i++) this.parent[i] = i;
  }
  find(x: number): number {
    let root = x;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[x] !== root) {
      const next = this.parent[x]!;
      this.parent[x] = root;
      x = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return;
    if (this.keys[ra]! < this.keys[rb]!) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }
}

const byAccountKey = (a: Account, b: Account) => (a.key < b.key ? -1 : 1);

const STATUS_RANK: Record<AccountStatus, number> = { active: 2, unknown: 1, inactive: 0 };

// The directory, with each listing row's account and person by position (for the analysis's pass over the rows).
export interface DirectoryIndex {
  directory: UserDirectory;
  accounts: Account[]; // directory.accounts, in order
  rowAccount: Int32Array; // access[i]'s account, as an index into `accounts`
  rowPerson: Int32Array; // access[i]'s person, as an index into `persons`
  persons: PersonRecord[]; // directory.persons, in order
}

export function buildDirectory(access: readonly UserAccess[]): UserDirectory {
  return indexDirectory(access).directory;
}

// An account is found by its id, else e-mail, else name. Listings repeat an account on many rows: each raw
// (system, identity) is resolved to its key once, and the key string is built only then.
function readAccounts(access: readonly UserAccess[]) {
  const accounts = new Map<string, Account>();
  const list: Account[] = [];
  let indexOf: Map<Account, number> | null = null; // for two spellings of one account (rare)
  const rowIndex = new Int32Array(access.length);
  const rowAccount: string[] = [];
  const spaces = new Map<string, Map<string, number>[]>(); // raw system -> [by id, by e-mail, by name]
  // generic or not depends only on the user's fields, which a person's accounts in several systems share
  const generic = new Map<string, { user: ListingUser; reason: string | null }>();
  for (let i = 0; i < access.length; i++) {
    const a = access[i]!;
    const u = a.user;
    const kind = u.id ? 0 : u.email ? 1 : 2;
    const value = kind === 0 ? u.id! : kind === 1 ? u.email! : (u.name ?? '');
    let space = spaces.get(a.system);
    if (!space) spaces.set(a.system, (space = [new Map(), new Map(), new Map()]));
    let idx = space[kind]!.get(value);
    let fresh = false;
    if (idx === undefined) {
      const key = localKey(a);
      const known = accounts.get(key);
      if (known) idx = (indexOf ??= new Map(list.map((x, j) => [x, j]))).get(known)!;
      else {
        const seen = generic.get(value)?.user;
        const same =
          seen !== undefined &&
          seen.id === u.id &&
          seen.email === u.email &&
          seen.name === u.name &&
          seen.accountType === u.accountType;
        const reason = same ? generic.get(value)!.reason : genericReason(u);
        if (!same) generic.set(value, { user: u, reason });
        idx = list.length;
        const acc: Account = {
          key,
          system: a.system,
          id: u.id,
          email: u.email,
          name: u.name,
          status: u.status,
          department: u.department,
          title: u.title,
          generic: reason,
          rows: [a.source], // an exact-size array: most accounts appear on one or two rows
        };
        fresh = true;
        list.push(acc);
        accounts.set(key, acc);
        indexOf?.set(acc, idx);
      }
      space[kind]!.set(value, idx);
    }
    const acc = list[idx]!;
    if (!fresh) {
      acc.email ??= u.email;
      acc.name ??= u.name;
      acc.department ??= u.department;
      acc.title ??= u.title;
      // an account listed twice with different statuses is as active as its most active row
      if (STATUS_RANK[u.status] > STATUS_RANK[acc.status]) acc.status = u.status;
      const last = acc.rows[acc.rows.length - 1]!;
      if (last.row !== a.source.row || last.sheet !== a.source.sheet || last.file !== a.source.file) acc.rows.push(a.source);
    }
    rowIndex[i] = idx;
    rowAccount.push(acc.key);
  }
  return { accounts, list, rowIndex, rowAccount };
}

export function indexDirectory(access: readonly UserAccess[]): DirectoryIndex {
  const { accounts, list, rowIndex, rowAccount } = readAccounts(access);
  const keys = list.map((a) => a.key);
  const byKey = (x: number, y: number) => (keys[x]! < keys[y]! ? -1 : keys[x]! > keys[y]! ? 1 : 0);
  const uf = new UnionFind(keys);
  const issues: IntakeIssue[] = [];
  const byEmail = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const email = list[i]!.email;
    if (!email) continue;
    const first = byEmail.get(email);
    if (first !== undefined) uf.union(first, i);
    else byEmail.set(email, i);
  }

  // name phase, on the components the e-mails formed. Only names some e-mail-less account carries can merge
  // anything, so the others are never parsed (a cheap sorted-words key screens them).
  const wordsOf = (name: string) => wordSplit(fold(name)).filter((w) => w.length >= 2);
  const wanted = new Set<string>();
  for (const acc of list)
    if (!acc.email && !acc.generic && acc.name) for (const w of wordsOf(acc.name)) wanted.add(w);
  const byName = new Map<string, Set<number>>(); // name key -> component roots
  if (wanted.size > 0)
    for (const [i, acc] of list.entries()) {
      if (acc.email && acc.name && !wordsOf(acc.name).some((w) => wanted.has(w))) continue;
      const n = acc.generic ? null : fullNameKey(acc.name);
      if (!n) continue;
      const set = byName.get(n) ?? new Set<number>();
      set.add(uf.find(i));
      byName.set(n, set);
    }
  let members: Map<number, Account[]> | null = null;
  const membersOf = (root: number) => {
    if (!members) {
      members = new Map();
      for (const [i, acc] of list.entries()) {
        const r = uf.find(i);
        (members.get(r) ?? members.set(r, []).get(r))?.push(acc);
      }
    }
    return members.get(root) ?? [];
  };
  const hasEmail = (root: number) => membersOf(root).some((a) => a.email);
  const merges: number[][] = [];
  for (const [, roots] of [...byName].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (roots.size < 2) continue;
    const names = [...roots].sort(byKey);
    const withEmail = names.filter(hasEmail);
    const without = names.filter((r) => !hasEmail(r));
    if (without.length === 0) continue; // different e-mails: different accounts, nothing to decide
    const systems = names.flatMap((r) => membersOf(r).map((a) => fold(a.system)));
    const clash = new Set(systems).size !== systems.length;
    if (withEmail.length <= 1 && !clash) {
      merges.push(names);
      continue;
    }
    const describe = (r: number) => membersOf(r).map((a) => `${a.system} ${a.email ?? a.id ?? a.name}`).join(' + ');
    for (const r of without) {
      const acc = membersOf(r)[0];
      const where = acc?.rows[0];
      issues.push({
        code: 'user-ambiguous',
        severity: 'warning',
        sheet: where?.sheet ?? null,
        row: where?.row ?? null,
        column: null,
        message: `${acc?.system ?? ''} account "${acc?.name ?? ''}" has no e-mail and its name fits ${names.length - 1} other account(s) (${names
          .filter((x) => x !== r)
          .map(describe)
          .join('; ')}); it was not matched to any of them. Add the e-mail to the listing to match it.`,
      });
    }
  }
  for (const names of merges) for (const r of names.slice(1)) uf.union(names[0] ?? r, r);

  const groupOfRoot = new Int32Array(list.length).fill(-1);
  const groupOfAccount = new Int32Array(list.length);
  const groups: Account[][] = [];
  for (let i = 0; i < list.length; i++) {
    const r = uf.find(i);
    let g = groupOfRoot[r]!;
    if (g < 0) {
      g = groupOfRoot[r] = groups.length;
      groups.push([]);
    }
    groups[g]!.push(list[i]!);
    groupOfAccount[i] = g;
  }
  const nameOf = (group: Account[]) => {
    for (const a of group) {
      const n = a.generic ? null : fullNameKey(a.name);
      if (n !== null) return n;
    }
    return null;
  };
  // a name keys a person only when no other e-mail-less person has it (two "Sam Park" accounts left apart)
  const nameUse = new Map<string, number>();
  for (const group of groups) {
    const n = group.some((a) => a.email) ? null : nameOf(group);
    if (n) nameUse.set(n, (nameUse.get(n) ?? 0) + 1);
  }
  const persons = new Map<string, PersonRecord>();
  const personOfAccount = new Map<string, string>();
  const personList: PersonRecord[] = [];
  const groupPerson = new Int32Array(groups.length);
  let personIndex: Map<string, number> | null = null; // for two groups with one key (rare)
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (group.length > 1) sortInPlace(group, byAccountKey);
    const emails: string[] = [];
    for (const a of group) if (a.email !== null && !emails.includes(a.email)) emails.push(a.email);
    if (emails.length > 1) emails.sort();
    const nameKey = emails[0] ? null : nameOf(group); // a name keys only a person without e-mail
    const first = group[0]!;
    const key = emails[0]
      ? `email:${emails[0]}`
      : nameKey && nameUse.get(nameKey) === 1
        ? `name:${nameKey}`
        : `account:${first.key}`;
    const display = group.find((a) => a.name)?.name ?? emails[0] ?? first.id ?? first.key;
    const record: PersonRecord = {
      key,
      display,
      emails,
      generic: group.some((a) => a.generic !== null),
      accounts: group.map((a) => a.key),
    };
    if (persons.has(key)) {
      personIndex ??= new Map(personList.map((p, j) => [p.key, j]));
      groupPerson[g] = personIndex.get(key)!;
      personList[groupPerson[g]!] = record;
    } else {
      groupPerson[g] = personList.length;
      personIndex?.set(key, personList.length);
      personList.push(record);
    }
    persons.set(key, record);
    for (const a of group) personOfAccount.set(a.key, key);
  }
  const rowPerson = new Int32Array(access.length);
  for (let i = 0; i < access.length; i++) rowPerson[i] = groupPerson[groupOfAccount[rowIndex[i]!]!]!;
  return {
    directory: { accounts, rowAccount, persons, personOfAccount, issues },
    accounts: list,
    rowAccount: rowIndex,
    rowPerson,
    persons: personList,
  };
}

export function accountKeyOf(a: UserAccess): string {
  return localKey(a);
}

export interface GenericAccount {
  user: string;
  system: string;
  account: string; // id or e-mail as listed
  reason: string;
  status: AccountStatus;
  rows: SourceRef[];
}

export function genericAccounts(dir: UserDirectory): GenericAccount[] {
  const out: GenericAccount[] = [];
  for (const acc of dir.accounts.values()) {
    if (!acc.generic) continue;
    const person = dir.persons.get(dir.personOfAccount.get(acc.key) ?? '');
    out.push({
      user: person?.display ?? acc.key,
      system: acc.system,
      account: acc.id ?? acc.email ?? acc.name ?? acc.key,
      reason: acc.generic,
      status: acc.status,
      rows: acc.rows,
    });
  }
  return out.sort((a, b) => (a.system < b.system ? -1 : a.system > b.system ? 1 : a.account < b.account ? -1 : 1));
}

export interface Leaver {
  key: string; // stable finding key: 'timely-removal|<person key>|<system>'
  finding: 'timely-removal';
  user: string;
  userKey: string;
  system: string;
  account: string;
  terminationDate: IsoDate;
  asOf: IsoDate;
  asOfBasis: 'extraction-date' | 'analysis-date';
  daysSinceTermination: number;
  rows: SourceRef[];
  roster: SourceRef;
}

// extractedAt(file, system): the listing's extraction date, or null when unknown (then `asOf` is used)
export function findLeavers(
  dir: UserDirectory,
  roster: readonly RosterEntry[],
  extractedAt: (file: string, system: string) => IsoDate | null,
  asOf: IsoDate,
): { leavers: Leaver[]; issues: IntakeIssue[] } {
  const issues: IntakeIssue[] = [];
  const byEmail = new Map<string, string>();
  const byName = new Map<string, string[]>();
  if (!roster.some((e) => e.terminationDate !== null)) return { leavers: [], issues };
  for (const p of dir.persons.values()) {
    for (const e of p.emails) byEmail.set(e, p.key);
    if (p.generic) continue;
    const names = new Set(
      p.accounts.map((k) => fullNameKey(dir.accounts.get(k)?.name ?? null)).filter((n): n is string => n !== null),
    );
    for (const n of names) (byName.get(n) ?? byName.set(n, []).get(n))?.push(p.key);
  }
  const leavers: Leaver[] = [];
  for (const entry of roster) {
    if (!entry.terminationDate) continue;
    let personKey = entry.email ? byEmail.get(entry.email) : undefined;
    if (!personKey) {
      const n = fullNameKey(entry.name);
      const candidates = n ? (byName.get(n) ?? []) : [];
      if (candidates.length > 1) {
        issues.push({
          code: 'roster-ambiguous',
          severity: 'warning',
          sheet: entry.source.sheet,
          row: entry.source.row,
          column: null,
          message: `Roster row ${entry.source.row} (${entry.name}) fits ${candidates.length} users (${candidates.join(', ')}); add the e-mail to the roster to check this leaver.`,
        });
        continue;
      }
      personKey = candidates[0];
    }
    const person = personKey ? dir.persons.get(personKey) : undefined;
    if (!person) continue;
    for (const accKey of person.accounts) {
      const acc = dir.accounts.get(accKey);
      if (!acc || acc.status === 'inactive') continue;
      const dates = acc.rows
        .map((r) => extractedAt(r.file, acc.system))
        .filter((d): d is IsoDate => d !== null)
        .sort();
      const seen = dates.at(-1) ?? null;
      const when = seen ?? asOf;
      const days = daysBetween(entry.terminationDate, when);
      if (days <= 0) continue;
      leavers.push({
        key: `timely-removal|${person.key}|${acc.system}`,
        finding: 'timely-removal',
        user: person.display,
        userKey: person.key,
        system: acc.system,
        account: acc.id ?? acc.email ?? acc.name ?? acc.key,
        terminationDate: entry.terminationDate,
        asOf: when,
        asOfBasis: seen ? 'extraction-date' : 'analysis-date',
        daysSinceTermination: days,
        rows: acc.rows,
        roster: entry.source,
      });
    }
  }
  leavers.sort((a, b) => b.daysSinceTermination - a.daysSinceTermination || (a.key < b.key ? -1 : 1));
  return { leavers, issues };
}
