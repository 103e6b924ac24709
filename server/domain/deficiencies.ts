// Test results and deficiencies. A deficiency opens from a failed test (exceptions above the tolerable number, or a
// conclusion of "ineffective") or from a gap that reached its deadline unremediated. Its severity is rated by the
// factors of SEC Release 33-8810 §II.B and AS 2201.62–.70 (templates/deficiency-severity.json):
//   1. an indicator of a material weakness (AS 2201.69) → material weakness;
//   2. a remote likelihood → control deficiency (a material weakness needs a reasonable possibility, AS 2201.A7);
//   3. a potential misstatement at or above materiality → material weakness, unless an effective compensating control
//      operates with enough precision (AS 2201.68), then significant deficiency;
//   4. at or above the significant share of materiality, or magnitude not weighed → significant deficiency;
//   5. otherwise a control deficiency.
// Then deficiencies are aggregated (AS 2201.65; 33-8810): by account and assertion (magnitudes add up), and by COSO
// component (enough significant deficiencies in one component are a material weakness). A reviewer may override the
// rating with a reason. Remediation: fix, operate for the minimum period (for a material weakness at least the
// remediation months of testing.json), retest; remediated only once a retest has passed after that period.
import { plural, SEVERITY_WORDS } from './words.ts';
import type { Catalog, DeficiencySeverity, Indicator, Likelihood, SoxTarget } from './catalog.ts';
import { addDays, maxDate, type IsoDate } from './dates.ts';
import type { DeltaItem } from './delta.ts';
import { operatingDays, sampleSizeFor, type ExtraTaskDraft, type PlanTask, type TaskStatus } from './plan.ts';

export const CONCLUSIONS = ['effective', 'ineffective', 'not-tested'] as const;
export type Conclusion = (typeof CONCLUSIONS)[number];

export interface TestResult {
  testId: string; // a TOD / TOE task id, or a deficiency's retest id (DEF-<target>-RT)
  tested: number;
  exceptions: number;
  conclusion: Conclusion;
  testedOn: IsoDate | null;
  note: string;
}

// A reviewer's judgement on one deficiency: the factors, and an override of the rating.
export interface DeficiencyJudgement {
  deficiencyId: string;
  likelihood: Likelihood | null;
  magnitude: number | null; // potential misstatement, same currency as the profile's materiality
  compensatingControl: string | null; // an effective compensating control with enough precision (AS 2201.68)
  indicators: Indicator[];
  overrideSeverity: DeficiencySeverity | null;
  overrideReason: string | null;
}

export interface Deficiency {
  id: string;
  target: string;
  title: string;
  origin: 'test' | 'gap';
  testId: string | null;
  accounts: string[]; // account/assertion keys, e.g. "revenue/occurrence"
  cosoComponent: string | null;
  likelihood: Likelihood;
  magnitude: number | null;
  compensatingControl: string | null;
  indicators: Indicator[];
  computedSeverity: DeficiencySeverity; // before override
  severity: DeficiencySeverity; // after aggregation and override
  basis: string[]; // the reasoning, one step a line
  aggregatedWith: string[];
  override: { severity: DeficiencySeverity; reason: string } | null;
  tasks: string[]; // remediation, operation and retest task ids
  status: 'open' | 'remediated';
  statusBasis: string;
}

export type DeficiencyTaskDraft = ExtraTaskDraft;

export interface DisclosureRisk {
  filing: string;
  periodEnd: IsoDate;
  due: IsoDate;
  deficiencies: string[];
  text: string;
}

export interface DeficiencyInput {
  catalog: Pick<Catalog, 'targets' | 'testing' | 'severity' | 'coso'>;
  items: DeltaItem[];
  tasks: PlanTask[];
  statusOf: (taskId: string) => TaskStatus;
  results: TestResult[];
  judgements: DeficiencyJudgement[];
  materiality: number | null;
  asOf: IsoDate;
  yearEnd: IsoDate; // the 404(a) year end: remediation and retest must be done by then
}

const RANK: Record<DeficiencySeverity, number> = { deficiency: 0, 'significant-deficiency': 1, 'material-weakness': 2 };
const money = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

