// SoD – Access: conflicts found in the user-access listings of the financial systems, by user, each side with the
// roles or permissions that grant it and the listing rows they come from, and what was decided about it. Leavers
// still active and generic accounts follow. Only written when the engagement has access listings.
import type ExcelJS from 'exceljs';
import type { Severity } from '../../domain/catalog.ts';
import type { ExportModel } from './model.ts';
import { capitalise as cap, plural } from '../../domain/words.ts';
import {
  COLOR,
  DATE_FMT,
  FONT,
  isoToDate,
  printSetup,
  safeText,
  setWidths,
  styleBody,
  styleHeader,
  toneCell,
  type Tone,
} from './styles.ts';

export const ACCESS_SHEET = 'SoD – Access';
export const ACCESS_HEADER_ROW = 3;
export const ACCESS_COLUMNS = [
  'User',
  'Level',
  'Rule',
  'Severity',
  'Systems',
  'Duty A',
  'Duty A: access (system role / permission, sheet!row)',
  'Duty B',
  'Duty B: access (system role / permission, sheet!row)',
  'Risk',
  'Status',
  'Resolution',
] as const;
export const LEAVER_COLUMNS = [
  'Leaver',
  'System',
  'Account',
  'Terminated',
  'Days active after',
  'As of',
  'Listing rows',
  'Status',
  'Resolution',
] as const;
export const GENERIC_COLUMNS = [
  'Account',
  'System',
  'Shown as',
  'Why generic',
  'Account status',
  'Listing rows',
] as const;

export type AccessStatus = 'open' | 'remediated' | 'mitigated' | 'accepted';

export interface AccessExportGrant {
  system: string;
  role: string | null;
  permission: string | null;
  sheet: string;
  row: number;
  definedAt: { sheet: string; row: number } | null; // the role → permission row behind a permission
}

export interface AccessExportConflict {
  key: string;
  level: 'user' | 'role' | 'privileged';
  rule: string;
  severity: Severity;
  user: string | null;
  role: string | null;
  holders: number | null;
  generic: boolean;
  systems: string[];
  sides: [{ label: string; grants: AccessExportGrant[] }, { label: string; grants: AccessExportGrant[] }];
  risk: string;
  status: AccessStatus;
  resolution: string; // what was decided, by whom, and the plan task; '' when open
}

export interface AccessExportLeaver {
  user: string;
  system: string;
  account: string;
  terminationDate: string;
  daysSinceTermination: number;
  asOf: string;
  rows: { sheet: string; row: number }[];
  status: AccessStatus;
  resolution: string;
}

export interface AccessExport {
  listings: { system: string; file: string; extractedAt: string | null; rows: number }[];
  conflicts: AccessExportConflict[];
  leavers: AccessExportLeaver[];
  generic: {
    user: string;
    system: string;
    account: string;
    reason: string;
    status: string;
    rows: { sheet: string; row: number }[];
  }[];
  bySeverity: Record<Severity, { total: number; open: number }>; // conflicts only; leavers are counted apart
}

const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'bad', high: 'bad', medium: 'warn', low: 'neutral' };
const STATUS_TONE: Record<AccessStatus, Tone> = {
  open: 'bad',
  remediated: 'good',
  mitigated: 'warn',
  accepted: 'neutral',
};
const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const rowsText = (rows: { sheet: string; row: number }[]) => rows.map((r) => `${r.sheet}!${r.row}`).join(', ');

function grantText(g: AccessExportGrant): string {
  const what = [g.role, g.permission].filter((x) => x !== null).join(' / ');
  const def = g.definedAt ? `; defined ${g.definedAt.sheet}!${g.definedAt.row}` : '';
  return `${g.system} ${what} (${g.sheet}!${g.row}${def})`;
}

function subject(c: AccessExportConflict): string {
  if (c.level === 'role') return `Role: ${c.role ?? ''} (${plural(c.holders ?? 0, 'holder')})`;
  return `${c.user ?? ''}${c.generic ? ' (generic account)' : ''}`;
}

// Conflicts by user (then severity, rule); role-level conflicts, which belong to no one user, after them.
export function accessRowsInOrder(conflicts: readonly AccessExportConflict[]): AccessExportConflict[] {
  const group = (c: AccessExportConflict) => (c.level === 'role' ? 1 : 0);
  return [...conflicts].sort(
    (a, b) =>
      group(a) - group(b) ||
      subject(a).localeCompare(subject(b)) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.rule.localeCompare(b.rule) ||
      a.key.localeCompare(b.key),
  );
}

