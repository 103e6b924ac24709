// The value types of access listings, shared by the listing reader (intake), the access rules (domain) and the
// database: one row of access, a role's permission, the user as the listing names them, the listing read, an issue
// of a listing file, and an HR roster entry. They live in domain so domain never depends on intake.
import type { IsoDate } from './dates.ts';
import type { IntakeIssue } from './grid.ts';

export type ListingShape = 'user-role' | 'user-permission' | 'role-matrix' | 'role-permission';
export type AccountStatus = 'active' | 'inactive' | 'unknown';
export type SystemBasis = 'argument' | 'column' | 'sheet-name' | 'file-name';
export type ExtractedAtBasis = 'column' | 'title' | 'file-name' | 'file-modified' | 'none';

export interface SourceRef {
  file: string;
  sheet: string;
  row: number; // 1-based, as Excel shows it
}

export interface ListingUser {
  id: string | null;
  email: string | null; // lower-case
  name: string | null;
  status: AccountStatus;
  statusText: string; // as written ('' when the listing has no status column)
  department: string | null;
  title: string | null;
  accountType: string | null; // 'Service', 'Integration', … when the listing says
}

export interface UserAccess {
  system: string;
  user: ListingUser;
  role: string | null; // null: the user has an account but no role on this row
  permission: string | null;
  level: string | null; // access level as written ('View', 'Full', …)
  source: SourceRef;
}

export interface RoleGrant {
  system: string;
  role: string;
  permission: string;
  level: string | null;
  source: SourceRef;
}

export interface ListingInfo {
  system: string;
  systemBasis: SystemBasis;
  file: string;
  sheets: { name: string; shape: ListingShape; rows: number; reportedTotal: number | null }[];
  shapes: ListingShape[];
  extractedAt: IsoDate | null;
  extractedAtBasis: ExtractedAtBasis;
  rows: number; // data rows read into access rows or role grants (issues excluded)
  reportedTotal: number | null; // "Total: N" footers of its user sheets, when the report prints them
}

export type ListingIssue = IntakeIssue & { file: string };

export interface RosterEntry {
  id: string | null;
  email: string | null;
  name: string | null;
  terminationDate: IsoDate | null;
  source: SourceRef;
}
