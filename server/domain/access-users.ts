// Who is who across the access listings of several systems. An account is one login in one system; a person is the
// accounts that belong to one human (or one shared/generic identity). Accounts are merged only on evidence:
// - the same e-mail address (case-insensitive) in any system;
// - else the same full name ("Dana Lee" = "Lee, Dana" = "DANA LEE", via parseName) when that is unambiguous: at most
//   one e-mail-bearing person has the name and no system would end up with two accounts of the name. Otherwise an
//   `user-ambiguous` issue names the candidates and the accounts stay apart — a wrong merge invents a conflict.
// Generic and shared accounts (admin, test, svc-*, integration users, shared mailboxes…) are never merged by name.
// Leavers: an account still active in a system after the person's termination date on the HR roster, counted as of
// the listing's extraction date (the date the access was observed), not as of today.
import type { AccountStatus, RosterEntry, SourceRef, UserAccess } from '../intake/access-listing.ts';
import type { IntakeIssue } from '../intake/grid.ts';
import { daysBetween, type IsoDate } from './dates.ts';
import { parseName } from './owners.ts';

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
  for (const [what, value] of [
    ['id', user.id],
    ['e-mail', local],
    ['name', user.name],
  ] as const) {
    if (!value) continue;
    const v = fold(value);
    if (/^(svc|sa|srv)[-_.]/u.test(v) || /[-_.](svc|bot|api)$/u.test(v))
      return `${what} "${value}" is a service-account name`;
    const word = PRINTABLE_ASCII.test(v) ? (GENERIC_WORD_ASCII.exec(v)?.[1] ?? undefined) : wordSplit(v).find((w) => GENERIC_WORDS.has(w));
    if (word) return `${what} "${value}" contains "${word}"`;
  }
  if (user.name && !user.email) {
    const parsed = parseName(user.name);
    if (parsed?.kind === 'role' && parsed.role.includes(' ')) return `name "${user.name}" reads as a team or role`;
  }
  return null;
}

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

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // path compression
    for (let cur = x, p = this.parent.get(cur); p !== undefined && p !== root; p = this.parent.get(cur)) {
      this.parent.set(cur, root);
      cur = p;
    }
    return root;
  }
  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

const STATUS_RANK: Record<AccountStatus, number> = { active: 2, unknown: 1, inactive: 0 };

