// The delta: every catalogue target gets exactly one status from the SOC 2 controls that map to it, with its
// reasons (reason codes + sentence) and every contributing control. Pure and deterministic.
import type { Assertion, Catalog, Frequency, Method, Nature, ReasonCode, Relationship, SoxTarget, TargetCategory } from './catalog.ts';
import type { SocControl } from './control.ts';
import { ControlPhrases, conflictsByControl, evaluateCheck, type CheckOutcome, type OwnerConflictRef } from './attribute-checks.ts';
import { criteriaInferrer, type InferredCriterion } from './infer-criteria.ts';
import { intentReader, judgeIntent, type IntentMatch, type IntentVerdict, type TermsReader } from './intent.ts';
import { counts, orphanedReviews, reviewMark, reviewsByTarget, type MappingReview, type OrphanedReview, type ReviewMark } from './mapping-review.ts';
import type { EngagementProfile } from './profile.ts';
import { plural } from './words.ts';

export type TargetStatus = 'covered' | 'enhance' | 'gap' | 'not-applicable';
export type Classification = 'reuse' | 'reuse-with-changes' | 'not-sox-relevant';

export interface DeltaReason {
  code: ReasonCode;
  text: string; // what must change, in plain words
  finding: string; // what the analysis saw
  rule: string; // the documented rule that decided it
  blocking: boolean; // false: documentation the RCM phase adds (assertions, key flag); does not lower the status
  controls: string[];
}

export interface DeltaSource {
  controlId: string;
  file: string;
  sheet: string;
  row: number;
  via: { tsc: string; relationship: Relationship; inferred: boolean; phrase: string | null }[];
  // how well the control's words support what the target asks (intent.ts); "reviewer": a reviewer made it a source
  // (accepted a candidate, or added a link the engine did not make: mapping-review.ts)
  match: IntentMatch | 'reviewer';
  matched: string[]; // the target's terms found in the control
  review?: ReviewMark; // the reviewer's decision on this link, when there is one
}

// A control that shares a criterion with the target but whose words do not support what it asks: listed, never
// silently dropped.
export interface DeltaCandidate {
  controlId: string;
  file: string;
  sheet: string;
  row: number;
  via: DeltaSource['via'];
  reason: string;
  matched: string[];
  excluded: string[];
  review?: ReviewMark; // a reviewer rejected it (or confirmed the engine's rejection)
}

export interface DeltaItem {
  id: string;
  title: string;
  category: TargetCategory;
  key: boolean;
  coso: number[];
  assertions: Assertion[];
  frequency: Frequency;
  nature: Nature;
  method: Method;
  status: TargetStatus;
  coverage: 'full' | 'partial' | 'none';
  basis: string; // one sentence: why this status
  reasons: DeltaReason[];
  sources: DeltaSource[];
  candidates: DeltaCandidate[]; // rejected by the intent test or by a reviewer, with the reason
  checks: CheckOutcome[];
  orphanedReviews?: OrphanedReview[]; // decisions on this target about a control no longer in the matrix: kept, shown
}

export interface ControlUse {
  controlId: string;
  file: string;
  sheet: string;
  row: number;
  classification: Classification;
  targets: string[];
  reasons: string[]; // sentences
  reasonCodes: ReasonCode[];
  criteria: string[];
  inferred: InferredCriterion[];
}

export interface Delta {
  items: DeltaItem[];
  controls: ControlUse[];
  summary: { covered: number; enhance: number; gap: number; notApplicable: number };
  reviews?: MappingReview[]; // the reviewers' decisions the delta applied (mapping-review.ts)
  orphanedReviews?: OrphanedReview[]; // decisions about a target or control that does not exist (any more)
}

const FULL: ReadonlySet<Relationship> = new Set(['equal', 'superset']);
const NOT_FINANCIAL_FAMILIES = /^(P\d|C\d)/; // privacy and confidentiality criteria do not bear on ICFR

