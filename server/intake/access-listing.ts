// Access listings (the user listings auditors ask for as IPE) in the shapes financial systems export them:
//   user-role        one row per user × role (NetSuite "Employees with roles", Okta group/app assignments, ADP)
//   user-permission  one row per user × permission (Salesforce permission export, a SAP SUIM report)
//   role-matrix      one row per user, one column per role, access marked X / ✓ / Y / 1
//   role-permission  one row per role × permission, no user: joined to the user-role rows of the same system
// The shape is read from the headers (and, for the matrix, from the values). Every data row becomes an access row, a
// role grant, or an issue that names sheet, row and column: nothing is dropped silently, because a listing whose
// rows cannot be accounted for is not complete-and-accurate evidence.
// The HR roster (leavers) is read by roster.ts with this file's header and user matching. Pure: grid in, data out.
import { columnLetter, type GridCell, type GridSheet, type Grid, type IntakeIssue } from '../domain/grid.ts';
import { cellAt, textAt } from './find-tables.ts';
import { cellDate, dateInText, parseDateText } from '../domain/date-text.ts';
// headers are labels like the role and permission names the duty maps match: one normaliser for both
import { normaliseName } from '../domain/duty-map.ts';
import type {
  AccountStatus,
  ExtractedAtBasis,
  ListingInfo,
  ListingIssue,
  ListingShape,
  ListingUser,
  RoleGrant,
  SourceRef,
  SystemBasis,
  UserAccess,
} from '../domain/access-types.ts';
import type { IsoDate } from '../domain/dates.ts';

export interface ParsedListing {
  access: UserAccess[];
  roleGrants: RoleGrant[];
  listings: ListingInfo[];
  issues: ListingIssue[];
}

export interface ListingOptions {
  system?: string; // from a SYSTEM= prefix: wins over everything else
  fileDate?: IsoDate; // the file's modification date, the weakest evidence of when it was extracted
}

type Field =
  | 'id'
  | 'email'
  | 'name'
  | 'first'
  | 'last'
  | 'status'
  | 'active'
  | 'inactive'
  | 'department'
  | 'title'
  | 'type'
  | 'role'
  | 'permission'
  | 'level'
  | 'system'
  | 'extracted'
  | 'termination';

// Exact (normalised) header texts per field. Only exact matches count, so "Role Description" or "Last Login" are
// not mistaken for the role or name column.
// prettier-ignore
const SYNONYMS: Record<Field, string[]> = {
  id: ['user id', 'userid', 'user', 'username', 'user name', 'login', 'login id', 'logon', 'logon id', 'account', 'account name', 'account id', 'employee id', 'employee number', 'emp id', 'associate id', 'internal id', 'id', 'uid', 'samaccountname', 'sam account name', 'user principal name', 'upn', 'file number', 'worker id'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'mail', 'primary email', 'work email', 'user email', 'login email', 'email id'],
  name: ['name', 'full name', 'display name', 'user full name', 'employee name', 'employee', 'user display name', 'person', 'associate name', 'legal name', 'worker', 'worker name'],
  first: ['first name', 'given name', 'firstname', 'first'],
  last: ['last name', 'surname', 'family name', 'lastname', 'last'],
  status: ['status', 'user status', 'account status', 'state', 'employment status', 'employee status', 'worker status', 'login status'],
  active: ['active', 'is active', 'enabled', 'account enabled', 'login access', 'give access'],
  inactive: ['inactive', 'is inactive', 'disabled', 'is disabled', 'suspended', 'frozen', 'deactivated'],
  department: ['department', 'dept', 'division', 'cost center', 'cost centre', 'business unit', 'home department'],
  title: ['title', 'job title', 'position', 'job', 'position title'],
  type: ['user type', 'account type', 'identity type', 'type'],
  role: ['role', 'roles', 'role name', 'assigned role', 'assigned roles', 'security role', 'security roles', 'profile', 'user profile', 'profile name', 'permission set', 'permission sets', 'group', 'groups', 'group name', 'user role', 'user roles', 'app role', 'admin role', 'admin roles', 'responsibility', 'responsibilities', 'access role', 'security group'],
  permission: ['permission', 'permissions', 'permission name', 'privilege', 'privileges', 'entitlement', 'entitlements', 'right', 'rights', 'function', 'functions', 'transaction', 'transaction code', 'tcode', 't code', 'access right', 'access rights', 'object permission', 'permission label'],
  level: ['level', 'access level', 'permission level', 'access type', 'rights level', 'privilege level'],
  system: ['system', 'application', 'app', 'app name', 'application name', 'system name', 'platform', 'source system'],
  extracted: ['extracted', 'extraction date', 'extracted at', 'extracted on', 'report date', 'as of', 'as of date', 'as at', 'run date', 'snapshot date', 'generated', 'generated on', 'export date', 'exported', 'exported on', 'date extracted', 'report run date'],
  termination: ['termination date', 'term date', 'terminated', 'terminated on', 'separation date', 'termination', 'leave date', 'last day', 'last working day', 'last day worked', 'exit date', 'date of termination', 'leaving date', 'end date'],
};

