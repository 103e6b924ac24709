// Access SoD benchmark: 20,000 users × 5 roles across 3 systems (100,000 listing rows in three .xlsx files). The
// access analysis (duty map, conflicts at user, role and privileged level) of listings whose users are matched is
// timed against a bare exceljs load of the same three files, measured in the same run; so are the import (read and
// parse) and the matching of users across systems, which the server does once at upload.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SYSTEMS: { name: string; roles: string[] }[] = [
  { name: 'NetSuite', roles: ['A/P Clerk', 'Vendor Maintenance', 'Payment Release', 'Accountant', 'Controller', 'A/R Clerk', 'Employee Center'] },
  { name: 'Salesforce Billing', roles: ['Billing Specialist', 'Credit Memo Approver', 'Collections', 'Sales User'] },
  { name: 'ADP', roles: ['Payroll Administrator', 'HR Administrator', 'Employee Self Service', 'Payroll Approver'] },
];

export async function writeListings(dir: string, users = 20_000, rolesPerUser = 5): Promise<string[]> {
  const rows: string[][][] = SYSTEMS.map(() => [['Name', 'Email', 'Role']]);
  for (let u = 0; u < users; u++) {
    for (let k = 0; k < rolesPerUser; k++) {
      const s = (u + k) % SYSTEMS.length;
      const sys = SYSTEMS[s]!;
      rows[s]!.push([`User ${u}`, `user${u}@bench.example`, sys.roles[(u * 3 + k) % sys.roles.length]!]);
    }
  }
  const files: string[] = [];
  for (const [i, sys] of SYSTEMS.entries()) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Users');
    for (const r of rows[i]!) ws.addRow(r);
    const file = join(dir, `${sys.name.replace(/\s+/g, '-')}-users.xlsx`);
    writeFileSync(file, new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    files.push(`${sys.name}=${file}`);
  }
  return files;
}

export interface AccessSample {
  analysisMs: number;
  matchMs: number;
  readMs: number;
  bareMs: number;
  rows: number;
  accounts: number;
  people: number;
  conflicts: number;
}

export function measureAccess(files: string[]): AccessSample {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/measure-access.ts', ...files], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`access bench failed: ${r.stderr.split('\n').slice(-5).join(' ')}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as AccessSample;
}