const ALWAYS_FOR_REUSE: { code: ReasonCode; text: string; rule: string }[] = [
  {
    code: 'assertions',
    text: 'Record the financial statement assertions this control addresses in the RCM.',
    rule: 'SOC 2 matrices do not carry assertions (AS 1105 .11); raised for every reused SOC 2 control, documentation only',
  },
  {
    code: 'key-control',
    text: 'Decide and record whether this is a key control, with its nature, method and frequency.',
    rule: 'SOC 2 matrices do not carry the key flag; raised for every reused SOC 2 control, documentation only',
  },
];

function isApplicable(t: SoxTarget, profile: EngagementProfile): { applicable: boolean; basis: string } {
  if (t.category.startsWith('process:')) {
    const cycle = t.category.slice('process:'.length);
    if (!(profile.cyclesInScope as string[]).includes(cycle))
      return { applicable: false, basis: `the ${cycle} cycle is not in scope in the engagement profile` };
  }
  return { applicable: true, basis: '' };
}

// "The control names no financial system" means something only where a system is the point: ITGCs, and process
// controls that are automated or rely on system output. An entity-level control (code of conduct, hotline, fraud
// risk) or a service-organisation review is not about one system.
export function financialScopeApplies(t: Pick<SoxTarget, 'category' | 'method'>): boolean {
  if (t.category.startsWith('itgc')) return true;
  return t.category.startsWith('process:') && (t.method === 'automated' || t.method === 'it-dependent-manual');
}

interface Link {
  control: SocControl;
  index: number; // the control's position in the matrix
  tsc: string;
  inferred: boolean;
  phrase: string | null;
}

// The criteria the catalogue's targets are met through, once per catalogue: a control linked through no other
// criterion can be a candidate of no target.
const TARGET_CRITERIA = new WeakMap<readonly SoxTarget[], ReadonlySet<string>>();
export function targetCriteria(targets: readonly SoxTarget[]): ReadonlySet<string> {
  let criteria = TARGET_CRITERIA.get(targets);
  if (!criteria) TARGET_CRITERIA.set(targets, (criteria = new Set(targets.flatMap((t) => t.satisfiedBy.map((s) => s.tsc)))));
  return criteria;
}
// A control with criteria of its own infers none: one shared empty list (lists in the output are never changed).
const NO_INFERRED: InferredCriterion[] = [];
const NO_ITEMS: DeltaItem[] = [];

