// `analyze`, `import` and `diff`: the same use cases as the API. --json prints one JSON object on stdout and nothing
// else; without it, a summary for people (cli-text.ts); --quiet prints nothing on success. `analyze` takes several
// files or folders: one line per file, a bad file does not stop the others, and the exit code says whether any
// failed. Exit 0 on success; 2 with one line on stderr per file or option it cannot use; 1 an internal error.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { PROFILE_OPTIONS, profileInputOf } from './cli-profile.ts';
import { parseSoc1Register, type Soc1Register } from './domain/soc1-register.ts';
import { readTestingGrid } from './domain/testing-export.ts';
import { readMappingGrid } from './domain/mapping-export.ts';
import type { MappingDecision, MappingReview } from './domain/mapping-review.ts';
import { formatProblem, loadCatalog, loadTsc, type CatalogProblem } from './catalog/load-catalog.ts';
import type { Catalog } from './domain/catalog.ts';
import type { ProfileInput } from './domain/profile.ts';
import { analyseEngagement, type TestingRecord } from './use-cases/analyse-engagement.ts';
import { analysisJson, importJson } from './use-cases/analysis-json.ts';
import { importWorkbook } from './use-cases/import-workbook.ts';
import { diffExports, readExportFile, type ReadExport } from './use-cases/round-trip.ts';
import { packageVersion } from './env.ts';
import { cliReader, readerAhead } from './cli-reader.ts';
import type { ReadSpreadsheet } from './use-cases/spreadsheet-reader.ts';
import { exportedRowValues } from './domain/plan-export.ts';
import { accessExportOf, accessViewOf } from './use-cases/access-view.ts';
import { runAccessSod, type ListingFile } from './use-cases/access-sod.ts';
import { plural } from './domain/words.ts';
import { userCwd, userPath } from './cli-paths.ts';
import { analysisText, batchLine, importText } from './cli-text.ts';
import { progress, type Progress } from './cli-progress.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// The CLI's reader (cli-reader.ts): the child process and the import guards an administrator set in the environment
// (IMPORT_MAX_ROWS, …), as the server applies them.
function reader(): ReadSpreadsheet {
  const r = cliReader();
  if (!r.ok) throw new UsageError(r.error);
  return r.value;
}

// A catalogue that does not check stops the command, whichever file of a batch it is at.
class CatalogueError extends UsageError {}
const invalidCatalogue = (problems: CatalogProblem[]) => new CatalogueError(`the catalogue in templates/ is invalid: ${problems.slice(0, 3).map(formatProblem).join('; ')}`);

// The catalogue as a command needs it: the TSC criteria at once (an import reads the file with them), the rest when
// the analysis first needs it, loaded while the reader process reads the first file (loading it takes this thread
// longer than the reader takes to start, and the file would otherwise wait for it). `import` never loads the rest.
interface Catalogue {
  tsc: Catalog['tsc'];
  full(): Catalog;
}

function catalogue(): Catalogue {
  const tsc = loadTsc();
  if (!tsc.ok) throw invalidCatalogue(tsc.error);
  let full: Catalog | null = null;
  return {
    tsc: tsc.value,
    full() {
      if (full) return full;
      const c = loadCatalog();
      if (!c.ok) throw invalidCatalogue(c.error);
      return (full = c.value);
    },
  };
}

