// The baseline of the CLI bench: a fresh Node process that loads the same workbook with exceljs and nothing else.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import ExcelJS from 'exceljs';

const bytes = readFileSync(process.argv[2]);
await new ExcelJS.Workbook().xlsx.load(bytes);