const FIELD_OF = new Map<string, Field>();
for (const [field, names] of Object.entries(SYNONYMS) as [Field, string[]][])
  for (const n of names) FIELD_OF.set(n, field);

const MARK = /^(x|✓|✔|☑|y|yes|1|true|•|●|assigned|granted)$/iu;
const NO_MARK = /^(n|no|0|false|-|–|—|n\/a|na)$/iu;
const ACTIVE =
  /^(active|enabled|yes|y|true|1|a|provisioned|staged|locked out|locked_out|password expired|password_expired|recovery|password reset)$/iu;
const INACTIVE =
  /^(inactive|disabled|no|n|false|0|i|suspended|deprovisioned|deactivated|terminated|locked|blocked|frozen|expired|deleted)$/iu;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/u;
export const SCAN_ROWS = 30;
const TOTAL = /^(?:total|count|number of (?:users|records|rows|lines)|record count|row count)\b[^0-9]*(\d[\d,]*)/iu;

// Systems recognised by name in a file or sheet name; otherwise the file's base name is used as written.
// prettier-ignore
const KNOWN_SYSTEMS: [RegExp, string][] = [
  [/net ?suite/iu, 'NetSuite'],
  [/salesforce|sfdc/iu, 'Salesforce'],
  [/\badp\b/iu, 'ADP'],
  [/okta/iu, 'Okta'],
  [/workday/iu, 'Workday'],
  [/quick ?books|\bqbo\b/iu, 'QuickBooks'],
  [/intacct/iu, 'Sage Intacct'],
  [/bill\.?com/iu, 'Bill.com'],
  [/coupa/iu, 'Coupa'],
  [/zuora/iu, 'Zuora'],
  [/stripe/iu, 'Stripe'],
  [/expensify/iu, 'Expensify'],
  [/concur/iu, 'Concur'],
  [/tipalti/iu, 'Tipalti'],
  [/rippling/iu, 'Rippling'],
  [/gusto/iu, 'Gusto'],
  [/carta/iu, 'Carta'],
  [/\bxero\b/iu, 'Xero'],
  [/\bsap\b/iu, 'SAP'],
  [/dynamics/iu, 'Dynamics 365'],
  [/\baws\b/iu, 'AWS'],
  [/github/iu, 'GitHub'],
  [/entra|azure ?ad/iu, 'Entra ID'],
  [/google ?workspace|g ?suite/iu, 'Google Workspace'],
  [/\bbank\b/iu, 'Bank'],
];

export function knownSystem(text: string): string | null {
  const t = text.replace(/[_-]+/gu, ' ');
  for (const [re, name] of KNOWN_SYSTEMS) if (re.test(t)) return name;
  return null;
}

function fileNameDate(file: string): IsoDate | null {
  const base = file.split(/[\\/]/u).pop() ?? file;
  const iso = /(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})/u.exec(base);
  return iso ? parseDateText(`${iso[1]}-${iso[2]}-${iso[3]}`) : null;
}

function systemFromFile(file: string): string {
  const base = (file.split(/[\\/]/u).pop() ?? file).replace(/\.[^.]{1,5}$/u, '');
  const known = knownSystem(base);
  if (known) return known;
  const words = base
    .replace(/\d{4}[-_.]?\d{2}[-_.]?\d{2}/gu, ' ')
    .split(/[\s_.-]+/u)
    .filter(
      (w) =>
        w &&
        !/^(users?|access|listings?|exports?|roles?|permissions?|report|extract|extracted|all|active|matrix|list|and|\d+)$/iu.test(
          w,
        ),
    );
  return words.join(' ') || base;
}

