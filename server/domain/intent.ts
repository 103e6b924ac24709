// Does a control do what a SOX target asks? A control that shares a TSC criterion with a target is only a candidate;
// it becomes a source when its own words support the target's intent, written as data on each target in
// templates/sox-program/ (`intent`: core terms, supporting terms, exclusions, and a note saying why).
//
// The rule (tests guard it, REFERENCE §3–§4 for what each target asks):
// - Terms are matched on lemmas within a clause (clause-match.ts), in the control's title and description.
// - An exclusion found in the control rejects it: the control is about something else that shares the words (a
//   vendor list is not a code of conduct; cyber insurance is not a SOC 1 report).
// - Otherwise the control is a source when it names at least one core term, or at least two distinct supporting
//   terms (distinct by lemma: "access review" and "access reviews" are one). `match` is strong with a core term and at least one more term (core or supporting), partial otherwise.
// - A rejected candidate keeps the reason, so that nothing is dropped silently.
import type { SoxTarget, TargetIntent } from './catalog.ts';
import type { SocControl } from './control.ts';
import { compilePhrases, matchGroups, nfc, TextPairMemo, textReader, tokenize, type CompiledPhrases, type TextReader } from './clause-match.ts';
import { memoByIdentity } from './memo.ts';

export type IntentMatch = 'strong' | 'partial';

export interface IntentVerdict {
  accepted: boolean;
  match: IntentMatch | null; // null when rejected
  matched: string[]; // the target's terms found in the control (core first, then supporting), as written in the target
  excluded: string[]; // exclusions found
  reason: string; // why accepted or rejected, one sentence
}

const OPTIONS = { negation: false, skipSodSentences: false };

// Every term of every target, each once, in one table.
const compiledTerms = memoByIdentity((targets: readonly SoxTarget[]): CompiledPhrases => {
  const terms = new Set<string>();
  for (const t of targets) for (const term of [...t.intent.core, ...t.intent.support, ...t.intent.exclude]) terms.add(term);
  return compilePhrases([...terms].map((term) => ({ id: term, phrases: [term] })));
});

const controlText = (c: SocControl) =>
  c.title.trim() === '' ? c.description : c.description.trim() === '' ? c.title : `${c.title}\n${c.description}`;

// The terms of all targets found in one control text, per process: a re-analysis reads the same texts. Texts that name
// the same terms share one set object, so a verdict is worked out once per target and set (delta.ts).
const TERMS = new TextPairMemo<ReadonlySet<string>>(20_000); // by the control's title and description

// The shared sets, per table, in a tree by the numbers of the terms found (no text is built to look one up). Bounded; in
// practice by the combinations of the catalogue's terms that control texts name.
interface SetNode {
  set: ReadonlySet<string> | null;
  next: Map<number, SetNode> | null;
}
const SET_TREES = new WeakMap<CompiledPhrases, { root: SetNode; nodes: number }>();

function termSet(c: CompiledPhrases, groups: readonly number[]): ReadonlySet<string> {
  let tree = SET_TREES.get(c);
  if (!tree || tree.nodes >= 20_000) SET_TREES.set(c, (tree = { root: { set: null, next: null }, nodes: 0 }));
  let node = tree.root;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    let next = node.next?.get(g);
    if (!next) {
      next = { set: null, next: null };
      (node.next ??= new Map()).set(g, next);
      tree.nodes++;
    }
    node = next;
  }
  return (node.set ??= new Set(groups.map((g) => c.ids[g]!)));
}

// `read`: the text reader shared with the SoD duty matcher of the same analysis (one tokenisation per control text);
// this reader is the last to read a control's text and releases it.
// The reader answers by the control; `index` (the control's place in the analysed list, when the caller has it) finds
// a control read before without hashing it.
export type TermsReader = (control: SocControl, index?: number) => ReadonlySet<string>;

export function intentReader(targets: readonly SoxTarget[], read: TextReader = textReader()): TermsReader {
  const compiled = compiledTerms(targets);
  const memo = TERMS.of(compiled);
  const cache = new Map<SocControl, ReadonlySet<string>>();
  const atIndex: (SocControl | undefined)[] = []; // the control read at each index, and what it was found to name
  const foundAt: (ReadonlySet<string> | undefined)[] = [];
  return (control, index) => {
    const at = index !== undefined && index >= 0;
    if (at && atIndex[index] === control) return foundAt[index]!;
    let found = at ? undefined : cache.get(control);
    if (!found) {
      const { title, description } = control;
      found = memo.get(title, description);
      if (!found) {
        found = termSet(compiled, matchGroups(read(controlText(control), control).tokens, compiled, OPTIONS));
        memo.set(title, description, found);
      }
      read.release(control);
    }
    if (at) {
      atIndex[index] = control;
      foundAt[index] = found;
    } else cache.set(control, found);
    return found;
  };
}

// Terms are matched on lemmas, so "access review" and "access reviews" are one term: they count once.
const signatures = new Map<string, string>(); // terms come from the catalogue: a bounded set
const signature = (term: string) => {
  let sig = signatures.get(term);
  if (sig === undefined) {
    sig = tokenize(nfc(term))
      .map((t) => t.key)
      .sort()
      .join(' ');
    signatures.set(term, sig);
  }
  return sig;
};
const distinct = (terms: readonly string[]) => new Set(terms.map(signature)).size;

const list = (xs: readonly string[], n = 4) => (xs.length <= n ? xs : [...xs.slice(0, n), '…']).map((x) => `"${x}"`).join(', ');

export function judgeIntent(intent: TargetIntent, found: ReadonlySet<string>): IntentVerdict {
  if (found.size === 0) return nothingFound(intent);
  const excluded = intent.exclude.filter((t) => found.has(t));
  const core = intent.core.filter((t) => found.has(t));
  const support = intent.support.filter((t) => found.has(t));
  const matched = [...core, ...support];
  if (excluded.length > 0)
    return {
      accepted: false,
      match: null,
      matched,
      excluded,
      reason: `names ${list(excluded)}, which this target excludes (${intent.note})`,
    };
  if (core.length > 0 || distinct(support) >= 2) {
    const strong = core.length > 0 && distinct(matched) >= 2;
    return {
      accepted: true,
      match: strong ? 'strong' : 'partial',
      matched,
      excluded,
      reason: `${strong ? 'strong' : 'partial'} match on ${list(matched, 6)}`,
    };
  }
  return {
    accepted: false,
    match: null,
    matched,
    excluded,
    reason:
      `shares a criterion but names none of the target's key terms (${list(intent.core)})` +
      (support.length > 0 ? ` and only one distinct supporting term (${list(support)})` : ''),
  };
}

// The verdict on a control that names none of the target's terms (most candidates), one per intent.
const NOTHING = new WeakMap<TargetIntent, IntentVerdict>();
function nothingFound(intent: TargetIntent): IntentVerdict {
  let v = NOTHING.get(intent);
  if (!v) {
    v = { accepted: false, match: null, matched: [], excluded: [], reason: `shares a criterion but names none of the target's key terms (${list(intent.core)})` };
    NOTHING.set(intent, v);
  }
  return v;
}
