// Generates a realistic wide SOC 2 matrix: `rows` controls × 20 columns, written with exceljs.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';

// Controls spread over all 61 TSC 2017 criteria, one or two each, as real matrices are.
const CRITERIA = (
  JSON.parse(readFileSync(new URL('../templates/tsc-2017.json', import.meta.url), 'utf8')) as { criteria: { id: string }[] }
).criteria.map((c) => c.id);
const OWNERS = ['Dana Lee (Platform)', 'Sam Rivera (Engineering)', 'Alex Kim (IT)', 'Priya Shah (People Ops)', 'Morgan Lee (Security)'];
const FREQ = ['Quarterly', 'Monthly', 'Annual', 'Per change', 'Daily', 'Weekly'];
export const HEADER = [
  'Control ID', 'Control Name', 'Control Description', 'TSC Mapping', 'Control Owner', 'Frequency', 'Type', 'Automation',
  'System', 'Evidence', 'Status', 'Last Tested', 'Risk', 'Policy', 'Notes', 'Tester', 'Test Result', 'Domain', 'Region', 'Ticket',
];

export function matrixRows(rows: number): (string | Date)[][] {
  const out: (string | Date)[][] = [];
  for (let i = 0; i < rows; i++) {
    const c = CRITERIA[i % CRITERIA.length]!;
    out.push([
      `CTL-${String(i + 1).padStart(5, '0')}`,
      `Control ${i + 1}`,
      `Access requests for system ${i % 37} are approved by the manager and reviewed quarterly; changes are peer reviewed (${i}).`,
      i % 3 === 0 ? c : `${c}, ${CRITERIA[(i * 7 + 3) % CRITERIA.length]}`,
      OWNERS[i % OWNERS.length]!,
      FREQ[i % FREQ.length]!,
      i % 2 ? 'Preventive' : 'Detective',
      i % 3 ? 'Manual' : 'Automated',
      i % 4 ? 'AWS' : 'NetSuite',
      'Screenshots and tickets',
      'Implemented',
      new Date(Date.UTC(2026, i % 12, (i % 27) + 1)),
      'Unauthorised access',
      'Access Control Policy',
      'n/a',
      'Internal audit',
      'Pass',
      'Security',
      'US',
      `JIRA-${i}`,
    ]);
  }
  return out;
}

export async function buildMatrix(rows: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Controls');
  ws.addRow(HEADER);
  for (const r of matrixRows(rows)) ws.addRow(r);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
