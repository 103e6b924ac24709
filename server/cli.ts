// The command line: the same use cases as the API, JSON out. Exit 0 on success; exit 2 with one line on stderr for
// input it cannot use. A thrown error is a bug: it is reported as such, exit 1.
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem, loadCatalog } from './catalog/load-catalog.ts';
import type { Catalog } from './domain/catalog.ts';
import type { ProfileInput } from './domain/profile.ts';
import { analyseEngagement, type TestingRecord } from './use-cases/analyse-engagement.ts';
import { readTestingGrid } from './domain/testing-export.ts';
import { analysisJson, importJson } from './use-cases/analysis-json.ts';
import { importWorkbook } from './use-cases/import-workbook.ts';
import { exportPlan } from './use-cases/export-plan.ts';
import { diffExports, readExportFile, type ReadExport } from './use-cases/round-trip.ts';
import { packageVersion, readLimitsFromEnv } from './env.ts';
import { exportedRowValues } from './domain/plan-export.ts';
import { loadDutyMapTemplates } from './catalog/load-duty-maps.ts';
import { accessExportOf, accessViewOf } from './use-cases/access-view.ts';
import { ruleDuties, runAccessSod, type ListingFile } from './use-cases/access-sod.ts';
import { existsSync } from 'node:fs';

const HELP = `soxbridge — SOC 2 to SOX readiness

Usage:
  npm run -s cli -- analyze <file> [options]   import a SOC 2 matrix (.xlsx or .csv) and analyse it
  npm run -s cli -- import <file> [--sheet NAME]... [--json]   import only: tables, mapping, controls, issues
  npm run -s cli -- sod [SYSTEM=]<listing>... [--roster file] [--duty-map file] [--resolutions file] [--json]
                             access-based segregation of duties over user-access listings of the financial systems
  npm run -s cli -- diff <exported.xlsx> <edited.xlsx> [--current <later-export.xlsx>] --json
                             compare an edited plan workbook with the export it came from (by task id);
                             --current: a later export of the same engagement, to find conflicting edits
  npm run -s cli -- audit verify [--json]    recompute the audit hash chain; exit 3 and the first broken entry if broken
  npm run -s cli -- backup <file>            consistent copy of the SQLite database while the server runs
  npm run -s cli -- restore <file>           bring a backup back (server stopped); the old database is kept aside
  npm run -s cli -- user add --owner <email> [--name N] [--password P]
                             add the first owner: the server then requires sign-in (prompts for the
                             password when --password is omitted)
  npm run -s cli -- user add <email> --role owner|editor|reviewer|viewer [--workspace W] [--engagement ID]
  npm run -s cli -- user role <email> --role owner|editor|reviewer|viewer [--workspace W] [--engagement ID]
                                             give an existing user a role, or change it (the last owner stays owner)
  npm run -s cli -- user reset <email>       print a one-time password-reset link (valid one hour)
  npm run -s cli -- user disable <email>     the account can no longer sign in; its sessions end now (roles stay
                                             listed until an owner removes them); user enable <email> undoes it
  npm run -s cli -- user list | workspace list [--json]
  npm run -s cli -- workspace add <name> [--owner <email>]
  npm run -s cli -- --help

analyze options (every one has a default, shown with its basis in the JSON "defaults"):
  --sheet NAME               import this sheet (repeatable); default: chosen by content
  --ipo-date YYYY-MM-DD      IPO (effective) date; default: plan start + 12 months
  --fye MM-DD                fiscal year end; default 12-31
  --egc yes|no               Emerging Growth Company at the IPO; default yes
  --filer-status S           non-accelerated | accelerated | large-accelerated, expected from the
                             second fiscal year end; default non-accelerated
  --egc-ends-fy YYYY         fiscal year in which EGC status ends early, if expected
  --financial-systems "A,B"  financially significant systems (ERP, billing, payroll, …)
  --cycles "a,b"             business cycles in scope; default all but inventory
  --service-orgs "A,B"       service organizations relied on (payroll provider, …)
  --company NAME             company name for the plan and exports
  --start YYYY-MM-DD         plan start; default today
  --out plan.xlsx            write the plan workbook (Summary, Timeline, Plan, SOX Program, SOC 2 Matrix,
                             COSO, SoD) for the finance team and the board
  --access [SYSTEM=]FILE     a user-access listing of a financial system (repeatable): access-based SoD
                             conflicts go into the JSON as "access" and the workbook as the "SoD – Access" sheet
  --access-roster FILE       HR roster (name / e-mail / termination date) for leavers still active
  --results FILE.xlsx        fold the test results and deficiency judgements recorded on the Testing and
                             Deficiencies sheets of an edited export into the analysis ("deficiencies" in the JSON)
  --materiality AMOUNT       overall materiality, to weigh the magnitude of deficiencies
  --owner-capacity "A=20,B=6"  days a month each owner can give the programme (default: by role,
                             templates/plan-defaults.json); the plan is levelled against it
  --json                     print the whole analysis as one JSON object

Exit codes: 0 success; 2 input it cannot use (one line on stderr); 1 an internal error.`;

