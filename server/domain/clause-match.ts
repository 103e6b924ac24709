// Finds catalogue phrases in free text by lemma, within a clause, independent of word order and voice. Shared by the
// SoD duty matcher (duties.ts) and the intent signals of the delta (intent.ts). Matching is token-based, never a
// RegExp built from catalogue text, so advisors can put any character in a phrase without breaking the matcher.
//
// Matching rule (documented contract, tests guard it):
// - Case- and accent-insensitive. Text and phrase are split into word tokens (letters/digits) and each word is
//   reduced to its lemma key (lemma.ts): inflections and the listed nominal forms share their verb's key.
// - A phrase that names an act (it starts with an action verb, lemma.ts ACTION_VERBS, not in -ing/-ed form, or ends
//   with an action word in any form) matches when every one of its words (less the function words the, to, of, a,
//   an, for, in, on, by, and, or, with) occurs in one clause of the text, in any order, within SPAN tokens of each
//   other: "approve changes" = "changes are approved by" = "change approval".
// - Any other phrase is a compound noun ("vendor master", "pull request", "posting period"): its words must be
//   consecutive, in order. Between them whitespace and hyphens are interchangeable; a phrase with any other separator
//   ("a/p clerk", "r&d expense") must show it as written and is matched in order too.
// - A clause ends at any punctuation other than an apostrophe or hyphen, and at a line break.
// - With `negation`, a match is dropped when its clause negates it or hands it to someone else: one of "not, no,
//   never, cannot, n't, without, nor, neither, unable, prohibited, prevented, restricted, denied, independent(ly),
//   separate(ly)" or "other than" inside the match, within the six words before it or the three words after it
//   ("developers cannot deploy" drops both; "someone other than the owner does the access review" is handed off). "restricted to" is not a negation.
// - With `skipSodSentences`, a sentence that talks about segregation of duties ("segregat…", "SoD", "separation …
//   duties") is ignored: it names the duties being kept apart, not duties somebody holds.
import { isActionKey, lemmaKey } from './lemma.ts';
import { sortInPlace } from './small-sort.ts';

export interface PhraseGroup {
  id: string;
  phrases: readonly string[];
}

export interface ClauseMatch {
  id: string; // the group's id
  phrase: string; // the phrase that matched (the lowest-ranked one of its group)
  text: string; // the words as written, from the first matched word to the last
}

export interface ClauseMatchOptions {
  negation: boolean;
  skipSodSentences: boolean;
}

export interface Token {
  word: string; // folded
  key: string; // lemma key
  start: number;
  end: number;
  sep: string; // normalised separator before this token: ' ' for whitespace/hyphens, '' at the start, else the glyphs
  clause: number; // increments at every hard separator
  sentence: number; // increments at sentence punctuation / line breaks
}

export const SPAN = 5; // the most tokens between the first and the last word of an order-free match

const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;
const DASHES = /^[\s\-\u2010-\u2015\u2212]*$/u;
const SENTENCE_END = /[.!?;:\n\r]/u;
const NON_ASCII = /\P{ASCII}/u;
const isAscii = (s: string) => !NON_ASCII.test(s);
const FUNCTION_WORDS = new Set(['the', 'to', 'of', 'a', 'an', 'for', 'in', 'on', 'by', 'and', 'or', 'with']);

export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export const nfc = (text: string) => (isAscii(text) ? text : text.normalize('NFC'));

function normSep(raw: string): string {
  if (raw === ' ') return ' ';
  if (/[\n\r]/u.test(raw)) return '\n';
  if (DASHES.test(raw)) return ' ';
  return raw.replace(/\s+/gu, '');
}

const token = (word: string, start: number, end: number): Token => ({
  word,
  key: lemmaKey(word),
  start,
  end,
  sep: '',
  clause: 0,
  sentence: 0,
});

const isAsciiWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

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

