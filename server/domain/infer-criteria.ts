// For a control that carries no TSC criteria, infer likely ones from its text (templates/criteria-inference.json),
// so that a criteria-less GRC export can still be matched. Inferred criteria are labelled with the phrase behind them.
import type { InferenceRule } from './catalog.ts';
import { firstMatch, normaliseText } from './text-match.ts';

export interface InferredCriterion {
  tsc: string;
  phrase: string;
}

export function inferCriteria(text: string, rules: InferenceRule[]): InferredCriterion[] {
  const norm = normaliseText(text);
  const found = new Map<string, string>();
  for (const rule of rules) {
    const phrase = firstMatch(norm, rule.phrases);
    if (phrase === null) continue;
    for (const tsc of rule.tsc) if (!found.has(tsc)) found.set(tsc, phrase);
  }
  return [...found].map(([tsc, phrase]) => ({ tsc, phrase })).sort((a, b) => a.tsc.localeCompare(b.tsc, 'en', { numeric: true }));
}