export function failed(r: TestResult, tolerable: number): boolean {
  return r.conclusion === 'ineffective' || r.exceptions > tolerable;
}

export function passed(r: TestResult, tolerable: number, sampleSize: number | null): boolean {
  return r.conclusion === 'effective' && r.exceptions <= tolerable && (sampleSize === null || r.tested >= sampleSize);
}

export interface Factors {
  likelihood: Likelihood;
  magnitude: number | null;
  materiality: number | null;
  compensatingControl: string | null;
  indicators: Indicator[];
}

// One deficiency on its own: the rating and the reasoning, step by step.
export function rateDeficiency(f: Factors, rules: Catalog['severity']): { severity: DeficiencySeverity; basis: string[] } {
  const basis: string[] = [];
  if (f.indicators.length > 0) {
    const texts = f.indicators.map((i) => rules.indicators.find((x) => x.id === i)?.text ?? i);
    basis.push(`Indicator of a material weakness (AS 2201.69; 33-8810 §II.B.1): ${texts.join('; ')}.`);
    return { severity: 'material-weakness', basis };
  }
  if (f.likelihood === 'remote') {
    basis.push('Likelihood remote: no reasonable possibility that a misstatement results (AS 2201.63), so not a material weakness; rated a control deficiency.');
    return { severity: 'deficiency', basis };
  }
  basis.push(`Likelihood ${f.likelihood === 'probable' ? 'probable' : 'reasonably possible'}: at least a reasonable possibility that a misstatement is not prevented or detected (AS 2201.63).`);
  if (f.magnitude === null || f.materiality === null) {
    basis.push(
      `Magnitude not weighed (${f.materiality === null ? 'no materiality on the profile' : 'no potential misstatement recorded'}): rated a significant deficiency until a reviewer records the magnitude (AS 2201.65: magnitude is the potential, not the actual, misstatement).`,
    );
    return { severity: 'significant-deficiency', basis };
  }
  const share = f.magnitude / f.materiality;
  const sdFloor = rules.significantShareOfMateriality * f.materiality;
  if (f.magnitude >= f.materiality) {
    basis.push(`Potential misstatement ${money(f.magnitude)} ≥ materiality ${money(f.materiality)} (${Math.round(share * 100)}%).`);
    if (f.compensatingControl) {
      basis.push(`Compensating control "${f.compensatingControl}" operates effectively with enough precision to prevent or detect a material misstatement (AS 2201.68): not a material weakness; rated a significant deficiency.`);
      return { severity: 'significant-deficiency', basis };
    }
    basis.push('No effective compensating control: a reasonable possibility of a material misstatement not prevented or detected on a timely basis, a material weakness (AS 2201.A7).');
    return { severity: 'material-weakness', basis };
  }
  if (f.magnitude >= sdFloor) {
    basis.push(`Potential misstatement ${money(f.magnitude)} is below materiality ${money(f.materiality)} but at least ${Math.round(rules.significantShareOfMateriality * 100)}% of it (${money(sdFloor)}): merits the attention of the audit committee, a significant deficiency (AS 2201.A11; the threshold is practice).`);
    return { severity: 'significant-deficiency', basis };
  }
  basis.push(`Potential misstatement ${money(f.magnitude)} is below ${Math.round(rules.significantShareOfMateriality * 100)}% of materiality (${money(sdFloor)}): a control deficiency.`);
  return { severity: 'deficiency', basis };
}

// The account a process control covers (its cycle); entity-level, ITGC and service-organization controls cover no one
// account and are aggregated by COSO component instead.
function accountOf(t: SoxTarget): string | null {
  return t.category.startsWith('process:') ? t.category.slice('process:'.length) : null;
}