// `shown` is the path as the user typed it (messages name it so); the file is opened from the user's folder.
function readInput(shown: string): Uint8Array {
  const path = userPath(shown);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${shown} is not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot open ${shown}: no such file`);
  }
  if (size > 512 * 1024 * 1024) throw new UsageError(`${shown} is ${Math.round(size / 1048576)} MB, far above the upload limit`);
  return new Uint8Array(readFileSync(path));
}

const MATRIX = /\.(xlsx|xlsm|csv)$/i;

// Files as given; a folder stands for the matrices in it (not its subfolders; Excel's ~$ lock files left out).
function expandInputs(args: string[]): string[] {
  return args.flatMap((a) => {
    const p = userPath(a);
    let dir: boolean;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      return [a]; // reported as "cannot open" with the others
    }
    if (!dir) return [a];
    const found = readdirSync(p)
      .filter((n) => MATRIX.test(n) && !n.startsWith('~$'))
      .sort()
      .map((n) => join(a, n));
    if (found.length === 0) throw new UsageError(`${a} holds no .xlsx, .xlsm or .csv file`);
    return found;
  });
}

const write = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
const say = (line: string) => process.stderr.write(`soxbridge: ${line.replace(/\s*\n\s*/g, ' ')}\n`);

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      sheet: { type: 'string', multiple: true },
      ...PROFILE_OPTIONS,
      soc1: { type: 'string' },
      results: { type: 'string' },
      out: { type: 'string' },
      'out-dir': { type: 'string' },
      current: { type: 'string' },
      access: { type: 'string', multiple: true },
      'access-roster': { type: 'string' },
    },
  });
}

const profileOf = (values: Values): ProfileInput => profileInputOf(values);

function soc1FromFile(path: string): Soc1Register {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(readInput(path)).toString('utf8'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${basename(path)}: not JSON (${(e as Error).message})`);
  }
  const r = parseSoc1Register(parsed);
  if (!r.ok) throw new UsageError(`${basename(path)}: ${r.error}`);
  return r.value;
}

