// For a control that carries no TSC criteria, infer likely ones from its text (templates/criteria-inference.json),
// so that a criteria-less GRC export can still be matched. Inferred criteria are labelled with the phrase behind them.
import type { InferenceRule } from './catalog.ts';
import { memoByIdentity } from './memo.ts';
import { PhraseSet } from './text-match.ts';

export interface InferredCriterion {
  tsc: string;
  phrase: string;
}

// One collator for every comparison: localeCompare with options builds a new one per call (~100× slower).
const byTsc = new Intl.Collator('en', { numeric: true }).compare;

type Inferrer = (...parts: string[]) => InferredCriterion[];

// Built once per rule table.
export const criteriaInferrer = memoByIdentity((rules: readonly InferenceRule[]): Inferrer => {
  const set = new PhraseSet(rules.flatMap((r) => r.phrases));
  return (...parts) => {
    const present = set.scan(parts);
    if (present.size === 0) return [];
    const found = new Map<string, string>();
    for (const rule of rules) {
      const phrase = rule.phrases.find((p) => present.has(p));
      if (phrase === undefined) continue;
      for (const tsc of rule.tsc) if (!found.has(tsc)) found.set(tsc, phrase);
    }
    return [...found].map(([tsc, phrase]) => ({ tsc, phrase })).sort((a, b) => byTsc(a.tsc, b.tsc));
  };
});

export function inferCriteria(text: string, rules: readonly InferenceRule[]): InferredCriterion[] {
  return criteriaInferrer(rules)(text);
}
