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

export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function normSep(raw: string): string {
  if (/[\n\r]/u.test(raw)) return '\n';
  if (DASHES.test(raw)) return ' ';
  return raw.replace(/\s+/gu, '');
}

function tokenize(text: string): Token[] {
  const src = text.normalize('NFC');
  const out: Token[] = [];
  let last = 0;
  let clause = 0;
  let sentence = 0;
  for (const m of src.matchAll(TOKEN)) {
    const start = m.index;
    const raw = src.slice(last, start);
    const sep = out.length === 0 ? '' : normSep(raw);
    if (out.length > 0 && sep !== ' ') {
      // an apostrophe inside a word (engineer's, don't) does not end the clause
      if (!/^['\u2019]$/u.test(sep)) clause++;
      if (SENTENCE_END.test(raw)) sentence++;
    }
    out.push({ word: fold(m[0]), start, end: start + m[0].length, sep, clause, sentence });
    last = start + m[0].length;
  }
  return out;
}

const CONSONANT = /[bcdfghjklmnpqrstvwxz]$/u;

// True when `word` is `base` or one of its allowed inflections (see the header comment).
export function inflects(word: string, base: string): boolean {
  if (word === base) return true;
  if (word.length < base.length || word.length > base.length + 4 || !word.startsWith(base.slice(0, -1))) return false;
  if (base.length <= 3) return [`${base}s`, `${base}ed`, `${base}ing`, `${base}${base.slice(-1)}ing`].includes(word);
  const suffixes = ['s', 'es', 'ed', 'ing', 'er', 'ers'];
  if (word.startsWith(base) && suffixes.includes(word.slice(base.length))) return true;
  if (base.endsWith('e')) {
    const stem = base.slice(0, -1);
    if (['d', 'r', 'rs', 's'].map((s) => base + s).includes(word)) return true;
    if (word === `${stem}ing`) return true;
  }
  if (base.endsWith('y') && CONSONANT.test(base.slice(0, -1))) {
    const stem = base.slice(0, -1);
    if ([`${stem}ies`, `${stem}ied`].includes(word)) return true;
  }
  if (CONSONANT.test(base) && !/[wxy]$/u.test(base)) {
    const doubled = base + base.slice(-1);
    if (['ed', 'ing', 'er', 'ers'].some((s) => word === doubled + s)) return true;
  }
  return false;
}

interface CompiledKeyword {
  keyword: string;
  words: string[];
  seps: string[]; // seps[i] is the separator before words[i] (seps[0] unused)
}

function compileKeyword(keyword: string): CompiledKeyword | null {
  const toks = tokenize(keyword);
  if (toks.length === 0) return null;
  return { keyword, words: toks.map((t) => t.word), seps: toks.map((t) => t.sep) };
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

function matchAt(tokens: Token[], at: number, kw: CompiledKeyword): boolean {
  for (let k = 0; k < kw.words.length; k++) {
    const t = tokens[at + k];
    const w = kw.words[k];
    if (!t || w === undefined || !inflects(t.word, w)) return false;
    if (k > 0 && t.sep !== kw.seps[k]) return false;
  }
  return true;
}

export function createDutyMatcher(duties: readonly SodDuty[]): DutyMatcher {
  const seen = new Set<string>();
  const compiled: { id: string; keywords: CompiledKeyword[] }[] = [];
  for (const d of duties) {
    if (seen.has(d.id)) continue;
    seen.add(d.id);
    const keywords = d.keywords.map(compileKeyword).filter((k): k is CompiledKeyword => k !== null);
    compiled.push({ id: d.id, keywords });
  }
  return (text: string) => {
    const tokens = tokenize(text);
    if (tokens.length === 0) return [];
    const skip = sodSentences(tokens);
    // positions by the first two letters of the word: inflections never change them, so only these can start a match
    const starts = new Map<string, number[]>();
    tokens.forEach((t, i) => {
      for (const k of new Set([t.word.slice(0, 1), t.word.slice(0, 2)])) {
        const at = starts.get(k) ?? [];
        at.push(i);
        starts.set(k, at);
      }
    });
    const source = text.normalize('NFC');
    const out: DutyMatch[] = [];
    for (const d of compiled) {
      found: for (const kw of d.keywords) {
        for (const i of starts.get(kw.words[0]?.slice(0, 2) ?? '') ?? []) {
          const first = tokens[i];
          const lastTok = tokens[i + kw.words.length - 1];
          if (!first || !lastTok || skip.has(first.sentence)) continue;
          if (!matchAt(tokens, i, kw) || negated(tokens, i, i + kw.words.length - 1)) continue;
          out.push({ duty: d.id, keyword: kw.keyword, text: source.slice(first.start, lastTok.end) });
          break found;
        }
      }
    }
    return out;
  };
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