function heading(ws: ExcelJS.Worksheet, text: string): void {
  ws.addRow([]);
  const row = ws.addRow([text]);
  row.getCell(1).font = { name: FONT, size: 12, bold: true, color: { argb: COLOR.navy } };
}

export function addAccessSheet(wb: ExcelJS.Workbook, model: ExportModel): ExcelJS.Worksheet | null {
  const access = model.access;
  if (!access) return null;
  const ws = wb.addWorksheet(ACCESS_SHEET, { views: [{ state: 'frozen', xSplit: 0, ySplit: ACCESS_HEADER_ROW }] });
  setWidths(ws, [24, 11, 13, 11, 16, 22, 40, 22, 40, 36, 12, 44]);
  const t = ws.getCell('A1');
  t.value = 'Segregation of duties: access conflicts in the systems';
  t.font = { name: FONT, size: 14, bold: true, color: { argb: COLOR.navy } };
  const n = ws.getCell('A2');
  n.value = safeText(
    `From the user-access listings: ${access.listings
      .map((l) => `${l.system} (${l.file}, extracted ${l.extractedAt ?? 'date unknown'}, ${plural(l.rows, 'row')})`)
      .join('; ')}.`,
  );
  n.font = { name: FONT, size: 9, italic: true, color: { argb: COLOR.muted } };
  const head = ws.getRow(ACCESS_HEADER_ROW);
  head.values = [...ACCESS_COLUMNS];
  styleHeader(head);

  for (const c of accessRowsInOrder(access.conflicts)) {
    const [a, b] = c.sides;
    const row = ws.addRow([
      safeText(subject(c)),
      cap(c.level),
      safeText(c.rule),
      null,
      safeText(c.systems.join(', ')),
      safeText(a.label),
      safeText(a.grants.map(grantText).join('\n')),
      safeText(b.label),
      safeText(b.grants.map(grantText).join('\n')),
      safeText(c.risk),
      null,
      safeText(c.resolution),
    ]);
    styleBody(row, ACCESS_COLUMNS.length);
    toneCell(row.getCell(4), SEVERITY_TONE[c.severity], cap(c.severity));
    toneCell(row.getCell(11), STATUS_TONE[c.status], cap(c.status));
  }
  if (access.conflicts.length === 0)
    styleBody(
      ws.addRow(['None', null, 'No user, role or privileged account holds both duties of any rule.']),
      ACCESS_COLUMNS.length,
    );

  heading(ws, 'Leavers still active');
  styleHeader(ws.addRow([...LEAVER_COLUMNS]), COLOR.headerFill, 1, LEAVER_COLUMNS.length);
  for (const l of access.leavers) {
    const row = ws.addRow([
      safeText(l.user),
      safeText(l.system),
      safeText(l.account),
      isoToDate(l.terminationDate),
      l.daysSinceTermination,
      isoToDate(l.asOf),
      safeText(rowsText(l.rows)),
      null,
      safeText(l.resolution),
    ]);
    styleBody(row, LEAVER_COLUMNS.length);
    row.getCell(4).numFmt = DATE_FMT;
    row.getCell(6).numFmt = DATE_FMT;
    toneCell(row.getCell(8), STATUS_TONE[l.status], cap(l.status));
  }
  if (access.leavers.length === 0)
    styleBody(
      ws.addRow(['None', null, 'No terminated employee holds an active account (or no HR roster was given).']),
      LEAVER_COLUMNS.length,
    );

  heading(ws, 'Generic and shared accounts');
  styleHeader(ws.addRow([...GENERIC_COLUMNS]), COLOR.headerFill, 1, GENERIC_COLUMNS.length);
  for (const g of access.generic)
    styleBody(
      ws.addRow([
        safeText(g.account),
        safeText(g.system),
        safeText(g.user),
        safeText(g.reason),
        safeText(g.status),
        safeText(rowsText(g.rows)),
      ]),
      GENERIC_COLUMNS.length,
    );
  if (access.generic.length === 0) styleBody(ws.addRow(['None']), GENERIC_COLUMNS.length);

  printSetup(ws, model.analysis.profile.companyName, model.exportedAt.slice(0, 10), 'SoD: access');
  ws.pageSetup.printTitlesRow = `${ACCESS_HEADER_ROW}:${ACCESS_HEADER_ROW}`;
  return ws;
}