// Runs `analyze`, `import` or `diff` with the arguments after the command; returns the exit code.
export async function analyzeCommand(command: string, argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const quiet = values.quiet === true;
  const json = values.json === true;
  const show = (lines: string[]) => {
    if (!quiet && !json) write(lines.join('\n'));
  };
  if (positionals.length === 0) throw new UsageError(`${command} needs a file: soxbridge ${command} <file>`);
  if (command === 'diff') return diff(positionals[0]!, positionals.slice(1), values.current, json, quiet);
  const isImport = command === 'import';
  const files = isImport ? positionals : expandInputs(positionals);
  if (isImport && files.length > 1) throw new UsageError(`unexpected argument "${files[1]}"`);
  if (files.length > 1 && values.out !== undefined) throw new UsageError('--out names one workbook; for several files use --out-dir <folder>');
  if (values.out !== undefined && values['out-dir'] !== undefined) throw new UsageError('give --out or --out-dir, not both');
  const profile = isImport ? {} : profileOf(values);
  const soc1 = !isImport && values.soc1 !== undefined ? soc1FromFile(values.soc1) : undefined;
  const recorded = !isImport && values.results !== undefined ? await resultsFrom(values.results) : undefined;
  const testing = recorded?.testing;
  const mappingReviews = recorded?.mappingReviews;
  const catalog = catalogue();
  const read = reader();
  const p = progress(quiet);
  const outDir = values['out-dir'];
  if (outDir !== undefined) {
    try {
      mkdirSync(userPath(outDir), { recursive: true });
    } catch (e) {
      throw new UsageError(`cannot create ${outDir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }

  const batch = files.length > 1;
  const results: unknown[] = [];
  let failed = 0;
  for (const [n, file] of files.entries()) {
    const label = batch ? `[${n + 1}/${files.length}] ${file}` : file;
    try {
      const workbook = outDir !== undefined ? join(outDir, `${basename(file, extname(file))}-plan.xlsx`) : values.out;
      const next = n + 1 < files.length ? readerAhead : undefined; // the next file's reader starts while this one is analysed
      const r = await analyseOne(catalog, file, { values, profile, soc1, testing, mappingReviews, read, importOnly: isImport, workbook, progress: p, label, next });
      p.done();
      if (json) results.push({ file, ok: true, ...r.json });
      else if (batch) show([batchLine(file, r.imp, r.analysis!, r.workbook)]);
      else show(isImport ? importText(file, r.imp) : analysisText(file, r.imp, r.analysis!, r.workbook, r.access));
    } catch (e) {
      p.done();
      if (!(e instanceof UsageError) || e instanceof CatalogueError) throw e;
      failed++;
      say(batch ? `${file}: ${e.message}` : e.message);
      if (json) results.push({ file, ok: false, error: e.message.replace(/\s*\n\s*/g, ' ') });
      if (batch && !quiet && !json) write(`${file}: FAILED (see above)`);
    }
  }
  if (json) {
    if (!batch && results[0] && (results[0] as { ok: boolean }).ok) {
      const { file: _f, ok: _o, ...one } = results[0] as Record<string, unknown>;
      write(JSON.stringify(one));
    } else if (batch) write(JSON.stringify({ files: results, failed }));
  }
  if (batch) show([`${plural(files.length - failed, 'file')} analysed, ${failed} failed`]);
  return failed > 0 ? 2 : 0;
}

interface OneOptions {
  values: Values;
  profile: ProfileInput;
  soc1: Soc1Register | undefined; // --soc1 register.json
  testing: TestingRecord | undefined; // --results edited-export.xlsx
  mappingReviews: MappingReview[] | undefined; // --results: the Mapping sheet's decisions
  read: ReadSpreadsheet;
  importOnly: boolean;
  workbook: string | undefined;
  progress: Progress;
  label: string;
  next?: () => void; // called once the file is read (a batch: start the next file's reader)
}

async function importOnly(catalog: Pick<Catalog, 'tsc'>, bytes: Uint8Array, name: string, o: OneOptions) {
  const imported = await importWorkbook(catalog, bytes, name, {
    read: o.read,
    ...(o.values.sheet ? { sheets: o.values.sheet } : {}),
  });
  if (!imported.ok) throw new UsageError(imported.error.message);
  const { controls, sheetsRead } = imported.value;
  const imp = importJson(imported.value);
  return { imp, controls, sheetsRead, json: o.importOnly ? { ...imp, controls } : null };
}

async function analyseOne(catalogue: Catalogue, file: string, o: OneOptions) {
  const { values } = o;
  o.progress.step(`${o.label}: reading`);
  const bytes = readInput(file);
  const reading = importOnly(catalogue, bytes, basename(file), o).finally(() => o.next?.());
  reading.catch(() => undefined); // (awaited below, where a failure is reported)
  // While the reader process reads, this thread loads the rest of the catalogue and the workbook writer (exceljs; a
  // command without --out never loads it): about 450 ms of work, after one turn of the event loop, by which the file
  // is on its way to the reader (it gets there through promises alone). Otherwise the reader would wait for them.
  await new Promise((resolve) => setImmediate(resolve));
  const catalog = o.importOnly ? null : catalogue.full();
  const writer = o.workbook !== undefined && !o.importOnly ? import('./use-cases/export-plan.ts') : null;
  writer?.catch(() => undefined); // (awaited below; a failure to load is reported there)
  const read = await reading;
  if (!catalog) return { imp: read.imp, analysis: null, workbook: null, access: undefined, json: read.json };
  // Only the controls go on: the workbook's cells (the grid) are not held during the analysis and the export.
  const { imp, controls, sheetsRead } = read;
  o.progress.step(`${o.label}: analysing ${plural(controls.length, 'control')}`);
  const analysis = analyseEngagement(catalog, controls, o.profile, today(), { ...(o.soc1 ? { soc1Register: o.soc1 } : {}), ...(o.testing ? { testing: o.testing } : {}), ...(o.mappingReviews ? { mappingReviews: o.mappingReviews } : {}) });
  if (!analysis.ok) throw new UsageError(analysis.error.message);
  const access = values.access?.length ? await accessFromFiles(catalog, values.access, values['access-roster'], values.start ?? today(), o.read) : undefined;
  let written: string | null = null;
  if (o.workbook !== undefined) {
    o.progress.step(`${o.label}: writing the workbook`);
    const { exportPlan } = await (writer ?? import('./use-cases/export-plan.ts'));
    const bytesOut = await exportPlan({
      // The same matrix is the same engagement, so an edited export of an earlier run can be compared with a later one.
      engagementId: `eng-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`,
      exportId: randomUUID(),
      exportedAt: new Date().toISOString(),
      today: today(),
      version: packageVersion(),
      analysis: analysis.value,
      tasks: analysis.value.plan.tasks,
      controls,
      source: { file: basename(file), sheets: sheetsRead },
      ...(access ? { access: accessExportOf(access, access.listings.map((l) => ({ system: l.system, file: l.file, extractedAt: l.extractedAt, rows: l.rows }))) } : {}),
    });
    try {
      writeFileSync(userPath(o.workbook), bytesOut);
    } catch (e) {
      throw new UsageError(`cannot write ${o.workbook}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    written = relative(userCwd(), userPath(o.workbook)) || o.workbook;
  }
  // (after the workbook: the JSON's copy of the analysis is not held while the workbook is written)
  const a = analysisJson(analysis.value);
  const counts = access ? { conflicts: access.conflicts.length, severities: access.conflicts.map((c) => c.severity), listings: access.listings.length, leavers: access.leavers.length } : undefined;
  return { imp, analysis: a, workbook: written, access: counts, json: { ...imp, ...a, ...(access ? { access } : {}) } };
}

// "NetSuite=exports/ns users.xlsx" names the system; an existing file whose name contains '=' stays a path.
async function accessFromFiles(catalog: Catalog, args: string[], roster: string | undefined, asOf: string, read: ReadSpreadsheet) {
  const listings: ListingFile[] = args.map((arg) => {
    const eq = arg.indexOf('=');
    const system = eq > 0 && !existsSync(userPath(arg)) && !/[\\/]/.test(arg.slice(0, eq)) ? arg.slice(0, eq).trim() : '';
    const path = system ? arg.slice(eq + 1) : arg;
    const bytes = readInput(path);
    const m = statSync(userPath(path)).mtime; // the weakest evidence of the extraction date, used only when the file shows none
    const fileDate = `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}-${String(m.getDate()).padStart(2, '0')}`;
    return { fileName: basename(path), bytes, fileDate, ...(system ? { system } : {}) };
  });
  const result = await runAccessSod(catalog, {
    listings,
    templates: catalog.dutyMaps, // templates/duty-maps, loaded and checked with the catalogue
    asOf,
    read,
    ...(roster !== undefined ? { roster: { fileName: basename(roster), bytes: readInput(roster) } } : {}),
  });
  if (!result.ok) throw new UsageError(result.error.message);
  return accessViewOf(result.value);
}

// What an edited export records: the test results and deficiency judgements on the Testing and Deficiencies sheets,
// and the reviewers' decisions on the Mapping sheet (each one a MappingReview by "<file>", as the web app records them
// by the person), so `analyze --results` weighs what the server would.
async function resultsFrom(path: string): Promise<{ testing: TestingRecord; mappingReviews: MappingReview[] }> {
  const ex = await readExport(path);
  const read = readTestingGrid(ex.grid);
  const mapping = readMappingGrid(ex.grid);
  const invalid = [...read.invalid, ...mapping.invalid];
  if (invalid.length > 0) throw new UsageError(`${basename(path)}: ${invalid[0]!.message}${invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ''}`);
  const at = new Date().toISOString();
  const mappingReviews = mapping.rows
    .filter((r) => r.decision !== '')
    .map((r): MappingReview => ({ targetId: r.targetId, controlId: r.controlId, decision: r.decision as MappingDecision, reason: r.reason, author: basename(path), at }));
  return { testing: { results: read.results, judgements: read.judgements }, mappingReviews };
}

async function readExport(path: string): Promise<ReadExport> {
  const r = await readExportFile(reader(), readInput(path), basename(path));
  if (!r.ok) throw new UsageError(r.error.message);
  if (r.value === null) throw new UsageError(`${basename(path)} is not a soxbridge plan workbook (it has no soxbridge meta sheet); to analyse a control matrix use: analyze ${basename(path)}`);
  return r.value;
}

async function diff(originalPath: string, rest: string[], currentPath: string | undefined, json: boolean, quiet: boolean): Promise<number> {
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
  if (!result.ok) throw new UsageError(result.error.message);
  const d = result.value;
  if (json) write(JSON.stringify(d));
  else if (!quiet) {
    const { diffText } = await import('./cli-diff-text.ts');
    write(diffText(basename(editedPath), original.export.meta.company || original.export.meta.engagementId, edited.export.meta.exportId, d).join('\n'));
  }
  return 0;
}
