// The "SoD – Access" sheet and the Summary's access counts, written through the real writer from the typical SaaS
// listing set and read back with exceljs.
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDutyMapTemplates } from '../../server/catalog/load-duty-maps.ts';
import {
  ACCESS_COLUMNS,
  ACCESS_HEADER_ROW,
  ACCESS_SHEET,
  type AccessExport,
} from '../../server/excel/export/access-sheet.ts';
import { SHEET_ORDER, sheetOrder } from '../../server/excel/export/write-workbook.ts';
import { accessExportOf, accessViewOf } from '../../server/use-cases/access-view.ts';
import { ruleDuties, runAccessSod } from '../../server/use-cases/access-sod.ts';
import { catalog } from '../fixtures/analysis.ts';
import { buildTypicalListingSet } from '../fixtures/access-listings.ts';
import { exportBytes, loadWorkbook, saasModel } from '../fixtures/export.ts';
import { readInline } from '../fixtures/reader.ts';

async function typicalAccess(): Promise<AccessExport> {
  const f = await buildTypicalListingSet();
  const templates = loadDutyMapTemplates(new Set(ruleDuties(catalog).map((d) => d.id)));
  if (!templates.ok) throw new Error('duty maps do not load');
  const r = await runAccessSod(catalog, {
    listings: [
      { fileName: 'netsuite-users.xlsx', bytes: f.netsuite },
      { fileName: 'sf-permissions.csv', bytes: f.salesforce, system: 'Salesforce Billing', fileDate: '2026-10-29' },
      { fileName: 'adp-roles.xlsx', bytes: f.adp },
      { fileName: 'okta-admins.csv', bytes: f.okta },
    ],
    roster: { fileName: 'roster.csv', bytes: f.roster },
    templates: templates.value,
    asOf: '2026-11-20',
    read: readInline,
  });
  if (!r.ok) throw new Error(r.error.message);
  const view = accessViewOf(r.value);
  // one decision, as the API would decorate it
  const carla = view.conflicts.find((c) => c.rule === 'SOD-GL-01' && c.user === 'Carla Diaz')!;
  const decided = {
    ...view,
    conflicts: view.conflicts.map((c) =>
      c === carla
        ? {
            ...c,
            status: 'mitigated' as const,
            resolution: {
              key: c.key,
              kind: 'mitigated' as const,
              control: 'CFO reviews every journal',
              owner: 'CFO',
              frequency: 'monthly',
              reason: null,
              note: null,
              decidedBy: 'advisor',
              decidedAt: '2026-11-21T10:00:00.000Z',
              via: null,
            },
          }
        : c,
    ),
    plan: { tasks: [{ id: 'ASOD-1234abcd', findingKey: carla.key }] },
  };
  return accessExportOf(
    decided,
    view.listings.map((l) => ({ system: l.system, file: l.file, extractedAt: l.extractedAt, rows: l.rows })),
  );
}

const texts = (row: ExcelJS.Row, n: number) =>
  Array.from({ length: n }, (_, i) => String(row.getCell(i + 1).value ?? ''));
function rowWith(ws: ExcelJS.Worksheet, first: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === first) return r;
  throw new Error(`no row starting "${first}"`);
}

