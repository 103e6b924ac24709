// `scenarios <file> [profile options] --vary key=v1,v2 … --json`: the baseline and one scenario per varied value,
// sharing one import (and the delta, when only dates vary). Prints { scenarios: [{ name, profile, timeline, plan, moved }] }.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog, formatProblem } from './catalog/load-catalog.ts';
import { userPath } from './cli-paths.ts';
import { CliProfileError, PROFILE_OPTIONS, profileInputOf } from './cli-profile.ts';
import { cliReader } from './cli-reader.ts';
import { importWorkbook } from './use-cases/import-workbook.ts';
import { runScenarios, scenarioJson, type ScenarioVariant } from './use-cases/scenarios.ts';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// "--vary ipo-date=2027-09-15,2028-03-01" → two variants. Values holding commas themselves (public-float,
// revenue, quarter-ends, financial-systems, cycles) are separated by ';' instead.
export function parseVary(args: string[]): ScenarioVariant[] {
  const out: ScenarioVariant[] = [];
  for (const a of args) {
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(0, eq) : '';
    if (!(key in PROFILE_OPTIONS)) throw new CliProfileError(`--vary takes <profile option>=<value>[,<value>…] (e.g. ipo-date=2028-03-01); "${key || a}" is not one of ${Object.keys(PROFILE_OPTIONS).join(', ')}`);
    const multi = ['public-float', 'revenue', 'quarter-ends', 'financial-systems', 'cycles', 'service-orgs'].includes(key);
    const values = a.slice(eq + 1).split(multi ? ';' : ',').map((s) => s.trim()).filter(Boolean);
    if (values.length === 0) throw new CliProfileError(`--vary ${key}= has no value`);
    for (const v of values) out.push({ name: `${key}=${v}`, change: profileInputOf({ [key]: v }) });
  }
  return out;
}

export async function scenariosCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...PROFILE_OPTIONS, vary: { type: 'string', multiple: true }, json: { type: 'boolean' }, sheet: { type: 'string', multiple: true } },
  });
  const fail = (m: string) => {
    process.stderr.write(`soxbridge: ${m.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  };
  try {
    const [file, ...rest] = positionals;
    if (file === undefined) return fail('scenarios needs a file: soxbridge scenarios <file> --vary ipo-date=2028-03-01 --json');
    if (rest.length) return fail(`unexpected argument "${rest[0]}"`);
    const variants = parseVary(values.vary ?? []);
    const base = profileInputOf(values);
    const catalog = loadCatalog();
    if (!catalog.ok) return fail(`the catalogue in templates/ is invalid: ${catalog.error.slice(0, 3).map(formatProblem).join('; ')}`);
    const reader = cliReader();
    if (!reader.ok) return fail(reader.error);
    let bytes: Uint8Array;
    try {
      if (!statSync(userPath(file)).isFile()) return fail(`${file} is not a file`);
      bytes = new Uint8Array(readFileSync(userPath(file)));
    } catch {
      return fail(`cannot open ${file}: no such file`);
    }
    const imported = await importWorkbook(catalog.value, bytes, basename(file), { read: reader.value, ...(values.sheet ? { sheets: values.sheet } : {}) });
    if (!imported.ok) return fail(imported.error.message);
    const r = runScenarios(catalog.value, imported.value.controls, base, variants, today());
    if (!r.ok) return fail(r.error.message);
    const out = { scenarios: r.value.map(scenarioJson) };
    if (values.json) process.stdout.write(`${JSON.stringify(out)}\n`);
    else
      for (const s of out.scenarios)
        process.stdout.write(
          `${s.name}: first 10-Q ${s.timeline.milestones.find((m) => m.id === 'first10Q')?.due ?? '-'}, first 404(a) ${s.timeline.milestones.find((m) => m.id === 'first404a')?.due}, ` +
            `first 404(b) ${s.timeline.milestones.find((m) => m.id === 'first404b')?.due ?? 'none'}; plan ${s.plan.start} to ${s.plan.end}, ${s.plan.atRisk} at risk; ` +
            `moved: ${s.moved.length ? s.moved.map((m) => `${m.milestone} ${m.from ?? '-'} → ${m.to ?? '-'}`).join('; ') : 'nothing'}\n`,
        );
    return 0;
  } catch (e) {
    if (e instanceof CliProfileError) return fail(e.message);
    throw e;
  }
}
