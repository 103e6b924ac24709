// `sod`: access-based segregation of duties from user listings. Wired into cli.ts as `soxbridge sod …`.
// Exit 0 on success; 2 with one line on stderr for input it cannot use. Errors are returned, not thrown, so the
// caller decides when the process ends.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { formatProblem, loadCatalog } from './catalog/load-catalog.ts';
import { loadDutyMapFile } from './catalog/load-duty-maps.ts';
import { isIsoDate } from './domain/dates.ts';
import type { Resolution } from './domain/access-resolutions.ts';
import type { DutyMapSet } from './domain/duty-map.ts';
import { accessSodJson, parseResolutions, ruleDuties, runAccessSod, type ListingFile } from './use-cases/access-sod.ts';
import { cliReader } from './cli-reader.ts';
import { userPath } from './cli-paths.ts';
import { issuesText } from './cli-text.ts';
import { EXTRACTED_AT_WORDS, LISTING_SHAPE_WORDS, plural } from './domain/words.ts';

export const SOD_HELP = `Usage:
  soxbridge sod [SYSTEM=]<listing file>… [--roster file] [--duty-map file] [--resolutions file]
                        [--as-of YYYY-MM-DD] [--json]

  listing file   a user access listing (.xlsx or .csv): user × role rows, user × permission rows, a user × role
                 matrix marked X, and/or a role → permission sheet. SYSTEM= names the system (NetSuite=ns.xlsx);
                 otherwise a system column, the sheet or the file name does.
  --roster       HR roster with name / e-mail / termination date: leavers still active are reported
  --duty-map     JSON duty map (role or permission → duties) overriding templates/duty-maps/
  --resolutions  JSON array of { key, action: remediate|mitigate|accept, … }: open conflicts and plan tasks
  --as-of        date for leavers in a listing without an extraction date; default today
  --json         print the whole result as one JSON object
  --quiet, -q    print nothing on success`;

class InputError extends Error {}

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function readFile(path: string): { bytes: Uint8Array; modified: string } {
  let st;
  try {
    st = statSync(userPath(path));
  } catch {
    throw new InputError(`cannot open ${path}: no such file`);
  }
  if (!st.isFile()) throw new InputError(`${path} is not a file`);
  if (st.size > 512 * 1024 * 1024)
    throw new InputError(`${path} is ${Math.round(st.size / 1048576)} MB, far above the upload limit`);
  const m = st.mtime;
  const modified = `${m.getFullYear()}-${String(m.getMonth() + 1).padStart(2, '0')}-${String(m.getDate()).padStart(2, '0')}`;
  return { bytes: new Uint8Array(readFileSync(userPath(path))), modified };
}

// "NetSuite=exports/ns users.xlsx" → system + path; an existing file whose name contains '=' stays a path.
function listingArg(arg: string): { system?: string; path: string } {
  const eq = arg.indexOf('=');
  if (eq > 0 && !existsSync(userPath(arg))) {
    const system = arg.slice(0, eq).trim();
    if (system && !/[\\/]/u.test(system)) return { system, path: arg.slice(eq + 1) };
  }
  return { path: arg };
}

