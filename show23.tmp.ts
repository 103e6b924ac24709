import { readFileSync } from 'node:fs';
import { readSpreadsheet } from './server/excel/read.ts';
import { runIntake } from './server/intake/intake.ts';
import { TSC } from './tests/intake/grid-builder.ts';
const f = process.argv[2]!;
const sheets = process.argv[3] ? [process.argv[3]] : undefined;
const read = await readSpreadsheet(new Uint8Array(readFileSync(f)), f.split('/').pop()!);
if (!read.ok) throw new Error(read.error.message);
const r = runIntake(read.value, TSC, sheets ? { sheets } : {});
for (const t of r.tables) { console.log('TABLE', t.sheet, t.headerRow, t.layout); for (const c of t.mapping.columns) console.log(' ', c.letter, JSON.stringify(c.header), c.field, c.confidence, '|', c.basis); }
console.log('controls', r.controls.length);
for (const i of r.issues.filter(i=>i.severity!=='info' || /sheet|recogn|section/.test(i.code)).slice(0,15)) console.log(' issue', i.code, i.sheet, i.row, i.message.slice(0,200));
