// Response schemas of the analysis routes (GET …/analysis and its parts, the import preview and confirm, controls,
// tasks, testing). The web app takes its types from here (z.infer); the routes check what they send against them at
// compile time (`satisfies`), and tests/api/response-contract.test.ts parses real answers with them.
import { MAPPING_DECISIONS } from '../domain/mapping-review.ts';
import { z } from '@hono/zod-openapi';
import { INDICATORS, LIKELIHOODS, SEVERITIES } from '../domain/catalog.ts';
import { CONCLUSIONS } from '../domain/deficiencies.ts';
import { TASK_KINDS, TASK_STATUSES } from '../domain/plan.ts';
import { CONTROL_FIELDS } from '../domain/control.ts';
import { SOC1_REPORT_TYPES } from '../domain/soc1-register.ts';
import type { analysisJson } from '../use-cases/analysis-json.ts';

const day = z.string().openapi({ description: 'YYYY-MM-DD' });
const strings = z.array(z.string());
const at = { sheet: z.string(), row: z.number().int() };

export const TargetStatus = z.enum(['covered', 'enhance', 'gap', 'not-applicable']);
export const TaskStatus = z.enum(TASK_STATUSES as readonly ['not-started', 'in-progress', 'done', 'blocked']);

// The profile as resolved (every field present: the defaults filled in), and which fields were defaulted.
export const ResolvedProfile = z
  .object({
    companyName: z.string(),
    ipoDate: day,
    fiscalYearEnd: z.string(),
    egc: z.boolean(),
    filerStatus: z.string(),
    egcEndsFiscalYear: z.number().nullable(),
    s1PeriodEnd: day,
    firstSale: day,
    quarterEnds: strings,
    publicFloat: z.record(z.string(), z.number()),
    revenue: z.record(z.string(), z.number()),
    planStart: day,
    financialSystems: strings,
    cyclesInScope: strings,
    serviceOrganizations: strings,
    materiality: z.number().nullable(),
    ownerCapacity: z.record(z.string(), z.number()),
  })
  .openapi('ResolvedProfile');
export const ProfileDefault = z.object({ field: z.string(), value: z.string(), basis: z.string() });

export const Milestone = z.object({ periodEnd: day, due: day, label: z.string(), basis: z.string() }).openapi('Milestone');
const FiscalCalendar = z.object({ end: z.string(), description: z.string(), monthEnd: z.boolean(), ipoFiscalYear: z.number().int(), ipoFiscalYearEnd: day, ipoQuarterEnds: strings });
const EgcEnd = z.object({ fiscalYear: z.number().int(), fiscalYearEnd: day, trigger: z.string(), basis: z.string() });
const Filing = z.object({ form: z.enum(['10-Q', '10-K']), fiscalYear: z.number().int(), quarter: z.number().int(), periodEnd: day, due: day, filerStatus: z.string(), icfr: z.string(), certifications: strings, basis: z.string() });

export const AnalysisTimeline = z
  .object({
    fiscalYear: FiscalCalendar,
    s1PeriodEnd: day,
    s1Basis: z.string(),
    first10Q: Milestone.nullable(),
    first10QReason: z.string().nullable(),
    first302: Milestone.nullable(),
    first10K: Milestone.nullable(),
    first404a: Milestone.nullable(),
    first404b: Milestone.nullable(),
    first404bReason: z.string().nullable(),
    egcEnds: EgcEnd.nullable(),
    egcEndsReason: z.string().nullable(),
    filerStatusByYear: z.array(z.object({ fiscalYear: z.number().int(), fiscalYearEnd: day, status: z.string(), basis: z.string() })),
    filings: z.array(Filing),
  })
  .openapi('AnalysisTimeline');

export const CosoPrinciple = z
  .object({
    principle: z.number().int(),
    component: z.string(),
    name: z.string(),
    tsc: z.string(),
    status: z.enum(['covered', 'partial', 'gap']),
    basis: z.string(),
    targets: z.array(z.object({ id: z.string(), status: TargetStatus })),
    controls: z.array(z.object({ controlId: z.string(), ...at })),
  })
  .openapi('CosoPrinciple');

export const Readiness = z
  .object({ overall: z.number(), byCategory: z.array(z.object({ category: z.string(), percent: z.number(), targets: z.number().int() })), formula: z.string() })
  .openapi('Readiness');

