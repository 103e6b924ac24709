// The engagement profile form as plain data: the form's text state, the profile the API takes, and which field a
// server error belongs to. No preact here, so it is tested in node.
import type { ApiError } from './api.ts';

// One list of cycles for server and UI: the pure catalogue types are bundled into the web app.
import { CYCLES } from '../../server/domain/catalog.ts';
export { CYCLES };
export type Cycle = (typeof CYCLES)[number];
export const DEFAULT_CYCLES: Cycle[] = CYCLES.filter((c) => c !== 'inventory');

export const CYCLE_LABEL: Record<Cycle, string> = {
  revenue: 'Revenue',
  'procure-to-pay': 'Procure to pay',
  payroll: 'Payroll',
  close: 'Financial close & reporting',
  treasury: 'Treasury & cash',
  'fixed-assets': 'Fixed assets',
  inventory: 'Inventory',
  tax: 'Tax',
  equity: 'Equity & stock compensation',
  leases: 'Leases',
};

export const FILER_STATUSES = [
  {
    value: 'non-accelerated',
    label: 'Non-accelerated filer',
    explanation:
      'Public float under $75M, or a smaller reporting company with revenue under $100M: never a 404(b) auditor attestation; 10-K due 90 days after year end.',
  },
  {
    value: 'accelerated',
    label: 'Accelerated filer',
    explanation:
      'Public float $75M to under $700M: the auditor attests ICFR (404(b)) once the company is no longer an EGC; 10-K due 75 days after year end.',
  },
  {
    value: 'large-accelerated',
    label: 'Large accelerated filer',
    explanation:
      'Public float $700M or more: ends EGC status at that year end, the auditor attests ICFR (404(b)); 10-K due 60 days after year end.',
  },
] as const;
export type FilerStatus = (typeof FILER_STATUSES)[number]['value'];

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