const LEVEL_NONE = /^(none|no access|0)$/iu;

export interface Header {
  row: number;
  fields: Map<Field, number>; // field -> 1-based column
  other: number[]; // columns with a header text that names no field
  width: number;
}

function rowTexts(sheet: GridSheet, row: number): string[] {
  const cells = sheet.rows[row - 1] ?? [];
  return cells.map((_, c) => textAt(sheet, row, c + 1));
}

export function readHeader(sheet: GridSheet, row: number): Header {
  const texts = rowTexts(sheet, row);
  const fields = new Map<Field, number>();
  const other: number[] = [];
  texts.forEach((t, i) => {
    if (t === '') return;
    const f = FIELD_OF.get(normaliseName(t));
    if (f && !fields.has(f)) fields.set(f, i + 1);
    else other.push(i + 1);
  });
  let width = texts.length;
  while (width > 0 && texts[width - 1] === '') width--;
  return { row, fields, other, width };
}

const USER_FIELDS: Field[] = ['id', 'email', 'name', 'first', 'last'];
export const hasUser = (h: Header) => USER_FIELDS.some((f) => h.fields.has(f));

// The header row: the earliest row (of the first 30) naming a user or role column plus at least one more field.
function findHeader(sheet: GridSheet): Header | null {
  const last = Math.min(sheet.rows.length, SCAN_ROWS);
  let best: Header | null = null;
  for (let r = 1; r <= last; r++) {
    const h = readHeader(sheet, r);
    const useful = hasUser(h) || h.fields.has('role') || h.fields.has('permission');
    // a role matrix names one user field and then only role columns
    if (!useful || (h.fields.size < 2 && !(hasUser(h) && h.other.length >= 1))) continue;
    if (!best || h.fields.size > best.fields.size) best = h;
  }
  return best;
}

function text(sheet: GridSheet, row: number, col: number | undefined): string {
  return col === undefined ? '' : textAt(sheet, row, col);
}

