// Who is who among the owners written in a control matrix. Clients write one person many ways ("Dana Lee",
// "dana.lee@acme.com", "D. Lee (Platform)", "Lee, Dana", "DANA LEE"); SoD needs one key per person, but a wrong
// merge invents a conflict, so forms are merged only on unambiguous evidence:
// - full names ("Dana Lee", "Lee, Dana", "DANA LEE", "Dana M. Lee") key on folded first + last name;
// - an e-mail whose local part reads first.last / first_last / first-last (or first.m.last) is that full name;
// - an e-mail linked to exactly one full name elsewhere (same address written next to the name) is that person;
// - "D. Lee", "Lee, D.", "d.lee@…", "dlee@…" resolve to a full name only when exactly one known full name fits the
//   initial + surname; with two candidates they stay apart under their written form and an `owner-ambiguous`
//   warning names the candidates and the control's sheet/row; with none they stay as written.
// - Role-only owners ("IT Manager", "Engineering", "security@acme.com") become role keys, basis 'role': SoD is still
//   reported for them, but a role held by several people is weaker evidence than one named person.
// A one-word owner is read as a team or role ("Engineering", "Finance"): a lone first name identifies nobody.
// A name containing a role word ("Head of IT", "Finance Team") is a role. Nicknames (Dan/Daniel) are not merged.
import type { IntakeIssue } from './grid.ts';
import type { Owner, SocControl } from './control.ts';

export type OwnerBasis = 'person' | 'role';
export type PersonKind = 'name' | 'partial' | 'email' | 'role';

export interface Person {
  key: string; // 'person:dana lee', 'person:d. lee' (unresolved initials or partial name), 'email:x@y', 'role:it manager'
  display: string;
  basis: OwnerBasis;
  kind: PersonKind;
  written: string[]; // every raw owner text that resolved here, sorted
  emails: string[];
  roles: string[]; // role texts written next to this owner, e.g. 'Platform'
  controls: string[]; // control ids, sorted, unique
  candidates: string[]; // for ambiguous initials: display names it could be
}

export interface ResolvedOwners {
  people: Person[];
  // ownerOf.get(id) lists the keys of that control's owners, unique, in owner order (duplicate ids are merged)
  ownerOf: Map<string, string[]>;
  // byControl[c][i] is the key of controls[c].owners[i] (null when the owner cell is empty)
  byControl: (string | null)[][];
  issues: IntakeIssue[];
}

const ROLE_WORDS = new Set(
  (
    'manager mgr director head lead team department dept group committee board officer vp svp evp avp president chief ' +
    'ceo cfo cto ciso cio coo cco cpo controller comptroller treasurer accountant accounting accounts finance financial ' +
    'engineering engineer engineers security it hr ops operations devops sre admin administrator administration ' +
    'analyst clerk specialist staff services service support infrastructure platform compliance legal payroll audit ' +
    'auditor internal helpdesk desk office function unit division personnel resources people product development ' +
    'developer developers qa release governance risk procurement purchasing treasury tax sales marketing counsel ' +
    'secretary supervisor coordinator architect executive management owner owners custodian gl ap ar fp&a it-ops ' +
    'infosec grc noc soc'
  ).split(' '),
);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'cpa', 'cisa', 'cissp', 'cia', 'cma', 'mba', 'phd', 'esq']);
const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'du',
  'la',
  'le',
  'st',
  'bin',
  'al',
]);
const EMAIL = /[^\s<>()[\],;:"]+@[^\s<>()[\],;:"]+\.[^\s<>()[\],;:"]+/u;
// (the '@' test spares running EMAIL over every plain name)
function findEmail(s: string | null): string | undefined {
  return s?.includes('@') ? s.match(EMAIL)?.[0] : undefined;
}

function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function words(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}&]+/gu) ?? [];
}

export type ParsedName =
  | { kind: 'full'; first: string; last: string }
  | { kind: 'initials'; initial: string; last: string }
  | { kind: 'role'; role: string };

