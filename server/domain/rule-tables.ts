// The catalogue's phrase tables compiled into matchers once per catalogue, not once per analysis: the check phrases of
// the delta, the criteria-inference phrases, the SoD duty keywords and the targets' intent terms. loadCatalog prepares them, so a server pays
// the compile at start-up and every analysis after that starts with them ready.
import type { AttributeCheck, Catalog, SodDuty, SodRule } from './catalog.ts';
import { createDutyMatcher } from './duties.ts';
import { criteriaInferrer } from './infer-criteria.ts';
import { intentReader } from './intent.ts';
import { memoByIdentity } from './memo.ts';
import { PhraseSet } from './text-match.ts';

// Every phrase of every attribute check, in one automaton.
export const checkPhraseSet = memoByIdentity((checks: readonly AttributeCheck[]) => new PhraseSet(checks.flatMap((c) => [...c.met, ...c.unmet])));

// The duties of a rule set, each once, in the order the rules name them.
export const ruleSetDuties = memoByIdentity((rules: readonly SodRule[]): SodDuty[] => {
  const duties = new Map<string, SodDuty>();
  for (const r of rules) for (const d of r.duties) if (!duties.has(d.id)) duties.set(d.id, d);
  return [...duties.values()];
});

export function prepareRuleTables(catalog: Pick<Catalog, 'checks' | 'inference' | 'sodRules'> & Partial<Pick<Catalog, 'targets'>>): void {
  checkPhraseSet(catalog.checks);
  criteriaInferrer(catalog.inference);
  createDutyMatcher(ruleSetDuties(catalog.sodRules));
  if (catalog.targets) intentReader(catalog.targets);
}