class UsageError extends Error {}

function fail(message: string): never {
  process.stderr.write(`soxbridge: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(2);
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The import guards an administrator set in the environment (IMPORT_MAX_ROWS, …), as the server applies them.
function envLimits() {
  const limits = readLimitsFromEnv();
  if (!limits.ok) fail(limits.error);
  return limits.ok ? limits.value : {};
}

function catalogOrExit(): Catalog {
  const c = loadCatalog();
  if (!c.ok) fail(`the catalogue in templates/ is invalid: ${c.error.slice(0, 3).map(formatProblem).join('; ')}`);
  return c.value;
}

function readInput(path: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${path} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot open ${path}: no such file`);
  }
  if (size > 512 * 1024 * 1024) throw new UsageError(`${path} is ${Math.round(size / 1048576)} MB, far above the upload limit`);
  return new Uint8Array(readFileSync(path));
}

const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));

function yesNo(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  if (/^(yes|y|true)$/i.test(v)) return true;
  if (/^(no|n|false)$/i.test(v)) return false;
  throw new UsageError(`--${name} takes yes or no, not "${v}"`);
}

async function main(argv: string[]): Promise<void> {
  // `sod` has options of its own (access listings, roster, duty map): hand it the arguments untouched.
  if (argv[0] === 'audit' || argv[0] === 'backup' || argv[0] === 'restore') {
    const { adminCommand } = await import('./cli-admin.ts');
    process.exitCode = await adminCommand(argv);
    return;
  }
  if (argv[0] === 'user' || argv[0] === 'workspace') {
    const { usersCommand } = await import('./cli-users.ts');
    process.exitCode = await usersCommand(argv);
    return;
  }
  if (argv[0] === 'sod') {
    const { sodCommand } = await import('./cli-sod.ts');
    process.exitCode = await sodCommand(argv.slice(1));
    return;
  }
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      sheet: { type: 'string', multiple: true },
      'ipo-date': { type: 'string' },
      fye: { type: 'string' },
      egc: { type: 'string' },
      'filer-status': { type: 'string' },
      'egc-ends-fy': { type: 'string' },
      'financial-systems': { type: 'string' },
      cycles: { type: 'string' },
      'service-orgs': { type: 'string' },
      company: { type: 'string' },
      start: { type: 'string' },
      out: { type: 'string' },
      current: { type: 'string' },
      access: { type: 'string', multiple: true },
      'access-roster': { type: 'string' },
      results: { type: 'string' },
      materiality: { type: 'string' },
      'owner-capacity': { type: 'string' },
    },
  });
  const [command, file, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (!['analyze', 'analyse', 'import', 'diff'].includes(command)) throw new UsageError(`unknown command "${command}"; see --help`);
  if (file === undefined) throw new UsageError(`${command} needs a file: npm run -s cli -- ${command} <file>`);
  if (command === 'diff') return diff(file, rest, values.current, values.json === true);
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);

  const catalog = catalogOrExit();
  const bytes = readInput(file);
  const imported = await importWorkbook(catalog, bytes, basename(file), {
    limits: envLimits(),
    ...(values.sheet ? { sheets: values.sheet } : {}),
  });
  if (!imported.ok) fail(imported.error.message);
  const importOut = importJson(imported.value);
  if (command === 'import') {
    if (values.json) process.stdout.write(`${JSON.stringify({ ...importOut, controls: imported.value.controls })}\n`);
    else process.stdout.write(`${importOut.import.controls} controls from ${importOut.import.sheets.join(', ')}; ${importOut.import.issues.length} issue(s)\n`);
    return;
  }

  const egcEnds = values['egc-ends-fy'];
  if (egcEnds !== undefined && !/^\d{4}$/.test(egcEnds)) throw new UsageError(`--egc-ends-fy takes a year such as 2030, not "${egcEnds}"`);
  const profile: ProfileInput = {
    ...(values.company !== undefined ? { companyName: values.company } : {}),
    ...(values['ipo-date'] !== undefined ? { ipoDate: values['ipo-date'] } : {}),
    ...(values.fye !== undefined ? { fiscalYearEnd: values.fye } : {}),
    ...(values.egc !== undefined ? { egc: yesNo(values.egc, 'egc') } : {}),
    ...(values['filer-status'] !== undefined ? { filerStatus: values['filer-status'] } : {}),
    ...(egcEnds !== undefined ? { egcEndsFiscalYear: Number(egcEnds) } : {}),
    ...(values['financial-systems'] !== undefined ? { financialSystems: list(values['financial-systems']) } : {}),
    ...(values.cycles !== undefined ? { cyclesInScope: list(values.cycles) } : {}),
    ...(values['service-orgs'] !== undefined ? { serviceOrganizations: list(values['service-orgs']) } : {}),
    ...(values.start !== undefined ? { planStart: values.start } : {}),
    ...(values.materiality !== undefined ? { materiality: amount(values.materiality) } : {}),
    ...(values['owner-capacity'] !== undefined ? { ownerCapacity: capacities(values['owner-capacity']) } : {}),
  };
  const recorded = values.results !== undefined ? await resultsFrom(values.results) : undefined;
  const analysis = analyseEngagement(catalog, imported.value.controls, profile, today(), recorded);
  if (!analysis.ok) fail(analysis.error.message);
  const access = values.access?.length ? await accessFromFiles(catalog, values.access, values['access-roster'], values.start ?? today()) : undefined;
  const out = { ...importOut, ...analysisJson(analysis.value), ...(access ? { access } : {}) };
  if (values.out !== undefined) {
    const bytesOut = await exportPlan({
      // The same matrix is the same engagement, so an edited export of an earlier run can be compared with a later one.
      engagementId: `eng-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`,
      exportId: randomUUID(),
      exportedAt: new Date().toISOString(),
      today: today(),
      version: packageVersion(),
      analysis: analysis.value,
      tasks: analysis.value.plan.tasks,
      controls: imported.value.controls,
      source: { file: basename(file), sheets: imported.value.sheetsRead },
      ...(access ? { access: accessExportOf(access, access.listings.map((l) => ({ system: l.system, file: l.file, extractedAt: l.extractedAt, rows: l.rows }))) } : {}),
    });
    try {
      writeFileSync(values.out, bytesOut);
    } catch (e) {
      throw new UsageError(`cannot write ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    if (!values.json) process.stdout.write(`wrote ${values.out}\n`);
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const a = analysis.value;
  const s = a.delta.summary;
  process.stdout.write(
    [
      `${out.import.controls} controls imported from ${out.import.sheets.join(', ')} (${out.import.issues.length} issue(s))`,
      `targets: ${s.covered} covered, ${s.enhance} enhance, ${s.gap} gap, ${s.notApplicable} not applicable; readiness ${a.readiness.overall}%`,
      `SoD conflicts: ${a.sod.length}`,
      ...(access ? [`access SoD: ${access.conflicts.length} conflict(s) in ${access.listings.length} listing(s), ${access.leavers.length} leaver(s) still active`] : []),
      `first 10-Q: ${a.timeline.first10Q ? `${a.timeline.first10Q.periodEnd} due ${a.timeline.first10Q.due}` : a.timeline.first10QReason}`,
      `first 10-K: ${a.timeline.first10K.periodEnd} due ${a.timeline.first10K.due}`,
      `first 404(a): ${a.timeline.first404a.periodEnd} due ${a.timeline.first404a.due}`,
      `first 404(b): ${a.timeline.first404b ? `${a.timeline.first404b.periodEnd} due ${a.timeline.first404b.due}` : a.timeline.first404bReason}`,
      `plan: ${a.plan.start} to ${a.plan.end}, ${a.plan.tasks.length} tasks, ${a.plan.atRisk} at risk`,
      ...(a.deficiencies.length > 0 ? [`deficiencies: ${a.deficiencies.length} (${a.deficiencies.filter((d) => d.severity === 'material-weakness').length} material weakness(es), ${a.deficiencies.filter((d) => d.status === 'remediated').length} remediated)`] : []),
      ...a.disclosureRisks.map((r) => r.text),
      'Use --json for the full analysis.',
    ].join('\n') + '\n',
  );
}

// "NetSuite=exports/ns users.xlsx" names the system; an existing file whose name contains '=' stays a path.
async function accessFromFiles(catalog: Catalog, args: string[], roster: string | undefined, asOf: string) {
  const listings: ListingFile[] = args.map((arg) => {
    const eq = arg.indexOf('=');
    const system = eq > 0 && !existsSync(arg) && !/[\\/]/.test(arg.slice(0, eq)) ? arg.slice(0, eq).trim() : '';
    const path = system ? arg.slice(eq + 1) : arg;
    const bytes = readInput(path);
    const m = statSync(path).mtime; // the weakest evidence of the extraction date, used only when the file shows none
    const fileDate = `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}-${String(m.getDate()).padStart(2, '0')}`;
    return { fileName: basename(path), bytes, fileDate, ...(system ? { system } : {}) };
  });
  const templates = loadDutyMapTemplates(new Set(ruleDuties(catalog).map((d) => d.id)));
  if (!templates.ok) fail(`the duty maps in templates/duty-maps are invalid: ${templates.error.slice(0, 3).map(formatProblem).join('; ')}`);
  const result = await runAccessSod(catalog, {
    listings,
    templates: templates.value,
    asOf,
    limits: envLimits(),
    ...(roster !== undefined ? { roster: { fileName: basename(roster), bytes: readInput(roster) } } : {}),
  });
  if (!result.ok) fail(result.error.message);
  return accessViewOf(result.value);
}

// "Controller=20, CFO=6": days a month each owner can give the programme (overrides the role default).
function capacities(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf('=');
    const days = Number(part.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(days)) throw new UsageError(`--owner-capacity takes "Owner=days, Owner=days", not "${part}"`);
    out[part.slice(0, eq).trim()] = days;
  }
  return out;
}

function amount(text: string): number {
  const n = Number(text.replace(/[,_$\s]/g, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--materiality takes a positive amount such as 1500000, not "${text}"`);
  return n;
}