// Reads a written name (no e-mail, no parenthetical) as a person or a role.
export function parseName(text: string): ParsedName | null {
  const cleaned = text
    .normalize('NFC')
    .replace(/\([^)]*\)|\[[^\]]*\]/gu, ' ')
    .replace(/['\u2019]/gu, '')
    .trim();
  if (!cleaned) return null;
  const all = words(cleaned);
  if (all.length === 0) return null;
  if (all.some((w) => ROLE_WORDS.has(w) || /\d/u.test(w)) || all.length > 4)
    return { kind: 'role', role: all.join(' ') };

  let given: string[];
  let family: string[];
  const comma = cleaned
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const tail = comma.length > 1 ? words(comma.slice(1).join(' ')) : [];
  if (comma.length > 1 && !tail.every((w) => SUFFIXES.has(w))) {
    // "Lee, Dana" / "Lee, D."
    family = words(comma[0] ?? '').filter((w) => !SUFFIXES.has(w));
    given = tail.filter((w) => !SUFFIXES.has(w));
  } else {
    const ws = words(comma[0] ?? '').filter((w) => !SUFFIXES.has(w));
    // the surname is the last word plus any lower-case particles before it (van der Berg)
    let cut = ws.length - 1;
    while (cut > 1 && PARTICLES.has(ws[cut - 1] ?? '')) cut--;
    given = ws.slice(0, cut);
    family = ws.slice(cut);
  }
  const first = given[0];
  const last = family.join(' ');
  if (!first || !last || family.some((w) => w.length < 2)) {
    return all.length === 1 ? { kind: 'role', role: all.join(' ') } : null;
  }
  if (first.length === 1) return { kind: 'initials', initial: first, last };
  return { kind: 'full', first, last };
}

// Reads an e-mail local part: 'dana.lee' -> full, 'd.lee' -> initials, 'security' -> role, 'dlee' -> compact.
type ParsedEmail = ParsedName | { kind: 'compact'; local: string };

function parseEmail(email: string): ParsedEmail | null {
  const local = fold(email.split('@')[0] ?? '')
    .replace(/\+.*$/u, '')
    .replace(/\d+$/u, '');
  const parts = local.split(/[._-]+/u).filter(Boolean);
  if (parts.length === 0) return null;
  if (parts.some((p) => ROLE_WORDS.has(p))) return { kind: 'role', role: parts.join(' ') };
  if (!parts.every((p) => /^\p{L}+$/u.test(p))) return null;
  const [a, b, c] = parts;
  if (parts.length === 1 && a) return { kind: 'compact', local: a };
  const last = parts.length === 2 ? b : parts.length === 3 && b?.length === 1 ? c : undefined;
  if (!a || !last || last.length < 2) return null;
  return a.length === 1 ? { kind: 'initials', initial: a, last } : { kind: 'full', first: a, last };
}

// What an owner cell says, split: the intake's fields when it filled any, else read from the raw text.
function ownerParts(o: Owner): { nameText: string; email: string | null; role: string | null } {
  const email = (o.email ?? findEmail(o.name) ?? findEmail(o.raw) ?? '').trim().toLowerCase() || null;
  const fromRaw = o.name === null && o.role === null && o.email === null;
  const written = o.name ?? (fromRaw ? o.raw : '');
  const nameText = (written.includes('@') ? written.replace(EMAIL, ' ') : written)
    .replace(/[<>]/gu, ' ')
    .replace(/\([^)]*\)/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  const role = o.role?.trim() || (fromRaw ? o.raw.match(/\(([^)]*)\)/u)?.[1]?.trim() : null) || null;
  // the intake reads all-caps words as team acronyms, so 'DANA LEE' can arrive as a role: a role text that reads as
  // a person's name (no role word, two to four words) is taken as the name
  const personal = !nameText && role ? parseName(role) : null;
  if (personal && personal.kind !== 'role') return { nameText: role ?? '', email, role: null };
  return { nameText, email, role };
}