// A reviewer's decision on a source→target link (domain/mapping-review.ts)
export const ReviewMark = z.object({ decision: z.enum(MAPPING_DECISIONS), reason: z.string(), author: z.string(), at: z.string() }).openapi('ReviewMark');
const Via = z.object({ tsc: z.string(), relationship: z.string(), inferred: z.boolean(), phrase: z.string().nullable() });
export const DeltaItem = z
  .object({
    id: z.string(),
    title: z.string(),
    category: z.string(),
    key: z.boolean(),
    coso: z.array(z.number().int()),
    assertions: strings,
    frequency: z.string(),
    status: TargetStatus,
    coverage: z.enum(['full', 'partial', 'none']),
    basis: z.string(),
    reasons: z.array(z.object({ code: z.string(), text: z.string(), finding: z.string(), rule: z.string(), blocking: z.boolean(), controls: strings.optional() })),
    // match and matched are absent on analyses stored before sources were read by content
    // match 'reviewer': a link a reviewer added; review: the reviewer's decision on the link (domain/mapping-review.ts)
    sources: z.array(z.object({ ...at, controlId: z.string(), via: z.array(Via), match: z.enum(['strong', 'partial', 'reviewer']).optional(), matched: strings.optional(), review: ReviewMark.optional() })),
    candidates: z.array(z.object({ ...at, controlId: z.string(), reason: z.string(), matched: strings, excluded: strings, review: ReviewMark.optional() })),
    // decisions about a control or target no longer in the matrix: kept and shown, never dropped
    orphanedReviews: z.array(ReviewMark.extend({ targetId: z.string(), controlId: z.string(), why: z.string() })).optional(),
  })
  .openapi('DeltaItem');
const ControlUse = z.object({
  controlId: z.string(),
  ...at,
  classification: z.enum(['reuse', 'reuse-with-changes', 'not-sox-relevant']),
  targets: strings,
  reasonCodes: strings,
  reasons: strings.optional(),
  criteria: strings,
  inferred: z.array(z.object({ tsc: z.string(), phrase: z.string() })),
});
export const Delta = z
  .object({ summary: z.object({ covered: z.number().int(), enhance: z.number().int(), gap: z.number().int(), notApplicable: z.number().int() }), items: z.array(DeltaItem), controls: z.array(ControlUse) })
  .openapi('Delta');

const SodSide = z.object({ duty: z.string(), label: z.string(), controls: z.array(z.object({ id: z.string(), ...at, via: z.enum(['control', 'owner-role']), keyword: z.string(), text: z.string() })) });
export const SodConflict = z
  .object({ rule: z.string(), severity: z.string(), owner: z.string(), basis: z.string(), controls: strings, sides: z.array(SodSide), risk: z.string(), compensatingControl: z.string(), explanation: z.string() })
  .openapi('SodConflict');
export const Issue = z
  .object({ code: z.string(), severity: z.enum(['error', 'warning', 'info']), sheet: z.string().nullable(), row: z.number().int().nullable(), column: z.string().nullable(), message: z.string() })
  .openapi('Issue');
const SodScope = z.object({ controls: z.number().int(), controlsWithDuties: z.number().int(), controlsWithOwnerAndDuties: z.number().int(), owners: z.number().int(), duties: strings, rules: z.number().int(), sentence: z.string() });

const Span = z.object({ start: day, end: day, days: z.number().int() });
const Cuec = z.object({ id: z.string(), text: z.string(), controlId: z.string(), owner: z.string() });
const CuecStatus = Cuec.extend({ mapped: z.boolean(), missing: strings });
const BridgeLetter = z.object({ needed: Span.nullable(), through: day.nullable(), state: z.enum(['not-needed', 'missing', 'short', 'obtained', 'cannot-help']), text: z.string() });
const Soc1Status = z.object({
  org: z.string(),
  inProfile: z.boolean(),
  reportType: z.enum(SOC1_REPORT_TYPES).nullable(),
  periodStart: day.nullable(),
  periodEnd: day.nullable(),
  fiscalYear: Span,
  covered: Span.nullable(),
  uncovered: z.array(Span),
  bridgeLetter: BridgeLetter,
  cuecs: z.array(CuecStatus),
  targets: strings,
  complete: z.boolean(),
  missing: strings,
});

export const PlanTask = z
  .object({
    id: z.string(),
    phase: z.string(),
    kind: z.enum(TASK_KINDS),
    title: z.string(),
    target: z.string().nullable(),
    reasons: strings,
    owner: z.string(),
    start: day,
    end: day,
    durationDays: z.number(),
    effortDays: z.number(),
    sampleSize: z.number().int().nullable(),
    deliverables: strings,
    latestFinish: day.nullable(),
    deadlineBasis: z.string().nullable(),
    dependsOn: strings,
    atRisk: z.boolean(),
    atRiskReason: z.string().nullable(),
    critical: z.boolean(),
    floatDays: z.number().nullable(),
    status: TaskStatus,
    notes: z.string(),
  })
  .openapi('PlanTask');