// Test results and deficiency judgements recorded on the Testing and Deficiencies sheets of an edited export.
async function resultsFrom(path: string): Promise<TestingRecord> {
  const ex = await readExport(path);
  const read = readTestingGrid(ex.grid);
  if (read.invalid.length > 0) fail(`${basename(path)}: ${read.invalid[0]!.message}${read.invalid.length > 1 ? ` (and ${read.invalid.length - 1} more)` : ''}`);
  return { results: read.results, judgements: read.judgements };
}

async function readExport(path: string): Promise<ReadExport> {
  const r = await readExportFile(readInput(path), basename(path));
  if (!r.ok) fail(r.error.message);
  if (r.value === null) throw new UsageError(`${basename(path)} is not a soxbridge plan workbook (it has no soxbridge meta sheet); to analyse a control matrix use: analyze ${basename(path)}`);
  return r.value;
}

async function diff(originalPath: string, rest: string[], currentPath: string | undefined, json: boolean): Promise<void> {
  const [editedPath, ...more] = rest;
  if (editedPath === undefined) throw new UsageError('diff needs two files: diff <exported.xlsx> <edited.xlsx>');
  if (more.length > 0) throw new UsageError(`unexpected argument "${more[0]}"`);
  const original = await readExport(originalPath);
  const edited = await readExport(editedPath);
  let current = null;
  if (currentPath !== undefined) {
    const later = await readExport(currentPath);
    if (later.export.meta.engagementId !== original.export.meta.engagementId)
      throw new UsageError(`${basename(currentPath)} is an export of another engagement`);
    current = later.export.rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, values: exportedRowValues(r) }));
  }
  const result = diffExports({ original, edited, current: null, currentValues: current ? new Map(current.map((c) => [c.id, c.values])) : null });
  if (!result.ok) fail(result.error.message);
  const d = result.value;
  if (json) process.stdout.write(`${JSON.stringify(d)}\n`);
  else
    process.stdout.write(
      `${basename(editedPath)} is a soxbridge export of ${original.export.meta.company || original.export.meta.engagementId} (export ${edited.export.meta.exportId}): ` +
        `${d.changes.length} change(s), ${d.added.length} new row(s), ${d.deleted.length} deleted row(s), ${d.invalid.length} invalid value(s), ${d.conflicts.length} conflict(s)\n`,
    );
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) fail((e as Error).message);
  process.stderr.write(`soxbridge: internal error (a bug, please report it): ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
