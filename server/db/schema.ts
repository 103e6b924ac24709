// The one Database interface: every table as the SQL sees it. Repositories are the only readers of these row types;
// they turn rows into domain values and never hand a row out. Ids are text the app makes; JSON is stored as text so
// both dialects hold the same bytes; times are ISO-8601 text (sortable, dialect-neutral).
import type { Generated } from 'kysely';

export interface EngagementsTable {
  id: string;
  company_name: string;
  profile_json: string; // ProfileInput as entered
  created_at: string;
  updated_at: string;
  archived_at: string | null; // null: active
  workspace_id: string | null; // (0004) the workspace that holds it; set for every engagement the app creates
}

export interface ImportsTable {
  id: string;
  engagement_id: string;
  file_name: string;
  sha256: string;
  size: number;
  original_bytes: Uint8Array; // BLOB on SQLite, bytea on PostgreSQL: the client's bytes, untouched
  format: 'xlsx' | 'csv';
  mapping_json: string; // SavedMapping: sheets chosen and column overrides
  tables_json: string; // TableInfo[]
  issues_json: string; // IntakeIssue[]
  status: 'preview' | 'confirmed';
  created_at: string;
}

export interface ControlsTable {
  id: string; // row id: `<import id>:<position>`
  engagement_id: string;
  import_id: string;
  position: number; // intake order, so a list reads back as imported
  control_id: string;
  sheet: string;
  row: number;
  data_json: string; // the whole SocControl, extra columns and source included
}

export interface MappingProfilesTable {
  id: string;
  workspace_id: string; // (0006) the workspace whose engagement saved it: read and written only with it
  engagement_id: string | null; // profiles belong to a client, not to one engagement
  client: string;
  name: string;
  headers_signature: string;
  mapping_json: string;
  created_at: string;
  updated_at: string;
}

export interface AnalysesTable {
  id: string;
  engagement_id: string;
  version: number; // 1, 2, … per engagement
  import_id: string | null;
  analysis_json: string;
  created_at: string;
}

export interface TasksTable {
  engagement_id: string;
  id: string; // the plan's task id, unique per engagement
  position: number;
  analysis_version: number;
  data_json: string; // the PlanTask as the analysis generated it
  // The editable fields, current values (authoritative over data_json):
  title: string;
  owner: string;
  start: string;
  due: string;
  effort: number;
  status: string;
  depends_on: string; // JSON array of task ids
  notes: string;
  updated_at: string;
}

export interface ExportsTable {
  id: string;
  engagement_id: string;
  created_at: string;
  analysis_version: number;
  row_hashes_json: string; // { [taskId]: { row, hash, readonly?: { phase, target } } }
  rows_json: string; // { [taskId]: PlanRowValues } as exported: the diff's "before"
  workbook: Uint8Array | null; // the file as handed out (0002)
  file_name: string | null;
  created_by: string | null;
}

export interface ReimportsTable {
  id: string;
  engagement_id: string;
  export_id: string;
  file_name: string;
  sha256: string;
  diff_json: string; // PlanDiff
  status: 'pending' | 'applied' | 'discarded';
  created_at: string;
  applied_at: string | null; // when applied or discarded
}

