// The engagement-profile options of the command line (analyze, scenarios): one parser, so every command reads
// `--ipo-date`, `--s1-period-end`, `--public-float 2028=800M` … the same way. Bad values throw CliProfileError (exit 2).
import type { ProfileInput } from './domain/profile.ts';

// Named UsageError so the command line's one check for bad input (exit 2 with one line) recognises it.
export class CliProfileError extends Error {
  override name = 'UsageError';
}

export const PROFILE_OPTIONS = {
  'ipo-date': { type: 'string' },
  fye: { type: 'string' },
  egc: { type: 'string' },
  'filer-status': { type: 'string' },
  'egc-ends-fy': { type: 'string' },
  's1-period-end': { type: 'string' },
  'first-sale': { type: 'string' },
  'quarter-ends': { type: 'string' },
  'public-float': { type: 'string' },
  revenue: { type: 'string' },
  'financial-systems': { type: 'string' },
  cycles: { type: 'string' },
  'service-orgs': { type: 'string' },
  company: { type: 'string' },
  start: { type: 'string' },
  materiality: { type: 'string' },
  'owner-capacity': { type: 'string' },
} as const;

export const PROFILE_HELP = `  --s1-period-end YYYY-MM-DD latest period in the registration statement (its most recent balance sheet);
                             default: the latest quarter end ≥ 45 days before the IPO, a year end only ≥ 90 days
  --first-sale YYYY-MM-DD    first registered sale of common equity; default the IPO date (EGC needs it after 2011-12-08)
  --quarter-ends "D,D,…"     explicit fiscal quarter ends (52/53-week years off the 13-week pattern)
  --public-float "FY=USD,…"  public float on the last business day of each fiscal year's Q2, e.g. 2028=800M
  --revenue "FY=USD,…"       annual revenue per fiscal year, e.g. 2027=60M,2028=140M (filer status then from facts)
  --materiality AMOUNT       overall materiality (e.g. 1.5M), to weigh the magnitude of deficiencies
  --owner-capacity "A=20,B=6"  days a month each owner can give the programme (default: by role); the plan is
                             levelled against it`;

type Values = Partial<Record<keyof typeof PROFILE_OPTIONS, string>>;

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

// "800M", "1.2B", "$75,000,000" → USD.
export function parseUsd(text: string): number | null {
  const m = /^\$?\s*(\d+(?:\.\d+)?)\s*([kmb])?$/i.exec(text.replace(/[,_]/g, '').trim());
  if (!m) return null;
  const scale = { k: 1e3, m: 1e6, b: 1e9 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'b'] ?? 1;
  return Math.round(Number(m[1]) * scale);
}

function usdByYear(text: string, option: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of list(text)) {
    const [fy, amount, ...more] = part.split('=');
    const usd = amount === undefined ? null : parseUsd(amount);
    if (more.length || fy === undefined || !/^\d{4}$/.test(fy.trim()) || usd === null)
      throw new CliProfileError(`--${option} takes FY=USD pairs such as 2028=800M, not "${part}"`);
    out[fy.trim()] = usd;
  }
  return out;
}

function yesNo(v: string, name: string): boolean {
  if (/^(yes|y|true)$/i.test(v)) return true;
  if (/^(no|n|false)$/i.test(v)) return false;
  throw new CliProfileError(`--${name} takes yes or no, not "${v}"`);
}

export function profileInputOf(values: Values): ProfileInput {
  const egcEnds = values['egc-ends-fy'];
  if (egcEnds !== undefined && !/^\d{4}$/.test(egcEnds)) throw new CliProfileError(`--egc-ends-fy takes a year such as 2030, not "${egcEnds}"`);
  return {
    ...(values.company !== undefined ? { companyName: values.company } : {}),
    ...(values['ipo-date'] !== undefined ? { ipoDate: values['ipo-date'] } : {}),
    ...(values.fye !== undefined ? { fiscalYearEnd: values.fye } : {}),
    ...(values.egc !== undefined ? { egc: yesNo(values.egc, 'egc') } : {}),
    ...(values['filer-status'] !== undefined ? { filerStatus: values['filer-status'] } : {}),
    ...(egcEnds !== undefined ? { egcEndsFiscalYear: Number(egcEnds) } : {}),
    ...(values['s1-period-end'] !== undefined ? { s1PeriodEnd: values['s1-period-end'] } : {}),
    ...(values['first-sale'] !== undefined ? { firstSale: values['first-sale'] } : {}),
    ...(values['quarter-ends'] !== undefined ? { quarterEnds: list(values['quarter-ends']) } : {}),
    ...(values['public-float'] !== undefined ? { publicFloat: usdByYear(values['public-float'], 'public-float') } : {}),
    ...(values.revenue !== undefined ? { revenue: usdByYear(values.revenue, 'revenue') } : {}),
    ...(values['financial-systems'] !== undefined ? { financialSystems: list(values['financial-systems']) } : {}),
    ...(values.cycles !== undefined ? { cyclesInScope: list(values.cycles) } : {}),
    ...(values['service-orgs'] !== undefined ? { serviceOrganizations: list(values['service-orgs']) } : {}),
    ...(values.start !== undefined ? { planStart: values.start } : {}),
    ...(values.materiality !== undefined ? { materiality: materialityOf(values.materiality) } : {}),
    ...(values['owner-capacity'] !== undefined ? { ownerCapacity: capacities(values['owner-capacity']) } : {}),
  };
}

function materialityOf(text: string): number {
  const usd = parseUsd(text);
  if (usd === null || usd <= 0) throw new CliProfileError(`--materiality takes a positive amount such as 1500000 or 1.5M, not "${text}"`);
  return usd;
}

// "Controller=12, IT lead=6" → days a month per owner
function capacities(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of list(text)) {
    const eq = part.lastIndexOf('=');
    const days = Number(part.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(days)) throw new CliProfileError(`--owner-capacity takes "Owner=days, Owner=days", not "${part}"`);
    out[part.slice(0, eq).trim()] = days;
  }
  return out;
}
