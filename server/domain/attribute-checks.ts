// Evaluates one SOX attribute (a reason code) against the SOC 2 controls matched to a target. Each check is the
// documented rule in templates/attribute-checks.json; a few are computed from structured fields (systems, frequency,
// SoD conflicts) and use the phrases only as added evidence.
import type { AttributeCheck, Frequency, ReasonCode } from './catalog.ts';
import type { SocControl } from './control.ts';
import { checkPhraseSet } from './rule-tables.ts';
import { containsPhrase, normaliseText, type PhraseSet } from './text-match.ts';

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
  conflictsByControl: Map<string, OwnerConflictRef[]>; // owner-based SoD conflicts of the matrix, by control id
  text: ControlPhrases;
  ids: string[]; // the ids of `controls`, computed once per target
}

// Which check phrases (and financial-system names) each control's text contains: one scan per distinct cell text
// (a matrix repeats its status, type, policy... columns), however many targets and checks ask, so the delta stays
// linear in the size of the matrix. Each cell is scanned on its own: a phrase never runs from one column into the next.
export class ControlPhrases {
  private readonly set: PhraseSet;
  private readonly checkIndex = new Map<string, number>();
  private readonly checkIds: { unmet: number[]; met: number[] }[];
  private readonly financialNames: string[];
  private readonly financialFirstWords: string[]; // a cheap test before normalising the text
  private readonly byPart = new Map<string, number[]>();
  private readonly memo = new Map<SocControl, ControlMemo>();

  constructor(
    checks: readonly AttributeCheck[],
    private readonly financialSystems: readonly string[],
  ) {
    checks.forEach((c, i) => this.checkIndex.set(c.code, i));
    this.set = checkPhraseSet(checks);
    const idOf = new Map(this.set.all.map((p, i) => [p, i]));
    const ids = (phrases: readonly string[]) => phrases.map((p) => idOf.get(p) ?? -1);
    this.checkIds = checks.map((c) => ({ unmet: ids(c.unmet), met: ids(c.met) }));
    // Financial systems come from the profile: matched beside the catalogue's automaton, numbered after its phrases.
    this.financialNames = financialSystems.map((f) => f.toLowerCase());
    this.financialFirstWords = this.financialNames.map((f) => f.split(' ')[0]!);
  }

  // The phrases (and, numbered after them, the financial systems) one cell's text holds; each distinct text once.
  private partIds(part: string): number[] {
    let ids = this.byPart.get(part);
    if (ids) return ids;
    ids = this.set.ids(part);
    if (ids.length === 0) ids = NONE;
    if (this.financialNames.length > 0) {
      const lower = part.toLowerCase();
      let text: string | null = null;
      for (let i = 0; i < this.financialNames.length; i++) {
        if (!lower.includes(this.financialFirstWords[i]!)) continue;
        text ??= normaliseText(part);
        if (containsPhrase(text, this.financialNames[i]!)) ids = [...ids, this.set.all.length + i];
      }
    }
    this.byPart.set(part, ids);
    return ids;
  }

  private memoOf(c: SocControl): ControlMemo {
    let m = this.memo.get(c);
    if (!m) {
      let ids: number[] = NONE;
      for (const part of controlParts(c)) {
        const found = this.partIds(part);
        if (found.length > 0) ids = ids.length === 0 ? found : [...ids, ...found];
      }
      let financial: string | null = null;
      const fin0 = this.set.all.length;
      for (let i = 0; i < this.financialSystems.length && financial === null; i++)
        if (ids.includes(fin0 + i) || c.systems.some((s) => s.toLowerCase() === this.financialNames[i])) financial = this.financialSystems[i]!;
      m = { ids, financial };
      this.memo.set(c, m);
    }
    return m;
  }

  // The profile financial system the control names (systems column or text), if any.
  financialSystemOf(c: SocControl): string | null {
    return this.memoOf(c).financial;
  }

  // The first of one check's unmet (or met) phrases, in the check's order, that the control's text holds.
  phrase(c: SocControl, check: AttributeCheck, which: 'unmet' | 'met'): string | null {
    const { ids } = this.memoOf(c);
    if (ids.length === 0) return null;
    const checkIds = this.checkIds[this.checkIndex.get(check.code) ?? -1]?.[which];
    if (!checkIds) return null;
    for (let k = 0; k < checkIds.length; k++) if (checkIds[k]! >= 0 && ids.includes(checkIds[k]!)) return check[which][k]!;
    return null;
  }
}

const NONE: number[] = [];

interface ControlMemo {
  ids: readonly number[]; // the numbers of the phrases (and financial systems) the control's text holds
  financial: string | null;
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

// Everything the client wrote about the control except its id, criteria, owner and systems columns.
export function controlParts(c: SocControl): string[] {
  const parts = [c.title, c.description, c.evidence, c.frequencyRaw];
  for (const [, t] of c.extra) parts.push(t);
  return parts;
}

const list = (xs: string[], max = 4) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));

const FIRST = 5;
const more = (n: number) => (n > FIRST ? ` and ${n - FIRST} more` : '');

