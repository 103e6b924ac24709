import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import { dateInText } from '../../server/domain/date-text.ts';
import { parseAccessListing, type ListingOptions } from '../../server/intake/access-listing.ts';
import { parseRoster } from '../../server/intake/roster.ts';
import {
  ADP_MATRIX,
  buildAdpXlsx,
  buildNetSuiteXlsx,
  csv,
  NETSUITE_ROLE_PERMISSIONS,
  NETSUITE_USERS,
  OKTA_ROWS,
  ROSTER_ROWS,
  SALESFORCE_ROWS,
  xlsx,
} from '../fixtures/access-listings.ts';

async function parse(bytes: Uint8Array, file: string, options: ListingOptions = {}) {
  const read = await readSpreadsheet(bytes, file);
  if (!read.ok) throw new Error(read.error.message);
  return parseAccessListing(read.value, options);
}

const sheetOf = (rows: (string | Date)[][], name = 'Sheet1') =>
  xlsx((wb) => {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  });

describe('the four listing shapes, as .xlsx and .csv', () => {
  const USER_ROLE = [
    ['User ID', 'Email', 'Full Name', 'Status', 'Role'],
    ['u1', 'ana@acme.com', 'Ana Ruiz', 'Active', 'A/P Clerk'],
    ['u1', 'ana@acme.com', 'Ana Ruiz', 'Active', 'Vendor Maintenance'],
    ['u2', 'ben@acme.com', 'Ben Okafor', 'Disabled', 'Controller; Accountant'],
  ];
  const USER_PERMISSION = [
    ['Username', 'Name', 'Permission', 'Access Level', 'Active'],
    ['ana@acme.com', 'Ana Ruiz', 'Vendors', 'Full', 'true'],
    ['ana@acme.com', 'Ana Ruiz', 'Pay Bills', 'None', 'true'],
  ];
  const MATRIX = [
    ['Name', 'Email', 'AP Clerk', 'Controller', 'Notes'],
    ['Ana Ruiz', 'ana@acme.com', 'X', '', 'temp'],
    ['Ben Okafor', 'ben@acme.com', '✓', 'x', 'ok'],
    ['Cy Ng', 'cy@acme.com', '', '', ''],
  ];
  const ROLE_PERMISSION = [
    ['Role', 'Permission', 'Level'],
    ['AP Clerk', 'Bills', 'Full'],
    ['AP Clerk', 'Vendors', 'View'],
  ];

  const check = {
    'user-role': (p: Awaited<ReturnType<typeof parse>>) => {
      expect(p.access.map((a) => [a.user.email, a.user.status, a.role])).toEqual([
        ['ana@acme.com', 'active', 'A/P Clerk'],
        ['ana@acme.com', 'active', 'Vendor Maintenance'],
        ['ben@acme.com', 'inactive', 'Controller'],
        ['ben@acme.com', 'inactive', 'Accountant'],
      ]);
      expect(p.listings[0]).toMatchObject({ shapes: ['user-role'], rows: 3 });
    },
    'user-permission': (p: Awaited<ReturnType<typeof parse>>) => {
      // a permission held at level None is recorded as an account without that permission
      expect(p.access.map((a) => [a.user.email, a.user.name, a.permission, a.level])).toEqual([
        ['ana@acme.com', 'Ana Ruiz', 'Vendors', 'Full'],
        ['ana@acme.com', 'Ana Ruiz', null, 'None'],
      ]);
      expect(p.listings[0]).toMatchObject({ shapes: ['user-permission'], rows: 2 });
    },
    'role-matrix': (p: Awaited<ReturnType<typeof parse>>) => {
      expect(p.access.map((a) => [a.user.name, a.role, a.source.row])).toEqual([
        ['Ana Ruiz', 'AP Clerk', 2],
        ['Ben Okafor', 'AP Clerk', 3],
        ['Ben Okafor', 'Controller', 3],
        ['Cy Ng', null, 4],
      ]);
      expect(p.listings[0]).toMatchObject({ shapes: ['role-matrix'], rows: 3 });
      expect(p.issues.map((i) => i.code)).toContain('columns-ignored');
    },
    'role-permission': (p: Awaited<ReturnType<typeof parse>>) => {
      expect(p.access).toEqual([]);
      expect(p.roleGrants.map((g) => [g.role, g.permission, g.level, g.source.row])).toEqual([
        ['AP Clerk', 'Bills', 'Full', 2],
        ['AP Clerk', 'Vendors', 'View', 3],
      ]);
      expect(p.listings[0]).toMatchObject({ shapes: ['role-permission'], rows: 2 });
    },
  } as const;
  const shapes: [keyof typeof check, string[][]][] = [
    ['user-role', USER_ROLE],
    ['user-permission', USER_PERMISSION],
    ['role-matrix', MATRIX],
    ['role-permission', ROLE_PERMISSION],
  ];
  for (const [shape, rows] of shapes) {
    it(`${shape} from .xlsx`, async () => check[shape](await parse(await sheetOf(rows), 'netsuite.xlsx')));
    it(`${shape} from .csv`, async () => check[shape](await parse(csv(rows), 'netsuite.csv')));
  }

  it('joins a user × role sheet and a role → permission sheet of one workbook into one listing', async () => {
    const p = await parse(await buildNetSuiteXlsx(), 'acme-netsuite-users.xlsx');
    expect(p.listings).toHaveLength(1);
    expect(p.listings[0]).toMatchObject({
      system: 'NetSuite',
      systemBasis: 'file-name',
      shapes: ['user-role', 'role-permission'],
      rows: NETSUITE_USERS.length - 1 + NETSUITE_ROLE_PERMISSIONS.length - 1,
      extractedAt: '2026-10-31',
      extractedAtBasis: 'title',
      reportedTotal: NETSUITE_USERS.length - 1,
    });
    expect(p.listings[0]!.sheets.map((s) => [s.name, s.shape, s.rows])).toEqual([
      ['Users and Roles', 'user-role', 9],
      ['Role Permissions', 'role-permission', 6],
    ]);
    // the NetSuite "Inactive" column is inverted: Yes means switched off
    expect(p.access.filter((a) => a.user.status === 'inactive').map((a) => a.user.name)).toEqual(['Eve Stone']);
    expect(p.issues).toEqual([]);
  });

  it('reads the ADP matrix with a report-date title cell and the system from the sheet name', async () => {
    const p = await parse(await buildAdpXlsx(), 'security-roles.xlsx');
    expect(p.listings[0]).toMatchObject({
      system: 'ADP',
      systemBasis: 'sheet-name',
      extractedAt: '2026-10-30',
      extractedAtBasis: 'title',
      rows: ADP_MATRIX.length - 1,
    });
  });
});

