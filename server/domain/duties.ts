// Which SoD duties a piece of text shows someone performing. The matching rule is clause-match.ts's: duty keywords
// are matched on lemmas within a clause, independent of word order and voice, so "approve changes", "changes are
// approved by the platform lead" and "change approval" are one duty, and "provisions access", "access is
// provisioned" and "access provisioning" another. Negation and hand-off drop a match ("developers cannot deploy",
// "approved by someone other than the author"), and a sentence about segregation of duties is ignored.
//
// Lemmas come from lemma.ts, a closed list written for control-matrix English, not from an NLP library. Measured on
// this machine for the 5,000-control bench: wink-nlp 2.4 + wink-eng-lite-web-model 1.8 need ~145 ms to load and
// ~370 ms to lemmatise the texts; compromise 14 ~270 ms to load and ~600 ms per 500 texts. The analysis target is
// ≤ 0.1 × (warm) and ≤ 0.3 × (first run) of loading the workbook (~470 ms), i.e. 50–140 ms for delta, SoD and plan
// together, so neither library fits; the closed list costs one Map lookup per distinct word.
import type { SodDuty } from './catalog.ts';
import type { SocControl } from './control.ts';
import { compilePhrases, matchPhrases, mayMatchPhrases, nfc, TextMemo, TextPairMemo, tokenize, type CompiledPhrases, type TextReader } from './clause-match.ts';
import { memoByIdentity } from './memo.ts';
import { ownerRoleText } from './owners.ts';

export { fold } from './clause-match.ts';

export interface DutyMatch {
  duty: string; // duty id
  keyword: string; // the catalogue keyword that matched (first in catalogue order)
  text: string; // the matched words as written
}

// `key`: the object the text belongs to (the control, for its title and description), shared with the text reader
export type DutyMatcher = ((text: string, key?: object) => DutyMatch[]) & {
  // false when the text certainly shows no duty (a cheap screen; true may still find nothing)
  mayMatch?: (text: string) => boolean;
  // a control's title and description, read as controlDuties joins them (memoised on the two strings, not the join);
  // the list is shared with the memo: read it, never change it
  control?: (control: SocControl) => readonly DutyMatch[];
};

const OPTIONS = { negation: true, skipSodSentences: true };

const compiledDuties = memoByIdentity((duties: readonly SodDuty[]): CompiledPhrases =>
  compilePhrases(duties.map((d) => ({ id: d.id, phrases: d.keywords }))),
);

// Each distinct text's matches, per process (owner roles repeat down a matrix; a re-analysis reads the same texts).
const MATCHES = new TextMemo<DutyMatch[]>(20_000);
const CONTROL_MATCHES = new TextPairMemo<DutyMatch[]>(20_000);

// A control's title and description as one text: a line break keeps the title's last words from forming a phrase with
// the description's first words. null: neither says anything.
export function controlDutyText(title: string, description: string): string | null {
  const hasTitle = title.trim() !== '';
  const hasDescription = description.trim() !== '';
  return hasTitle && hasDescription ? `${title}\n${description}` : hasTitle ? title : hasDescription ? description : null;
}

const copy = (found: DutyMatch[]) => (found.length === 0 ? [] : found.map((m) => ({ duty: m.duty, keyword: m.keyword, text: m.text })));

// `read`: a text reader shared with the intent reader of the same analysis (clause-match.ts textReader), so that a
// control's text is tokenised once.
export function createDutyMatcher(duties: readonly SodDuty[], read?: TextReader): DutyMatcher {
  const compiled = compiledDuties(duties);
  const controlMatches = CONTROL_MATCHES.of(compiled);
  const find = (text: string, key?: object): DutyMatch[] => {
    const r = read ? read(text, key) : null;
    const matches = r ? matchPhrases(r.source, compiled, OPTIONS, r.tokens) : matchPhrases(nfc(text), compiled, OPTIONS);
    return matches.map((m) => ({ duty: m.id, keyword: m.phrase, text: m.text }));
  };
  const matcher: DutyMatcher = (text: string, key?: object) => {
    let found = MATCHES.get(compiled, text);
    if (!found) MATCHES.set(compiled, text, (found = find(text, key)));
    return copy(found);
  };
  matcher.mayMatch = (text: string) => mayMatchPhrases(tokenize(nfc(text)), compiled);
  matcher.control = (control: SocControl) => {
    const { title, description } = control;
    let found = controlMatches.get(title, description);
    if (!found) {
      const text = controlDutyText(title, description);
      controlMatches.set(title, description, (found = text === null ? [] : find(text, control)));
    }
    return found;
  };
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
// the keywords match; only the negation/"other than" guard keeps such hand-offs out.
// Owner role text ("Dana Lee (Release Manager)") adds duties for that owner only.
export function controlDuties(control: SocControl, duties: readonly SodDuty[] | DutyMatcher): DutyEvidence[] {
  const match = typeof duties === 'function' ? duties : createDutyMatcher(duties);
  const out: DutyEvidence[] = [];
  if (match.control) {
    const found = match.control(control);
    for (let i = 0; i < found.length; i++) out.push(evidence(found[i]!, 'control', null));
  }
  else {
    const text = controlDutyText(control.title, control.description);
    if (text !== null) for (const m of match(text, control)) out.push(evidence(m, 'control', null));
  }
  for (let i = 0; i < control.owners.length; i++) {
    const role = ownerRoleText(control.owners[i]!);
    if (role) {
      const found = match(role);
      for (let k = 0; k < found.length; k++) out.push(evidence(found[k]!, 'owner-role', i));
    }
  }
  return out;
}