// `src` must already be NFC; `ascii`, when the caller has just tested it, whether it is all ASCII.
export function tokenize(src: string, ascii = isAscii(src)): Token[] {
  const out = ascii ? asciiWords(src) : [...src.matchAll(TOKEN)].map((m) => token(fold(m[0]), m.index, m.index + m[0].length));
  let clause = 0;
  let sentence = 0;
  let last = -1;
  for (let k = 0; k < out.length; k++) {
    const t = out[k]!;
    if (last >= 0 && t.start - last === 1 && src.charCodeAt(last) === 32) t.sep = ' '; // one space: most words
    else if (last >= 0) {
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

const NEGATORS = new Set(
  'not no never cannot without nor neither unable prohibited prevented restricted denied independent independently separate separately'.split(
    ' ',
  ),
);
const WINDOW_BEFORE = 6;
const WINDOW_AFTER = 3;

function isNegator(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t) return false;
  if (NEGATORS.has(t.word)) return !(t.word === 'restricted' && tokens[i + 1]?.word === 'to');
  if (t.word === 't' && /['\u2019]/u.test(t.sep)) return true; // don't, can't, isn't
  return t.word === 'than' && tokens[i - 1]?.word === 'other';
}

// Negated inside the match, before it ("cannot deploy", "other than the developer") or, for the subject of a
// negated verb, right after it ("developers cannot", "developers do not").
export function negated(tokens: readonly Token[], from: number, to: number): boolean {
  const clause = tokens[from]?.clause;
  for (let i = from + 1; i < to; i++) if (isNegator(tokens, i)) return true;
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

function sodSentences(tokens: readonly Token[]): Set<number> {
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

interface CompiledPhrase {
  group: number;
  rank: number;
  phrase: string;
  ordered: boolean;
  keys: string[]; // ordered: every word's key; order-free: the required keys, each once, anchor first
  kids: number[]; // keys as numbers (KEY_NUMBERS)
  seps: string[]; // ordered only: separator before word i
}

export interface CompiledPhrases {
  ids: string[];
  byAnchor: Map<string, CompiledPhrase[]>;
  keyIds: Map<string, number>; // every key any phrase uses, with its number (KEY_NUMBERS)
  anchored: (CompiledPhrase[] | null)[]; // byAnchor by key number (shorter than KEY_NUMBERS when later tables added keys)
}

// A text read once: its NFC form and its tokens. The SoD duty matcher and the intent reader read the same control text
// (title and description); within one analysis they share one reading (tokens are never mutated after tokenize).
export interface TextReading {
  source: string;
  tokens: Token[];
}
// `key`: the object the text belongs to (a control's title and description), found without hashing the text; callers
// that pass a key pass the same text with it. A keyed reading is kept until its last reader releases it, so that the
// tokens of 5,000 controls are not all held at once.
export type TextReader = ((text: string, key?: object) => TextReading) & { release: (key: object) => void };

// A text's NFC form and its tokens (the ASCII test made once: an ASCII text is its own NFC form).
function reading(text: string): TextReading {
  if (isAscii(text)) return { source: text, tokens: tokenize(text, true) };
  const source = text.normalize('NFC');
  return { source, tokens: tokenize(source) };
}

export function textReader(): TextReader {
  const byText = new Map<string, TextReading>();
  const byKey = new Map<object, TextReading>();
  // the latest keyed reading (readers take a control's text in turn and release it before the next): no map needed
  let slotKey: object | null = null;
  let slot: TextReading | null = null;
  const read = (text: string, key?: object) => {
    if (key) {
      if (key === slotKey) return slot!;
      let r = byKey.size > 0 ? byKey.get(key) : undefined;
      if (!r) {
        r = reading(text);
        if (slotKey !== null) byKey.set(slotKey, slot!);
        slotKey = key;
        slot = r;
      }
      return r;
    }
    let r = byText.get(text);
    if (!r) {
      r = reading(text);
      byText.set(text, r);
    }
    return r;
  };
  const release = (key: object) => {
    if (key === slotKey) {
      slotKey = null;
      slot = null;
    } else byKey.delete(key);
  };
  return Object.assign(read, { release });
}

// What a text was found to hold, kept per process for each phrase table (bounded): a running server analyses the same
// control texts again after every profile edit, and a text's matches depend on nothing else.
export class TextMemo<V> {
  private readonly byTable = new WeakMap<CompiledPhrases, Map<string, V>>();
  constructor(private readonly limit: number) {}
  get(table: CompiledPhrases, text: string): V | undefined {
    return this.byTable.get(table)?.get(text);
  }
  set(table: CompiledPhrases, text: string, value: V): void {
    let m = this.byTable.get(table);
    if (!m) this.byTable.set(table, (m = new Map()));
    if (m.size >= this.limit) m.clear();
    m.set(text, value);
  }
}

// The same, for a control's text (title and description, read as one text): keyed by the two strings the control holds,
// not by their joined text. Joining makes a new string on every analysis, which is then copied flat and hashed to be
// looked up; the control's own strings are hashed once and keep their hash. A text's matches depend on nothing else.
interface PairEntry<V> {
  title: string;
  value: V;
  more: Map<string, V> | null; // other titles with the same description (a matrix whose descriptions are empty)
}
export class TextPairMemo<V> {
  private readonly byTable = new WeakMap<CompiledPhrases, PairTable<V>>();
  constructor(private readonly limit: number) {}
  // the memo of one table (look it up once, then ask it for each control)
  of(table: CompiledPhrases): PairTable<V> {
    let t = this.byTable.get(table);
    if (!t) this.byTable.set(table, (t = new PairTable<V>(this.limit)));
    return t;
  }
}

export class PairTable<V> {
  private readonly byDescription = new Map<string, PairEntry<V>>();
  private size = 0;
  constructor(private readonly limit: number) {}
  get(title: string, description: string): V | undefined {
    const e = this.byDescription.get(description);
    if (!e) return undefined;
    return e.title === title ? e.value : e.more?.get(title);
  }
  set(title: string, description: string, value: V): void {
    if (this.size >= this.limit) {
      this.byDescription.clear();
      this.size = 0;
    }
    const e = this.byDescription.get(description);
    if (!e) this.byDescription.set(description, { title, value, more: null });
    else if (e.title === title) e.value = value;
    else (e.more ??= new Map()).set(title, value);
    this.size++;
  }
}

// A phrase names an act when it starts with an action verb as written in an instruction ("approve changes", "release
// payments") or ends with an action word in any form ("change approval", "access provisioning", "access review").
// Otherwise it is a compound noun whose first word merely describes the second ("posting period", "receiving clerk",
// "payment file") and its words must stay together.
function namesAnAct(toks: readonly Token[]): boolean {
  const first = toks[0]!;
  const last = toks[toks.length - 1]!;
  return (isActionKey(first.key) && !/(?:ing|ed)$/u.test(first.word)) || isActionKey(last.key);
}

export function compilePhrases(groups: readonly PhraseGroup[]): CompiledPhrases {
  const ids: string[] = [];
  const phrases: CompiledPhrase[] = [];
  for (const g of groups) {
    if (ids.includes(g.id)) continue;
    ids.push(g.id);
    let rank = 0;
    for (const phrase of g.phrases) {
      const toks = tokenize(nfc(phrase));
      if (toks.length === 0) continue;
      const special = toks.some((t, i) => i > 0 && t.sep !== ' ');
      const ordered = toks.length === 1 || special || !namesAnAct(toks);
      const keys = ordered ? toks.map((t) => t.key) : [...new Set(toks.filter((t) => !FUNCTION_WORDS.has(t.word)).map((t) => t.key))];
      if (keys.length === 0) continue;
      phrases.push({ group: ids.length - 1, rank: rank++, phrase, ordered, keys, kids: [], seps: toks.map((t) => t.sep) });
    }
  }
  // An order-free phrase is anchored on its rarest word across the table ("approve changes" on "change", not on
  // "approve", which starts a dozen phrases), so that a common word sends few phrases to be tried.
  const uses = new Map<string, number>();
  for (const p of phrases) for (const k of p.keys) uses.set(k, (uses.get(k) ?? 0) + 1);
  const byAnchor = new Map<string, CompiledPhrase[]>();
  for (const p of phrases) {
    if (!p.ordered) {
      let at = 0;
      p.keys.forEach((k, i) => {
        if ((uses.get(k) ?? 0) < (uses.get(p.keys[at]!) ?? 0)) at = i;
      });
      if (at > 0) p.keys = [p.keys[at]!, ...p.keys.filter((_, i) => i !== at)];
    }
    const anchor = p.keys[0]!;
    const list = byAnchor.get(anchor);
    if (list) list.push(p);
    else byAnchor.set(anchor, [p]);
  }
  const keyIds = new Map([...uses.keys()].map((k) => [k, keyNumber(k)]));
  for (const p of phrases) p.kids = p.keys.map((k) => keyIds.get(k)!);
  const anchored: (CompiledPhrase[] | null)[] = new Array<CompiledPhrase[] | null>(KEY_NUMBERS.size).fill(null);
  for (const [k, n] of keyIds) anchored[n] = byAnchor.get(k) ?? null;
  return { ids, byAnchor, keyIds, anchored };
}

// Every lemma key a phrase table uses, numbered once per process across all tables (catalogue data: bounded by the
// catalogue's phrases), so that one text's key numbers serve every table it is matched against.
const KEY_NUMBERS = new Map<string, number>();
function keyNumber(key: string): number {
  let n = KEY_NUMBERS.get(key);
  if (n === undefined) KEY_NUMBERS.set(key, (n = KEY_NUMBERS.size));
  return n;
}

// Where the phrase matches with its anchor at token `i`: the first matched token's index, the last one's left in
// `matchedTo`; or -1. `kid[j]` is token j's key number (-1: no phrase uses it). (Two small integers, neither a pair nor
// one packed number: this runs for every candidate of every text, and a packed number past 2^31 was a heap
// allocation each time until the engine had optimised it.)
let matchedTo = -1;
function matchAt(tokens: readonly Token[], kid: Int32Array, i: number, p: CompiledPhrase, count: number): number {
  const n = p.kids.length;
  if (p.ordered) {
    for (let k = 1; k < n; k++) {
      const t = i + k < count ? tokens[i + k] : undefined;
      if (!t || t.sep !== p.seps[k] || kid[i + k] !== p.kids[k]) return -1;
    }
    matchedTo = i + n - 1;
    return i;
  }
  const clause = tokens[i]!.clause;
  const lo = Math.max(0, i - SPAN);
  const hi = Math.min(tokens.length - 1, i + SPAN);
  let from = i;
  let to = i;
  for (let k = 1; k < n; k++) {
    const want = p.kids[k]!;
    let best = -1;
    for (let d = 1; d <= SPAN && best < 0; d++) {
      if (i + d <= hi && kid[i + d] === want && tokens[i + d]!.clause === clause) best = i + d;
      else if (i - d >= lo && kid[i - d] === want && tokens[i - d]!.clause === clause) best = i - d;
    }
    if (best < 0) return -1;
    if (best < from) from = best;
    if (best > to) to = best;
  }
  if (to - from > SPAN) return -1;
  matchedTo = to;
  return from;
}

interface Best {
  group: number;
  p: CompiledPhrase;
  from: number;
  to: number;
}

// The key numbers of the text being matched: one buffer, grown as needed (matching never nests). The duty and the
// intent tables read the same tokens in turn: the numbers of the last tokens are kept for the next table, as long as
// no table added keys in between.
let kidBuffer = new Int32Array(256);
let kidTokens: readonly Token[] | null = null;
let kidKeys = -1;
let kidHits = 0;

// The best match of each group (lowest phrase rank, then earliest), in group order; empty when none. A text finds a
// few groups: a short list searched in place, not a map per text.
function bestMatches(tokens: readonly Token[], c: CompiledPhrases, opts: ClauseMatchOptions): Best[] {
  let skip: Set<number> | null = null;
  if (kidBuffer.length < tokens.length) kidBuffer = new Int32Array(Math.max(tokens.length, kidBuffer.length * 2));
  const kid = kidBuffer;
  let hits = kidHits;
  if (kidTokens !== tokens || kidKeys !== KEY_NUMBERS.size) {
    hits = 0;
    for (let j = 0; j < tokens.length; j++) {
      const id = KEY_NUMBERS.get(tokens[j]!.key);
      kid[j] = id ?? -1;
      if (id !== undefined) hits++;
    }
    kidTokens = tokens;
    kidKeys = KEY_NUMBERS.size;
    kidHits = hits;
  }
  const best: Best[] = [];
  if (hits === 0) return best;
  const slot = slotsFor(c); // group → its place in `best` (-1: none yet); cleared before returning
  for (let i = 0; i < tokens.length; i++) {
    const k = kid[i]!;
    if (k < 0) continue;
    const candidates = k < c.anchored.length ? c.anchored[k] : null;
    if (!candidates) continue;
    for (let q = 0; q < candidates.length; q++) {
      const p = candidates[q]!;
      const at = slot[p.group]!;
      const prev = at < 0 ? undefined : best[at]!;
      if (prev && prev.p.rank < p.rank) continue;
      if (p.kids.length > hits) continue;
      const from = matchAt(tokens, kid, i, p, tokens.length);
      if (from < 0) continue;
      const to = matchedTo;
      if (prev && prev.p.rank === p.rank && prev.from <= from) continue;
      if (opts.skipSodSentences) {
        skip ??= sodSentences(tokens);
        if (skip.has(tokens[from]!.sentence)) continue;
      }
      if (opts.negation && negated(tokens, from, to)) continue;
      const m = { group: p.group, p, from, to };
      if (at < 0) {
        slot[p.group] = best.length;
        best.push(m);
      } else best[at] = m;
    }
  }
  for (let b = 0; b < best.length; b++) slot[best[b]!.group] = -1;
  return best.length > 1 ? sortInPlace(best, byGroup) : best;
}

const byGroup = (a: Best, b: Best) => a.group - b.group;

// One slot per group of a table, all -1 between texts (matching never nests).
const SLOTS = new WeakMap<CompiledPhrases, Int32Array>();
function slotsFor(c: CompiledPhrases): Int32Array {
  let s = SLOTS.get(c);
  if (!s) SLOTS.set(c, (s = new Int32Array(c.ids.length).fill(-1)));
  return s;
}

// The best match of each group (lowest phrase rank, then earliest), in group order. `source` must already be NFC.
export function matchPhrases(source: string, c: CompiledPhrases, opts: ClauseMatchOptions, tokens = tokenize(source)): ClauseMatch[] {
  const best = bestMatches(tokens, c, opts);
  const out: ClauseMatch[] = [];
  for (let b = 0; b < best.length; b++) {
    const m = best[b]!;
    out.push({ id: c.ids[m.group]!, phrase: m.p.phrase, text: source.slice(tokens[m.from]!.start, tokens[m.to]!.end) });
  }
  return out;
}

// The ids of the groups matchPhrases would find, in group order, without the matched words.
export function matchPhraseIds(tokens: readonly Token[], c: CompiledPhrases, opts: ClauseMatchOptions): string[] {
  return bestMatches(tokens, c, opts).map((m) => c.ids[m.group]!);
}

// The same, as the groups' numbers (their places in `c.ids`), ascending.
export function matchGroups(tokens: readonly Token[], c: CompiledPhrases, opts: ClauseMatchOptions): number[] {
  const best = bestMatches(tokens, c, opts);
  const out: number[] = [];
  for (let i = 0; i < best.length; i++) out.push(best[i]!.group);
  return out;
}

// True when some token of the text can anchor a phrase (a cheap screen before matchPhrases).
export function mayMatchPhrases(tokens: readonly Token[], c: CompiledPhrases): boolean {
  for (const t of tokens) if (c.byAnchor.has(t.key)) return true;
  return false;
}
