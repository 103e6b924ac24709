// Domain types for the reference data in templates/. server/catalog/ validates the JSON files into these shapes;
// everything downstream (delta, sod, plan) works on these types only.

export const REASON_CODES = [
  'financial-scope',
  'sod',
  'ipe',
  'business-approval',
  'dev-prod-separation',
  'emergency-change',
  'change-monitoring',
  'privileged-monitoring',
  'timely-removal',
  'mrc-precision',
  'frequency',
  'evidence',
  'soc1-reliance',
  'no-source-control',
  'assertions',
  'key-control',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const CYCLES = [
  'revenue',
  'procure-to-pay',
  'payroll',
  'close',
  'treasury',
  'fixed-assets',
  'inventory',
  'tax',
  'equity',
  'leases',
] as const;
export type Cycle = (typeof CYCLES)[number];

export const TARGET_CATEGORIES = [
  'entity',
  'itgc-access',
  'itgc-change',
  'itgc-development',
  'itgc-operations',
  ...CYCLES.map((c) => `process:${c}` as const),
  'service-org',
] as const;
export type TargetCategory = (typeof TARGET_CATEGORIES)[number];

export const TSC_CATEGORIES = [
  'security',
  'availability',
  'confidentiality',
  'processing-integrity',
  'privacy',
] as const;
export type TscCategory = (typeof TSC_CATEGORIES)[number];

export interface TscCriterion {
  id: string; // e.g. CC6.1
  category: TscCategory;
  family: string; // e.g. CC6
  name: string;
  description: string;
}

export interface CosoPrinciple {
  principle: number; // 1..17
  component: string;
  name: string;
  tsc: string; // the one TSC common criterion that embeds it, e.g. CC1.1
  source: string;
}

// Financial statement assertions: AS 1105 five plus the finer transaction/balance set (REFERENCE §4).
export const ASSERTIONS = [
  'existence',
  'occurrence',
  'completeness',
  'accuracy',
  'valuation',
  'allocation',
  'cutoff',
  'classification',
  'rights-and-obligations',
  'presentation-and-disclosure',
] as const;
export type Assertion = (typeof ASSERTIONS)[number];

export const FREQUENCIES = [
  'continuous', // automated / several times a day
  'daily',
  'weekly',
  'semi-monthly',
  'monthly',
  'quarterly',
  'semi-annual',
  'annual',
  'event-driven', // per change, per hire, as needed
] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const NATURES = ['preventive', 'detective'] as const;
export type Nature = (typeof NATURES)[number];

export const METHODS = ['manual', 'automated', 'it-dependent-manual'] as const;
export type Method = (typeof METHODS)[number];

// NIST IR 8477 set-theory relationship between the TSC criterion and the SOX target.
export const RELATIONSHIPS = ['equal', 'subset', 'superset', 'intersect'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export interface SoxRequirement {
  code: ReasonCode;
  text: string;
}

// What a control's own words must show to be a source of the target (intent.ts).
export interface TargetIntent {
  note: string; // why these terms: what the target asks, and what shares its words but is not it
  core: string[]; // any one of these shows the control does what the target asks
  support: string[]; // two of these together do
  exclude: string[]; // any of these shows the control is about something else
}

export interface SoxTarget {
  id: string;
  title: string;
  description: string;
  category: TargetCategory;
  coso: number[];
  assertions: Assertion[];
  frequency: Frequency;
  nature: Nature;
  method: Method;
  key: boolean;
  satisfiedBy: { tsc: string; relationship: Relationship }[];
  intent: TargetIntent;
  soxRequires: SoxRequirement[];
  effort: { days: number; leadTimeWeeks: number };
  source: string;
}

export interface SodDuty {
  id: string; // e.g. vendor-master
  label: string;
  keywords: string[]; // lower-case phrases; a duty matches text containing any of them (word-boundary match)
}

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface SodRule {
  id: string; // e.g. SOD-P2P-01
  cycle: Cycle | 'itgc';
  duties: [SodDuty, SodDuty];
  risk: string;
  severity: Severity;
  compensatingControl: string;
  source: string;
}

export interface Phase {
  id: string;
  order: number;
  name: string;
  defaultWeeks: number;
  completeWhen: string;
  source: string;
}

export interface TestingDefaults {
  source: string;
  note: string;
  byFrequency: Record<Frequency, { sampleSize: { min: number; max: number }; minOperatingDays: number; source: string }>;
  automatedMinOperatingDays: number;
  remediationOperatingMonths: { min: number; max: number };
  automatedSampleSize: number; // one instance per configuration, relying on the ITGC baseline
  automatedSampleSource: string;
  tolerableExceptions: number; // exceptions above this number fail the test
  tolerableExceptionsSource: string;
}

// A duty map (templates/duty-maps/*.json, or an engagement's own): which SoD duties the roles and permissions of a
// system grant (domain/duty-map.ts applies it).
export type EntitlementKind = 'role' | 'permission';
export interface DutyMapEntry {
  name: string; // the role or permission name as the system shows it
  kind?: EntitlementKind; // absent: matches either
  match?: 'exact' | 'contains'; // contains: the entry's words appear in the name, in order, as whole words
  duties: string[]; // duty ids of the rule set; [] = reviewed, grants no SoD duty
  privileged?: boolean; // absent: decided by name
  systems?: string[]; // per-entry systems; absent: the map's systems
  note?: string;
}

export interface DutyMapSet {
  id: string;
  name: string;
  source: string;
  systems: string[]; // system names and aliases this map applies to; '*' = any
  entries: DutyMapEntry[];
}

export interface Catalog {
  tsc: TscCriterion[];
  coso: CosoPrinciple[];
  targets: SoxTarget[];
  sodRules: SodRule[];
  dutyMaps: DutyMapSet[]; // templates/duty-maps: the duties the roles and permissions of known systems grant
  phases: Phase[];
  testing: TestingDefaults;
  checks: AttributeCheck[];
  inference: InferenceRule[];
  planDefaults: PlanDefaults;
  severity: SeverityRules;
}

// Deficiency severity rules (templates/deficiency-severity.json): SEC Release 33-8810 and AS 2201.62–.70.
export const INDICATORS = ['restatement', 'senior-management-fraud', 'ineffective-audit-committee', 'auditor-identified-misstatement'] as const;
export type Indicator = (typeof INDICATORS)[number];
export const LIKELIHOODS = ['remote', 'reasonably-possible', 'probable'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];
export const SEVERITIES = ['deficiency', 'significant-deficiency', 'material-weakness'] as const;
export type DeficiencySeverity = (typeof SEVERITIES)[number];
export interface SeverityRules {
  source: string;
  definitions: Record<DeficiencySeverity, string>;
  indicators: { id: Indicator; text: string; source: string }[];
  significantShareOfMateriality: number;
  significantShareSource: string;
  componentWeaknessCount: number;
  componentWeaknessSource: string;
  componentAggregationExcludes: string[];
  componentAggregationExcludesSource: string;
  likelihoodDefault: Likelihood;
  likelihoodDefaultSource: string;
}

// How the delta decides whether matched SOC 2 controls meet one SOX attribute (templates/attribute-checks.json).
export interface AttributeCheck {
  code: ReasonCode;
  computed: string; // the documented rule, shown with every finding it produces
  met: string[];
  unmet: string[];
  whenSilent: 'met' | 'unmet' | 'unknown';
  sodRules?: string[]; // SoD rule ids whose conflicts make the check unmet ('*' = any rule)
  source: string;
}

// Infers likely TSC criteria from the text of a control that carries none (templates/criteria-inference.json).
export interface InferenceRule {
  phrases: string[];
  tsc: string[];
}

// Scheduling conventions of the plan (templates/plan-defaults.json); all configurable practice.
export interface PlanDefaults {
  source: string;
  remediationWindowMonthsBeforeYearEnd: number; // interim TOE ends this many months before the 404(a) year end
  toeQuarters: number; // TOE spread over the first N quarters of the 404(a) year
  s302OperatedMonthsBefore: number; // controls behind the first §302 certification operate this long before its period end
  testingDays: number;
  rollForwardDaysAfterYearEnd: number;
  designShare: number; // share of a target's lead time spent on design, the rest on implementation
  enhanceEffortShare: number; // share of a target's effort and lead time needed to enhance an existing control rather than build one
  ownerCapacityDaysPerMonth: number; // an owner whose role is not listed below
  ownerCapacityByRole: Record<string, number>;
  ownerCapacitySource: string;
  defaultOwners: Record<string, string>; // by target category prefix ('entity', 'itgc', 'process:close', 'service-org', 'programme')
}

export interface CatalogExtras {
  checks: AttributeCheck[];
  inference: InferenceRule[];
  planDefaults: PlanDefaults;
}
