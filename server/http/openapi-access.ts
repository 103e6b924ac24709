// Response schemas of the access SoD routes (…/access and below). The web app's Access SoD screen takes its types from
// here; access-routes.ts checks what the use cases return against them at compile time.
import { z } from '@hono/zod-openapi';
import { PlanTask } from './openapi-analysis.ts';

const strings = z.array(z.string());
export const AccessSeverity = z.enum(['critical', 'high', 'medium', 'low']);
export const FindingStatus = z.enum(['open', 'remediated', 'mitigated', 'accepted']);
export const ResolutionKind = z.enum(['remediated', 'mitigated', 'accepted']);
export const SourceRow = z.object({ file: z.string(), sheet: z.string().nullable(), row: z.number().int().nullable() }).openapi('ListingRow');
const BySeverity = z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() });

export const Grant = z.object({ system: z.string(), role: z.string().nullable(), permission: z.string().nullable(), file: z.string(), sheet: z.string(), row: z.number().int(), definedAt: SourceRow.nullable().optional() });
export const StoredResolution = z
  .object({ key: z.string(), kind: ResolutionKind, control: z.string().nullable(), owner: z.string().nullable(), frequency: z.string().nullable(), reason: z.string().nullable(), note: z.string().nullable(), decidedBy: z.string(), decidedAt: z.string() })
  .openapi('AccessDecision');
export const Resolution = StoredResolution.extend({ via: z.string().nullable() });
const Finding = { status: FindingStatus, resolution: Resolution.nullable(), task: z.string().nullable() };

const ConflictCore = {
  key: z.string(),
  level: z.enum(['user', 'role', 'privileged']),
  rule: z.string(),
  severity: AccessSeverity,
  risk: z.string(),
  compensatingControl: z.string(),
  user: z.string().optional(),
  userKey: z.string().optional(),
  generic: z.boolean().optional(),
  role: z.string().optional(),
  holders: z.number().int().optional(),
  singleRole: z.string().nullable().optional(),
  systems: strings,
  sides: z.array(z.object({ duty: z.string(), label: z.string(), grants: z.array(Grant) })),
};
export const AccessConflict = z.object({ ...ConflictCore, ...Finding }).openapi('AccessConflict');
export const Leaver = z
  .object({
    key: z.string(),
    finding: z.string(),
    user: z.string(),
    userKey: z.string().optional(),
    system: z.string(),
    account: z.string(),
    terminationDate: z.string(),
    asOf: z.string(),
    asOfBasis: z.enum(['extraction-date', 'analysis-date']),
    daysSinceTermination: z.number().int(),
    rows: z.array(SourceRow),
    roster: SourceRow,
    ...Finding,
  })
  .openapi('Leaver');
export const Listing = z
  .object({
    listingId: z.string(),
    fileName: z.string(),
    system: z.string(),
    systemBasis: z.string(),
    extractedAt: z.string().nullable(),
    extractedAtBasis: z.string(),
    rows: z.number().int(),
    reportedTotal: z.number().int().nullable(),
    shapes: strings,
    sheets: z.array(z.object({ name: z.string(), shape: z.string(), rows: z.number().int(), reportedTotal: z.number().int().nullable() })),
    sha256: z.string(),
    uploadedAt: z.string(),
    uploadedBy: z.string(),
    current: z.boolean(),
    contributes: z.array(z.enum(['users', 'grants'])).optional(), // what this file gives its system's listing set
    businessUnit: z.string().nullable(), // as named on upload; null: the file covers the whole system
    contributed: z.object({ users: z.number().int(), roles: z.number().int(), grants: z.number().int(), conflicts: z.number().int() }),
    replacedBy: z.string().nullable(), // the later file that replaced a superseded one
  })
  .openapi('Listing');
export const DutyMapRow = z
  .object({ system: z.string(), kind: z.string(), name: z.string(), duties: strings, privileged: z.boolean(), basis: z.string(), map: z.string().nullable(), holders: z.number().int() })
  .openapi('DutyMapRow');
const Unmapped = z.object({ system: z.string(), kind: z.string(), name: z.string(), holders: z.number().int(), rows: z.array(SourceRow) });
export const MatrixCell = z.object({ severity: AccessSeverity, count: z.number().int(), open: z.number().int(), keys: strings, levels: strings });
export const AccessReadiness = z
  .object({ readiness: z.number().nullable(), penalty: z.number(), withAccess: z.number().nullable(), open: z.number().int(), openBySeverity: BySeverity, formula: z.string() })
  .openapi('AccessReadiness');
const AccessTask = PlanTask.extend({ findingKey: z.string(), source: z.literal('access').optional() });
const Issue = z.object({ code: z.string(), severity: z.string(), file: z.string().nullable().optional(), sheet: z.string().nullable().optional(), row: z.number().int().nullable().optional(), column: z.string().nullable().optional(), message: z.string() });