describe('SoD – Access sheet', () => {
  let access: AccessExport;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    access = await typicalAccess();
    wb = await loadWorkbook(await exportBytes(saasModel({ access })));
  });

  it('comes right after SoD, only when there is access data; the name fits Excel', async () => {
    expect(ACCESS_SHEET.length).toBeLessThanOrEqual(31);
    expect(wb.worksheets.map((w) => w.name)).toEqual(sheetOrder({ access }));
    expect(sheetOrder({ access })).toEqual([
      'Summary',
      'Board',
      'Timeline',
      'Plan',
      'Testing',
      'Deficiencies',
      'SOX Program',
      'Mapping',
      'SOC 2 Matrix',
      'COSO',
      'SoD',
      ACCESS_SHEET,
      'meta',
      'Lists',
    ]);
    expect(sheetOrder({})).toEqual([...SHEET_ORDER]);
    const plain = await loadWorkbook(await exportBytes(saasModel()));
    expect(plain.worksheets.map((w) => w.name)).toEqual([...SHEET_ORDER]);
  });

  it('lists the conflicts by user with level, rule, severity, systems, both sides with rows, and status', () => {
    const ws = wb.getWorksheet(ACCESS_SHEET)!;
    expect(texts(ws.getRow(ACCESS_HEADER_ROW), ACCESS_COLUMNS.length)).toEqual([...ACCESS_COLUMNS]);
    expect(String(ws.getCell('A2').value)).toMatch(
      /NetSuite \(netsuite-users\.xlsx, extracted 2026-10-31, 15 rows\)/,
    );
    const body: string[][] = [];
    for (let r = ACCESS_HEADER_ROW + 1; r <= ws.rowCount && ws.getRow(r).getCell(1).value; r++)
      body.push(texts(ws.getRow(r), ACCESS_COLUMNS.length));
    expect(body).toHaveLength(access.conflicts.length);
    const ana = body.find((r) => r[0] === 'Ana Ruiz' && r[2] === 'SOD-P2P-03')!;
    expect(ana.slice(0, 5)).toEqual(['Ana Ruiz', 'User', 'SOD-P2P-03', 'Critical', 'NetSuite']);
    expect(ana[6]).toBe('NetSuite Vendor Maintenance / Vendors (Users and Roles!6; defined Role Permissions!2)');
    expect(ana[8]).toBe(
      'NetSuite Payment Release / Approve Vendor Payments (Users and Roles!7; defined Role Permissions!3)',
    );
    expect(ana[10]).toBe('Open');
    const carla = body.find((r) => r[0] === 'Carla Diaz' && r[2] === 'SOD-GL-01')!;
    expect(carla[10]).toBe('Mitigated');
    expect(carla[11]).toMatch(
      /Compensating control: CFO reviews every journal \(owner: CFO, monthly\).*Decided by advisor on 2026-11-21\. Plan task ASOD-1234abcd\./,
    );
    // by user, then role-level conflicts at the end
    const users = body.map((r) => r[0]!);
    const firstRole = users.findIndex((u) => u.startsWith('Role: '));
    expect(firstRole).toBeGreaterThan(0);
    expect(users.slice(firstRole).every((u) => u.startsWith('Role: '))).toBe(true);
    const people = users.slice(0, firstRole);
    expect(people).toEqual([...people].sort((a, b) => a.localeCompare(b)));
    expect(users).toContain('Role: Finance Power User (1 holder)');
    // status is a word, with a colour: never colour alone
    const statusCell = ws.getRow(rowWith(ws, 'Ana Ruiz')).getCell(11);
    expect(statusCell.value).toBe('Open');
    expect((statusCell.fill as ExcelJS.FillPattern).fgColor?.argb).toBeDefined();
  });

  it('lists leavers and generic accounts below the conflicts', () => {
    const ws = wb.getWorksheet(ACCESS_SHEET)!;
    const leaverHead = rowWith(ws, 'Leaver');
    expect(rowWith(ws, 'Leavers still active')).toBe(leaverHead - 1);
    const dave = ws.getRow(leaverHead + 1);
    expect(texts(dave, 3)).toEqual(['Dave Nguyen', 'NetSuite', 'dave.nguyen@acme.com']);
    expect((dave.getCell(4).value as Date).toISOString().slice(0, 10)).toBe('2026-09-15');
    expect(dave.getCell(5).value).toBe(46);
    expect(dave.getCell(7).value).toBe('Users and Roles!11');
    expect(dave.getCell(8).value).toBe('Open');
    const genericHead = rowWith(ws, 'Account');
    expect(genericHead).toBeGreaterThan(leaverHead);
    const accounts = [1, 2, 3].map((i) => String(ws.getRow(genericHead + i).getCell(1).value));
    expect(accounts).toEqual(['admin@acme.com', 'svc-scim@acme.com', 'integration@acme.com']);
  });

  it('the Summary counts access conflicts by severity, open and in all', () => {
    const ws = wb.getWorksheet('Summary')!;
    const head = rowWith(ws, 'SoD conflicts in system access (user listings)');
    const rows = [1, 2, 3, 4, 5].map((i) => ws.getRow(head + 1 + i));
    const got = rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(3).value]);
    const count = (s: 'critical' | 'high' | 'medium' | 'low') => [
      access.bySeverity[s].total,
      access.bySeverity[s].open,
    ];
    expect(got).toEqual([
      ['Critical', ...count('critical')],
      ['High', ...count('high')],
      ['Medium', ...count('medium')],
      ['Low', ...count('low')],
      ['Leavers still active', 1, 1],
    ]);
    expect(access.bySeverity.critical.total - access.bySeverity.critical.open).toBe(1); // Carla, mitigated
    const plain = saasModel();
    expect(plain.access).toBeUndefined();
  });
});