// Several roles in one cell ("AP Clerk; Controller"), as Okta and ADP exports write them.
function splitRoles(cell: string): string[] {
  return cell
    .split(/[;|\n\r]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface SheetContext {
  grid: Grid;
  sheet: GridSheet;
  header: Header;
  options: ListingOptions;
  issues: ListingIssue[];
}

export function issue(
  ctx: { grid: Grid; issues: ListingIssue[] },
  code: string,
  severity: IntakeIssue['severity'],
  sheet: string | null,
  row: number | null,
  col: number | null,
  message: string,
): void {
  ctx.issues.push({
    file: ctx.grid.file,
    code,
    severity,
    sheet,
    row,
    column: col === null ? null : columnLetter(col),
    message,
  });
}

function statusOf(ctx: SheetContext, row: number): { status: AccountStatus; statusText: string } {
  const { sheet, header } = ctx;
  for (const field of ['status', 'active', 'inactive'] as const) {
    const col = header.fields.get(field);
    if (col === undefined) continue;
    const t = text(sheet, row, col);
    if (t === '') return { status: field === 'inactive' ? 'active' : 'unknown', statusText: '' };
    const positive = ACTIVE.test(t) ? true : INACTIVE.test(t) ? false : null;
    if (positive === null) {
      issue(
        ctx,
        'status-unknown',
        'warning',
        sheet.name,
        row,
        col,
        `${sheet.name} row ${row}: status "${t}" is not recognised; the account is treated as active.`,
      );
      return { status: 'unknown', statusText: t };
    }
    // an "Inactive" / "Disabled" column says yes for an account that is switched off
    const active = field === 'inactive' ? !positive : positive;
    return { status: active ? 'active' : 'inactive', statusText: t };
  }
  return { status: 'unknown', statusText: '' };
}

export function userOf(ctx: SheetContext, row: number): ListingUser | null {
  const { sheet, header } = ctx;
  const f = header.fields;
  let id = text(sheet, row, f.get('id')) || null;
  let email = text(sheet, row, f.get('email')).toLowerCase() || null;
  if (!email && id && EMAIL.test(id)) email = id.toLowerCase();
  const first = text(sheet, row, f.get('first'));
  const last = text(sheet, row, f.get('last'));
  let name = text(sheet, row, f.get('name')) || [first, last].filter(Boolean).join(' ') || null;
  if (name && !email && EMAIL.test(name)) [email, name] = [name.toLowerCase(), null];
  // a lone "User" column often holds display names, not logins
  if (!name && id && /\s/u.test(id) && !EMAIL.test(id) && !f.has('name')) name = id;
  if (!id && !email && !name) return null;
  id ??= email ?? null;
  return {
    id,
    email,
    name,
    ...statusOf(ctx, row),
    department: text(sheet, row, f.get('department')) || null,
    title: text(sheet, row, f.get('title')) || null,
    accountType: text(sheet, row, f.get('type')) || null,
  };
}

export function rowIsBlank(sheet: GridSheet, row: number, width: number): boolean {
  for (let c = 1; c <= Math.max(width, sheet.rows[row - 1]?.length ?? 0); c++)
    if (textAt(sheet, row, c) !== '') return false;
  return true;
}

// A row that carries no user: a footer total is evidence (it reconciles the row count); anything else is an issue.
function footer(ctx: SheetContext, row: number): number | null {
  const texts = rowTexts(ctx.sheet, row).filter(Boolean);
  const m = texts.length <= 3 ? TOTAL.exec(texts.join(' ')) : null;
  return m?.[1] ? Number(m[1].replace(/,/gu, '')) : null;
}

function matrixColumns(ctx: SheetContext, dataRows: number[]): { roles: number[]; other: number[] } {
  const roles: number[] = [];
  const other: number[] = [];
  for (const c of ctx.header.other) {
    let marks = 0;
    let unknown = 0;
    for (const r of dataRows) {
      const t = textAt(ctx.sheet, r, c);
      if (t === '' || NO_MARK.test(t)) continue;
      if (MARK.test(t)) marks++;
      else unknown++;
    }
    // a role column holds mostly marks; a stray unknown value is reported on its row rather than disqualifying it
    if (marks > 0 && unknown <= marks) roles.push(c);
    else other.push(c);
  }
  return { roles, other };
}

interface SheetResult {
  shape: ListingShape;
  systems: Map<string, { basis: SystemBasis; rows: number }>;
  extracted: { date: IsoDate; basis: 'column' | 'title' } | null;
  reportedTotal: number | null;
}

function sheetSystem(ctx: SheetContext, row: number): { system: string; basis: SystemBasis } {
  if (ctx.options.system) return { system: ctx.options.system, basis: 'argument' };
  const fromColumn = text(ctx.sheet, row, ctx.header.fields.get('system'));
  if (fromColumn) return { system: fromColumn, basis: 'column' };
  const fromSheet = ctx.grid.format === 'xlsx' ? knownSystem(ctx.sheet.name) : null;
  if (fromSheet) return { system: fromSheet, basis: 'sheet-name' };
  return { system: systemFromFile(ctx.grid.file), basis: 'file-name' };
}

// "Extracted 2026-10-31", "Report date:" | 31-Oct-2026 in the rows above the header.
function titleDate(sheet: GridSheet, headerRow: number): IsoDate | null {
  const label = /extract|generat|as of|as at|report|export|snapshot|run on|run date|date/iu;
  for (let r = 1; r < headerRow; r++) {
    const cells = sheet.rows[r - 1] ?? [];
    for (let c = 1; c <= cells.length; c++) {
      const t = textAt(sheet, r, c);
      if (!label.test(t)) continue;
      const inline = dateInText(t);
      if (inline) return inline;
      const next = cellAt(sheet, r, c + 1);
      const d = cellDate(next) ?? (next ? dateInText(next.text) : null);
      if (d) return d;
    }
  }
  return null;
}

function columnDate(ctx: SheetContext, dataRows: number[]): IsoDate | null {
  const col = ctx.header.fields.get('extracted');
  if (col === undefined) return null;
  const dates = new Set<IsoDate>();
  for (const r of dataRows) {
    const cell: GridCell | undefined = cellAt(ctx.sheet, r, col);
    const d = cellDate(cell) ?? (cell ? dateInText(cell.text) : null);
    if (d) dates.add(d);
  }
  const sorted = [...dates].sort();
  if (sorted.length > 1)
    issue(
      ctx,
      'extraction-dates-differ',
      'warning',
      ctx.sheet.name,
      null,
      col,
      `${ctx.sheet.name}: the extraction date column holds ${sorted.length} dates (${sorted[0]} to ${sorted.at(-1)}); the latest is used.`,
    );
  return sorted.at(-1) ?? null;
}

function readSheet(ctx: SheetContext, out: ParsedListing): SheetResult | null {
  const { sheet, header } = ctx;
  const f = header.fields;
  const candidates: number[] = [];
  for (let r = header.row + 1; r <= sheet.rows.length; r++) if (!rowIsBlank(sheet, r, header.width)) candidates.push(r);

  let shape: ListingShape;
  let matrix: { roles: number[]; other: number[] } | null = null;
  if (!hasUser(header) && f.has('role') && f.has('permission')) shape = 'role-permission';
  else if (hasUser(header) && f.has('permission')) shape = 'user-permission';
  else if (hasUser(header) && f.has('role')) shape = 'user-role';
  else if (hasUser(header)) {
    matrix = matrixColumns(ctx, candidates);
    if (matrix.roles.length === 0) return null;
    shape = 'role-matrix';
  } else return null;

  const systems = new Map<string, { basis: SystemBasis; rows: number }>();
  const count = (s: { system: string; basis: SystemBasis }) => {
    const e = systems.get(s.system);
    if (e) e.rows++;
    else systems.set(s.system, { basis: s.basis, rows: 1 });
  };
  let reportedTotal: number | null = null;
  const src = (row: number): SourceRef => ({ file: ctx.grid.file, sheet: sheet.name, row });

  for (const r of candidates) {
    if (shape === 'role-permission') {
      const role = text(sheet, r, f.get('role'));
      const permission = text(sheet, r, f.get('permission'));
      if (!role || !permission) {
        const total = footer(ctx, r);
        if (total !== null) reportedTotal = total;
        else
          issue(
            ctx,
            role ? 'no-permission' : 'no-role',
            'warning',
            sheet.name,
            r,
            f.get(role ? 'permission' : 'role') ?? null,
            `${sheet.name} row ${r}: a role-permission row needs both a role and a permission; the row was not read.`,
          );
        continue;
      }
      const s = sheetSystem(ctx, r);
      count(s);
      out.roleGrants.push({
        system: s.system,
        role,
        permission,
        level: text(sheet, r, f.get('level')) || null,
        source: src(r),
      });
      continue;
    }
    const total = footer(ctx, r);
    if (total !== null) {
      reportedTotal = total;
      continue;
    }
    const user = userOf(ctx, r);
    if (!user) {
      issue(
        ctx,
        'no-user',
        'warning',
        sheet.name,
        r,
        null,
        `${sheet.name} row ${r}: no user id, e-mail or name; the row was not read.`,
      );
      continue;
    }
    const s = sheetSystem(ctx, r);
    count(s);
    const level = text(sheet, r, f.get('level')) || null;
    const push = (role: string | null, permission: string | null) =>
      out.access.push({ system: s.system, user, role, permission, level, source: src(r) });
    if (shape === 'role-matrix' && matrix) {
      let any = false;
      for (const c of matrix.roles) {
        const t = textAt(sheet, r, c);
        if (t === '' || NO_MARK.test(t)) continue;
        if (!MARK.test(t)) {
          issue(
            ctx,
            'matrix-mark-unknown',
            'warning',
            sheet.name,
            r,
            c,
            `${sheet.name} row ${r}: "${t}" under role "${textAt(sheet, header.row, c)}" is not an access mark (X, ✓, Y, 1); it was not read as access.`,
          );
          continue;
        }
        push(textAt(sheet, header.row, c), null);
        any = true;
      }
      if (!any) push(null, null);
    } else if (shape === 'user-permission') {
      const permission = text(sheet, r, f.get('permission')) || null;
      const roles = splitRoles(text(sheet, r, f.get('role')));
      if (permission && level && LEVEL_NONE.test(level)) push(roles[0] ?? null, null);
      else push(roles[0] ?? null, permission);
    } else {
      const roles = splitRoles(text(sheet, r, f.get('role')));
      if (roles.length === 0) push(null, null);
      for (const role of roles) push(role, null);
    }
  }
  if (matrix && matrix.other.length > 0) {
    const names = matrix.other.map((c) => `"${textAt(sheet, header.row, c)}"`).join(', ');
    issue(
      ctx,
      'columns-ignored',
      'warning',
      sheet.name,
      header.row,
      null,
      `${sheet.name}: column(s) ${names} are neither user fields nor role columns marked X; they were not read.`,
    );
  }
  const date = columnDate(ctx, candidates);
  const title = date ? null : titleDate(sheet, header.row);
  return {
    shape,
    systems,
    extracted: date ? { date, basis: 'column' } : title ? { date: title, basis: 'title' } : null,
    reportedTotal,
  };
}

export function parseAccessListing(grid: Grid, options: ListingOptions = {}): ParsedListing {
  const out: ParsedListing = { access: [], roleGrants: [], listings: [], issues: [] };
  const byKey = new Map<string, ListingInfo>();
  let fileExtracted: { date: IsoDate; basis: ExtractedAtBasis } | null = null;
  const sheetsRead: { name: string; result: SheetResult }[] = [];
  for (const sheet of grid.sheets) {
    const header = findHeader(sheet);
    if (!header) {
      const rows = sheet.rows.filter((r) => r.some((c) => (c?.text.trim() ?? '') !== '')).length;
      if (rows > 0)
        issue(
          { grid, issues: out.issues },
          'sheet-not-a-listing',
          'warning',
          sheet.name,
          null,
          null,
          `${grid.file}: sheet "${sheet.name}" has no header naming users, roles or permissions (${rows} non-blank row(s)); it was not read.`,
        );
      continue;
    }
    const ctx: SheetContext = { grid, sheet, header, options, issues: out.issues };
    const result = readSheet(ctx, out);
    if (!result) {
      issue(
        ctx,
        'no-access-columns',
        'warning',
        sheet.name,
        header.row,
        null,
        `${grid.file}: sheet "${sheet.name}" lists users but no role or permission column and no role columns marked X; it was not read.`,
      );
      continue;
    }
    sheetsRead.push({ name: sheet.name, result });
    if (result.extracted && (!fileExtracted || result.extracted.date > fileExtracted.date))
      fileExtracted = result.extracted;
  }
  const fromName = fileNameDate(grid.file);
  const extracted: { date: IsoDate | null; basis: ExtractedAtBasis } =
    fileExtracted ??
    (fromName
      ? { date: fromName, basis: 'file-name' }
      : options.fileDate
        ? { date: options.fileDate, basis: 'file-modified' }
        : { date: null, basis: 'none' });
  for (const { name, result } of sheetsRead) {
    for (const [system, s] of result.systems) {
      let l = byKey.get(system);
      if (!l) {
        l = {
          system,
          systemBasis: s.basis,
          file: grid.file,
          sheets: [],
          shapes: [],
          extractedAt: extracted.date,
          extractedAtBasis: extracted.basis,
          rows: 0,
          reportedTotal: null,
        };
        byKey.set(system, l);
        out.listings.push(l);
      }
      l.sheets.push({
        name,
        shape: result.shape,
        rows: s.rows,
        reportedTotal: result.systems.size === 1 ? result.reportedTotal : null,
      });
      if (!l.shapes.includes(result.shape)) l.shapes.push(result.shape);
      l.rows += s.rows;
      if (result.reportedTotal !== null && result.systems.size === 1)
        l.reportedTotal = (l.reportedTotal ?? 0) + result.reportedTotal;
    }
    if (result.reportedTotal !== null) {
      const read = [...result.systems.values()].reduce((n, s) => n + s.rows, 0);
      if (read !== result.reportedTotal)
        issue(
          { grid, issues: out.issues },
          'row-count-mismatch',
          'error',
          name,
          null,
          null,
          `${grid.file}: sheet "${name}" reports a total of ${result.reportedTotal} but ${read} row(s) were read; the listing may be incomplete.`,
        );
    }
  }
  if (extracted.basis === 'none' && out.listings.length > 0)
    issue(
      { grid, issues: out.issues },
      'no-extraction-date',
      'warning',
      null,
      null,
      null,
      `${grid.file}: no extraction date (no date column, no "Extracted …" title, no date in the file name); the listing's completeness evidence is weaker.`,
    );
  return out;
}