export const Phase = z.object({ id: z.string(), name: z.string(), start: day, end: day, tasks: z.number().int(), completeWhen: z.string() }).openapi('Phase');
const Workload = z.object({ owner: z.string(), month: z.string(), days: z.number(), capacity: z.number(), overloaded: z.boolean() });
export const Plan = z
  .object({
    start: day,
    end: day,
    taskCount: z.number().int(),
    // with the tasks access decisions call for (source 'access': read-only here, decided on the Access SoD tab)
    tasks: z.array(PlanTask.extend({ source: z.literal('access').optional(), findingKey: z.string().optional() })),
    phases: z.array(Phase),
    atRisk: z.number().int(),
    criticalPath: strings,
    workload: z.array(Workload),
    overloads: z.number().int(),
    levelling: z.object({ peakBefore: Workload.nullable(), peakAfter: Workload.nullable(), overloadsBefore: z.number().int(), shifted: z.number().int(), overCapacity: z.number().int() }),
    keyDates: z.array(z.object({ id: z.string(), date: day, basis: z.string() })),
    notes: strings,
  })
  .openapi('Plan');

export const TestResult = z.object({ testId: z.string(), tested: z.number().int(), exceptions: z.number().int(), conclusion: z.enum(CONCLUSIONS), testedOn: day.nullable(), note: z.string() }).openapi('TestResultRecorded');
export const Deficiency = z
  .object({
    id: z.string(),
    target: z.string(),
    title: z.string(),
    origin: z.enum(['test', 'gap']),
    testId: z.string().nullable(),
    accounts: strings,
    cosoComponent: z.string().nullable(),
    likelihood: z.enum(LIKELIHOODS),
    magnitude: z.number().nullable(),
    compensatingControl: z.string().nullable(),
    indicators: z.array(z.enum(INDICATORS)),
    computedSeverity: z.enum(SEVERITIES),
    severity: z.enum(SEVERITIES),
    basis: strings,
    aggregatedWith: strings,
    override: z.object({ severity: z.enum(SEVERITIES), reason: z.string() }).nullable(),
    tasks: strings,
    status: z.enum(['open', 'remediated']),
    statusBasis: z.string(),
  })
  .openapi('Deficiency');
export const DisclosureRisk = z.object({ filing: z.string(), periodEnd: day, due: day, deficiencies: strings, text: z.string() }).openapi('DisclosureRisk');

// GET /engagements/{id}/analysis: the JSON contract of `cli analyze --json` (use-cases/analysis-json.ts).
export const AnalysisBody = z
  .object({
    version: z.number().int(),
    createdAt: z.string(),
    profile: ResolvedProfile,
    defaults: z.array(ProfileDefault),
    coso: z.array(CosoPrinciple),
    readiness: Readiness,
    delta: Delta,
    sod: z.array(SodConflict),
    sodIssues: z.array(Issue),
    soc1: z.array(Soc1Status),
    sodScope: SodScope.optional(), // absent on analyses stored before the scope was recorded
    timeline: AnalysisTimeline,
    plan: Plan,
    testResults: z.array(TestResult),
    deficiencies: z.array(Deficiency),
    disclosureRisks: z.array(DisclosureRisk),
  })
  .openapi('Analysis');
export type AnalysisBody = z.infer<typeof AnalysisBody>;

// GET /engagements/{id}/{part}: one part of the analysis with its version.
import { ANALYSIS_PARTS } from '../use-cases/render-analysis.ts';
export { ANALYSIS_PARTS };
export type AnalysisPart = (typeof ANALYSIS_PARTS)[number];
export const partBody = (part: AnalysisPart) => z.object({ version: z.number().int(), [part]: AnalysisBody.shape[part] }).openapi(`Analysis-${part}`);