export function buildDirectory(access: readonly UserAccess[]): UserDirectory {
  const accounts = new Map<string, Account>();
  const rowAccount: string[] = [];
  for (const a of access) {
    const key = localKey(a);
    rowAccount.push(key);
    let acc = accounts.get(key);
    if (!acc) {
      acc = {
        key,
        system: a.system,
        id: a.user.id,
        email: a.user.email,
        name: a.user.name,
        status: a.user.status,
        department: a.user.department,
        title: a.user.title,
        generic: genericReason(a.user),
        rows: [],
      };
      accounts.set(key, acc);
    } else {
      acc.email ??= a.user.email;
      acc.name ??= a.user.name;
      acc.department ??= a.user.department;
      acc.title ??= a.user.title;
      // an account listed twice with different statuses is as active as its most active row
      if (STATUS_RANK[a.user.status] > STATUS_RANK[acc.status]) acc.status = a.user.status;
    }
    const last = acc.rows.at(-1);
    if (!last || last.row !== a.source.row || last.sheet !== a.source.sheet || last.file !== a.source.file)
      acc.rows.push(a.source);
  }

  const uf = new UnionFind();
  const issues: IntakeIssue[] = [];
  const byEmail = new Map<string, string>();
  for (const acc of accounts.values()) {
    uf.find(acc.key);
    if (!acc.email) continue;
    const first = byEmail.get(acc.email);
    if (first) uf.union(first, acc.key);
    else byEmail.set(acc.email, acc.key);
  }

  // name phase, on the components the e-mails formed. Only names some e-mail-less account carries can merge
  // anything, so the others are never parsed (a cheap sorted-words key screens them).
  const wordsOf = (name: string) => wordSplit(fold(name)).filter((w) => w.length >= 2);
  const wanted = new Set<string>();
  for (const acc of accounts.values())
    if (!acc.email && !acc.generic && acc.name) for (const w of wordsOf(acc.name)) wanted.add(w);
  const byName = new Map<string, Set<string>>(); // name key -> component roots
  for (const acc of wanted.size === 0 ? [] : accounts.values()) {
    if (acc.email && acc.name && !wordsOf(acc.name).some((w) => wanted.has(w))) continue;
    const n = acc.generic ? null : fullNameKey(acc.name);
    if (!n) continue;
    const set = byName.get(n) ?? new Set<string>();
    set.add(uf.find(acc.key));
    byName.set(n, set);
  }
  const members = new Map<string, Account[]>();
  for (const acc of accounts.values()) {
    const r = uf.find(acc.key);
    (members.get(r) ?? members.set(r, []).get(r))?.push(acc);
  }
  const hasEmail = (root: string) => (members.get(root) ?? []).some((a) => a.email);
  const merges: string[][] = [];
  for (const [name, roots] of [...byName].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (roots.size < 2) continue;
    const list = [...roots].sort();
    const withEmail = list.filter(hasEmail);
    const without = list.filter((r) => !hasEmail(r));
    if (without.length === 0) continue; // different e-mails: different accounts, nothing to decide
    const systems = list.flatMap((r) => (members.get(r) ?? []).map((a) => fold(a.system)));
    const clash = new Set(systems).size !== systems.length;
    if (withEmail.length <= 1 && !clash) {
      merges.push(list);
      continue;
    }
    const describe = (r: string) =>
      (members.get(r) ?? []).map((a) => `${a.system} ${a.email ?? a.id ?? a.name}`).join(' + ');
    for (const r of without) {
      const acc = (members.get(r) ?? [])[0];
      const where = acc?.rows[0];
      issues.push({
        code: 'user-ambiguous',
        severity: 'warning',
        sheet: where?.sheet ?? null,
        row: where?.row ?? null,
        column: null,
        message: `${acc?.system ?? ''} account "${acc?.name ?? ''}" has no e-mail and its name fits ${list.length - 1} other account(s) (${list
          .filter((x) => x !== r)
          .map(describe)
          .join('; ')}); it was not matched to any of them. Add the e-mail to the listing to match it.`,
      });
    }
    void name;
  }
  for (const list of merges) for (const r of list.slice(1)) uf.union(list[0] ?? r, r);

  const persons = new Map<string, PersonRecord>();
  const personOfAccount = new Map<string, string>();
  const groups = new Map<string, Account[]>();
  for (const acc of accounts.values()) {
    const r = uf.find(acc.key);
    (groups.get(r) ?? groups.set(r, []).get(r))?.push(acc);
  }
  const nameOf = (group: Account[]) =>
    group.map((a) => (a.generic ? null : fullNameKey(a.name))).find((n) => n !== null) ?? null;
  // a name keys a person only when no other e-mail-less person has it (two "Sam Park" accounts left apart)
  const nameUse = new Map<string, number>();
  for (const group of groups.values()) {
    const n = group.some((a) => a.email) ? null : nameOf(group);
    if (n) nameUse.set(n, (nameUse.get(n) ?? 0) + 1);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => (a.key < b.key ? -1 : 1));
    const emails = [...new Set(group.map((a) => a.email).filter((e): e is string => e !== null))].sort();
    const nameKey = emails[0] ? null : nameOf(group); // a name keys only a person without e-mail
    const first = group[0];
    if (!first) continue;
    const key = emails[0]
      ? `email:${emails[0]}`
      : nameKey && nameUse.get(nameKey) === 1
        ? `name:${nameKey}`
        : `account:${first.key}`;
    const display = group.find((a) => a.name)?.name ?? emails[0] ?? first.id ?? first.key;
    persons.set(key, {
      key,
      display,
      emails,
      generic: group.some((a) => a.generic !== null),
      accounts: group.map((a) => a.key),
    });
    for (const a of group) personOfAccount.set(a.key, key);
  }
  return { accounts, rowAccount, persons, personOfAccount, issues };
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