export function computeDelta(
  catalog: Pick<Catalog, 'targets' | 'checks' | 'inference'>,
  controls: SocControl[],
  profile: EngagementProfile,
  conflicts: OwnerConflictRef[],
  soc1?: (t: SoxTarget) => (CheckOutcome & { rule: string }) | null, // the SOC 1 register's verdict (soc1-register.ts)
  reviews: readonly MappingReview[] = [], // reviewers' decisions on source→target links (mapping-review.ts)
  terms?: TermsReader, // this analysis's intent reader (intentReader), if it has one
): Delta {
  // Criterion → controls, using the client's own criteria, or inferred ones when a control carries none.
  const inferredOf: InferredCriterion[][] = [];
  const byCriterion = new Map<string, Link[]>();
  const infer = criteriaInferrer(catalog.inference);
  const text = new ControlPhrases(catalog.checks, profile.financialSystems);
  const byControl = conflictsByControl(conflicts);
  // Link details are shared between controls that come through the same criterion the same way (read-only data).
  const viaCache = new Map<string, DeltaSource['via'][number]>();
  const viaOf = (tsc: string, relationship: Relationship, inferred: boolean, phrase: string | null) => {
    const k = `${tsc}\u0000${relationship}\u0000${inferred ? 1 : 0}\u0000${phrase ?? ''}`;
    let v = viaCache.get(k);
    if (!v) viaCache.set(k, (v = { tsc, relationship, inferred, phrase }));
    return v;
  };
  // Most sources come through one criterion: their one-link lists are shared too (never mutated, only replaced).
  const single = new Map<DeltaSource['via'][number], DeltaSource['via']>();
  const alone = (v: DeltaSource['via'][number]) => {
    let list = single.get(v);
    if (!list) single.set(v, (list = [v]));
    return list;
  };
  const link = (l: Link) => {
    const list = byCriterion.get(l.tsc);
    if (list) list.push(l);
    else byCriterion.set(l.tsc, [l]);
  };
  // (links only through criteria some target is met through: no target looks up the others)
  const used = targetCriteria(catalog.targets);
  for (let index = 0; index < controls.length; index++) {
    const c = controls[index]!;
    if (c.criteria.length > 0) {
      inferredOf.push(NO_INFERRED);
      for (const tsc of c.criteria) if (used.has(tsc)) link({ control: c, index, tsc, inferred: false, phrase: null });
    } else {
      const inferred = infer(c.title, c.description);
      inferredOf.push(inferred);
      for (const i of inferred) if (used.has(i.tsc)) link({ control: c, index, tsc: i.tsc, inferred: true, phrase: i.phrase });
    }
  }
  // the targets each control feeds, in catalogue order (a list only for a control that feeds one)
  const itemsOf: (DeltaItem[] | undefined)[] = new Array<DeltaItem[] | undefined>(controls.length);
  const checkByCode = new Map(catalog.checks.map((ch) => [ch.code, ch]));
  const termsOf = terms ?? intentReader(catalog.targets);
  const frequencyCheck = checkByCode.get('frequency');
  // Reviewers' decisions, by target then control id; a control named by id is its first row in the matrix.
  const decidedOf = reviewsByTarget(reviews);
  const byId = new Map<string, { control: SocControl; index: number }>();
  if (reviews.length > 0) controls.forEach((control, index) => byId.has(control.id) || byId.set(control.id, { control, index }));

  // per control position: the target that last met it (its stamp) and its links to that target
  const seenBy = new Int32Array(controls.length);
  const viaAt: DeltaSource['via'][] = new Array<DeltaSource['via']>(controls.length);
  let targetStamp = 0;
  const items: DeltaItem[] = catalog.targets.map((t) => {
    const indexes: number[] = [];
    const item = targetItem(t, indexes);
    for (const i of indexes) (itemsOf[i] ??= []).push(item);
    return item;
  });

  // One target's status; `indexes` receives the position of every contributing control.
  function targetItem(t: SoxTarget, indexes: number[]): DeltaItem {
    const app = isApplicable(t, profile);
    if (!app.applicable) return deltaItem(t, 'not-applicable', 'none', app.basis, [], [], [], [], []);

    // Every control that maps through any of the target's criteria is a candidate (N-to-N); it is a source when its
    // words support what the target asks (intent.ts), and otherwise listed under candidates with the reason.
    // (by the control's position, stamped with this target: no map per target over thousands of candidates)
    const stamp = ++targetStamp;
    const found: number[] = []; // control positions, in the order first met
    for (const s of t.satisfiedBy) {
      const links = byCriterion.get(s.tsc) ?? [];
      const direct = viaOf(s.tsc, s.relationship, false, null);
      for (let k = 0; k < links.length; k++) {
        const l = links[k]!;
        const via = l.inferred ? viaOf(s.tsc, s.relationship, true, l.phrase) : direct;
        if (seenBy[l.index] === stamp) viaAt[l.index] = [...viaAt[l.index]!, via];
        else {
          seenBy[l.index] = stamp;
          viaAt[l.index] = alone(via);
          found.push(l.index);
        }
      }
    }
    const sourceList: DeltaSource[] = [];
    const matched: SocControl[] = [];
    const candidates: DeltaCandidate[] = [];
    const decided = decidedOf.get(t.id);
    // controls naming the same terms share one set (intentReader): one verdict per set (its lists are shared, read-only)
    const verdicts = new Map<ReadonlySet<string>, IntentVerdict>();
    for (let f = 0; f < found.length; f++) {
      const index = found[f]!;
      const control = controls[index]!;
      const via = viaAt[index]!;
      const terms = termsOf(control, index);
      let verdict = verdicts.get(terms);
      if (!verdict) verdicts.set(terms, (verdict = judgeIntent(t.intent, terms)));
      const { file, sheet, row } = control.source;
      const r = decided?.get(control.id);
      if (r && !counts(r))
        candidates.push({ controlId: control.id, file, sheet, row, via, reason: `rejected by ${r.author}: ${r.reason}`, matched: verdict.matched, excluded: verdict.excluded, review: reviewMark(r) });
      else if (verdict.accepted && verdict.match) {
        const src: DeltaSource = { controlId: control.id, file, sheet, row, via, match: verdict.match, matched: verdict.matched };
        if (r) src.review = reviewMark(r);
        sourceList.push(src);
        matched.push(control);
        indexes.push(index);
      } else if (r) {
        sourceList.push({ controlId: control.id, file, sheet, row, via, match: 'reviewer', matched: verdict.matched, review: reviewMark(r) });
        matched.push(control);
        indexes.push(index);
      } else candidates.push({ controlId: control.id, file, sheet, row, via, reason: verdict.reason, matched: verdict.matched, excluded: verdict.excluded });
    }
    // Links the engine did not make (no shared criterion) that a reviewer accepted or added: sources through no
    // criterion, so never full coverage on their own. Decisions about a control no longer in the matrix are kept.
    const orphaned: OrphanedReview[] = [];
    if (decided)
      for (const r of decided.values()) {
        if (!counts(r)) continue;
        const hit = byId.get(r.controlId);
        if (!hit) continue;
        if (seenBy[hit.index] === stamp) continue; // met through a criterion: decided above
        const { file, sheet, row } = hit.control.source;
        sourceList.push({ controlId: r.controlId, file, sheet, row, via: [], match: 'reviewer', matched: [], review: reviewMark(r) });
        matched.push(hit.control);
        indexes.push(hit.index);
      }
    if (decided) for (const r of decided.values()) if (!byId.has(r.controlId)) orphaned.push({ ...r, why: `no control ${r.controlId} in the imported matrix` });
    let full = false;
    const through: string[] = [];
    for (const s of t.satisfiedBy) {
      let used = false;
      for (let k = 0; k < sourceList.length && !used; k++) if (sourceList[k]!.via.some((v) => v.tsc === s.tsc)) used = true;
      if (!used) continue;
      through.push(`${s.tsc} (${s.relationship})`);
      if (FULL.has(s.relationship)) full = true;
    }
    for (const src of sourceList) if (src.via.length === 0) through.push(`${src.controlId} (added by a reviewer)`);
    if (matched.length === 0) {
      const rejected = candidates.filter((c) => c.review && !counts(c.review)).length;
      const basis =
        (t.satisfiedBy.length === 0
          ? 'SOC 2 has no criterion that covers this; it must be designed and implemented'
          : candidates.length > 0
            ? `${plural(candidates.length, 'control')} ${candidates.length === 1 ? 'shares' : 'share'} ${t.satisfiedBy.map((s) => s.tsc).join(', ')} but none does what this target asks`
            : `no SOC 2 control maps to ${t.satisfiedBy.map((s) => s.tsc).join(', ')}`) + (rejected > 0 ? ` (${rejected} rejected by a reviewer)` : '');
      const reasons: DeltaReason[] = [
        {
          code: 'no-source-control',
          text: `Design and implement: ${t.description}`,
          finding: basis,
          rule: 'a target with no SOC 2 control whose criteria and words support it is a gap',
          blocking: true,
          controls: [],
        },
      ];
      return deltaItem(t, 'gap', 'none', basis, reasons, [], candidates, [], orphaned);
    }

    const matchedIds = matched.map((c) => c.id);
    const ctx = { controls: matched, targetFrequency: t.frequency, financialSystems: profile.financialSystems, conflictsByControl: byControl, text, ids: matchedIds };
    const checks: CheckOutcome[] = [];
    const reasons: DeltaReason[] = [];
    const seen = new Set<ReasonCode>();
    for (const req of t.soxRequires) {
      if (seen.has(req.code)) continue;
      seen.add(req.code);
      if (req.code === 'assertions' || req.code === 'key-control' || req.code === 'no-source-control') continue;
      if (req.code === 'financial-scope' && !financialScopeApplies(t)) continue;
      const check = checkByCode.get(req.code);
      if (!check) continue; // integrity checks make this unreachable for shipped templates
      const register = req.code === 'soc1-reliance' && soc1 ? soc1(t) : null; // the register decides where it applies
      const out = register ? { code: register.code, state: register.state, finding: register.finding, controls: register.controls } : evaluateCheck(check, ctx);
      checks.push(out);
      if (out.state === 'unmet' || (out.state === 'unknown' && !full))
        reasons.push({
          code: req.code,
          text: req.text,
          finding: out.state === 'unknown' ? `not confirmed: ${out.finding}` : out.finding,
          rule: register ? register.rule : check.computed,
          blocking: true,
          controls: out.controls,
        });
    }
    if (frequencyCheck && !seen.has('frequency')) {
      const out = evaluateCheck(frequencyCheck, ctx);
      checks.push(out);
      if (out.state === 'unmet')
        reasons.push({
          code: 'frequency',
          text: `Run the control at least ${t.frequency}.`,
          finding: out.finding,
          rule: frequencyCheck.computed,
          blocking: true,
          controls: out.controls,
        });
    }
    if (!full && !reasons.some((r) => r.blocking)) {
      reasons.push({
        code: 'evidence',
        text: `Document how the control meets the whole of "${t.title}", not only the overlapping SOC 2 criterion.`,
        finding: `the mapped criteria only overlap this target (${[...new Set(t.satisfiedBy.map((s) => s.relationship))].join(', ')})`,
        rule: 'a subset or intersect relationship (NIST IR 8477) is partial coverage: enhance at best',
        blocking: true,
        controls: matchedIds,
      });
    }
    for (const a of ALWAYS_FOR_REUSE) reasons.push({ ...a, finding: 'reused SOC 2 control', blocking: false, controls: matchedIds });

    const status: TargetStatus = reasons.some((r) => r.blocking) ? 'enhance' : 'covered';
    let inferredOnly = true;
    for (const src of sourceList) {
      if (src.via.length === 0) inferredOnly = false;
      for (const v of src.via) if (!v.inferred) inferredOnly = false;
    }
    const basis =
      (status === 'covered'
        ? `fully covered by ${plural(matched.length, 'SOC 2 control')} through ${through.join(', ')}, and every SOX attribute checked is met`
        : `${full ? 'covered' : 'partly covered'} by ${plural(matched.length, 'SOC 2 control')} through ${through.join(', ')}; ${plural(reasons.filter((r) => r.blocking).length, 'SOX attribute')} to add`) +
      (inferredOnly ? ' (criteria inferred from the control text)' : '');
    return deltaItem(t, status, full ? 'full' : 'partial', basis, reasons, sourceList, candidates, checks, orphaned);
  }

  const controlsOut = classifyControls(controls, itemsOf, inferredOf);
  const summary = { covered: 0, enhance: 0, gap: 0, notApplicable: 0 };
  for (const i of items) {
    if (i.status === 'not-applicable') summary.notApplicable++;
    else summary[i.status]++;
  }
  if (reviews.length === 0) return { items, controls: controlsOut, summary };
  const orphans = orphanedReviews(reviews, new Set(catalog.targets.map((t) => t.id)), new Set(controls.map((c) => c.id)));
  return { items, controls: controlsOut, summary, reviews: [...reviews], orphanedReviews: orphans };
}

