// Which SoD duties a piece of text shows someone performing. Matching is token-based, never a RegExp built from
// catalogue text, so advisors can put any character in a keyword without breaking (or exploiting) the matcher.
//
// Matching rule (documented contract, tests guard it):
// - Case- and accent-insensitive. Text and keyword are split into word tokens (letters/digits); a keyword matches a
//   run of consecutive text tokens. Words never match inside a longer word from the left: "deploy" does not match
//   "redeploy".
// - Each keyword word also matches its inflections from a closed list: +s, +es, +ed, +ing, +er, +ers, e-dropping
//   (approve → approved, approving, approver), y → ies/ied (apply → applies), doubled final consonant (commit →
//   committed, committer). Nothing else: "deploy" does not match "deployable" (a capability, not an act) and
//   "commit" does not match "commitment"/"committee" (CC1.1 text is full of both); nouns such as "deployment" must
//   be listed in the catalogue, as they are. Words of three letters or fewer (acronyms such as cab, dba, uar; also
//   run) take only +s, +ed, +ing (run → running).
// - Between keyword words, whitespace and hyphens are interchangeable ("write-off" = "write off"); any other
//   separator ("&", "/", "'") must appear in the text as written. A phrase never spans a comma, sentence or line break.
// - A match is dropped when the clause negates it or hands it to someone else: one of "not, no, never, cannot,
//   n't, without, nor, unable, prohibited, prevented, restricted, denied, independent(ly), separate(ly)" or "other
//   than" within the four words before it or the two words after it ("developers cannot deploy" drops both), in the
//   same clause; "restricted to" is not a negation. A whole sentence is ignored when it talks about
//   segregation of duties ("segregat…", "SoD", "separation … duties"): such sentences name the duties being kept
//   apart, not duties somebody holds.
import type { SodDuty } from './catalog.ts';
import type { SocControl } from '../intake/control.ts';
import { memoByIdentity } from './memo.ts';
import { ownerRoleText } from './owners.ts';

export interface DutyMatch {
  duty: string; // duty id
  keyword: string; // the catalogue keyword that matched (first in catalogue order)
  text: string; // the matched words as written
}

export type DutyMatcher = ((text: string) => DutyMatch[]) & {
  // false when the text certainly shows no duty (a cheap screen; true may still find nothing)
  mayMatch?: (text: string) => boolean;
};

interface Token {
  word: string; // folded
  start: number;
  end: number;
  sep: string; // normalised separator before this token: ' ' for whitespace/hyphens, '' at the start, else the glyphs
  clause: number; // increments at every hard separator
  sentence: number; // increments at sentence punctuation / line breaks
}

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
const DASHES = /^[\s\-\u2010-\u2015\u2212]*$/u;
const SENTENCE_END = /[.!?;:\n\r]/u;
const NON_ASCII = /\P{ASCII}/u;
const isAscii = (s: string) => !NON_ASCII.test(s);

export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const nfc = (text: string) => (isAscii(text) ? text : text.normalize('NFC'));

function normSep(raw: string): string {
  if (raw === ' ') return ' '; // by far the commonest separator
  if (/[\n\r]/u.test(raw)) return '\n';
  if (DASHES.test(raw)) return ' ';
  return raw.replace(/\s+/gu, '');
}

