// The engagement profile: the facts about the company that the analysis and the plan depend on. Every field is
// validated here, and every default says where it comes from so the UI and exports can show it.
import { CYCLES, type Cycle } from './catalog.ts';
import { parseIsoDate, type IsoDate } from './dates.ts';
import { err, ok, type Result } from './result.ts';
import { computeTimeline, defaultS1PeriodEnd, FILER_STATUSES, MAX_IPO_DATE, MIN_IPO_DATE, parseFiscalYearEnd, type FilerStatus, type TimelineInput } from './timeline.ts';

export interface EngagementProfile {
  companyName: string;
  ipoDate: IsoDate;
  fiscalYearEnd: string; // MM-DD
  egc: boolean;
  filerStatus: FilerStatus; // expected once eligible (from the second fiscal year end)
  egcEndsFiscalYear: number | null;
  s1PeriodEnd: IsoDate; // latest period in the registration statement (REFERENCE §6 default when not given)
  firstSale: IsoDate; // first registered sale of common equity (JOBS Act §101(d)); default the IPO date
  quarterEnds: IsoDate[]; // explicit fiscal quarter ends (52/53-week years off the 13-week pattern)
  publicFloat: Record<string, number>; // FY → USD on the last business day of its second quarter
  revenue: Record<string, number>; // FY → annual revenue, USD
  planStart: IsoDate;
  financialSystems: string[];
  cyclesInScope: Cycle[];
  serviceOrganizations: string[];
  materiality: number | null; // overall materiality in the reporting currency, agreed with the auditor (REFERENCE §4)
  ownerCapacity: Record<string, number>; // days a month per owner for the programme, overriding the role default
}

export interface ProfileInput {
  companyName?: string;
  ipoDate?: string;
  fiscalYearEnd?: string;
  egc?: boolean;
  filerStatus?: string;
  egcEndsFiscalYear?: number | null;
  s1PeriodEnd?: string | null;
  firstSale?: string | null;
  quarterEnds?: string[];
  publicFloat?: Record<string, number>;
  revenue?: Record<string, number>;
  planStart?: string;
  financialSystems?: string[];
  cyclesInScope?: string[];
  serviceOrganizations?: string[];
  materiality?: number | null;
  ownerCapacity?: Record<string, number>;
}

export interface ProfileDefault {
  field: keyof EngagementProfile;
  value: string;
  basis: string;
}

export interface ProfileError {
  code: 'invalid-profile';
  field: keyof EngagementProfile;
  message: string;
}

