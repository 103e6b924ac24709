// One access-SoD measurement in a fresh process: bare exceljs loads of the listings (baseline); the import as the
// server does it at upload: guarded read and listing parse (timed together), then the users matched across systems
// (timed on its own); then the access analysis of the matched listings (timed), as every later read runs it.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { loadCatalog } from '../server/catalog/load-catalog.ts';
import { loadDutyMapTemplates } from '../server/catalog/load-duty-maps.ts';
import { analyseAccess } from '../server/domain/access-sod.ts';
import { indexDirectory } from '../server/domain/access-users.ts';
import { readSpreadsheet } from '../server/excel/read.ts';
import { parseAccessListing, type ParsedListing } from '../server/intake/access-listing.ts';
import { ruleDuties } from '../server/use-cases/access-sod.ts';

const specs = process.argv.slice(2).map((s) => {
  const at = s.indexOf('=');
  return { system: s.slice(0, at), file: s.slice(at + 1) };
});
const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue invalid');
const templates = loadDutyMapTemplates(new Set(ruleDuties(catalog.value).map((d) => d.id)));
if (!templates.ok) throw new Error('duty maps invalid');

let bare = 0;
for (const s of specs) {
  const bytes = readFileSync(s.file);
  const t0 = performance.now();
  await new ExcelJS.Workbook().xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  bare += performance.now() - t0;
}
const merged: ParsedListing = { access: [], roleGrants: [], listings: [], issues: [] };
const tr = performance.now();
for (const s of specs) {
  const read = await readSpreadsheet(new Uint8Array(readFileSync(s.file)), s.file.split('/').pop()!, { maxRows: 1_000_000 });
  if (!read.ok) throw new Error(read.error.message);
  const p = parseAccessListing(read.value, { system: s.system });
  merged.access.push(...p.access);
  merged.roleGrants.push(...p.roleGrants);
  merged.listings.push(...p.listings);
}
const readMs = performance.now() - tr;
const tm = performance.now();
const users = indexDirectory(merged.access);
const matchMs = performance.now() - tm;
const t0 = performance.now();
const a = analyseAccess({ access: merged.access, users, roleGrants: merged.roleGrants, listings: merged.listings, roster: [], rules: catalog.value.sodRules, templates: templates.value, overrides: [], asOf: '2026-11-25' });
const analysisMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ analysisMs, matchMs, readMs, accounts: users.accounts.length, people: users.persons.length, bareMs: bare, rows: merged.access.length, conflicts: a.conflicts.length })}\n`);