// `src` must already be NFC.
function tokenize(src: string): Token[] {
  const out = isAscii(src) ? asciiWords(src) : unicodeWords(src);
  let clause = 0;
  let sentence = 0;
  let last = -1;
  for (const t of out) {
    if (last >= 0) {
      const raw = src.slice(last, t.start);
      t.sep = normSep(raw);
      if (t.sep !== ' ') {
        // an apostrophe inside a word (engineer's, don't) does not end the clause
        if (!/^['\u2019]$/u.test(t.sep)) clause++;
        if (SENTENCE_END.test(raw)) sentence++;
      }
    }
    t.clause = clause;
    t.sentence = sentence;
    last = t.end;
  }
  return out;
}

// Word tokens, separators still to fill in.
const token = (word: string, start: number, end: number): Token => ({
  word,
  start,
  end,
  sep: '',
  clause: 0,
  sentence: 0,
});

function unicodeWords(src: string): Token[] {
  return [...src.matchAll(TOKEN)].map((m) => token(fold(m[0]), m.index, m.index + m[0].length));
}

// In ASCII, TOKEN's letters and digits are [A-Za-z0-9] and folding is lower-casing.
const isAsciiWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
const asciiLower = (c: number) => (c >= 0x41 && c <= 0x5a ? c + 0x20 : c);

function asciiWords(src: string): Token[] {
  const lower = src.toLowerCase();
  const out: Token[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const inWord = i < lower.length && isAsciiWordChar(lower.charCodeAt(i));
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      out.push(token(lower.slice(start, i), start, i));
      start = -1;
    }
  }
  return out;
}

const CONSONANT = /[bcdfghjklmnpqrstvwxz]$/u;

// Every word `base` matches: itself and its allowed inflections (see the header comment), each once. The matcher
// looks text words up among these, so this list is the inflection rule.
export function inflections(base: string): string[] {
  if (base.length <= 3)
    return [...new Set([base, `${base}s`, `${base}ed`, `${base}ing`, `${base}${base.slice(-1)}ing`])];
  const forms = [base, ...['s', 'es', 'ed', 'ing', 'er', 'ers'].map((s) => base + s)];
  if (base.endsWith('e')) {
    const stem = base.slice(0, -1);
    forms.push(...['d', 'r', 'rs', 's'].map((s) => base + s), `${stem}ing`);
  }
  if (base.endsWith('y') && CONSONANT.test(base.slice(0, -1))) {
    const stem = base.slice(0, -1);
    forms.push(`${stem}ies`, `${stem}ied`);
  }
  if (CONSONANT.test(base) && !/[wxy]$/u.test(base)) {
    const doubled = base + base.slice(-1);
    forms.push(...['ed', 'ing', 'er', 'ers'].map((s) => doubled + s));
  }
  return [...new Set(forms)];
}

// True when `word` is `base` or one of its allowed inflections.
export function inflects(word: string, base: string): boolean {
  return inflections(base).includes(word);
}

interface CompiledKeyword {
  duty: number; // index into CompiledDuties.ids
  rank: number; // position among that duty's keywords: a duty reports its lowest-ranked match
  keyword: string;
  forms: ReadonlySet<string>[]; // forms[i]: the text words that match the keyword's i-th word
  seps: string[]; // seps[i] is the separator before word i (seps[0] unused)
}

// The keywords whose first word is one base word: one-word keywords, and phrases by every form of their second word.
interface KeywordStarts {
  oneWord: CompiledKeyword[];
  bySecondWord: Map<string, CompiledKeyword[]>;
}

interface CompiledDuties {
  ids: string[]; // duty ids, first occurrence of each, in the order given
  starts: Map<string, KeywordStarts[]>; // text word -> the starts of every keyword first word it is a form of
  prints: Map<number, number>; // word fingerprint -> what a word of that print can be (ONE_WORD | FIRST | SECOND)
}

// What a text word can be in a keyword, as bit flags.
const ONE_WORD = 1; // a form of a one-word keyword
const FIRST = 2; // a form of the first word of a phrase
const SECOND = 4; // a form of the second word of a phrase

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compileDuties(duties: readonly SodDuty[]): CompiledDuties {
  const formSets = new Map<string, Set<string>>(); // catalogue words repeat (approve, vendor, journal...)
  const formsOf = (w: string) => {
    let forms = formSets.get(w);
    if (!forms) formSets.set(w, (forms = new Set(inflections(w))));
    return forms;
  };
  const ids: string[] = [];
  const byBase = new Map<string, KeywordStarts>();
  const prints = new Map<number, number>();
  const mark = (form: string, flag: number) => {
    const print = fingerprint(form);
    prints.set(print, (prints.get(print) ?? 0) | flag);
  };
  for (const d of duties) {
    if (ids.includes(d.id)) continue;
    ids.push(d.id);
    let rank = 0;
    for (const keyword of d.keywords) {
      const toks = tokenize(nfc(keyword));
      const [first, second] = toks;
      if (!first) continue;
      const kw: CompiledKeyword = {
        duty: ids.length - 1,
        rank: rank++,
        keyword,
        forms: toks.map((t) => formsOf(t.word)),
        seps: toks.map((t) => t.sep),
      };
      let starts = byBase.get(first.word);
      if (!starts) byBase.set(first.word, (starts = { oneWord: [], bySecondWord: new Map() }));
      if (!second) starts.oneWord.push(kw);
      else {
        for (const form of formsOf(second.word)) {
          append(starts.bySecondWord, form, kw);
          mark(form, SECOND);
        }
      }
    }
  }
  const compiled: CompiledDuties = { ids, starts: new Map(), prints };
  for (const [base, starts] of byBase) {
    for (const form of formsOf(base)) {
      append(compiled.starts, form, starts);
      if (starts.oneWord.length > 0) mark(form, ONE_WORD);
      if (starts.bySecondWord.size > 0) mark(form, FIRST);
    }
  }
  return compiled;
}

// Kept to 30 bits so that V8 keeps it a small integer in the hot loop below.
const step = (h: number, c: number) => (Math.imul(h, 31) + c) & 0x3fffffff;

function fingerprint(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = step(h, word.charCodeAt(i));
  return h;
}

// Most control texts hold no keyword at all, and this says so in one pass over the characters, before any
// tokenising: a match needs a form of a one-word keyword, or a form of a phrase's first word followed by a form of
// its second word. Words are compared by fingerprint so that most are rejected without building a string (a
// collision only sends the text on to the exact matcher). Non-ASCII text always goes on.
function mayMatch(text: string, c: CompiledDuties): boolean {
  let h = 0;
  let start = -1;
  let phraseStart = -1; // where the previous word starts, when it is a phrase's first word
  let phraseEnd = -1;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? asciiLower(text.charCodeAt(i)) : 0;
    if (ch > 0x7f) return true;
    if (isAsciiWordChar(ch)) {
      if (start < 0) {
        start = i;
        h = 0;
      }
      h = step(h, ch);
      continue;
    }
    if (start < 0) continue;
    const can = c.prints.get(h) ?? 0;
    if (can & ONE_WORD) return true;
    if (phraseStart >= 0 && can & SECOND) {
      const second = text.slice(start, i).toLowerCase();
      const starts = c.starts.get(text.slice(phraseStart, phraseEnd).toLowerCase()) ?? [];
      if (starts.some((s) => s.bySecondWord.has(second))) return true;
    }
    const phrase = (can & FIRST) !== 0;
    phraseStart = phrase ? start : -1;
    phraseEnd = phrase ? i : -1;
    start = -1;
  }
  return false;
}