// Days a fiscal year can end on in a month: February ends on the 28th (the server reads 02-28 as "last day of February").
export function daysIn(month: number): number {
  return month === 2 ? 28 : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export interface ProfileForm {
  companyName: string;
  ipoDate: string; // '' = not decided: the server assumes plan start + 12 months and says so
  fyeMonth: number;
  fyeDay: number;
  egc: boolean;
  filerStatus: FilerStatus;
  egcEndYear: string; // '' = no early end expected
  s1PeriodEnd: string; // '' = the REFERENCE §6 default (latest quarter end ≥ 45 days before the IPO)
  fyeOther: string; // a 52/53-week fiscal year end (e.g. last-sat-12) kept as given; '' = month and day
  planStart: string; // '' = today
  financialSystems: string; // comma or one per line
  cyclesInScope: Cycle[];
  serviceOrganizations: string;
}

export function emptyForm(): ProfileForm {
  return {
    companyName: '',
    ipoDate: '',
    fyeMonth: 12,
    fyeDay: 31,
    egc: true,
    filerStatus: 'non-accelerated',
    egcEndYear: '',
    s1PeriodEnd: '',
    fyeOther: '',
    planStart: '',
    financialSystems: '',
    cyclesInScope: [...DEFAULT_CYCLES],
    serviceOrganizations: '',
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

// The stored profile (as it was given) back into the form.
export function formFromProfile(p: Record<string, unknown>): ProfileForm {
  const f = emptyForm();
  const fye = /^(\d{2})-(\d{2})$/.exec(str(p.fiscalYearEnd));
  const filer = FILER_STATUSES.find((s) => s.value === p.filerStatus)?.value;
  const cycles = Array.isArray(p.cyclesInScope)
    ? strs(p.cyclesInScope).filter((c): c is Cycle => (CYCLES as readonly string[]).includes(c))
    : f.cyclesInScope;
  return {
    companyName: str(p.companyName),
    ipoDate: str(p.ipoDate),
    fyeMonth: fye ? Number(fye[1]) : f.fyeMonth,
    fyeDay: fye ? Number(fye[2]) : f.fyeDay,
    egc: typeof p.egc === 'boolean' ? p.egc : f.egc,
    filerStatus: filer ?? f.filerStatus,
    egcEndYear: typeof p.egcEndsFiscalYear === 'number' ? String(p.egcEndsFiscalYear) : '',
    s1PeriodEnd: str(p.s1PeriodEnd),
    fyeOther: fye ? '' : str(p.fiscalYearEnd),
    planStart: str(p.planStart),
    financialSystems: strs(p.financialSystems).join('\n'),
    cyclesInScope: cycles,
    serviceOrganizations: strs(p.serviceOrganizations).join('\n'),
  };
}

// "NetSuite, Stripe\nADP" → ['NetSuite', 'Stripe', 'ADP']: commas or new lines, blanks and repeats dropped.
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n;]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

const pad = (n: number) => String(n).padStart(2, '0');

// Changing the month keeps the day when it exists in that month, else the month's last day.
export function withMonth(form: ProfileForm, month: number): ProfileForm {
  return { ...form, fyeMonth: month, fyeDay: Math.min(form.fyeDay, daysIn(month)) };
}

export type Purpose = 'preview' | 'create' | 'update';

export interface ProfileInput {
  companyName: string;
  ipoDate?: string;
  fiscalYearEnd: string;
  egc: boolean;
  filerStatus: FilerStatus;
  egcEndsFiscalYear: number | null;
  s1PeriodEnd?: string | null;
  planStart?: string;
  financialSystems?: string[];
  cyclesInScope?: string[];
  serviceOrganizations: string[];
}

export interface LocalError {
  field: keyof ProfileInput;
  message: string;
}

// The profile the API takes. Fields left empty are omitted so the server fills its default and says why; an update
// sends an empty systems list explicitly, since omitting it would keep the old one.
export function toProfileInput(
  form: ProfileForm,
  purpose: Purpose,
): { ok: true; value: ProfileInput } | { ok: false; error: LocalError } {
  const year = form.egcEndYear.trim();
  if (form.egc && year !== '' && !/^\d{4}$/.test(year))
    return {
      ok: false,
      error: { field: 'egcEndsFiscalYear', message: `EGC end year "${year}" must be a fiscal year such as 2029` },
    };
  const systems = splitList(form.financialSystems);
  const sameAsDefault =
    form.cyclesInScope.length === DEFAULT_CYCLES.length && DEFAULT_CYCLES.every((c) => form.cyclesInScope.includes(c));
  const value: ProfileInput = {
    companyName: form.companyName.trim(),
    fiscalYearEnd: form.fyeOther || `${pad(form.fyeMonth)}-${pad(form.fyeDay)}`,
    egc: form.egc,
    filerStatus: form.filerStatus,
    egcEndsFiscalYear: form.egc && year !== '' ? Number(year) : null,
    serviceOrganizations: splitList(form.serviceOrganizations),
  };
  if (form.ipoDate) value.ipoDate = form.ipoDate;
  if (form.planStart) value.planStart = form.planStart;
  // An update clears a period no longer given (null: back to the default); a new profile just omits it.
  if (form.s1PeriodEnd) value.s1PeriodEnd = form.s1PeriodEnd;
  else if (purpose === 'update') value.s1PeriodEnd = null;
  if (systems.length > 0 || purpose === 'update') value.financialSystems = systems;
  // The preview omits the default cycles so the server states the basis for leaving inventory out.
  if (!(purpose === 'preview' && sameAsDefault))
    value.cyclesInScope = CYCLES.filter((c) => form.cyclesInScope.includes(c));
  return { ok: true, value };
}

const FIELDS = [
  'companyName',
  'ipoDate',
  'fiscalYearEnd',
  'egc',
  'filerStatus',
  'egcEndsFiscalYear',
  's1PeriodEnd',
  'planStart',
  'financialSystems',
  'cyclesInScope',
  'serviceOrganizations',
] as const;
export type ProfileField = (typeof FIELDS)[number];

// Which form field a server error is about: `reason` (create/update), `details.field` (preview) or the first
// schema issue's path (a malformed request).
export function errorField(e: ApiError): ProfileField | null {
  const isField = (v: unknown): v is ProfileField => typeof v === 'string' && (FIELDS as readonly string[]).includes(v);
  if (isField(e.reason)) return e.reason;
  const d = e.details as { field?: unknown; issues?: { path?: unknown }[] } | undefined;
  if (isField(d?.field)) return d.field;
  const path = d?.issues?.[0]?.path;
  const head = typeof path === 'string' ? path.split('.')[0] : undefined;
  return isField(head) ? head : null;
}

export const FIELD_NAME: Record<ProfileField, string> = {
  companyName: 'Company name',
  ipoDate: 'IPO date',
  fiscalYearEnd: 'Fiscal year end',
  egc: 'Emerging Growth Company',
  filerStatus: 'Expected filer status',
  egcEndsFiscalYear: 'EGC end year',
  s1PeriodEnd: 'Latest period in the S-1',
  planStart: 'Plan start',
  financialSystems: 'Financial systems',
  cyclesInScope: 'Cycles in scope',
  serviceOrganizations: 'Service organizations',
};
