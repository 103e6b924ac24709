// Evaluates one SOX attribute (a reason code) against the SOC 2 controls matched to a target. Each check is the
// documented rule in templates/attribute-checks.json; a few are computed from structured fields (systems, frequency,
// SoD conflicts) and use the phrases only as added evidence.
import type { AttributeCheck, Frequency, ReasonCode } from './catalog.ts';
import type { SocControl } from '../intake/control.ts';
import { normaliseText, PhraseSet } from './text-match.ts';

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
  text: ControlPhrases;
}

// Which check phrases (and financial-system names) each control's text contains: one scan per control, however many
// targets and checks ask, so the delta stays linear in the size of the matrix.
export class ControlPhrases {
  private readonly set: PhraseSet;
  private readonly checkIndex = new Map<string, number>();
  private readonly memo = new WeakMap<SocControl, ControlMemo>();

  constructor(
    checks: readonly AttributeCheck[],
    private readonly financialSystems: readonly string[],
  ) {
    checks.forEach((c, i) => this.checkIndex.set(c.code, i));
    this.set = new PhraseSet([...checks.flatMap((c) => [...c.met, ...c.unmet]), ...financialSystems.map((f) => f.toLowerCase())]);
  }

  private memoOf(c: SocControl): ControlMemo {
    let m = this.memo.get(c);
    if (!m) {
      const found = this.set.find(controlText(c));
      const systems = c.systems.map((s) => s.toLowerCase());
      const financial = this.financialSystems.find((f) => systems.includes(f.toLowerCase()) || found.has(f.toLowerCase())) ?? null;
      m = { found, financial, states: [] };
      this.memo.set(c, m);
    }
    return m;
  }

  of(c: SocControl): Set<string> {
    return this.memoOf(c).found;
  }

  // The profile financial system the control names (systems column or text), if any.
  financialSystemOf(c: SocControl): string | null {
    return this.memoOf(c).financial;
  }

  // The first unmet and met phrase of one check in the control's text, computed once per control and check.
  state(c: SocControl, check: AttributeCheck): PhraseState {
    const m = this.memoOf(c);
    const i = this.checkIndex.get(check.code) ?? -1;
    let st = i >= 0 ? m.states[i] : undefined;
    if (!st) {
      st = { unmet: check.unmet.find((p) => m.found.has(p)) ?? null, met: check.met.find((p) => m.found.has(p)) ?? null };
      if (i >= 0) m.states[i] = st;
    }
    return st;
  }
}

interface PhraseState {
  unmet: string | null;
  met: string | null;
}

interface ControlMemo {
  found: Set<string>;
  financial: string | null;
  states: (PhraseState | undefined)[];
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
export function controlText(c: SocControl): string {
  return normaliseText([c.title, c.description, c.evidence, c.frequencyRaw, ...c.extra.map(([, t]) => t)].join(' \n '));
}

const ids = (cs: SocControl[]) => cs.map((c) => c.id);
const list = (xs: string[], max = 4) => (xs.length > max ? `${xs.slice(0, max).join(', ')} and ${xs.length - max} more` : xs.join(', '));

function byPhrases(check: AttributeCheck, ctx: CheckContext): CheckOutcome {
  const unmetBy: { id: string; p: string }[] = [];
  const metBy: { id: string; p: string }[] = [];
  for (const c of ctx.controls) {
    const st = ctx.text.state(c, check);
    if (st.unmet) unmetBy.push({ id: c.id, p: st.unmet });
    else if (st.met) metBy.push({ id: c.id, p: st.met });
  }
  const say = (xs: { id: string; p: string }[]) => list(xs.slice(0, 5).map((x) => `${x.id} says "${x.p}"`)) + (xs.length > 5 ? ` and ${xs.length - 5} more` : '');
  if (unmetBy.length > 0) return { code: check.code, state: 'unmet', finding: say(unmetBy), controls: unmetBy.map((u) => u.id) };
  if (metBy.length > 0) return { code: check.code, state: 'met', finding: say(metBy), controls: metBy.map((m) => m.id) };
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
    for (const s of c.systems) named.add(s);
    const fin = ctx.text.financialSystemOf(c);
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
