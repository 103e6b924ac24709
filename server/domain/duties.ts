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
import { ownerRoleText } from './owners.ts';

export interface DutyMatch {
  duty: string; // duty id
  keyword: string; // the catalogue keyword that matched (first in catalogue order)
  text: string; // the matched words as written
}

export type DutyMatcher = (text: string) => DutyMatch[];

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
const ASCII = /^[\x00-\x7f]*$/u;

export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function normSep(raw: string): string {
  if (raw === ' ') return ' '; // by far the commonest separator
  if (/[\n\r]/u.test(raw)) return '\n';
  if (DASHES.test(raw)) return ' ';
  return raw.replace(/\s+/gu, '');
}

// `src` must already be NFC.
function tokenize(src: string): Token[] {
  const out = ASCII.test(src) ? asciiWords(src) : unicodeWords(src);
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

// Word tokens with their separators still to fill in.
const word = (w: string, start: number, end: number): Token => ({ word: w, start, end, sep: '', clause: 0, sentence: 0 });

function unicodeWords(src: string): Token[] {
  return [...src.matchAll(TOKEN)].map((m) => word(fold(m[0]), m.index, m.index + m[0].length));
}

// The common case, scanned by hand for speed: in ASCII, TOKEN's letters/digits are [A-Za-z0-9] and folding is
// lower-casing.
function asciiWords(src: string): Token[] {
  const lower = src.toLowerCase();
  const out: Token[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    const inWord = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      out.push(word(lower.slice(start, i), start, i));
      start = -1;
    }
  }
  return out;
}

const nfc = (text: string) => (ASCII.test(text) ? text : text.normalize('NFC'));

const CONSONANT = /[bcdfghjklmnpqrstvwxz]$/u;

// Every word `base` matches: itself and its allowed inflections (see the header comment), each once. The matcher
// looks text words up in these sets, so this list is the inflection rule.
export function inflections(base: string): string[] {
  if (base.length <= 3) return [...new Set([base, `${base}s`, `${base}ed`, `${base}ing`, `${base}${base.slice(-1)}ing`])];
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
  duty: number; // index into the matcher's duty list
  rank: number; // position among that duty's keywords: the lowest-ranked match is reported
  keyword: string;
  forms: Set<string>[]; // forms[i]: the text words that match the keyword's i-th word
  seps: string[]; // seps[i] is the separator before words[i] (seps[0] unused)
}

function compileKeyword(keyword: string, duty: number, rank: number): { words: string[]; kw: CompiledKeyword } | null {
  const toks = tokenize(nfc(keyword));
  if (toks.length === 0) return null;
  const words = toks.map((t) => t.word);
  const forms = words.map((w) => new Set(inflections(w)));
  return { words, kw: { duty, rank, keyword, forms, seps: toks.map((t) => t.sep) } };
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

// Sentence numbers of the sentences that talk about segregation of duties.
function sodSentences(tokens: Token[]): Set<number> {
  const flags = new Map<number, { separat: boolean; duties: boolean; sod: boolean }>();
  for (const t of tokens) {
    let f = flags.get(t.sentence);
    if (!f) flags.set(t.sentence, (f = { separat: false, duties: false, sod: false }));
    f.separat ||= t.word.startsWith('separat');
    f.duties ||= t.word === 'duties' || t.word === 'duty';
    f.sod ||= t.word.startsWith('segregat') || t.word === 'sod';
  }
  const out = new Set<number>();
  for (const [s, f] of flags) if ((f.separat && f.duties) || f.sod) out.add(s);
  return out;
}

// The keyword matches the text words starting at `at` (its first word is already known to match).
function matchesFrom(tokens: Token[], at: number, kw: CompiledKeyword): boolean {
  for (let k = 1; k < kw.forms.length; k++) {
    const t = tokens[at + k];
    if (!t || t.sep !== kw.seps[k] || !kw.forms[k]?.has(t.word)) return false;
  }
  return true;
}

// Keywords filed by their first word: those of one word, and the longer ones by the text word that can follow.
interface KeywordStarts {
  oneWord: CompiledKeyword[];
  bySecondWord: Map<string, CompiledKeyword[]>; // keyed by every form of the keyword's second word
}
// text word -> the KeywordStarts of every keyword first word it is a form of
type KeywordIndex = Map<string, KeywordStarts[]>;

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function createDutyMatcher(duties: readonly SodDuty[]): DutyMatcher {
  const seen = new Set<string>();
  const ids: string[] = [];
  const byBase = new Map<string, KeywordStarts>();
  for (const d of duties) {
    if (seen.has(d.id)) continue;
    seen.add(d.id);
    ids.push(d.id);
    let rank = 0;
    for (const keyword of d.keywords) {
      const compiled = compileKeyword(keyword, ids.length - 1, rank);
      if (!compiled) continue;
      rank++;
      const [first = '', second] = compiled.words;
      let starts = byBase.get(first);
      if (!starts) byBase.set(first, (starts = { oneWord: [], bySecondWord: new Map() }));
      if (second === undefined) starts.oneWord.push(compiled.kw);
      else for (const form of inflections(second)) append(starts.bySecondWord, form, compiled.kw);
    }
  }
  const index: KeywordIndex = new Map();
  for (const [base, starts] of byBase) for (const form of inflections(base)) append(index, form, starts);
  const prefilter: Prefilter = { oneWord: new Set(), phraseFirst: new Set(), index };
  for (const [base, starts] of byBase) {
    for (const form of inflections(base)) {
      if (starts.oneWord.length > 0) prefilter.oneWord.add(fingerprint(form));
      if (starts.bySecondWord.size > 0) prefilter.phraseFirst.add(fingerprint(form));
    }
  }

  // a matrix repeats owner roles and often descriptions: each distinct text is matched once per matcher
  const cache = new Map<string, DutyMatch[]>();
  return (text: string) => {
    if (ASCII.test(text) && !mayMatch(text, prefilter)) return [];
    let found = cache.get(text);
    if (!found) {
      found = matchText(nfc(text), ids, index);
      cache.set(text, found);
    }
    return found.map((m) => ({ ...m }));
  };
}

// Most control texts contain no keyword at all. For ASCII text this is decided in one pass over the characters: a
// keyword needs a form of a one-word keyword, or a form of a phrase's first word followed by a form of its second
// word. Words are compared by numeric fingerprint so that most are rejected without building a string; a
// fingerprint collision only sends a text on to the exact matcher.
interface Prefilter {
  oneWord: Set<number>; // fingerprints of the forms of one-word keywords
  phraseFirst: Set<number>; // fingerprints of the forms of phrase first words
  index: KeywordIndex;
}

function fingerprint(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + word.charCodeAt(i)) | 0;
  return h;
}

