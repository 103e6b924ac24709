// The access analysis as GET /api/engagements/{id}/access sends it: the types come from the server's response schemas
// (server/http/openapi-access.ts), so the Access SoD screen and the API cannot drift apart.
import type { AccessBody, SimulationBody } from '../../../server/http/openapi-access.ts';

export type Access = AccessBody;
export type AccessConflict = Access['conflicts'][number];
export type Severity = AccessConflict['severity'];
export type FindingStatus = AccessConflict['status'];
export type Resolution = NonNullable<AccessConflict['resolution']>;
export type ResolutionKind = Resolution['kind'];
export type Grant = AccessConflict['sides'][number]['grants'][number];
export type SourceRow = Access['leavers'][number]['roster'];
export type Leaver = Access['leavers'][number];
export type Listing = Access['listings'][number];
export type MatrixCell = NonNullable<Access['matrix']['rows'][number]['cells'][number]>;
export type AccessReadiness = Access['readiness'];
export type DutyMapRow = Access['dutyMap'][number];
export type Simulation = SimulationBody;

export const where = (s: SourceRow | null | undefined): string =>
  !s ? '—' : `${s.file}${s.sheet ? ` › ${s.sheet}` : ''}${s.row ? ` row ${s.row}` : ''}`;
