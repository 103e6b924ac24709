import { readSpreadsheet } from './server/excel/read.ts';
import { runIntake } from './server/intake/intake.ts';
import { TSC } from './tests/intake/grid-builder.ts';
import * as F from './tests/fixtures/unusual-matrices.ts';
const which = process.argv[2]!;
const bytes = which === 'scf' ? await F.crosswalkWorkbook() : which === 'ko' ? await F.koreanRcm() : which === 'group' ? await F.groupRowsMapping(TSC) : which === 'lib' ? await F.hierarchyLibrary() : which === 'map' ? await F.mappingWorkbook(TSC) : await F.criteriaList(TSC);
const read = await readSpreadsheet(bytes, which + '.xlsx');
if (!read.ok) throw new Error(read.error.message);
const r = runIntake(read.value, TSC, process.argv[3] ? { sheets: [process.argv[3]] } : {});
for (const t of r.tables) { console.log('TABLE', t.sheet, t.headerRow, t.headerRows, t.layout); for (const c of t.mapping.columns.slice(0, 12)) console.log(' ', c.letter, JSON.stringify(c.header), c.field, c.confidence, '|', c.basis.slice(0, 220)); }
console.log('controls', r.controls.length, r.recognised);
for (const c of r.controls.slice(0, 3)) console.log(JSON.stringify({ id: c.id, t: c.title, d: c.description.slice(0, 50), cr: c.criteria, f: c.frequency, n: c.nature, m: c.method, o: c.owners.map(o=>o.raw), x: c.extra.slice(0, 4) }));
for (const i of r.issues.slice(0, 20)) console.log(' issue', i.code, i.severity, i.sheet, i.row, i.message.slice(0, 250));
