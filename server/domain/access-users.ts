// Who is who across the access listings of several systems. An account is one login in one system; a person is the
// accounts that belong to one human (or one shared/generic identity). Accounts are merged only on evidence:
// - the same e-mail address (case-insensitive) in any system;
// - else the same full name ("Dana Lee" = "Lee, Dana" = "DANA LEE", via parseName) when that is unambiguous: at most
//   one e-mail-bearing person has the name and no system would end up with two accounts of the name. Otherwise an
//   `user-ambiguous` issue names the candidates and the accounts stay apart — a wrong merge invents a conflict.
// Generic and shared accounts (admin, test, svc-*, integration users, shared mailboxes…) are never merged by name.
// Leavers: an account still active in a system after the person's termination date on the HR roster, counted as of
// the listing's extraction date (the date the access was observed), not as of today.
import type { AccountStatus, ListingUser, RosterEntry, SourceRef, UserAccess } from './access-types.ts';
import type { IntakeIssue } from './grid.ts';
import { daysBetween, type IsoDate } from './dates.ts';
import { parseName } from './owners.ts';
import { exactSize, sortInPlace } from './small-sort.ts';

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

// The directory keeps its accounts and people in arrays; the maps by key are built the first time something asks
// for them (the simulation, the leavers check, a test). The analysis of a large listing never does.
export class UserDirectory {
  private byAccountKey: Map<string, Account> | null = null;
  private byPersonKey: Map<string, PersonRecord> | null = null;
  private personByAccountKey: Map<string, string> | null = null;
  private rowKeys: string[] | null = null;

  constructor(
    readonly accountList: readonly Account[], // in the order of their first row
    private readonly accountPerson: Int32Array, // account index -> person index
    readonly personList: readonly PersonRecord[],
    private readonly rowIndex: Int32Array, // listing row -> account index
    readonly issues: IntakeIssue[],
  ) {}

