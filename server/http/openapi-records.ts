// Response schemas of the engagement, export and re-import, audit, review, scenario, SOC 1, job and account routes.
// The web app takes its types from here (z.infer); the routes check what they send against them at compile time
// (`satisfies`), and tests/api/response-contract.test.ts parses real answers with them.
import { MAPPING_DECISIONS } from '../domain/mapping-review.ts';
import { z } from '@hono/zod-openapi';
import { ROLES } from '../domain/roles.ts';
import { SOC1_REPORT_TYPES } from '../domain/soc1-register.ts';
import { Judgement, ProfileDefault, ResolvedProfile, TestResult } from './openapi-analysis.ts';

const day = z.string().openapi({ description: 'YYYY-MM-DD' });
const strings = z.array(z.string());
const Role = z.enum(ROLES);

// The profile as the user gave it (only the fields set), as stored on the engagement.
export const GivenProfile = z
  .object({
    companyName: z.string().optional(),
    ipoDate: z.string().optional(),
    fiscalYearEnd: z.string().optional(),
    egc: z.boolean().optional(),
    filerStatus: z.string().optional(),
    egcEndsFiscalYear: z.number().nullable().optional(),
    s1PeriodEnd: z.string().nullable().optional(),
    firstSale: z.string().nullable().optional(),
    quarterEnds: strings.optional(),
    publicFloat: z.record(z.string(), z.number()).optional(),
    revenue: z.record(z.string(), z.number()).optional(),
    planStart: z.string().optional(),
    financialSystems: strings.optional(),
    cyclesInScope: strings.optional(),
    serviceOrganizations: strings.optional(),
    materiality: z.number().nullable().optional(),
    ownerCapacity: z.record(z.string(), z.number()).optional(),
  })
  .openapi('GivenProfile');
export const EngagementRecord = z
  .object({ id: z.string(), companyName: z.string(), profile: GivenProfile, createdAt: z.string(), updatedAt: z.string(), archivedAt: z.string().nullable(), workspaceId: z.string(), role: Role.nullable().optional() })
  .openapi('EngagementRecord');
export type EngagementRecord = z.infer<typeof EngagementRecord>;
export const EngagementListItem = EngagementRecord.extend({
  role: Role.nullable(),
  readiness: z.number().nullable(),
  nextDeadline: z.object({ label: z.string(), due: day }).nullable(),
  analysisVersion: z.number().int().nullable(),
}).openapi('EngagementListItem');
export const EngagementList = z.object({ engagements: z.array(EngagementListItem) }).openapi('EngagementList');
export type EngagementList = z.infer<typeof EngagementList>;

// POST /timeline/preview: the SEC milestones a profile implies.
const FullMilestone = z.object({ id: z.string(), label: z.string(), periodEnd: day, due: day, basis: z.string() });
export const Timeline = z
  .object({
    input: z.object({
      ipoDate: day,
      fiscalYearEnd: z.string(),
      egc: z.boolean(),
      filerStatus: z.string(),
      egcEndsFiscalYear: z.number().int().optional(),
      s1PeriodEnd: day.optional(),
      firstSale: day.optional(),
      quarterEnds: strings.optional(),
      publicFloat: z.record(z.string(), z.number()).optional(),
      revenue: z.record(z.string(), z.number()).optional(),
      filerStatusStated: z.boolean().optional(),
    }),
    fiscalYear: z.object({ end: z.string(), description: z.string(), monthEnd: z.boolean(), ipoFiscalYear: z.number().int(), ipoFiscalYearEnd: day, ipoQuarterEnds: strings }),
    s1: z.object({ periodEnd: day, given: z.boolean(), basis: z.string() }),
    first10Q: FullMilestone.nullable(),
    first10QReason: z.string().nullable(),
    first302: FullMilestone,
    first10K: FullMilestone,
    first404a: FullMilestone,
    first404b: FullMilestone.nullable(),
    first404bReason: z.string().nullable(),
    egcEnds: z.object({ fiscalYear: z.number().int(), fiscalYearEnd: day, trigger: z.string(), basis: z.string() }).nullable(),
    egcEndsReason: z.string().nullable(),
    filerStatusByYear: z.array(z.object({ fiscalYear: z.number().int(), fiscalYearEnd: day, status: z.string(), eligible: z.boolean(), fromFacts: z.boolean(), basis: z.string() })),
    filings: z.array(z.object({ form: z.enum(['10-Q', '10-K']), fiscalYear: z.number().int(), quarter: z.number().int(), periodStart: day, periodEnd: day, due: day, filerStatus: z.string(), icfr: z.string(), certifications: strings, basis: z.string() })),
    milestones: z.array(FullMilestone),
  })
  .openapi('Timeline');