// A target's item, its fields always in this order (the order of the analysis's JSON), written out rather than spread
// from a common part: an object spread followed by more fields allocates about 5 KB per object in Node 20.
function deltaItem(
  t: SoxTarget,
  status: TargetStatus,
  coverage: DeltaItem['coverage'],
  basis: string,
  reasons: DeltaReason[],
  sources: DeltaSource[],
  candidates: DeltaCandidate[],
  checks: CheckOutcome[],
  orphaned: OrphanedReview[],
): DeltaItem {
  const item: DeltaItem = {
    id: t.id,
    title: t.title,
    category: t.category,
    key: t.key,
    coso: t.coso,
    assertions: t.assertions,
    frequency: t.frequency,
    nature: t.nature,
    method: t.method,
    status,
    coverage,
    basis,
    reasons,
    sources,
    candidates,
    checks,
  };
  if (orphaned.length > 0) item.orphanedReviews = orphaned; // decisions on this target about a control no longer in the matrix
  return item;
}

function classifyControls(controls: SocControl[], itemsOf: readonly (DeltaItem[] | undefined)[], inferredOf: InferredCriterion[][]): ControlUse[] {
  const workBySignature = new Map<string, { targets: string[]; reasons: string[]; codes: ReasonCode[] }>();
  // and the same for controls that meet none, by their criteria: a matrix has thousands of such rows
  const unusedByCriteria = new Map<string, { targets: string[]; reasons: string[]; codes: ReasonCode[] }>();
  const out: ControlUse[] = [];
  for (let index = 0; index < controls.length; index++) {
    const c = controls[index]!;
    const mine = itemsOf[index] ?? NO_ITEMS;
    const inferred = inferredOf[index]!;
    if (mine.length === 0) {
      const crit = c.criteria.length > 0 ? c.criteria : inferred.map((i) => i.tsc);
      const named = crit.join(', ');
      let unused = unusedByCriteria.get(named);
      if (!unused) {
        const reason =
          crit.length === 0
            ? 'no TSC criteria and no recognisable control wording: review by hand'
            : crit.every((x) => NOT_FINANCIAL_FAMILIES.test(x))
              ? `its criteria (${named}) are privacy or confidentiality criteria, outside ICFR`
              : `its criteria (${named}) map to no SOX target in scope`;
        unusedByCriteria.set(named, (unused = { targets: [], reasons: [reason], codes: [] }));
      }
      out.push(controlUse(c, unused.targets, inferred, 'not-sox-relevant', unused.reasons, unused.codes));
      continue;
    }
    // A target with sources is covered or enhance; every blocking reason of an enhance target is work on its sources.
    // Controls that feed the same targets share one answer, so it is worked out once per set of targets.
    // (the lists are shared between those controls; nothing downstream mutates them)
    let signature = '';
    for (const i of mine) signature += i.id + '\u0000';
    let work = workBySignature.get(signature);
    if (!work) {
      const targets = mine.map((i) => i.id);
      const changes = mine.flatMap((i) => i.reasons.filter((r) => r.blocking));
      work =
        changes.length === 0
          ? { targets, reasons: [`meets ${targets.join(', ')} as written (add assertions and key flag in the RCM)`], codes: [] }
          : { targets, reasons: [...new Set(changes.map((r) => `${r.code}: ${r.text}`))], codes: [...new Set(changes.map((r) => r.code))] };
      workBySignature.set(signature, work);
    }
    out.push(controlUse(c, work.targets, inferred, work.codes.length === 0 ? 'reuse' : 'reuse-with-changes', work.reasons, work.codes));
  }
  return out;
}

// One literal with every field (an object spread per control costs more than the rest of the classification).
function controlUse(
  c: SocControl,
  targets: string[],
  inferred: InferredCriterion[],
  classification: Classification,
  reasons: string[],
  reasonCodes: ReasonCode[],
): ControlUse {
  const { file, sheet, row } = c.source;
  return { controlId: c.id, file, sheet, row, targets, criteria: c.criteria, inferred, classification, reasons, reasonCodes };
}