describe('system, extraction date and row count (IPE evidence)', () => {
  it('SYSTEM= beats a system column, which beats the file name', async () => {
    const rows = [
      ['Login', 'Application', 'Role'],
      ['a@x.com', 'Bill.com', 'Approver'],
      ['a@x.com', 'Expensify', 'Admin'],
    ];
    expect(
      (await parse(csv(rows), 'okta-apps.csv', { system: 'Okta' })).listings.map((l) => [l.system, l.systemBasis]),
    ).toEqual([['Okta', 'argument']]);
    expect((await parse(csv(rows), 'okta-apps.csv')).listings.map((l) => [l.system, l.systemBasis, l.rows])).toEqual([
      ['Bill.com', 'column', 1],
      ['Expensify', 'column', 1],
    ]);
    expect((await parse(csv(SALESFORCE_ROWS), 'sfdc_users_export.csv')).listings[0]).toMatchObject({
      system: 'Salesforce',
      systemBasis: 'file-name',
    });
  });

  it('extraction date: a column, else a title cell, else a date in the file name, else the file date, else none', async () => {
    expect((await parse(csv(OKTA_ROWS), 'okta.csv')).listings[0]).toMatchObject({
      extractedAt: '2026-10-31',
      extractedAtBasis: 'column',
    });
    const plain = [
      ['Email', 'Role'],
      ['a@x.com', 'Admin'],
    ];
    expect((await parse(csv(plain), 'okta-2026-09-30.csv', { fileDate: '2026-11-02' })).listings[0]).toMatchObject({
      extractedAt: '2026-09-30',
      extractedAtBasis: 'file-name',
    });
    expect((await parse(csv(plain), 'okta.csv', { fileDate: '2026-11-02' })).listings[0]).toMatchObject({
      extractedAt: '2026-11-02',
      extractedAtBasis: 'file-modified',
    });
    const none = await parse(csv(plain), 'okta.csv');
    expect(none.listings[0]).toMatchObject({ extractedAt: null, extractedAtBasis: 'none' });
    expect(none.issues.map((i) => i.code)).toEqual(['no-extraction-date']);
  });

  it.each([
    ['Extracted 2026-10-31 08:14', '2026-10-31'],
    ['As of Oct 31, 2026', '2026-10-31'],
    ['Report run 10/31/2026', '2026-10-31'],
    ['Generated on 31-Oct-2026', '2026-10-31'],
    ['Extracted sometime last week', null],
  ])('reads "%s" as %s', (text, date) => expect(dateInText(text)).toBe(date));

  it('reconciles a "Total" footer with the rows read', async () => {
    const rows = [['Email', 'Role'], ['a@x.com', 'Admin'], ['b@x.com', 'Clerk'], [], ['Total records: 3']];
    const p = await parse(csv(rows), 'erp.csv');
    expect(p.listings[0]).toMatchObject({ rows: 2, reportedTotal: 3 });
    expect(p.issues.map((i) => [i.code, i.severity])).toContainEqual(['row-count-mismatch', 'error']);
  });
});