// `text` is ASCII; words are split and folded as asciiWords does.
function mayMatch(text: string, f: Prefilter): boolean {
  const lower = text.toLowerCase();
  let h = 0;
  let start = -1;
  let prev: { start: number; end: number } | null = null; // the previous word, when it can start a phrase
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 0;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (start < 0) [start, h] = [i, 0];
      h = (Math.imul(h, 31) + c) | 0;
      continue;
    }
    if (start < 0) continue;
    if (f.oneWord.has(h)) return true;
    if (prev) {
      const second = lower.slice(start, i);
      const starts = f.index.get(lower.slice(prev.start, prev.end)) ?? [];
      if (starts.some((s) => s.bySecondWord.has(second))) return true;
    }
    prev = f.phraseFirst.has(h) ? { start, end: i } : null;
    start = -1;
  }
  return false;
}

function matchText(source: string, ids: string[], index: KeywordIndex): DutyMatch[] {
  const tokens = tokenize(source);
  let skip: Set<number> | null = null; // computed on the first match: most texts have none
  // per duty, the best match so far: lowest keyword rank, then earliest position (positions are visited in order)
  const best = new Map<number, { rank: number; keyword: string; from: number; to: number }>();
  const consider = (i: number, kw: CompiledKeyword) => {
    const prev = best.get(kw.duty);
    if ((prev && prev.rank <= kw.rank) || !matchesFrom(tokens, i, kw)) return;
    const to = i + kw.forms.length - 1;
    skip ??= sodSentences(tokens);
    if (skip.has(tokens[i]?.sentence ?? -1) || negated(tokens, i, to)) return;
    best.set(kw.duty, { rank: kw.rank, keyword: kw.keyword, from: i, to });
  };
  for (let i = 0; i < tokens.length; i++) {
    const starts = index.get(tokens[i]?.word ?? '');
    if (!starts) continue;
    const next = tokens[i + 1]?.word;
    for (const s of starts) {
      for (const kw of s.oneWord) consider(i, kw);
      for (const kw of (next !== undefined && s.bySecondWord.get(next)) || []) consider(i, kw);
    }
  }
  const out: DutyMatch[] = [];
  ids.forEach((duty, d) => {
    const m = best.get(d);
    if (m) out.push({ duty, keyword: m.keyword, text: source.slice(tokens[m.from]?.start, tokens[m.to]?.end) });
  });
  return out;
}

// Duty ids found in the text, in the order the duties are given, each once.
export function matchDuties(text: string, duties: readonly SodDuty[]): string[] {
  return createDutyMatcher(duties)(text).map((m) => m.duty);
}

export interface DutyEvidence extends DutyMatch {
  via: 'control' | 'owner-role';
  owner: number | null; // index into control.owners for owner-role evidence; null = applies to every owner
}

// Duties a control shows its owner(s) performing. Control text (title + description) is attributed to every owner
// of the control: in owner-based SoD the owner runs the control, and the text rarely names performers reliably.
// Limitation: "approved by a peer, deployed by the release manager" is still credited to the control's owner when
// the keywords match; the negation/"other than" guard and active-voice keywords keep most such cases out.
// Owner role text ("Dana Lee (Release Manager)") adds duties for that owner only.
export function controlDuties(control: SocControl, duties: readonly SodDuty[] | DutyMatcher): DutyEvidence[] {
  const match = typeof duties === 'function' ? duties : createDutyMatcher(duties);
  // a line break keeps the title's last words from forming a phrase with the description's first words
  const text = [control.title, control.description].filter((s) => s.trim() !== '').join('\n');
  const out: DutyEvidence[] = match(text).map((m) => ({ ...m, via: 'control', owner: null }));
  control.owners.forEach((o, i) => {
    const role = ownerRoleText(o);
    if (role) for (const m of match(role)) out.push({ ...m, via: 'owner-role', owner: i });
  });
  return out;
}