export function evaluateDeficiencies(input: DeficiencyInput): { deficiencies: Deficiency[]; tasks: DeficiencyTaskDraft[] } {
  const { catalog, materiality } = input;
  const rules = catalog.severity;
  const tolerable = catalog.testing.tolerableExceptions;
  const targets = new Map(catalog.targets.map((t) => [t.id, t]));
  const taskById = new Map(input.tasks.map((t) => [t.id, t]));
  const results = new Map(input.results.map((r) => [r.testId, r]));
  const judged = new Map(input.judgements.map((j) => [j.deficiencyId, j]));
  const componentOf = new Map(catalog.coso.map((p) => [p.principle, p.component]));

  // Openings: failed TOD/TOE per target (the first failing test names it), then gaps past their deadline.
  const opened = new Map<string, { target: SoxTarget; origin: 'test' | 'gap'; testId: string | null; why: string }>();
  for (const r of input.results) {
    const task = taskById.get(r.testId);
    if (!task || (task.kind !== 'tod' && task.kind !== 'toe') || !task.target || !failed(r, tolerable)) continue;
    const t = targets.get(task.target);
    if (!t || opened.has(t.id)) continue;
    opened.set(t.id, { target: t, origin: 'test', testId: r.testId, why: `${task.kind.toUpperCase()} ${r.testId}: ${plural(r.exceptions, 'exception')} in ${r.tested} tested (tolerable ${tolerable}), concluded ${r.conclusion}.` });
  }
  for (const item of input.items) {
    if (item.status !== 'gap' || opened.has(item.id)) continue;
    const t = targets.get(item.id);
    const impl = taskById.get(`${item.id}-I`);
    if (!t || !t.key || !impl || impl.latestFinish === null) continue;
    if (impl.latestFinish < input.asOf && input.statusOf(impl.id) !== 'done')
      opened.set(t.id, { target: t, origin: 'gap', testId: null, why: `Gap: ${impl.id} was due by ${impl.latestFinish} (${impl.deadlineBasis}) and is not done as of ${input.asOf}.` });
  }

  const defs: Deficiency[] = [];
  for (const { target: t, origin, testId, why } of [...opened.values()].sort((a, b) => (a.target.id < b.target.id ? -1 : 1))) {
    const id = `DEF-${t.id}`;
    const j = judged.get(id);
    const f: Factors = {
      likelihood: j?.likelihood ?? rules.likelihoodDefault,
      magnitude: j?.magnitude ?? null,
      materiality,
      compensatingControl: j?.compensatingControl ?? null,
      indicators: j?.indicators ?? [],
    };
    const r = rateDeficiency(f, rules);
    const component = t.coso.map((p) => componentOf.get(p)).find((c) => c !== undefined) ?? null;
    defs.push({
      id,
      target: t.id,
      title: t.title,
      origin,
      testId,
      accounts: accountOf(t) === null ? [] : t.assertions.map((a) => `${accountOf(t)}/${a}`),
      cosoComponent: component,
      likelihood: f.likelihood,
      magnitude: f.magnitude,
      compensatingControl: f.compensatingControl,
      indicators: f.indicators,
      computedSeverity: r.severity,
      severity: r.severity,
      basis: [why, ...r.basis],
      aggregatedWith: [],
      override: null,
      tasks: [],
      status: 'open',
      statusBasis: '',
    });
  }

  // Aggregation by account/assertion: potential misstatements in the same account and assertion add up.
  const byAccount = new Map<string, Deficiency[]>();
  for (const d of defs) for (const a of d.accounts) byAccount.set(a, [...(byAccount.get(a) ?? []), d]);
  for (const [account, group] of [...byAccount].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (group.length < 2) continue;
    const likelihood: Likelihood = group.some((d) => d.likelihood === 'probable') ? 'probable' : group.some((d) => d.likelihood === 'reasonably-possible') ? 'reasonably-possible' : 'remote';
    const known = group.filter((d) => d.magnitude !== null);
    const magnitude = known.length === group.length ? known.reduce((s, d) => s + d.magnitude!, 0) : null;
    const combined = rateDeficiency(
      { likelihood, magnitude, materiality, compensatingControl: group.every((d) => d.compensatingControl) ? group.map((d) => d.compensatingControl).join('; ') : null, indicators: [] },
      rules,
    );
    for (const d of group) {
      for (const o of group) if (o !== d && !d.aggregatedWith.includes(o.id)) d.aggregatedWith.push(o.id);
      if (RANK[combined.severity] > RANK[d.severity]) {
        d.severity = combined.severity;
        d.basis.push(
          `Aggregated with ${group.filter((o) => o !== d).map((o) => o.id).join(', ')} (same account and assertion ${account}; AS 2201.65, 33-8810): ${magnitude === null ? 'combined magnitude not weighed' : `combined potential misstatement ${money(magnitude)}`} → ${SEVERITY_WORDS[combined.severity]}.`,
        );
      }
    }
  }
  // Aggregation by COSO component: enough significant deficiencies in one component are a material weakness.
  const byComponent = new Map<string, Deficiency[]>();
  for (const d of defs) if (d.cosoComponent && !rules.componentAggregationExcludes.includes(d.cosoComponent)) byComponent.set(d.cosoComponent, [...(byComponent.get(d.cosoComponent) ?? []), d]);
  for (const [component, group] of [...byComponent].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const significant = group.filter((d) => RANK[d.severity] >= RANK['significant-deficiency']);
    if (significant.length < rules.componentWeaknessCount) continue;
    for (const d of significant) {
      for (const o of significant) if (o !== d && !d.aggregatedWith.includes(o.id)) d.aggregatedWith.push(o.id);
      if (d.severity !== 'material-weakness') {
        d.severity = 'material-weakness';
        d.basis.push(
          `Aggregated with ${significant.filter((o) => o !== d).map((o) => o.id).join(', ')}: ${significant.length} significant deficiencies in the COSO component ${component} (at least ${rules.componentWeaknessCount}): the component is not present and functioning, a material weakness (${rules.componentWeaknessSource.split(' (')[0]}).`,
        );
      }
    }
  }
  // Reviewer override, with its reason.
  for (const d of defs) {
    d.aggregatedWith.sort();
    const j = judged.get(d.id);
    if (j?.overrideSeverity && j.overrideReason?.trim()) {
      d.override = { severity: j.overrideSeverity, reason: j.overrideReason.trim() };
      d.basis.push(`Reviewer override: ${SEVERITY_WORDS[d.severity]} → ${SEVERITY_WORDS[j.overrideSeverity]} (${j.overrideReason.trim()}).`);
      d.severity = j.overrideSeverity;
    }
  }

  // Remediation: fix → operate for the minimum period (material weakness: at least the remediation months) → retest.
  const drafts: DeficiencyTaskDraft[] = [];
  for (const d of defs) {
    const t = targets.get(d.target)!;
    const owner = taskById.get(`${t.id}-I`)?.owner ?? taskById.get(`${t.id}-D`)?.owner ?? taskById.get(d.testId ?? '')?.owner ?? 'SOX programme lead';
    const tester = taskById.get(`${t.id}-TOE`)?.owner ?? owner;
    const minDays = Math.max(1, operatingDays(t, catalog.testing));
    const mwMonths = catalog.testing.remediationOperatingMonths.min;
    const sample = sampleSizeFor(t, catalog.testing);
    const failedOn = d.testId ? (results.get(d.testId)?.testedOn ?? taskById.get(d.testId)?.end ?? input.asOf) : input.asOf;
    const ids = { fix: `${d.id}-REM`, op: `${d.id}-OP`, rt: `${d.id}-RT` };
    let opDays = minDays;
    let opWhy = `the control's minimum operating period, ${plural(minDays, 'day')} (auditor practice under AS 2201)`;
    if (d.severity === 'material-weakness') {
      const mwDays = Math.round((mwMonths * 365) / 12); // months of sustained operation, as days
      if (mwDays > opDays) {
        opDays = mwDays;
        opWhy = `${plural(mwMonths, 'month')} of sustained operation for a material weakness (auditor practice under AS 2201)`;
      }
    }
    // a recorded test date starts the fix; without one it follows the planned test
    const testedOn = d.testId ? (results.get(d.testId)?.testedOn ?? null) : null;
    const fixDeps = d.origin === 'gap' ? [`${t.id}-I`] : d.testId && testedOn === null ? [d.testId] : [];
    drafts.push({
      id: ids.fix,
      kind: 'remediate',
      title: `Remediate ${SEVERITY_WORDS[d.severity]} ${d.id}: fix the design or operation of ${t.title}`,
      target: t.id,
      owner,
      durationDays: 21,
      effortDays: d.severity === 'material-weakness' ? 5 : 2,
      sampleSize: null,
      notBefore: maxDate(input.asOf, failedOn),
      deadline: null,
      deadlineBasis: null,
      dependsOn: fixDeps,
      notes: d.basis[0] ?? '',
    });
    drafts.push({
      id: ids.op,
      kind: 'operate',
      title: `Operate the remediated control for ${plural(opDays, 'day')}: ${t.title}`,
      target: t.id,
      owner,
      durationDays: opDays,
      effortDays: 0,
      sampleSize: null,
      notBefore: null,
      deadline: null,
      deadlineBasis: null,
      dependsOn: [ids.fix],
      notes: `Operates for ${opWhy} before the retest.`,
    });
    drafts.push({
      id: ids.rt,
      kind: 'retest',
      title: `Retest ${d.id} (sample ${sample}): ${t.title}`,
      target: t.id,
      owner: tester,
      durationDays: 14,
      effortDays: Math.round((0.5 + sample * 0.06) * 10) / 10,
      sampleSize: sample,
      notBefore: null,
      deadline: input.yearEnd,
      deadlineBasis: `retest passed before the 404(a) year end ${input.yearEnd}, or the deficiency is open at year end`,
      dependsOn: [ids.op],
      notes: `Remediated only when this retest passes (no more than ${plural(catalog.testing.tolerableExceptions, 'exception')} in ${sample}) after ${opWhy}.`,
    });
    d.tasks = [ids.fix, ids.op, ids.rt];
    // Remediated: a passing retest, tested on or after the end of the operating period (as planned when no date given).
    const rt = results.get(ids.rt);
    const opEnd = taskById.get(ids.op)?.end ?? addDays(maxDate(input.asOf, failedOn), 21 + opDays);
    if (!rt) d.statusBasis = `open: no retest result for ${ids.rt}`;
    else if (!passed(rt, catalog.testing.tolerableExceptions, sample))
      d.statusBasis = `open: retest ${ids.rt} did not pass (${plural(rt.exceptions, 'exception')} in ${rt.tested} of ${sample}, ${rt.conclusion})`;
    else if (rt.testedOn !== null && rt.testedOn < opEnd)
      d.statusBasis = `open: retest ${ids.rt} on ${rt.testedOn} is before the fix has operated ${plural(opDays, 'day')} (earliest ${opEnd})`;
    else {
      d.status = 'remediated';
      d.statusBasis = `remediated: retest ${ids.rt} passed (${plural(rt.exceptions, 'exception')} in ${rt.tested})${rt.testedOn ? ` on ${rt.testedOn}` : ''} after ${opWhy}`;
    }
  }
  return { deficiencies: defs, tasks: drafts };
}