const NEGATORS = new Set(
  'not no never cannot without nor neither unable prohibited prevented restricted denied independent independently separate separately'.split(
    ' ',
  ),
);
const WINDOW_BEFORE = 4;
const WINDOW_AFTER = 2;

function isNegator(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (NEGATORS.has(t.word)) return !(t.word === 'restricted' && tokens[i + 1]?.word === 'to');
  if (t.word === 't' && /['\u2019]/u.test(t.sep)) return true; // don't, can't, isn't
  return t.word === 'than' && tokens[i - 1]?.word === 'other';
}

// Negated before ("cannot deploy", "other than the developer") or, for the subject of a negated verb, right after
// ("developers cannot", "developers do not").
function negated(tokens: Token[], from: number, to: number): boolean {
  const clause = tokens[from]?.clause;
  for (let i = from - 1; i >= Math.max(0, from - WINDOW_BEFORE); i--) {
    if (tokens[i]?.clause !== clause) break;
    if (isNegator(tokens, i)) return true;
  }
  for (let i = to + 1; i <= to + WINDOW_AFTER && i < tokens.length; i++) {
    if (tokens[i]?.clause !== clause) break;
    if (isNegator(tokens, i)) return true;
  }
  return false;
}

function sodSentences(tokens: Token[]): Set<number> {
  const bySentence = new Map<number, string[]>();
  for (const t of tokens) {
    const ws = bySentence.get(t.sentence) ?? [];
    ws.push(t.word);
    bySentence.set(t.sentence, ws);
  }
  const out = new Set<number>();
  for (const [s, words] of bySentence) {
    const sep = words.some((w) => w.startsWith('separat')) && words.some((w) => w === 'duties' || w === 'duty');
    if (sep || words.some((w) => w.startsWith('segregat') || w === 'sod')) out.add(s);
  }
  return out;
}

// The keyword matches the text words from `at` on (its first word is already known to match).
function matchesFrom(tokens: Token[], at: number, kw: CompiledKeyword): boolean {
  for (let k = 1; k < kw.forms.length; k++) {
    const t = tokens[at + k];
    if (!t || t.sep !== kw.seps[k] || !kw.forms[k]?.has(t.word)) return false;
  }
  return true;
}

// `source` must already be NFC.
function matchText(source: string, c: CompiledDuties): DutyMatch[] {
  const tokens = tokenize(source);
  let skip: Set<number> | null = null; // computed on the first match
  // per duty, the best match so far: lowest keyword rank, then earliest position (positions are visited in order)
  const best = new Map<number, { kw: CompiledKeyword; from: number; to: number }>();
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1]?.word;
    for (const starts of c.starts.get(tokens[i]?.word ?? '') ?? []) {
      const phrases = next === undefined ? undefined : starts.bySecondWord.get(next);
      for (const kw of phrases ? [...starts.oneWord, ...phrases] : starts.oneWord) {
        const prev = best.get(kw.duty);
        if ((prev && prev.kw.rank <= kw.rank) || !matchesFrom(tokens, i, kw)) continue;
        const to = i + kw.forms.length - 1;
        skip ??= sodSentences(tokens);
        if (skip.has(tokens[i]?.sentence ?? -1) || negated(tokens, i, to)) continue;
        best.set(kw.duty, { kw, from: i, to });
      }
    }
  }
  const out: DutyMatch[] = [];
  c.ids.forEach((duty, d) => {
    const m = best.get(d);
    if (m) out.push({ duty, keyword: m.kw.keyword, text: source.slice(tokens[m.from]?.start, tokens[m.to]?.end) });
  });
  return out;
}