// "today" is an input, never read from the clock here: the caller passes it.
export function resolveProfile(
  input: ProfileInput,
  today: IsoDate,
): Result<{ profile: EngagementProfile; defaults: ProfileDefault[] }, ProfileError> {
  const defaults: ProfileDefault[] = [];
  const fail = (field: keyof EngagementProfile, message: string) =>
    err<ProfileError>({ code: 'invalid-profile', field, message });

  const planStartText = input.planStart ?? today;
  if (input.planStart === undefined)
    defaults.push({ field: 'planStart', value: today, basis: 'today, when no plan start is given' });
  const planStart = parseIsoDate(planStartText);
  if (!planStart.ok) return fail('planStart', `plan start: ${planStart.error.message}`);

  let ipoDate: string;
  if (input.ipoDate === undefined) {
    // A readiness programme takes 12–18 months (REFERENCE §8); without a date we plan for the short end.
    const y = Number(planStart.value.slice(0, 4)) + 1;
    ipoDate = `${y}${planStart.value.slice(4)}`;
    if (ipoDate.endsWith('02-29')) ipoDate = `${y}-02-28`;
    defaults.push({
      field: 'ipoDate',
      value: ipoDate,
      basis: 'plan start + 12 months: the short end of a 12–18 month readiness programme (readiness practice)',
    });
  } else {
    const d = parseIsoDate(input.ipoDate);
    if (!d.ok) return fail('ipoDate', `IPO date: ${d.error.message}`);
    ipoDate = d.value;
  }
  if (ipoDate < MIN_IPO_DATE || ipoDate > MAX_IPO_DATE)
    return fail('ipoDate', `IPO date ${ipoDate} is outside ${MIN_IPO_DATE} to ${MAX_IPO_DATE}`);

  const fyeText = input.fiscalYearEnd ?? '12-31';
  if (input.fiscalYearEnd === undefined)
    defaults.push({
      field: 'fiscalYearEnd',
      value: '12-31',
      basis: 'calendar year end, the most common fiscal year end',
    });
  const fye = parseFiscalYearEnd(fyeText);
  if (!fye.ok) return fail('fiscalYearEnd', fye.error.message);

  const egc = input.egc ?? true;
  if (input.egc === undefined)
    defaults.push({
      field: 'egc',
      value: 'yes',
      basis: 'most IPO companies qualify: revenue under $1.235B in the last fiscal year (Securities Act §2(a)(19), JOBS Act §101)',
    });

  const filerText = input.filerStatus ?? 'non-accelerated';
  if (!(FILER_STATUSES as readonly string[]).includes(filerText))
    return fail('filerStatus', `filer status "${filerText}" is not one of ${FILER_STATUSES.join(', ')}`);
  if (input.filerStatus === undefined)
    defaults.push({
      field: 'filerStatus',
      value: 'non-accelerated',
      basis:
        'every new registrant is non-accelerated for its first 10-K; set the status expected from the second year end (public float on the last business day of Q2: $75M–$700M accelerated, ≥ $700M large accelerated)',
    });

  const egcEnds = input.egcEndsFiscalYear ?? null;
  if (egcEnds !== null && (!Number.isInteger(egcEnds) || egcEnds < 1990 || egcEnds > 2110))
    return fail('egcEndsFiscalYear', `EGC end year "${egcEnds}" must be a fiscal year such as 2029`);

  for (const [field, text] of [['s1PeriodEnd', input.s1PeriodEnd], ['firstSale', input.firstSale]] as const) {
    if (text === undefined || text === null) continue;
    const d = parseIsoDate(text);
    if (!d.ok) return fail(field, `${field === 's1PeriodEnd' ? 'S-1 period end' : 'first registered sale'}: ${d.error.message}`);
  }
  const quarterEnds: string[] = [];
  for (const q of input.quarterEnds ?? []) {
    const d = parseIsoDate(q);
    if (!d.ok) return fail('quarterEnds', `quarter end: ${d.error.message}`);
    quarterEnds.push(d.value);
  }
  let s1PeriodEnd = input.s1PeriodEnd ?? null;
  if (s1PeriodEnd === null) {
    const s1 = defaultS1PeriodEnd(ipoDate, fye.value, quarterEnds);
    s1PeriodEnd = s1.periodEnd;
    defaults.push({ field: 's1PeriodEnd', value: s1.periodEnd, basis: s1.basis });
  }
  const firstSale = input.firstSale ?? ipoDate;
  if (input.firstSale === undefined || input.firstSale === null)
    defaults.push({ field: 'firstSale', value: ipoDate, basis: 'the IPO date: the first registered sale of common equity is usually the IPO itself (JOBS Act §101(d) excludes a first sale on or before 2011-12-08 from EGC status)' });

  const cycles = input.cyclesInScope ?? CYCLES.filter((c) => c !== 'inventory');
  if (input.cyclesInScope === undefined)
    defaults.push({
      field: 'cyclesInScope',
      value: cycles.join(', '),
      basis:
        'all business cycles but inventory, which most pre-IPO software companies do not carry (inventory is in scope where material)',
    });
  for (const c of cycles) {
    if (!(CYCLES as readonly string[]).includes(c))
      return fail('cyclesInScope', `cycle "${c}" is not one of ${CYCLES.join(', ')}`);
  }

  const list = (xs: string[] | undefined) => [...new Set((xs ?? []).map((s) => s.trim()).filter(Boolean))];
  const financialSystems = list(input.financialSystems);
  if (input.financialSystems === undefined)
    defaults.push({
      field: 'financialSystems',
      value: '(none)',
      basis:
        'none named: every ITGC is then flagged for financial-scope until the ERP, billing and payroll systems are named',
    });

  const materiality = input.materiality ?? null;
  if (materiality !== null && !(Number.isFinite(materiality) && materiality > 0))
    return fail('materiality', `materiality "${materiality}" must be a positive amount`);
  // No default: without materiality a deficiency's magnitude is not weighed, and its basis says so (deficiencies.ts).
  const ownerCapacity: Record<string, number> = {};
  for (const [owner, days] of Object.entries(input.ownerCapacity ?? {})) {
    const name = owner.trim();
    if (!name) return fail('ownerCapacity', 'an owner capacity needs an owner name');
    if (!(Number.isFinite(days) && days > 0 && days <= 31))
      return fail('ownerCapacity', `capacity of ${name}: "${days}" must be between 0 and 31 days a month`);
    ownerCapacity[name] = days;
  }

  const profile: EngagementProfile = {
      companyName: (input.companyName ?? '').trim() || 'Company',
      ipoDate,
      fiscalYearEnd: fyeText,
      egc,
      filerStatus: filerText as FilerStatus,
      egcEndsFiscalYear: egcEnds,
      s1PeriodEnd,
      firstSale,
      quarterEnds,
      publicFloat: { ...(input.publicFloat ?? {}) },
      revenue: { ...(input.revenue ?? {}) },
      planStart: planStart.value,
      financialSystems,
      cyclesInScope: [...cycles] as Cycle[],
      serviceOrganizations: list(input.serviceOrganizations),
      materiality,
      ownerCapacity,
  };
  // Inconsistent facts (an EGC end year without EGC status, a first sale before the JOBS Act, floats against the
  // stated status …) are refused here, so no profile that cannot be planned is ever saved.
  const tl = computeTimeline(timelineInputOf(profile, defaults));
  if (!tl.ok) return fail(tl.error.field in profile ? (tl.error.field as keyof EngagementProfile) : 'ipoDate', tl.error.message);
  return ok({ profile, defaults });
}

// The timeline's input: a defaulted S-1 period is passed as not given (its basis is the default's), a defaulted filer
// status as not stated (facts may then derive any status without contradicting it).
export function timelineInputOf(profile: EngagementProfile, defaults: readonly ProfileDefault[]): TimelineInput {
  const defaulted = new Set(defaults.map((d) => d.field));
  return {
    ipoDate: profile.ipoDate,
    fiscalYearEnd: profile.fiscalYearEnd,
    egc: profile.egc,
    filerStatus: profile.filerStatus,
    ...(profile.egcEndsFiscalYear !== null ? { egcEndsFiscalYear: profile.egcEndsFiscalYear } : {}),
    ...(defaulted.has('s1PeriodEnd') ? {} : { s1PeriodEnd: profile.s1PeriodEnd }),
    ...(defaulted.has('firstSale') ? {} : { firstSale: profile.firstSale }),
    ...(profile.quarterEnds.length ? { quarterEnds: profile.quarterEnds } : {}),
    ...(Object.keys(profile.publicFloat).length ? { publicFloat: profile.publicFloat } : {}),
    ...(Object.keys(profile.revenue).length ? { revenue: profile.revenue } : {}),
    filerStatusStated: !defaulted.has('filerStatus'),
  };
}