// Item 9A: an open material weakness at a 10-K date must be disclosed (Item 308 / 9A of Form 10-K).
// A material weakness stays open until its retest has passed; a planned retest is a plan, not a remediation. Filings
// already due before the as-of date are history and are left out.
export function disclosureRisks(
  deficiencies: Deficiency[],
  tasks: PlanTask[],
  filings: { label: string; periodEnd: IsoDate; due: IsoDate }[],
  asOf: IsoDate,
): DisclosureRisk[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const out: DisclosureRisk[] = [];
  for (const f of filings) {
    if (f.due < asOf) continue;
    const open = deficiencies.filter((d) => d.severity === 'material-weakness' && d.status !== 'remediated');
    if (open.length === 0) continue;
    const planned = open.map((d) => {
      const rt = byId.get(`${d.id}-RT`);
      return `${d.id}${rt ? ` (retest planned to end ${rt.end}${rt.end > f.periodEnd ? ', after the period end' : ''})` : ''}`;
    });
    out.push({
      filing: f.label,
      periodEnd: f.periodEnd,
      due: f.due,
      deficiencies: open.map((d) => d.id),
      text: `Item 9A disclosure risk: ${open.length} material weakness(es) open for the ${f.label} (period end ${f.periodEnd}, due ${f.due}): ${planned.join('; ')}`,
    });
  }
  return out;
}