describe('every data row is a listing row or an issue', () => {
  it('reports rows without a user, unknown marks, unknown statuses and sheets that are not listings', async () => {
    const bytes = await xlsx((wb) => {
      const ws = wb.addWorksheet('Users');
      ws.addRow(['Name', 'Email', 'Status', 'AP Clerk', 'Controller']);
      ws.addRow(['Ana Ruiz', 'ana@acme.com', 'Active', 'X', 'X']);
      ws.addRow(['', '', 'Active', 'X', '']);
      ws.addRow(['Ben Okafor', 'ben@acme.com', 'On leave', 'X', 'maybe']);
      const notes = wb.addWorksheet('Notes');
      notes.addRow(['This report was produced by the ERP team.']);
    });
    const p = await parse(bytes, 'erp.xlsx');
    expect(p.access.map((a) => [a.user.name, a.role, a.user.status])).toEqual([
      ['Ana Ruiz', 'AP Clerk', 'active'],
      ['Ana Ruiz', 'Controller', 'active'],
      ['Ben Okafor', 'AP Clerk', 'unknown'],
    ]);
    expect(p.issues.map((i) => [i.code, i.sheet, i.row, i.column])).toEqual([
      ['no-user', 'Users', 3, null],
      ['status-unknown', 'Users', 4, 'C'],
      ['matrix-mark-unknown', 'Users', 4, 'E'],
      ['sheet-not-a-listing', 'Notes', null, null],
      ['no-extraction-date', null, null, null],
    ]);
    expect(p.listings[0]!.rows).toBe(2);
    for (const i of p.issues) expect(i.file).toBe('erp.xlsx');
  });

  it('a file with no listing at all yields no listing, and says why', async () => {
    const p = await parse(
      csv([
        ['Control ID', 'Description'],
        ['AC-01', 'Access is reviewed'],
      ]),
      'matrix.csv',
    );
    expect(p.listings).toEqual([]);
    expect(p.issues.map((i) => i.code)).toEqual(['sheet-not-a-listing']);
  });
});

describe('HR roster', () => {
  it('reads names, e-mails and termination dates; an unreadable date is an issue, not a guess', async () => {
    const read = await readSpreadsheet(
      csv([...ROSTER_ROWS, ['Zed Ko', 'zed@acme.com', '2024-01-01', 'soon']]),
      'roster.csv',
    );
    if (!read.ok) throw new Error(read.error.message);
    const r = parseRoster(read.value);
    expect(r.entries.map((e) => [e.name, e.email, e.terminationDate])).toEqual([
      ['Ana Ruiz', 'ana.ruiz@acme.com', null],
      ['Dave Nguyen', 'dave.nguyen@acme.com', '2026-09-15'],
      ['Old Timer', 'old.timer@acme.com', '2025-01-31'],
      ['Zed Ko', 'zed@acme.com', null],
    ]);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([['termination-date-unreadable', 5]]);
  });

  it('a file without a termination column is not a roster', async () => {
    const read = await readSpreadsheet(
      csv([
        ['Name', 'Email'],
        ['Ana', 'a@x.com'],
      ]),
      'people.csv',
    );
    if (!read.ok) throw new Error(read.error.message);
    expect(parseRoster(read.value).issues.map((i) => i.code)).toEqual(['roster-no-termination-column']);
  });
});