// The import preview (upload and remap answer the same shape).
const MappedColumn = z.object({ column: z.number().int(), letter: z.string(), header: z.string(), field: z.enum(CONTROL_FIELDS).nullable(), confidence: z.number(), basis: z.string() });
export const PreviewTable = z.object({ sheet: z.string(), headerRow: z.number().int(), headerRows: z.number().int(), firstDataRow: z.number().int(), lastDataRow: z.number().int(), layout: z.string(), mapping: z.object({ columns: z.array(MappedColumn) }) });
export const PreviewRow = z.object({ id: z.string(), title: z.string(), description: z.string(), criteria: strings, owner: z.string(), frequency: z.string().nullable(), ...at });
export type PreviewTable = z.infer<typeof PreviewTable>;
export type PreviewRow = z.infer<typeof PreviewRow>;
const MappingChoice = z.object({ sheets: strings, overrides: z.array(z.object({ sheet: z.string(), column: z.number().int(), field: z.enum(CONTROL_FIELDS).nullable() })) });
export const ImportPreview = z
  .object({
    importId: z.string(),
    fileName: z.string(),
    format: z.string(),
    sha256: z.string(),
    sheets: z.array(z.object({ name: z.string(), state: z.string(), rows: z.number().int() })),
    tables: z.array(PreviewTable),
    mapping: MappingChoice,
    controls: z.number().int(),
    issues: z.array(Issue),
    issueGroups: z.array(z.object({ code: z.string(), severity: z.string(), count: z.number().int() })),
    previewRows: z.array(PreviewRow),
    suggestedProfiles: z.array(z.object({ id: z.string(), name: z.string(), client: z.string().nullable(), score: z.number().optional() }).passthrough()),
    appliedProfile: z.object({ id: z.string(), name: z.string() }).passthrough().nullable(),
  })
  .openapi('ImportPreview');
export type ImportPreview = z.infer<typeof ImportPreview>;
export type ConfirmSummary = z.infer<typeof ConfirmSummary>;
export const ConfirmSummary = z
  .object({ controls: z.number().int(), analysisVersion: z.number().int(), summary: Delta.shape.summary, readiness: z.number() })
  .openapi('ImportConfirmed');
export const MappingProfiles = z.object({ profiles: z.array(z.object({ id: z.string(), name: z.string(), client: z.string().nullable(), mapping: MappingChoice, updatedAt: z.string() })) });

// GET /engagements/{id}/controls: the imported controls with every original column.
const SocControl = z.object({
  id: z.string(),
  generatedId: z.boolean(),
  title: z.string(),
  description: z.string(),
  criteria: strings,
  criteriaRaw: z.string(),
  invalidCriteria: strings,
  owners: z.array(z.object({ raw: z.string(), name: z.string().nullable(), role: z.string().nullable(), email: z.string().nullable() })),
  frequency: z.string().nullable(),
  frequencyRaw: z.string(),
  nature: z.string().nullable(),
  natureRaw: z.string(),
  method: z.string().nullable(),
  methodRaw: z.string(),
  systems: strings,
  evidence: z.string(),
  status: z.string(),
  lastTested: z.string().nullable(),
  hidden: z.boolean(),
  extra: z.array(z.tuple([z.string(), z.string()])).openapi({ description: 'unmapped columns: [header, cell text], in column order' }),
  original: z.array(z.array(z.string())),
  source: z.object({ file: z.string(), sheet: z.string(), row: z.number().int(), rows: z.array(z.number().int()) }),
});
export const Controls = z.object({ controls: z.array(SocControl) }).openapi('Controls');

// The Testing screen, and the answers of recording a result or a judgement.
export const Judgement = z.object({
  deficiencyId: z.string(),
  likelihood: z.enum(LIKELIHOODS).nullable(),
  magnitude: z.number().nullable(),
  compensatingControl: z.string().nullable(),
  indicators: z.array(z.enum(INDICATORS)),
  overrideSeverity: z.enum(SEVERITIES).nullable(),
  overrideReason: z.string().nullable(),
});
export const TestingView = z
  .object({
    tests: z.array(z.object({ testId: z.string(), target: z.string().nullable(), kind: z.string(), retest: z.boolean(), title: z.string(), owner: z.string(), start: day, end: day, sampleSize: z.number().int().nullable(), atRisk: z.boolean(), result: TestResult.nullable() })),
    deficiencies: z.array(Deficiency),
    judgements: z.array(Judgement),
    disclosureRisks: z.array(DisclosureRisk),
    tasks: z.array(PlanTask),
  })
  .openapi('Testing');
export type TestingBody = z.infer<typeof TestingView>;
export const TestRecorded = z.object({ result: TestResult, deficiencies: z.array(Deficiency) }).openapi('TestRecorded');
export const Deficiencies = z.object({ deficiencies: z.array(Deficiency) }).openapi('Deficiencies');

// Compile-time: what the use case builds is what the schema describes (a field renamed or retyped fails tsc here).
export type Conforms<Actual extends Declared, Declared> = Actual;
export type AnalysisConforms = Conforms<ReturnType<typeof analysisJson> & { version: number; createdAt: string }, z.input<typeof AnalysisBody>>;
