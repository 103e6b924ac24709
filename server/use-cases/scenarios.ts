// Scenario comparison: the baseline profile and one variant per varied value ("what if the IPO slips to March?", "what
// if we are large accelerated at the second year end?"), each with its timeline and plan, and the milestones that
// moved against the baseline. Computed only: no profile is changed until the user adopts a scenario.
import type { Catalog } from '../domain/catalog.ts';
import type { ProfileInput } from '../domain/profile.ts';
import { err, ok, type Result } from '../domain/result.ts';
import type { Milestone, Timeline } from '../domain/timeline.ts';
import type { SocControl } from '../domain/control.ts';
import { analyseEngagement, type AnalysisInputs } from './analyse-engagement.ts';
import type { Analysis } from '../domain/analysis.ts';
import { appError, type AppError } from './app-error.ts';

export interface ScenarioVariant {
  name: string; // e.g. "ipo-date=2028-03-01"
  change: ProfileInput; // the fields that differ from the baseline
}

export interface MovedMilestone {
  milestone: string;
  from: string | null; // due date (or null when the baseline has none)
  to: string | null;
}

export interface Scenario {
  name: string;
  change: ProfileInput;
  analysis: Analysis;
  moved: MovedMilestone[];
}

// The five milestones, then every filing by form and period, compared by due date.
function milestoneDues(t: Timeline): Map<string, string | null> {
  const m = new Map<string, string | null>();
  const put = (id: string, x: Milestone | null) => m.set(id, x ? `${x.periodEnd} due ${x.due}` : null);
  put('first10Q', t.first10Q);
  put('first302', t.first302);
  put('first10K', t.first10K);
  put('first404a', t.first404a);
  put('first404b', t.first404b);
  m.set('egcEnds', t.egcEnds?.fiscalYearEnd ?? null);
  m.set('s1PeriodEnd', t.s1.periodEnd);
  return m;
}

export function movedMilestones(base: Timeline, other: Timeline): MovedMilestone[] {
  const a = milestoneDues(base);
  const b = milestoneDues(other);
  const out: MovedMilestone[] = [];
  for (const [k, from] of a) {
    const to = b.get(k) ?? null;
    if (from !== to) out.push({ milestone: k, from, to });
  }
  return out;
}

export function runScenarios(
  catalog: Catalog,
  controls: SocControl[],
  base: ProfileInput,
  variants: ScenarioVariant[],
  today: string,
  // what the engagement's own analysis weighs besides the profile (SOC 1 register, test results and judgements,
  // reviewers' mapping decisions): the baseline is then the engagement's analysis, and each variant differs by its change only
  inputs: Omit<AnalysisInputs, 'reuse'> = {},
): Result<Scenario[], AppError> {
  const baseline = analyseEngagement(catalog, controls, base, today, inputs);
  if (!baseline.ok) return baseline;
  const out: Scenario[] = [{ name: 'baseline', change: {}, analysis: baseline.value, moved: [] }];
  for (const v of variants) {
    const a = analyseEngagement(catalog, controls, { ...base, ...v.change }, today, { ...inputs, reuse: baseline.value });
    if (!a.ok) return err(appError('invalid-input', a.error.reason, `scenario ${v.name}: ${a.error.message}`));
    out.push({ name: v.name, change: v.change, analysis: a.value, moved: movedMilestones(baseline.value.timeline, a.value.timeline) });
  }
  return ok(out);
}

export function scenarioJson(s: Scenario) {
  const a = s.analysis;
  return {
    name: s.name,
    profile: a.profile,
    change: s.change,
    timeline: {
      s1PeriodEnd: a.timeline.s1.periodEnd,
      milestones: a.timeline.milestones.map((m) => ({ id: m.id, label: m.label, periodEnd: m.periodEnd, due: m.due })),
      first404bReason: a.timeline.first404bReason,
      egcEnds: a.timeline.egcEnds ? { fiscalYear: a.timeline.egcEnds.fiscalYear, fiscalYearEnd: a.timeline.egcEnds.fiscalYearEnd, trigger: a.timeline.egcEnds.trigger } : null,
      filings: a.timeline.filings.map((f) => ({ form: f.form, periodEnd: f.periodEnd, due: f.due, filerStatus: f.filerStatus, icfr: f.icfr })),
    },
    plan: { start: a.plan.start, end: a.plan.end, tasks: a.plan.tasks.length, atRisk: a.plan.atRisk },
    moved: s.moved,
  };
}