// GET …/access (view=page: without privileged and resolution, the conflicts role-level only, conflictsShown: 'role').
export const AccessBody = z
  .object({
    conflicts: z.array(AccessConflict),
    conflictsShown: z.literal('role').optional(),
    unmapped: z.array(Unmapped),
    generic: z.array(z.object({ user: z.string(), system: z.string(), account: z.string(), reason: z.string(), status: z.string(), rows: z.array(SourceRow) })),
    leavers: z.array(Leaver),
    listings: z.array(Listing),
    privileged: z.array(z.object({ user: z.string(), userKey: z.string(), system: z.string(), role: z.string().nullable(), permission: z.string().nullable(), by: z.string().nullable() })).optional(),
    dutyMap: z.array(DutyMapRow),
    summary: z.object({ conflicts: z.object({ user: z.number().int(), role: z.number().int(), privileged: z.number().int() }), unmapped: z.number().int(), generic: z.number().int(), leavers: z.number().int(), privileged: z.number().int() }),
    resolution: z
      .object({
        openBySeverity: BySeverity,
        open: strings,
        openLeavers: strings,
        resolved: z.array(z.object({ key: z.string(), action: z.enum(['remediate', 'mitigate', 'accept']), via: z.string().nullable() })),
        tasks: z.array(PlanTask.pick({ id: true, phase: true, kind: true, title: true, target: true, reasons: true, owner: true, durationDays: true, effortDays: true, dependsOn: true, status: true, notes: true, sampleSize: true, deliverables: true }).extend({ findingKey: z.string() })),
        issues: z.array(z.object({ code: z.string(), key: z.string(), message: z.string() })),
      })
      .optional(),
    issues: z.array(Issue),
    roster: z.object({ id: z.string(), fileName: z.string(), sha256: z.string(), entries: z.number().int(), terminated: z.number().int(), uploadedAt: z.string(), uploadedBy: z.string() }).nullable(),
    matrix: z.object({
      columns: z.array(z.object({ id: z.string(), severity: AccessSeverity, risk: z.string() })),
      rows: z.array(z.object({ userKey: z.string(), user: z.string(), generic: z.boolean(), conflicts: z.number().int(), open: z.number().int(), cells: z.array(MatrixCell.nullable()) })),
    }),
    resolutions: z.array(StoredResolution),
    plan: z.object({ tasks: z.array(AccessTask) }),
    readiness: AccessReadiness,
  })
  .openapi('Access');
export type AccessBody = z.infer<typeof AccessBody>;

export const ConflictsBody = z.object({ conflicts: z.array(AccessConflict), missing: strings }).openapi('AccessConflicts');

export const ListingStored = z
  .object({
    id: z.string(),
    fileName: z.string(),
    systemGiven: z.string().nullable(),
    businessUnit: z.string().nullable(),
    systems: z.array(z.object({ system: z.string(), systemBasis: z.string(), extractedAt: z.string().nullable(), extractedAtBasis: z.string(), rows: z.number().int(), shapes: strings })),
    extractedAt: z.string().nullable(),
    rowCount: z.number().int(),
    sha256: z.string(),
    size: z.number().int(),
    uploadedAt: z.string(),
    issues: z.array(Issue),
  })
  .openapi('ListingStored');
export type ListingStored = z.infer<typeof ListingStored>;
export const ListingDeleted = z.object({ deleted: z.string() });
export const RosterStored = z.object({ id: z.string(), fileName: z.string(), sha256: z.string(), entries: z.number().int(), terminated: z.number().int(), issues: z.array(Issue) }).openapi('RosterStored');
export type RosterStored = z.infer<typeof RosterStored>;

const DutyMapEntry = z.object({ name: z.string(), kind: z.string().optional(), match: z.enum(['exact', 'contains']).optional(), duties: strings, privileged: z.boolean().optional(), systems: strings.optional(), note: z.string().optional() });
export const DutyMapBody = z
  .object({
    entries: z.array(DutyMapEntry),
    templates: strings,
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    applied: z.array(DutyMapRow.extend({ confirmed: z.boolean() })),
    unmapped: z.array(Unmapped),
    duties: z.array(z.object({ id: z.string(), label: z.string() })),
    savedTemplates: z.array(z.object({ id: z.string(), name: z.string(), systems: strings, entries: z.number().int(), updatedAt: z.string().optional() })),
    fileTemplates: z.array(z.object({ id: z.string(), name: z.string(), systems: strings, entries: z.number().int() })),
  })
  .openapi('AccessDutyMapView');
export type DutyMapBody = z.infer<typeof DutyMapBody>;
export const DutyTemplate = z.object({ id: z.string(), name: z.string(), systems: strings, entries: z.array(DutyMapEntry), updatedAt: z.string() }).openapi('AccessDutyTemplate');

export const SimulationBody = z
  .object({
    user: z.string(),
    userKey: z.string(),
    knownUser: z.boolean(),
    system: z.string(),
    role: z.string(),
    roleKnown: z.boolean(),
    duties: strings,
    privileged: z.boolean(),
    conflicts: z.array(z.object({ ...ConflictCore, isNew: z.boolean() })),
    newConflicts: z.array(z.object({ ...ConflictCore, isNew: z.boolean() })),
  })
  .openapi('AccessSimulationResult');
export type SimulationBody = z.infer<typeof SimulationBody>;

export const FindingDecided = z
  .object({ key: z.string(), status: FindingStatus, resolution: Resolution.nullable(), task: AccessTask.nullable(), before: z.object({ readiness: AccessReadiness }), readiness: AccessReadiness, open: BySeverity })
  .openapi('AccessFindingDecided');
