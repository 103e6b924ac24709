// The shapes of GET /api/engagements/{id}/access that the Access SoD screen reads (server/use-cases/access-view.ts).
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type FindingStatus = 'open' | 'remediated' | 'mitigated' | 'accepted';
export type ResolutionKind = 'remediated' | 'mitigated' | 'accepted';

export interface SourceRow {
  file: string;
  sheet: string | null;
  row: number | null;
}

export interface Grant {
  system: string;
  role: string | null;
  permission: string | null;
  file: string;
  sheet: string;
  row: number;
  definedAt?: SourceRow | null;
}

export interface Resolution {
  key: string;
  kind: ResolutionKind;
  control: string | null;
  owner: string | null;
  frequency: string | null;
  reason: string | null;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
  via: string | null;
}

export interface AccessConflict {
  key: string;
  level: 'user' | 'role' | 'privileged';
  rule: string;
  severity: Severity;
  user?: string;
  role?: string;
  holders?: number;
  systems: string[];
  sides: { duty: string; label: string; grants: Grant[] }[];
  risk: string;
  compensatingControl: string;
  status: FindingStatus;
  resolution: Resolution | null;
  task: { id: string; title: string; owner: string; due?: string } | null;
}

export interface Leaver {
  key: string;
  user: string;
  system: string;
  account: string;
  daysSinceTermination: number;
  terminationDate: string;
  asOf: string;
  status: FindingStatus;
  resolution: Resolution | null;
  rows: SourceRow[];
}

export interface Listing {
  listingId: string;
  fileName: string;
  system: string;
  systemBasis: string;
  extractedAt: string | null;
  extractedAtBasis: string;
  rows: number;
  reportedTotal: number | null;
  uploadedAt: string;
  current: boolean;
  contributes?: ('users' | 'grants')[]; // what this file gives its system's listing set
  businessUnit?: string | null; // the unit the file covers, as named on upload; null: the whole system
  contributed?: { users: number; roles: number; grants: number; conflicts: number };
  replacedBy?: string | null; // the later file that replaced a superseded one
}

export interface MatrixCell {
  severity: Severity;
  count: number;
  open: number;
  keys: string[];
  levels: string[];
}

export interface AccessReadiness {
  readiness: number | null;
  penalty: number;
  withAccess: number | null;
  open: number;
  openBySeverity: Record<Severity, number>;
  formula: string;
}

export interface DutyMapRow {
  system: string;
  kind: string;
  name: string;
  duties: string[];
  privileged: boolean;
  basis: string;
  map: string | null;
  holders: number;
}

export interface Access {
  conflicts: AccessConflict[];
  unmapped: { system: string; kind: string; name: string; holders: number; rows: SourceRow[] }[];
  generic: { user: string; system: string; account: string; reason: string; status: string; rows: SourceRow[] }[];
  leavers: Leaver[];
  listings: Listing[];
  dutyMap: DutyMapRow[];
  summary: { conflicts: { user: number; role: number; privileged: number }; unmapped: number; generic: number; leavers: number; privileged: number };
  issues: { code: string; severity: string; message: string }[];
  roster: { fileName: string; entries: number; terminated: number; uploadedAt: string } | null;
  matrix: {
    columns: { id: string; severity: Severity; risk: string }[];
    rows: { userKey: string; user: string; generic: boolean; conflicts: number; open: number; cells: (MatrixCell | null)[] }[];
  };
  plan: { tasks: { id: string; title: string; owner: string; due: string; findingKey?: string }[] };
  readiness: AccessReadiness;
}

export interface Simulation {
  user: string;
  knownUser: boolean;
  system: string;
  role: string;
  roleKnown: boolean;
  duties: string[];
  privileged: boolean;
  newConflicts: AccessConflict[];
}

export const where = (s: SourceRow | null | undefined): string =>
  !s ? '—' : `${s.file}${s.sheet ? ` › ${s.sheet}` : ''}${s.row ? ` row ${s.row}` : ''}`;