const compiledDuties = memoByIdentity(compileDuties); // compiled once per duty list

export function createDutyMatcher(duties: readonly SodDuty[]): DutyMatcher {
  const compiled = compiledDuties(duties);
  // a matrix repeats owner roles and often descriptions: each distinct text is matched once per matcher (one
  // analysis)
  const cache = new Map<string, DutyMatch[]>();
  const matcher: DutyMatcher = (text: string) => {
    if (!mayMatch(text, compiled)) return [];
    let found = cache.get(text);
    if (!found) cache.set(text, (found = matchText(nfc(text), compiled)));
    return found.map((m) => ({ duty: m.duty, keyword: m.keyword, text: m.text }));
  };
  matcher.mayMatch = (text: string) => mayMatch(text, compiled);
  return matcher;
}

// Duty ids found in the text, in the order the duties are given, each once.
export function matchDuties(text: string, duties: readonly SodDuty[]): string[] {
  return createDutyMatcher(duties)(text).map((m) => m.duty);
}

export interface DutyEvidence extends DutyMatch {
  via: 'control' | 'owner-role';
  owner: number | null; // index into control.owners for owner-role evidence; null = applies to every owner
}

// (an object spread with added fields is slow in V8, and this runs for every match of every control)
const evidence = (m: DutyMatch, via: DutyEvidence['via'], owner: number | null): DutyEvidence => ({
  duty: m.duty,
  keyword: m.keyword,
  text: m.text,
  via,
  owner,
});

// Duties a control shows its owner(s) performing. Control text (title + description) is attributed to every owner
// of the control: in owner-based SoD the owner runs the control, and the text rarely names performers reliably.
// Limitation: "approved by a peer, deployed by the release manager" is still credited to the control's owner when
// the keywords match; the negation/"other than" guard and active-voice keywords keep most such cases out.
// Owner role text ("Dana Lee (Release Manager)") adds duties for that owner only.
export function controlDuties(control: SocControl, duties: readonly SodDuty[] | DutyMatcher): DutyEvidence[] {
  const match = typeof duties === 'function' ? duties : createDutyMatcher(duties);
  const { title, description } = control;
  const hasTitle = title.trim() !== '';
  const hasDescription = description.trim() !== '';
  // most control texts show no duty: each part is screened on its own before they are joined (a keyword never spans
  // the two, so a match in the joined text is a match in one of them)
  const may = match.mayMatch;
  const out: DutyEvidence[] = [];
  if (!may || (hasTitle && may(title)) || (hasDescription && may(description)))
    // a line break keeps the title's last words from forming a phrase with the description's first words
    for (const m of match(hasTitle && hasDescription ? `${title}\n${description}` : hasTitle ? title : hasDescription ? description : ''))
      out.push(evidence(m, 'control', null));
  for (let i = 0; i < control.owners.length; i++) {
    const role = ownerRoleText(control.owners[i]!);
    if (role) for (const m of match(role)) out.push(evidence(m, 'owner-role', i));
  }
  return out;
}