// The role text of an owner, for duty matching: the written role, or the whole owner when it reads as a role.
export function ownerRoleText(owner: Owner): string | null {
  const r = cellReading(owner);
  if (!r) return null;
  return r.role ?? (r.name?.kind === 'role' ? r.nameText : null);
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const fullKey = (first: string, last: string) => `person:${first} ${last}`;
const titleCase = (s: string) => s.replace(/(^|[\s-])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());

// What one owner cell says. A matrix repeats the same few owner cells on every row, so each distinct cell is read
// and resolved once.
interface Reading {
  raw: string;
  name: ParsedName | null; // from the name (or raw when nothing was parsed)
  nameText: string;
  email: string | null;
  emailParsed: ParsedEmail | null;
  role: string | null;
}

interface Mention {
  reading: Reading;
  control: number;
  owner: number;
  key: string | null;
}

function readingOf(o: Owner): Reading | null {
  const { nameText, email, role } = ownerParts(o);
  if (!nameText && !email && !role) return null;
  return {
    raw: o.raw.trim() || nameText || email || role || '',
    name: nameText ? parseName(nameText) : null,
    nameText,
    email,
    emailParsed: email ? parseEmail(email) : null,
    role,
  };
}

interface Resolution {
  key: string | null;
  candidates: string[];
  written: string; // the form named in an ambiguity warning
}

const sameCell = (a: Owner, b: Owner) =>
  a.raw === b.raw && a.name === b.name && a.role === b.role && a.email === b.email;

// A matrix repeats the same few owner cells on every row: each distinct cell is read once, for the owner resolution and
// the duty matching alike (readings are never changed once made).
const readings = new Map<string, { owner: Owner; reading: Reading | null }[]>(); // by raw text
function cellReading(o: Owner): Reading | null {
  const seen = readings.get(o.raw)?.find((c) => sameCell(c.owner, o));
  if (seen) return seen.reading;
  const reading = readingOf(o);
  if (readings.size > 10_000) readings.clear();
  append(readings, o.raw, { owner: o, reading });
  return reading;
}

export function resolveOwners(controls: readonly SocControl[]): ResolvedOwners {
  const distinct = new Set<Reading>(); // this matrix's readings, in the order first met
  const readingFor = (o: Owner): Reading | null => {
    const reading = cellReading(o);
    if (reading) distinct.add(reading);
    return reading;
  };
  const mentions: Mention[] = [];
  // (plain loops over the controls: a matrix has thousands, and this runs before the engine has optimised anything)
  const byControl: (string | null)[][] = new Array<(string | null)[]>(controls.length);
  for (let ci = 0; ci < controls.length; ci++) {
    const owners = controls[ci]!.owners;
    const row = new Array<string | null>(owners.length).fill(null);
    byControl[ci] = row;
    for (let oi = 0; oi < owners.length; oi++) {
      const reading = readingFor(owners[oi]!);
      if (reading) mentions.push({ reading, control: ci, owner: oi, key: null });
    }
  }

  // Pass 1: every full name we can read, from names and first.last e-mails.
  const fullNames = new Map<string, { first: string; last: string }>();
  const emailLinks = new Map<string, Set<string>>();
  const fullOf = (m: Reading): string | null => {
    if (m.name?.kind === 'full') return fullKey(m.name.first, m.name.last);
    if (m.emailParsed?.kind === 'full') return fullKey(m.emailParsed.first, m.emailParsed.last);
    return null;
  };
  for (const m of distinct) {
    for (const p of [m.name, m.emailParsed]) {
      if (p?.kind === 'full') fullNames.set(fullKey(p.first, p.last), { first: p.first, last: p.last });
    }
    const k = m.name?.kind === 'full' ? fullOf(m) : null;
    if (k && m.email) {
      const links = emailLinks.get(m.email) ?? new Set<string>();
      links.add(k);
      emailLinks.set(m.email, links);
    }
  }
  // full names by surname and by compact e-mail local part (dlee, danalee), so that resolving a mention does not
  // scan every known name
  const bySurname = new Map<string, { key: string; first: string }[]>();
  const compactIndex = new Map<string, Set<string>>();
  for (const [key, n] of fullNames) {
    append(bySurname, n.last, { key, first: n.first });
    const closed = n.last.replace(/ /gu, '');
    for (const local of [`${n.first[0] ?? ''}${closed}`, `${n.first}${closed}`]) {
      const keys = compactIndex.get(local) ?? new Set<string>();
      keys.add(key);
      compactIndex.set(local, keys);
    }
  }
  const byInitials = (initial: string, last: string) =>
    (bySurname.get(last) ?? [])
      .filter((n) => n.first.startsWith(initial))
      .map((n) => n.key)
      .sort();
  const byCompact = (local: string) => [...(compactIndex.get(local) ?? [])].sort();

  // Pass 2: a key per distinct cell, in order of strength of evidence.
  const resolve = (m: Reading): Resolution => {
    const emailFull = m.emailParsed?.kind === 'full' ? fullOf({ ...m, name: null }) : null;
    const linked = m.email ? [...(emailLinks.get(m.email) ?? [])] : [];
    let key: string | null = null;
    let candidates: string[] = [];
    let written = m.nameText || m.email || m.raw;
    // a name that reads as neither a full name, initials nor a role ("Dana L.")
    const partialName = m.nameText !== '' && m.name === null;
    const initials =
      m.name?.kind === 'initials' ? m.name : m.emailParsed?.kind === 'initials' && !partialName ? m.emailParsed : null;

    if (m.name?.kind === 'full') key = fullOf(m);
    else if (emailFull && (!initials || byInitials(initials.initial, initials.last).includes(emailFull)))
      key = emailFull;
    else if (linked.length === 1) key = linked[0] ?? null;
    else if (initials) {
      candidates = byInitials(initials.initial, initials.last);
      if (candidates.length === 1) key = candidates[0] ?? null;
      else {
        key = `person:${initials.initial}. ${initials.last}`;
        if (m.name?.kind !== 'initials') written = m.email ?? written;
      }
    } else if (m.emailParsed?.kind === 'compact') {
      candidates = byCompact(m.emailParsed.local);
      key = candidates.length === 1 ? (candidates[0] ?? null) : `email:${m.email ?? ''}`;
    } else if (m.email && m.emailParsed?.kind !== 'role') key = `email:${m.email}`;
    else if (partialName) key = `person:${words(m.nameText).join(' ')}`;
    else if (m.name?.kind === 'role') key = `role:${m.name.role}`;
    else if (m.emailParsed?.kind === 'role') key = `role:${m.emailParsed.role}`;
    else if (m.role) key = `role:${words(m.role).join(' ')}`;
    return { key: key === 'role:' ? null : key, candidates, written };
  };
  const resolved = new Map<Reading, Resolution>();
  const ambiguous = new Map<string, string[]>(); // key -> candidate keys
  const issues: IntakeIssue[] = [];
  for (const m of mentions) {
    let r = resolved.get(m.reading);
    if (!r) resolved.set(m.reading, (r = resolve(m.reading)));
    const { key, candidates, written } = r;
    if (!key) continue;
    if (candidates.length > 1 && !candidates.includes(key)) {
      const control = controls[m.control];
      ambiguous.set(key, candidates);
      const names = candidates.map((k) => titleCase(k.slice('person:'.length)));
      issues.push({
        code: 'owner-ambiguous',
        severity: 'warning',
        sheet: control?.source.sheet ?? null,
        row: control?.source.row ?? null,
        column: null,
        message:
          `Owner "${written}" of control ${control?.id ?? '?'} could be ${names.join(' or ')}; kept as a separate ` +
          'owner for segregation of duties. Write the full name to resolve it.',
      });
    }
    m.key = key;
    const row = byControl[m.control];
    if (row) row[m.owner] = key;
  }

  const people = buildPeople(mentions, controls, ambiguous);
  // by control id: made when first asked for (the SoD analysis reads byControl; a map of thousands of ids for nothing
  // was a tenth of the first analysis's owner work)
  let ownerOf: Map<string, string[]> | null = null;
  const byId = () => {
    const map = new Map<string, string[]>();
    for (let ci = 0; ci < controls.length; ci++) {
      const c = controls[ci]!;
      const keys: string[] = [];
      for (const k of byControl[ci] ?? []) if (k !== null) keys.push(k);
      const before = map.get(c.id); // duplicate control ids are merged
      const all = before ? [...before, ...keys] : keys;
      map.set(c.id, all.length > 1 ? [...new Set(all)] : all);
    }
    return map;
  };
  return {
    people,
    get ownerOf() {
      return (ownerOf ??= byId());
    },
    byControl,
    issues,
  };
}

function pickDisplay(forms: string[]): string | null {
  if (forms.length === 0) return null;
  const count = new Map<string, number>();
  for (const f of forms) count.set(f, (count.get(f) ?? 0) + 1);
  const mixed = (s: string) => s !== s.toUpperCase() && s !== s.toLowerCase();
  return (
    [...count.entries()].sort(
      ([a, na], [b, nb]) =>
        Number(mixed(b)) - Number(mixed(a)) ||
        Number(a.includes(',')) - Number(b.includes(',')) ||
        nb - na ||
        (a < b ? -1 : a > b ? 1 : 0),
    )[0]?.[0] ?? null
  );
}

function buildPeople(mentions: Mention[], controls: readonly SocControl[], ambiguous: Map<string, string[]>): Person[] {
  const groups = new Map<string, Mention[]>();
  for (const m of mentions) if (m.key) append(groups, m.key, m);
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
  // a person's control ids, sorted and each once (they usually come in order already: checked in one pass)
  const sortedIds = (ids: string[]) => {
    for (let i = 1; i < ids.length; i++) if (!(ids[i - 1]! < ids[i]!)) return sorted(ids);
    return ids;
  };
  const people: Person[] = [];
  for (const [key, ms] of groups) {
    const rs = ms.map((m) => m.reading);
    const kind: PersonKind = key.startsWith('role:')
      ? 'role'
      : key.startsWith('email:')
        ? 'email'
        : rs.some((r) => r.name?.kind === 'full' || r.emailParsed?.kind === 'full') && !ambiguous.has(key)
          ? 'name'
          : 'partial';
    const fullForms = rs.filter((r) => r.name?.kind === 'full').map((r) => r.nameText);
    let display: string;
    if (kind === 'name') {
      const best = pickDisplay(fullForms);
      display =
        best && !best.includes(',') && best !== best.toUpperCase() ? best : titleCase(key.slice('person:'.length));
    } else if (kind === 'role') {
      display =
        pickDisplay(rs.map((r) => (r.name?.kind === 'role' ? r.nameText : (r.role ?? r.email ?? r.raw)))) ??
        key.slice(5);
    } else if (kind === 'email') display = key.slice('email:'.length);
    else display = pickDisplay(rs.map((r) => r.nameText || r.email || r.raw)) ?? key;
    // a person's mentions repeat a few readings (one per distinct owner cell): each is looked at once
    const written = new Set<string>();
    const emails = new Set<string>();
    const roles = new Set<string>();
    for (const r of new Set(rs)) {
      written.add(r.raw);
      if (r.email) emails.add(r.email);
      if (r.role && kind !== 'role') roles.add(r.role);
    }
    const ids: string[] = [];
    for (let i = 0; i < ms.length; i++) ids.push(controls[ms[i]!.control]?.id ?? '');
    people.push({
      key,
      display,
      basis: kind === 'role' ? 'role' : 'person',
      kind,
      written: sorted(written),
      emails: sorted(emails),
      roles: sorted(roles),
      controls: sortedIds(ids),
      candidates: (ambiguous.get(key) ?? []).map((k) => titleCase(k.slice('person:'.length))),
    });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return people.sort((a, b) => cmp(a.basis, b.basis) || cmp(a.display, b.display) || cmp(a.key, b.key));
}