export interface AuditLogTable {
  seq: Generated<number>;
  engagement_id: string | null; // null: a global event
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  field: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

// Where the keyed audit chain starts and which key it is keyed with (0007); one row, id 1.
export interface AuditChainTable {
  id: number;
  keyed_from: number; // entries with seq >= keyed_from are HMAC-keyed; earlier ones (written before 0007) are plain SHA-256
  key_id: string | null; // fingerprint of the key (db/audit-key.ts); set at the first open with a key, then fixed
}

// Access-based SoD (0003): listings, the HR roster, duty maps, decisions on findings.
export interface AccessListingsTable {
  id: string;
  engagement_id: string;
  position: number; // upload order within the engagement
  file_name: string;
  system_given: string | null; // named by the uploader; null: detected
  systems_json: string; // ListingInfo[]
  extracted_at: string | null;
  row_count: number;
  sha256: string;
  size: number;
  original_bytes: Uint8Array; // the client's bytes, untouched
  parsed_json: string; // { access: UserAccess[], roleGrants: RoleGrant[] } as read at upload
  issues_json: string;
  created_at: string;
  created_by: string;
}

export interface AccessRostersTable {
  id: string;
  engagement_id: string; // unique: one roster per engagement
  file_name: string;
  sha256: string;
  size: number;
  original_bytes: Uint8Array;
  entries_json: string; // RosterEntry[]
  issues_json: string;
  created_at: string;
  created_by: string;
}

export interface AccessDutyMapsTable {
  id: string;
  engagement_id: string | null; // null: a reusable template
  workspace_id: string; // (0006) the engagement's workspace, or the workspace a template was saved in
  kind: 'engagement' | 'template';
  name: string;
  source: string;
  systems_json: string;
  entries_json: string; // DutyMapEntry[]
  templates_json: string; // engagement kind: saved template ids layered under its entries
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface AccessResolutionsTable {
  id: string;
  engagement_id: string;
  finding_key: string;
  kind: 'remediated' | 'mitigated' | 'accepted';
  control: string | null;
  owner: string | null;
  frequency: string | null;
  reason: string | null;
  note: string | null;
  decided_by: string;
  decided_at: string;
}

// Accounts, workspaces and roles (0004).
export type RoleName = 'owner' | 'editor' | 'reviewer' | 'viewer';

export interface UsersTable {
  id: string;
  email: string; // lower-cased
  display_name: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null; // set: the account cannot sign in (cli user disable)
}

export interface WorkspacesTable {
  id: string;
  name: string;
  created_at: string;
  created_by: string;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  engagement_id: string | null; // null: the whole workspace
  scope_key: string; // engagement id or '*'
  role: RoleName;
  created_at: string;
  created_by: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface OneTimeTokensTable {
  token_hash: string;
  kind: 'reset' | 'invite';
  user_id: string | null;
  email: string | null;
  workspace_id: string | null;
  engagement_id: string | null;
  role: RoleName | null;
  created_at: string;
  created_by: string;
  expires_at: string;
  used_at: string | null;
}

export interface ReviewsTable {
  id: string;
  workspace_id: string; // (0006) the engagement's workspace
  engagement_id: string;
  item_kind: string;
  item_id: string;
  kind: 'comment' | 'reviewed';
  text: string;
  actor: string;
  at: string;
}

export interface ScenariosTable {
  id: string;
  workspace_id: string;
  engagement_id: string;
  position: number;
  name: string;
  change_json: string;
  result_json: string;
  created_at: string;
  created_by: string;
}

export interface Soc1RegistersTable {
  id: string;
  workspace_id: string;
  engagement_id: string;
  entries_json: string; // Soc1Entry[] (domain/soc1-register.ts)
  updated_at: string;
  updated_by: string;
}

// Test results and deficiency judgements (0010), keyed by workspace and engagement.
export interface TestResultsTable {
  workspace_id: string;
  engagement_id: string;
  test_id: string;
  tested: number;
  exceptions: number;
  conclusion: string;
  tested_on: string | null;
  note: string;
  recorded_by: string;
  recorded_at: string;
}
export interface DeficiencyJudgementsTable {
  workspace_id: string;
  engagement_id: string;
  deficiency_id: string;
  likelihood: string | null;
  magnitude: number | null;
  compensating_control: string | null;
  indicators_json: string;
  override_severity: string | null;
  override_reason: string | null;
  recorded_by: string;
  recorded_at: string;
}

// Reviewers' decisions on source→target links (0012), keyed by workspace and engagement.
export interface MappingReviewsTable {
  workspace_id: string;
  engagement_id: string;
  target_id: string;
  control_id: string;
  decision: string; // MappingDecision (domain/mapping-review.ts)
  reason: string;
  author: string;
  at: string;
}

export interface Database {
  engagements: EngagementsTable;
  imports: ImportsTable;
  controls: ControlsTable;
  mapping_profiles: MappingProfilesTable;
  analyses: AnalysesTable;
  tasks: TasksTable;
  exports: ExportsTable;
  reimports: ReimportsTable;
  audit_log: AuditLogTable;
  audit_chain: AuditChainTable;
  access_listings: AccessListingsTable;
  access_rosters: AccessRostersTable;
  access_duty_maps: AccessDutyMapsTable;
  access_resolutions: AccessResolutionsTable;
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  scenarios: ScenariosTable;
  reviews: ReviewsTable;
  soc1_registers: Soc1RegistersTable;
  test_results: TestResultsTable;
  deficiency_judgements: DeficiencyJudgementsTable;
  mapping_reviews: MappingReviewsTable;
}