  get accounts(): Map<string, Account> {
    return (this.byAccountKey ??= new Map(this.accountList.map((a) => [a.key, a])));
  }
  get persons(): Map<string, PersonRecord> {
    return (this.byPersonKey ??= new Map(this.personList.map((p) => [p.key, p])));
  }
  get personOfAccount(): Map<string, string> {
    return (this.personByAccountKey ??= new Map(this.accountList.map((a, i) => [a.key, this.personAt(i).key])));
  }
  // rowAccount[i] is the account key of access[i]
  get rowAccount(): string[] {
    return (this.rowKeys ??= Array.from(this.rowIndex, (i) => this.accountList[i]!.key));
  }
  personAt(accountIndex: number): PersonRecord {
    return this.personList[this.accountPerson[accountIndex]!]!;
  }
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/u;
// Text that folding would not change (printable ASCII without capitals, no space at either end) is returned as it
// is: most ids, e-mails and names in a listing are already folded, and a fold copies the string.
const UNFOLDED = /[^\x20-\x40\x5b-\x7e]|^ | $/u;
const fold = (s: string) =>
  UNFOLDED.test(s)
    ? (PRINTABLE_ASCII.test(s) ? s : s.normalize('NFKD').replace(/\p{M}/gu, '')).toLowerCase().trim()
    : s;
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
  const at = user.email ? user.email.indexOf('@') : -1;
  const local = user.email ? fold(at < 0 ? user.email : user.email.slice(0, at)) : null;
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

// An account is found by its id, else e-mail, else name, within its system; ids and names compare folded (case,
// accents and surrounding spaces aside), e-mails as the intake lower-cased them. Listings repeat an account on many
// rows and most values are already folded, so a row costs one fold check and one lookup; the account's key string is
// built once, when the account is.
interface AccountSpace {
  system: string; // folded
  byValue: [Map<string, number>, Map<string, number>, Map<string, number>]; // by id, e-mail, name (folded)
}
const KIND_PREFIX = ['id:', 'email:', 'name:'] as const;

function readAccounts(access: readonly UserAccess[]) {
  const list: Account[] = [];
  const rowIndex = new Int32Array(access.length);
  const spaces = new Map<string, AccountSpace>(); // raw system -> its space (shared by spellings of one system)
  const spaceOf = (raw: string): AccountSpace => {
    const folded = foldSystem(raw);
    for (const sp of spaces.values()) if (sp.system === folded) return sp;
    return { system: folded, byValue: [new Map(), new Map(), new Map()] };
  };
  // generic or not depends only on the user's fields, which a person's accounts in several systems share
  const generic = new Map<string, { user: ListingUser; reason: string | null }>();
  let lastSystem = '';
  let space: AccountSpace | undefined;
  let last: ListingUser | null = null; // the previous row's user and account: a listing lists an account's rows together
  let lastIdx = -1;
  for (let i = 0; i < access.length; i++) {
    const a = access[i]!;
    const u = a.user;
    if (a.system !== lastSystem || !space) {
      space = spaces.get(a.system);
      if (!space) spaces.set(a.system, (space = spaceOf(a.system)));
      lastSystem = a.system;
      last = null;
    }
    let idx: number | undefined;
    if (last !== null && u.id === last.id && u.email === last.email && u.name === last.name) idx = lastIdx;
    const kind = u.id ? 0 : u.email ? 1 : 2;
    const value = idx !== undefined ? '' : kind === 0 ? fold(u.id!) : kind === 1 ? u.email! : fold(u.name ?? '');
    const byValue = space.byValue[kind];
    idx ??= byValue.get(value);
    if (idx === undefined) {
      const raw = kind === 0 ? u.id! : kind === 1 ? u.email! : (u.name ?? '');
      const seen = generic.get(raw);
      const same =
        seen !== undefined &&
        seen.user.id === u.id &&
        seen.user.email === u.email &&
        seen.user.name === u.name &&
        seen.user.accountType === u.accountType;
      const reason = same ? seen.reason : genericReason(u);
      if (!same) generic.set(raw, { user: u, reason });
      idx = list.length;
      list.push({
        key: `${space.system}|${KIND_PREFIX[kind]}${value}`,
        system: a.system,
        id: u.id,
        email: u.email,
        name: u.name,
        status: u.status,
        department: u.department,
        title: u.title,
        generic: reason,
        rows: [a.source], // an exact-size array: most accounts appear on one or two rows
      });
      byValue.set(value, idx);
    } else {
      const acc = list[idx]!;
      acc.email ??= u.email;
      acc.name ??= u.name;
      acc.department ??= u.department;
      acc.title ??= u.title;
      // an account listed twice with different statuses is as active as its most active row
      if (STATUS_RANK[u.status] > STATUS_RANK[acc.status]) acc.status = u.status;
      const last = acc.rows[acc.rows.length - 1]!;
      if (last.row !== a.source.row || last.sheet !== a.source.sheet || last.file !== a.source.file)
        if (acc.rows.length === 1) acc.rows = [last, a.source];
        else acc.rows.push(a.source);
    }
    rowIndex[i] = idx;
    last = u;
    lastIdx = idx;
  }
  return { list, rowIndex };
}

export function indexDirectory(access: readonly UserAccess[]): DirectoryIndex {
  const { list, rowIndex } = readAccounts(access);
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
  for (let i = 0; i < list.length; i++) {
    const acc = list[i]!;
    if (!acc.email && !acc.generic && acc.name) for (const w of wordsOf(acc.name)) wanted.add(w);
  }
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
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    let withEmail = false;
    for (let k = 0; k < group.length && !withEmail; k++) withEmail = group[k]!.email !== null && group[k]!.email !== '';
    const n = withEmail ? null : nameOf(group);
    if (n) nameUse.set(n, (nameUse.get(n) ?? 0) + 1);
  }
  // a person's key is unique: one e-mail cannot be in two groups, a name keys one group only, account keys are unique
  // one person per group, in group order: an account's group is its person
  const personList: PersonRecord[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    if (group.length > 1) sortInPlace(group, byAccountKey);
    // (plain loops: tens of thousands of people, before the engine has optimised anything)
    const emails: string[] = [];
    const accounts: string[] = new Array<string>(group.length);
    let named: string | null = null;
    let generic = false;
    for (let k = 0; k < group.length; k++) {
      const a = group[k]!;
      if (a.email !== null && !emails.includes(a.email)) emails.push(a.email);
      if (named === null && a.name) named = a.name;
      if (a.generic !== null) generic = true;
      accounts[k] = a.key;
    }
    if (emails.length > 1) emails.sort();
    const nameKey = emails[0] ? null : nameOf(group); // a name keys only a person without e-mail
    const first = group[0]!;
    const key = emails[0]
      ? `email:${emails[0]}`
      : nameKey && nameUse.get(nameKey) === 1
        ? `name:${nameKey}`
        : `account:${first.key}`;
    const display = named ?? emails[0] ?? first.id ?? first.key;
    personList.push({ key, display, emails: exactSize(emails), generic, accounts });
  }
  const rowPerson = new Int32Array(access.length);
  for (let i = 0; i < access.length; i++) rowPerson[i] = groupOfAccount[rowIndex[i]!]!;
  return {
    directory: new UserDirectory(list, groupOfAccount, personList, rowIndex, issues),
    accounts: list,
    rowAccount: rowIndex,
    rowPerson,
    persons: personList,
  };
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
  for (let i = 0; i < dir.accountList.length; i++) {
    const acc = dir.accountList[i]!;
    if (!acc.generic) continue;
    out.push({
      user: dir.personAt(i).display,
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