export const TimelinePreview = z.object({ profile: ResolvedProfile, defaults: z.array(ProfileDefault), timeline: Timeline }).openapi('TimelinePreview');
export type TimelinePreview = z.infer<typeof TimelinePreview>;

// Long work answered as a job (202), and a job as GET /jobs/{jobId} shows it.
export const JobStarted = z
  .object({ job: z.object({ id: z.string(), kind: z.string(), state: z.enum(['running', 'done', 'failed']), progressUrl: z.string(), eventsUrl: z.string() }) })
  .openapi('JobStarted');
export type JobStarted = z.infer<typeof JobStarted>;
const ErrorDetail = z.object({ code: z.string(), reason: z.string().optional(), message: z.string(), details: z.unknown().optional() });
export const JobView = z
  .object({
    id: z.string(),
    kind: z.string(),
    state: z.enum(['running', 'done', 'failed']),
    stage: z.string(),
    percent: z.number(),
    queuePosition: z.number().int().nullable(),
    status: z.number().int(),
    result: z.unknown().openapi({ description: "the answer the route would have given (the preview, the export…); null while running" }),
    error: ErrorDetail.nullable(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi('Job');
export type JobView = z.infer<typeof JobView>;

// Exports and re-imports.
export const ExportWritten = z.object({ exportId: z.string(), fileName: z.string(), readOnly: z.boolean(), downloadUrl: z.string() }).openapi('ExportWritten');
export type ExportWritten = z.infer<typeof ExportWritten>;
export const ExportList = z.object({ exports: z.array(z.object({ id: z.string(), createdAt: z.string(), analysisVersion: z.number().int(), createdBy: z.string().nullable(), fileName: z.string().nullable() })) }).openapi('Exports');
export type ExportList = z.infer<typeof ExportList>;
export const DiffField = z.enum(['title', 'owner', 'start', 'due', 'effort', 'status', 'dependsOn', 'notes']);
const RowValues = z.record(DiffField, z.string());
const at = { sheet: z.string(), row: z.number().int() };
export const PlanDiff = z
  .object({
    changes: z.array(z.object({ ...at, id: z.string(), field: DiffField, before: z.string(), after: z.string(), note: z.string().optional() })),
    added: z.array(z.object({ ...at, id: z.string().nullable(), values: RowValues })),
    deleted: z.array(z.object({ ...at, id: z.string(), values: RowValues })),
    invalid: z.array(z.object({ ...at, column: z.string(), id: z.string().nullable(), field: z.string(), value: z.string(), code: z.string(), message: z.string() })),
    conflicts: z.array(z.object({ ...at, id: z.string(), field: z.union([DiffField, z.literal('row')]), before: z.string(), workbook: z.string(), current: z.string().nullable() })),
  })
  .extend({
    // the Testing and Deficiencies sheets: changed cells, invalid values, and (stored) the results and judgements to record
    testing: z
      .object({
        changes: z.array(z.object({ ...at, id: z.string(), field: z.string(), before: z.string(), after: z.string() })),
        invalid: z.array(z.object({ ...at, column: z.string(), id: z.string().nullable(), field: z.string(), value: z.string(), message: z.string() })),
        results: z.array(TestResult).optional(),
        judgements: z.array(Judgement).optional(),
      })
      .optional(),
    // the Mapping sheet: reviewers' decisions changed in the workbook (domain/mapping-export.ts MappingDiff)
    mapping: z
      .object({
        changes: z.array(z.object({ ...at, id: z.string(), field: z.enum(['decision', 'reason']), before: z.string(), after: z.string() })),
        invalid: z.array(z.object({ ...at, column: z.string(), id: z.string().nullable(), field: z.string(), value: z.string(), message: z.string() })),
        decisions: z.array(z.object({ targetId: z.string(), controlId: z.string(), decision: z.enum(MAPPING_DECISIONS), reason: z.string() })),
        withdrawals: z.array(z.object({ targetId: z.string(), controlId: z.string() })),
      })
      .optional(),
  })
  .openapi('PlanDiff');
export type PlanDiff = z.infer<typeof PlanDiff>;
export const ReimportDiff = z.object({ reimportId: z.string(), exportId: z.string(), diff: PlanDiff }).openapi('ReimportDiff');
export type ReimportDiff = z.infer<typeof ReimportDiff>;
export const ReimportStored = z
  .object({ id: z.string(), engagementId: z.string(), exportId: z.string(), fileName: z.string(), sha256: z.string(), diff: PlanDiff, status: z.string(), createdAt: z.string(), appliedAt: z.string().nullable() })
  .openapi('Reimport');
export const ReimportApplied = z.object({ applied: z.number().int(), tasks: z.number().int() }).openapi('ReimportApplied');
export type ReimportApplied = z.infer<typeof ReimportApplied>;

// The audit trail.
const Json: z.ZodType<unknown> = z.unknown().openapi({ description: 'any JSON value (what the field held)' });
export const AuditEntries = z
  .object({
    entries: z.array(
      z.object({ seq: z.number().int(), engagementId: z.string().nullable(), at: z.string(), actor: z.string(), action: z.string(), entity: z.string(), entityId: z.string().nullable(), field: z.string().nullable(), before: Json, after: Json, prevHash: z.string(), hash: z.string() }),
    ),
  })
  .openapi('AuditEntries');
export const AuditVerification = z
  .union([
    z.object({ ok: z.literal(true), entries: z.number().int(), tip: z.string(), tipSeq: z.number().int(), keyedFrom: z.number().int() }),
    z.object({ ok: z.literal(false), brokenAt: z.number().int(), reason: z.enum(['prev-hash-mismatch', 'hash-mismatch', 'truncated', 'tip-mismatch']), message: z.string(), lastGood: z.number().int().nullable() }),
  ])
  .openapi('AuditVerification');

// Reviews.
export const Review = z
  .object({ id: z.string(), itemKind: z.string(), itemId: z.string(), kind: z.enum(['comment', 'reviewed']), text: z.string(), actor: z.string(), at: z.string() })
  .openapi('ReviewEntry');
export type Review = z.infer<typeof Review>;
export const Reviews = z.object({ reviews: z.array(Review) }).openapi('Reviews');

// Scenarios.
export const Scenario = z
  .object({
    name: z.string(),
    profile: ResolvedProfile,
    change: GivenProfile,
    timeline: z.object({
      s1PeriodEnd: day,
      milestones: z.array(z.object({ id: z.string(), label: z.string(), periodEnd: day, due: day })),
      first404bReason: z.string().nullable(),
      egcEnds: z.object({ fiscalYear: z.number().int(), fiscalYearEnd: day, trigger: z.string() }).nullable(),
      filings: z.array(z.object({ form: z.enum(['10-Q', '10-K']), periodEnd: day, due: day, filerStatus: z.string(), icfr: z.string() })),
    }),
    plan: z.object({ start: day, end: day, tasks: z.number().int(), atRisk: z.number().int() }),
    moved: z.array(z.object({ milestone: z.string(), from: day.nullable(), to: day.nullable() })),
  })
  .openapi('Scenario');
export type Scenario = z.infer<typeof Scenario>;
export const Scenarios = z.object({ scenarios: z.array(Scenario) }).openapi('Scenarios');

// The SOC 1 register with each organisation checked against the first §404(a) year.
const Span = z.object({ start: day, end: day, days: z.number().int() });
const Cuec = z.object({ id: z.string(), text: z.string(), controlId: z.string(), owner: z.string() });
const Soc1Entry = z.object({ org: z.string(), reportType: z.enum(SOC1_REPORT_TYPES).nullable(), periodStart: day.nullable(), periodEnd: day.nullable(), bridgeLetterThrough: day.nullable(), targets: strings, cuecs: z.array(Cuec) });
export const Soc1RegisterView = z
  .object({
    entries: z.array(Soc1Entry),
    statuses: z.array(
      z.object({
        entry: Soc1Entry,
        inProfile: z.boolean(),
        fiscalYear: Span,
        covered: Span.nullable(),
        uncovered: z.array(Span),
        bridgeLetter: z.object({ needed: Span.nullable(), through: day.nullable(), state: z.enum(['not-needed', 'missing', 'short', 'obtained', 'cannot-help']), text: z.string() }),
        cuecs: z.array(Cuec.extend({ mapped: z.boolean(), missing: strings })),
        missing: strings,
        complete: z.boolean(),
        summary: z.string(),
      }),
    ),
    fiscalYear: z.object({ start: day, end: day }).nullable(),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    analysisVersion: z.number().int().nullable(),
  })
  .openapi('Soc1RegisterView');
export type Soc1RegisterView = z.infer<typeof Soc1RegisterView>;

// Accounts: the session, workspaces, members, invitations, signing in.
const User = z.object({ id: z.string(), email: z.string(), displayName: z.string(), createdAt: z.string() });
export const WorkspaceRole = z.object({ id: z.string(), name: z.string(), role: Role.nullable(), default: z.boolean() });
export const SessionView = z
  .object({ mode: z.enum(['local', 'accounts']), user: User.nullable(), csrfToken: z.string().nullable(), passwordMin: z.number().int(), canCreateWorkspaces: z.boolean(), workspaces: z.array(WorkspaceRole) })
  .openapi('Session');
export type SessionView = z.infer<typeof SessionView>;
export const Workspaces = z.object({ workspaces: z.array(WorkspaceRole) }).openapi('Workspaces');
export const Workspace = z.object({ id: z.string(), name: z.string(), createdAt: z.string() }).openapi('Workspace');
export type Workspace = z.infer<typeof Workspace>;
export const Members = z
  .object({
    members: z.array(z.object({ id: z.string(), userId: z.string(), email: z.string(), displayName: z.string(), engagementId: z.string().nullable(), role: Role, createdAt: z.string(), disabledAt: z.string().nullable() })),
    engagements: z.array(z.object({ id: z.string(), companyName: z.string() })),
    yourRole: Role.nullable(),
  })
  .openapi('Members');
export type Members = z.infer<typeof Members>;
export const InviteLink = z.object({ link: z.string(), expiresAt: z.string() }).openapi('InviteLink');
export type InviteLink = z.infer<typeof InviteLink>;
export const Invites = z
  .object({ invites: z.array(z.object({ id: z.string(), email: z.string(), role: Role.nullable(), engagementId: z.string().nullable(), createdBy: z.string().nullable(), createdAt: z.string(), expiresAt: z.string() })) })
  .openapi('Invites');
export type Invites = z.infer<typeof Invites>;
export const InviteRevoked = z.object({ revoked: z.literal(true) });
export const MemberChanged = z.object({ removed: z.boolean() });
export const InviteView = z.object({ email: z.string(), workspace: z.string(), engagement: z.string().nullable(), role: z.string(), expiresAt: z.string() }).openapi('InviteView');
export type InviteView = z.infer<typeof InviteView>;
export const InviteAccepted = z.object({ email: z.string(), accepted: z.literal(true) }).openapi('InviteAccepted');
export const SignedIn = z.object({ user: User, csrfToken: z.string() }).openapi('SignedIn');
export const SignedOut = z.object({ signedOut: z.literal(true) });
export const PasswordReset = z.object({ email: z.string(), reset: z.literal(true) });

// Files sent as they are (a workbook, a listing as uploaded).
export const Binary = z.string().openapi({ type: 'string', format: 'binary' });