function byPhrases(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const unmet: string[] = [];
  const met: string[] = [];
  const said: string[] = [];
  const metSaid: string[] = [];
  for (const c of ctx.controls) {
    const no = ctx.text.phrase(c, check, 'unmet');
    if (no) {
      if (unmet.length < FIRST) said.push(`${c.id} says "${no}"`);
      unmet.push(c.id);
      continue;
    }
    const yes = ctx.text.phrase(c, check, 'met');
    if (yes) {
      if (met.length < FIRST) metSaid.push(`${c.id} says "${yes}"`);
      met.push(c.id);
    }
  }
  if (unmet.length > 0) return { code: check.code, state: 'unmet', finding: said.join(', ') + more(unmet.length), controls: unmet };
  if (met.length > 0) return { code: check.code, state: 'met', finding: metSaid.join(', ') + more(met.length), controls: met };
  return { code: check.code, state: check.whenSilent, finding: `none of ${list(ctx.ids)} says so`, controls: ctx.ids };
}

function financialScope(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const named = new Set<string>();
  const hits: string[] = [];
  let count = 0;
  for (const c of ctx.controls) {
    for (const s of c.systems) if (named.size < 50) named.add(s);
    const fin = ctx.text.financialSystemOf(c);
    if (fin) {
      if (count < FIRST) hits.push(`${c.id} names ${fin}`);
      count++;
    }
  }
  if (count > 0) return { code: check.code, state: 'met', finding: hits.join(', ') + more(count), controls: ctx.ids };
  const general = byPhrases(check, ctx);
  if (general.state === 'met') return general;
  const verb = ctx.ids.length === 1 ? 'names' : 'name';
  const systems = named.size > 0 ? `${verb} ${list([...named])}` : `${verb} no system`;
  const fin =
    ctx.financialSystems.length > 0
      ? `none is a financial system of the profile (${list(ctx.financialSystems)})`
      : 'and the profile names no financial system yet';
  return { code: check.code, state: 'unmet', finding: `${list(ctx.ids)} ${systems}; ${fin}`, controls: ctx.ids };
}

function frequency(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const target = FREQUENCY_RANK[ctx.targetFrequency];
  let best: SocControl | null = null;
  let bestRank = 99;
  const known: string[] = [];
  for (const c of ctx.controls) {
    const r = c.frequency === null ? undefined : FREQUENCY_RANK[c.frequency];
    if (r === undefined) continue;
    known.push(c.id);
    if (r < bestRank) {
      bestRank = r;
      best = c;
    }
  }
  if (target === undefined || best === null)
    return { code: check.code, state: 'unknown', finding: 'no comparable frequency stated', controls: [] };
  return bestRank <= target
    ? { code: check.code, state: 'met', finding: `${best.id} runs ${best.frequency}`, controls: [best.id] }
    : {
        code: check.code,
        state: 'unmet',
        finding: `the most frequent of the matched controls (${best.id}) runs ${best.frequency}; SOX needs ${ctx.targetFrequency}`,
        controls: known,
      };
}

function sodBased(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const rules = check.sodRules ?? [];
  const any = rules.includes('*');
  const hits = new Map<OwnerConflictRef, string[]>();
  for (const c of ctx.controls)
    for (const k of ctx.conflictsByControl.get(c.id) ?? []) {
      if (!any && !rules.includes(k.rule)) continue;
      const list0 = hits.get(k) ?? [];
      if (!list0.includes(c.id)) list0.push(c.id);
      hits.set(k, list0);
    }
  if (hits.size > 0)
    return {
      code: check.code,
      state: 'unmet',
      finding: list([...hits].map(([h, cs]) => `${h.owner} holds both sides of ${h.rule} (${list(cs)})`)),
      controls: [...new Set([...hits.values()].flat())],
    };
  return byPhrases(check, ctx);
}

// Owner conflicts by control id, built once per analysis.
export function conflictsByControl(conflicts: readonly OwnerConflictRef[]): Map<string, OwnerConflictRef[]> {
  const m = new Map<string, OwnerConflictRef[]>();
  for (const k of conflicts)
    for (const id of new Set(k.controls)) {
      const l = m.get(id);
      if (l) l.push(k);
      else m.set(id, [k]);
    }
  return m;
}

export function evaluateCheck(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  switch (check.code) {
    case 'financial-scope':
      return financialScope(check, ctx);
    case 'frequency':
      return frequency(check, ctx);
    case 'evidence': {
      const withColumn: string[] = [];
      for (const c of ctx.controls) if (c.evidence.trim() !== '') withColumn.push(c.id);
      if (withColumn.length > 0)
        return { code: check.code, state: 'met', finding: withColumn.length === 1 ? `${withColumn[0]} names its evidence` : `${list(withColumn)} name their evidence`, controls: withColumn };
      return byPhrases(check, ctx);
    }
    default:
      return check.sodRules && check.sodRules.length > 0 ? sodBased(check, ctx) : byPhrases(check, ctx);
  }
}
