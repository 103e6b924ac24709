// Evaluates one SOX attribute (a reason code) against the SOC 2 controls matched to a target. Each check is the
// documented rule in templates/attribute-checks.json; a few are computed from structured fields (systems, frequency,
// SoD conflicts) and use the phrases only as added evidence.
import type { AttributeCheck, Frequency, ReasonCode } from './catalog.ts';
import type { SocControl } from '../intake/control.ts';
import { containsPhrase, firstMatch, normaliseText } from './text-match.ts';

export type CheckState = 'met' | 'unmet' | 'unknown';

export interface CheckOutcome {
  code: ReasonCode;
  state: CheckState;
  finding: string; // why, in one sentence, naming controls where it can
  controls: string[]; // the controls the finding is about
}

export interface OwnerConflictRef {
  rule: string;
  owner: string;
  controls: string[];
}

export interface CheckContext {
  controls: SocControl[];
  targetFrequency: Frequency;
  financialSystems: string[];
  conflicts: OwnerConflictRef[]; // owner-based SoD conflicts of the whole matrix
}

// Most frequent first; event-driven has no place on this scale.
const FREQUENCY_RANK: Partial<Record<Frequency, number>> = {
  continuous: 0,
  daily: 1,
  weekly: 2,
  'semi-monthly': 3,
  monthly: 4,
  quarterly: 5,
  'semi-annual': 6,
  annual: 7,
};

export function controlText(c: SocControl): string {
  return normaliseText([c.title, c.description, c.evidence, ...c.original.map(([, t]) => t)].join(' \n '));
}

const ids = (cs: SocControl[]) => cs.map((c) => c.id);
const list = (xs: string[], max = 4) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));

function byPhrases(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const unmetBy = ctx.controls.flatMap((c) => {
    const p = firstMatch(controlText(c), check.unmet);
    return p ? [{ c, p }] : [];
  });
  if (unmetBy.length > 0)
    return {
      code: check.code,
      state: 'unmet',
      finding: `${list(unmetBy.map((u) => `${u.c.id} says "${u.p}"`))}`,
      controls: unmetBy.map((u) => u.c.id),
    };
  const metBy = ctx.controls.flatMap((c) => {
    const p = firstMatch(controlText(c), check.met);
    return p ? [{ c, p }] : [];
  });
  if (metBy.length > 0)
    return {
      code: check.code,
      state: 'met',
      finding: `${list(metBy.map((m) => `${m.c.id} says "${m.p}"`))}`,
      controls: metBy.map((m) => m.c.id),
    };
  return {
    code: check.code,
    state: check.whenSilent,
    finding: `none of ${list(ids(ctx.controls))} says so`,
    controls: ids(ctx.controls),
  };
}

function financialScope(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const named = new Set<string>();
  const hits: string[] = [];
  for (const c of ctx.controls) {
    const text = controlText(c);
    for (const s of c.systems) named.add(s);
    const fin = ctx.financialSystems.find(
      (f) => c.systems.some((s) => s.toLowerCase() === f.toLowerCase()) || containsPhrase(text, f.toLowerCase()),
    );
    if (fin) hits.push(`${c.id} names ${fin}`);
  }
  if (hits.length > 0) return { code: check.code, state: 'met', finding: list(hits), controls: ids(ctx.controls) };
  const general = byPhrases({ ...check, unmet: [] }, ctx);
  if (general.state === 'met') return general;
  const systems = named.size > 0 ? `name ${list([...named])}` : 'name no system';
  const fin =
    ctx.financialSystems.length > 0
      ? `none is a financial system of the profile (${list(ctx.financialSystems)})`
      : 'and the profile names no financial system yet';
  return { code: check.code, state: 'unmet', finding: `${list(ids(ctx.controls))} ${systems}; ${fin}`, controls: ids(ctx.controls) };
}

function frequency(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const target = FREQUENCY_RANK[ctx.targetFrequency];
  const known = ctx.controls.filter((c) => c.frequency !== null && FREQUENCY_RANK[c.frequency] !== undefined);
  if (target === undefined || known.length === 0)
    return { code: check.code, state: 'unknown', finding: 'no comparable frequency stated', controls: [] };
  const best = known.reduce((a, b) => ((FREQUENCY_RANK[a.frequency!] ?? 9) <= (FREQUENCY_RANK[b.frequency!] ?? 9) ? a : b));
  const rank = FREQUENCY_RANK[best.frequency!] ?? 9;
  return rank <= target
    ? { code: check.code, state: 'met', finding: `${best.id} runs ${best.frequency}`, controls: [best.id] }
    : {
        code: check.code,
        state: 'unmet',
        finding: `the most frequent of the matched controls (${best.id}) runs ${best.frequency}; SOX needs ${ctx.targetFrequency}`,
        controls: known.map((c) => c.id),
      };
}

function sodBased(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const rules = check.sodRules ?? [];
  const mine = new Set(ids(ctx.controls));
  const hits = ctx.conflicts.filter((k) => (rules.includes('*') || rules.includes(k.rule)) && k.controls.some((c) => mine.has(c)));
  if (hits.length > 0)
    return {
      code: check.code,
      state: 'unmet',
      finding: list(hits.map((h) => `${h.owner} holds both sides of ${h.rule} (${list(h.controls.filter((c) => mine.has(c)))})`)),
      controls: [...new Set(hits.flatMap((h) => h.controls.filter((c) => mine.has(c))))],
    };
  return byPhrases(check, ctx);
}

export function evaluateCheck(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  switch (check.code) {
    case 'financial-scope':
      return financialScope(check, ctx);
    case 'frequency':
      return frequency(check, ctx);
    case 'evidence': {
      const withColumn = ctx.controls.filter((c) => c.evidence.trim() !== '');
      if (withColumn.length > 0)
        return { code: check.code, state: 'met', finding: `${list(ids(withColumn))} name their evidence`, controls: ids(withColumn) };
      return byPhrases(check, ctx);
    }
    default:
      return check.sodRules && check.sodRules.length > 0 ? sodBased(check, ctx) : byPhrases(check, ctx);
  }
}