async function run(args: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      roster: { type: 'string' },
      'duty-map': { type: 'string' },
      resolutions: { type: 'string' },
      'as-of': { type: 'string' },
    },
  });
  if (values.help) {
    out(`${SOD_HELP}\n`);
    return 0;
  }
  const files = positionals[0] === 'sod' ? positionals.slice(1) : positionals;
  if (files.length === 0)
    throw new InputError('sod needs at least one listing file: soxbridge sod [SYSTEM=]<file>…');
  const asOf = values['as-of'] ?? today();
  if (!isIsoDate(asOf)) throw new InputError(`--as-of takes a date such as 2026-10-31, not "${asOf}"`);

  const reader = cliReader();
  if (!reader.ok) throw new InputError(reader.error);
  const catalog = loadCatalog();
  if (!catalog.ok)
    throw new InputError(
      `the catalogue in templates/ is invalid: ${catalog.error.slice(0, 3).map(formatProblem).join('; ')}`,
    );
  const dutyIds = new Set(ruleDuties(catalog.value).map((d) => d.id));
  let dutyMap: DutyMapSet | undefined;
  if (values['duty-map'] !== undefined) {
    const m = loadDutyMapFile(userPath(values['duty-map']), dutyIds);
    if (!m.ok) throw new InputError(`the duty map is invalid: ${m.error.slice(0, 3).map(formatProblem).join('; ')}`);
    dutyMap = m.value;
  }
  let resolutions: Resolution[] | undefined;
  if (values.resolutions !== undefined) {
    const r = parseResolutions(
      new TextDecoder().decode(readFile(values.resolutions).bytes),
      basename(values.resolutions),
    );
    if (!r.ok) throw new InputError(r.error.message);
    resolutions = r.value;
  }
  const listings: ListingFile[] = files.map((arg) => {
    const { system, path } = listingArg(arg);
    const f = readFile(path);
    return { fileName: basename(path), bytes: f.bytes, fileDate: f.modified, ...(system ? { system } : {}) };
  });
  const roster =
    values.roster !== undefined
      ? { fileName: basename(values.roster), bytes: readFile(values.roster).bytes }
      : undefined;

  const result = await runAccessSod(catalog.value, {
    listings,
    templates: catalog.value.dutyMaps, // templates/duty-maps, loaded and checked with the catalogue
    asOf,
    read: reader.value,
    ...(roster ? { roster } : {}),
    ...(dutyMap ? { dutyMap } : {}),
    ...(resolutions ? { resolutions } : {}),
  });
  if (!result.ok) throw new InputError(result.error.message);
  const json = accessSodJson(result.value);
  if (values.json) {
    out(`${JSON.stringify(json)}\n`);
    return 0;
  }
  if (values.quiet) return 0;
  const s = json.summary;
  const lines = [
    ...json.listings.map(
      (l) =>
        `${l.system}: ${plural(l.rows, 'row')} from ${l.file} (${l.shapes.map((x) => LISTING_SHAPE_WORDS[x]).join('; ')}), extracted ${l.extractedAt ?? 'on an unknown date'} (${EXTRACTED_AT_WORDS[l.extractedAtBasis]})`,
    ),
    `Conflicts: ${s.conflicts.user} of users, ${s.conflicts.role} within roles, ${s.conflicts.privileged} of privileged access`,
    ...json.conflicts
      .slice(0, 20)
      .map(
        (c) =>
          `  ${c.severity.padEnd(8)} ${c.rule} ${c.level.padEnd(10)} ${c.user ?? c.role} [${c.systems.join(', ')}]`,
      ),
    ...(json.conflicts.length > 20 ? [`  … ${json.conflicts.length - 20} more`] : []),
    `Leavers still active: ${s.leavers}; generic accounts: ${s.generic}; privileged users: ${s.privileged}; roles or permissions with no duty mapped: ${s.unmapped}`,
    ...(json.resolution
      ? [
          `open after resolutions: ${Object.entries(json.resolution.openBySeverity)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}; ${plural(json.resolution.tasks.length, 'plan task')}`,
        ]
      : []),
    ...issuesText(json.issues),
    'Use --json for the full result.',
  ];
  out(`${lines.join('\n')}\n`);
  return 0;
}

export async function sodCommand(args: string[]): Promise<number> {
  try {
    return await run(args, (s) => process.stdout.write(s));
  } catch (e) {
    const usage =
      e instanceof InputError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'));
    const message = e instanceof Error ? e.message : String(e);
    if (usage) {
      process.stderr.write(`soxbridge: ${message.replace(/\s*\n\s*/gu, ' ')}\n`);
      return 2;
    }
    process.stderr.write(
      `soxbridge: internal error (a bug, please report it): ${message.replace(/\s*\n\s*/gu, ' ')}\n`,
    );
    return 1;
  }
}
