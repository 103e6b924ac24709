// The unusual workbooks real clients send (issue 23), built in code (tests/fixtures/unusual-matrices.ts) and read
// through the real reader: each class imports the right controls with the right columns, or is refused with a reason
// that names what was found. Counts are worked out from how each fixture is built (see its comments).
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import type { IntakeResult } from '../../server/domain/control.ts';
import { columnLetter } from '../../server/domain/grid.ts';
import { runIntake, type IntakeOptions } from '../../server/intake/intake.ts';
import { importWorkbook } from '../../server/use-cases/import-workbook.ts';
import {
  crosswalkHeaders,
  crosswalkWorkbook,
  criteriaList,
  groupRowsMapping,
  hierarchyLibrary,
  KOREAN_CONTROLS,
  koreanRcm,
  mappingWorkbook,
  SCF_FIXED_COLUMNS,
} from '../fixtures/unusual-matrices.ts';
import { buildGrid, oneSheet, TSC } from './grid-builder.ts';
import { readInline } from '../fixtures/reader.ts';

async function intake(bytes: Uint8Array, name: string, options: IntakeOptions = {}): Promise<IntakeResult> {
  const read = await readSpreadsheet(bytes, name);
  if (!read.ok) throw new Error(read.error.message);
  return runIntake(read.value, TSC, options);
}

// Every mapped field with its column letter, in column order.
function fields(r: IntakeResult, table = 0): [string, string][] {
  return (r.tables[table]?.mapping.columns ?? []).filter((c) => c.field !== null).map((c) => [c.letter, c.field!]);
}
const codes = (r: IntakeResult, code: string) => r.issues.filter((i) => i.code === code);

describe('a meta-framework with 300 columns, 294 of them crosswalks, whose own name (SCF) also names a framework', () => {
  it('imports its 120 controls from the main sheet with its own id, name, description and TSC columns', async () => {
    const r = await intake(await crosswalkWorkbook(), 'SCF-2025.xlsx');
    expect(r.tables.map((t) => t.sheet)).toEqual(['SCF 2025.2']);
    expect(fields(r)).toEqual([
      ['B', 'title'],
      ['C', 'controlId'],
      ['D', 'description'],
      ['F', 'criteria'],
    ]);
    expect(r.controls).toHaveLength(120);
    // ids GOV-01, AST-01, ... none generated, none with a line break
    expect(r.controls.some((c) => c.generatedId || c.id.includes('\n'))).toBe(false);
    expect(r.controls[0]).toMatchObject({ id: 'GOV-01', title: 'Cybersecurity & Data Protection Governance control 1', criteria: ['CC1.2', 'CC6.1'] });
    expect(r.controls.every((c) => c.description.startsWith('Mechanisms exist to'))).toBe(true);
    // every third row has no criteria: 40 of 120
    expect(r.controls.filter((c) => c.criteria.length === 0)).toHaveLength(40);
    // the weighting column (numbers) is never the title; the crosswalks stay with each control as extras
    const weighting = r.tables[0]?.mapping.columns.find((c) => c.letter === 'E');
    expect(weighting?.basis).toContain('values are numbers');
    const ukCaf = r.tables[0]?.mapping.columns.find((c) => c.header === 'Control ID (UK Cyber Assessment Framework)');
    expect(ukCaf?.field).toBeNull();
    expect(ukCaf?.basis).toContain("another framework's references");
    expect(codes(r, 'sheet-ignored').map((i) => i.sheet)).toEqual(['Domains & Principles']);
  });

  it('imports the main sheet when named, and a refusal says which columns are crosswalks and what is missing', async () => {
    const named = await intake(await crosswalkWorkbook(30), 'SCF-2025.xlsx', { sheets: ['SCF 2025.2'] });
    expect(named.controls).toHaveLength(30);
    expect(named.tables[0]?.mapping.columns.filter((c) => c.field !== null).map((c) => c.header)).toEqual(crosswalkHeaders(300).filter((_, i) => [1, 2, 3, 5].includes(i)));
    // the same sheet with its own columns set aside by the user: not a control table, and the reason says why
    const ignored = await intake(await crosswalkWorkbook(30), 'SCF-2025.xlsx', {
      overrides: [1, 2, 3, 4, 6].map((column) => ({ sheet: 'SCF 2025.2', column, field: null })),
    });
    const why = ignored.issues.find((i) => i.code === 'sheet-ignored' && i.sheet === 'SCF 2025.2')?.message ?? '';
    expect(why).toContain(`columns ${columnLetter(SCF_FIXED_COLUMNS + 1)}–${columnLetter(300)} look like references to other frameworks`);
    expect(why).toContain('no column holds descriptions');
  });
});

describe('a Korean ICFR RCM with a three-row merged header below meta rows', () => {
  it('reads the full labels, the cycle codes, the control numbers, and never a Yes as a title', async () => {
    const r = await intake(await koreanRcm(), 'rcm-ko.xlsx');
    const t = r.tables[0];
    expect(t).toMatchObject({ sheet: 'RCM', headerRow: 6, headerRows: 3, firstDataRow: 7 });
    expect(t?.mapping.columns.map((c) => c.header)).toEqual([
      '프로세스 / 대분류',
      '프로세스 / 중분류',
      '위험 / 위험번호',
      '위험 / 위험 설명',
      '통제 / 통제번호',
      '통제 / 통제명',
      '통제 / 통제 설명',
      '통제 / 통제 속성 / 통제주기',
      '통제 / 통제 속성 / 자동/수동',
      '통제 / 통제 속성 / 예방/적발',
      '통제 / 핵심통제',
      '통제 / 통제 담당자',
    ]);
    expect(fields(r)).toEqual([
      ['E', 'controlId'],
      ['F', 'title'],
      ['G', 'description'],
      ['H', 'frequency'],
      ['I', 'method'],
      ['J', 'nature'],
      ['L', 'owner'],
    ]);
    expect(r.controls).toHaveLength(KOREAN_CONTROLS);
    expect(new Set(r.controls.map((c) => c.id)).size).toBe(93);
    expect(codes(r, 'duplicate-id')).toEqual([]);
    // cycle i % 6 over A,Q,M,W,D,O for i = 1..93 (15 full cycles and i ≡ 1, 2, 3 once more): Q, M, W 16; A, D, O 15
    const count = (f: string | null) => r.controls.filter((c) => c.frequency === f).length;
    expect([count('annual'), count('quarterly'), count('monthly'), count('weekly'), count('daily'), count('event-driven')]).toEqual([15, 16, 16, 16, 15, 15]);
    expect(r.controls.every((c) => c.method === 'manual')).toBe(true);
    // 적발 (detective) every 4th control: 23 of 93
    expect(r.controls.filter((c) => c.nature === 'detective')).toHaveLength(23);
    expect(r.controls.some((c) => c.title === 'Yes')).toBe(false);
    expect(r.controls[0]).toMatchObject({ id: 'C-001', title: '통제 1 검토 및 승인', frequency: 'quarterly', owners: [{ raw: '김담당1' }] });
    const key = t?.mapping.columns.find((c) => c.letter === 'K');
    expect(key?.basis).toContain('yes/no');
    const risk = t?.mapping.columns.find((c) => c.letter === 'C');
    expect(risk?.basis).toContain('85 distinct');
  });
});

describe('a criteria-to-NIST mapping with merged criterion group rows between blocks', () => {
  it('reads the 12 group rows as sections, and imports 15 NIST controls with the criteria of their blocks', async () => {
    const r = await intake(await groupRowsMapping(TSC), 'tsc-nist.xlsx');
    expect(r.recognised?.kind).toBe('mapping-workbook');
    expect(r.tables[0]).toMatchObject({ sheet: 'TSC to NIST', headerRow: 2 });
    expect(fields(r)).toEqual([
      ['A', 'controlId'],
      ['B', 'title'],
    ]);
    expect(r.controls).toHaveLength(15);
    const sections = codes(r, 'section-heading');
    expect(sections).toHaveLength(1);
    expect(sections[0]?.message).toMatch(/^12 rows read as section headings, not controls \(rows 3, 7, 11, 15, 19, 23, 27, 31, 35, 39, 43, 47: /);
    // AC-1 is listed in blocks 0 (CC1.1), 7 (CC6.2) and 11 (CC9.2): (4g + k) % 15 === 0
    expect(r.controls.find((c) => c.id === 'AC-1')?.criteria).toEqual(['CC1.1', 'CC6.2', 'CC9.2']);
    expect(r.controls.find((c) => c.id === 'AC-1')?.source.rows).toEqual([4, 34, 49]);
    expect(r.controls.every((c) => c.criteria.length > 0)).toBe(true);
    expect(r.controls.some((c) => /^CC\d/.test(c.id))).toBe(false);
  });
});

describe('a framework library: a hierarchy by its depth column', () => {
  it('imports the 18 requirements, the 9 levels without a description become sections', async () => {
    const r = await intake(await hierarchyLibrary(), 'csf-library.xlsx');
    expect(r.recognised?.kind).toBe('framework-library');
    expect(codes(r, 'file-recognised')).toHaveLength(1);
    expect(r.tables.map((t) => t.sheet)).toEqual(['library_content']);
    expect(fields(r)).toEqual([
      ['D', 'controlId'],
      ['E', 'title'],
      ['F', 'description'],
    ]);
    expect(r.controls).toHaveLength(18);
    expect(r.controls.every((c) => c.description !== '')).toBe(true);
    expect(codes(r, 'row-no-description')).toEqual([]);
    expect(codes(r, 'section-heading')[0]?.message).toMatch(/^9 rows read as section headings/);
    const section = (id: string) => r.controls.find((c) => c.id === id)?.extra.find(([h]) => h === 'Section')?.[1];
    expect(section('GV.OC-01')).toBe('GV.OC Govern: Organizational Context');
    expect(section('PR.RM-03')).toBe('PR.RM Protect: Risk Management Strategy');
  });
});

describe('a mapping workbook: TSC criterion <-> CSF subcategory with relationship columns', () => {
  it("imports the 15 CSF subcategories with the criteria they map to; the TSC sheet is the catalogue, not imported", async () => {
    const r = await intake(await mappingWorkbook(TSC), 'tsc-csf.xlsx');
    expect(r.recognised?.kind).toBe('mapping-workbook');
    expect(r.recognised?.message).toContain("relationship columns 'Relationship', 'Strength'");
    expect(r.tables.map((t) => t.sheet)).toEqual(['Mapping']);
    expect(fields(r)).toEqual([
      ['A', 'criteria'],
      ['E', 'controlId'],
      ['F', 'description'],
    ]);
    expect(r.controls).toHaveLength(15);
    expect(r.controls.find((c) => c.id === 'PR.AA-01')?.criteria).toEqual(['CC6.1', 'CC6.2']);
    expect(r.controls.find((c) => c.id === 'ID.RA-01')?.criteria).toEqual(['CC3.1', 'CC3.2']);
    expect(r.controls.find((c) => c.id === 'RS.MA-01')?.criteria).toEqual(['CC7.3', 'CC7.4']);
    const ignored = codes(r, 'sheet-ignored').find((i) => i.sheet === 'TSC');
    expect(ignored?.message).toContain("sheet 'TSC' lists 33 Trust Services Criteria");
  });
});

describe('the TSC criteria list itself', () => {
  it('is refused: no controls, one error naming the catalogue', async () => {
    const r = await intake(await criteriaList(TSC), 'tsc-2017.xlsx');
    expect(r.controls).toEqual([]);
    expect(r.recognised?.kind).toBe('criteria-list');
    const error = r.issues.filter((i) => i.severity === 'error');
    expect(error.map((i) => i.code)).toEqual(['criteria-catalogue']);
    expect(error[0]?.message).toContain("this is the Trust Services Criteria catalogue, not a company's controls: sheet 'Trust Services Criteria' lists 61 Trust Services Criteria");
  });

  it('the import use case (server and CLI) returns a clear error, so no readiness is ever computed for it', async () => {
    const r = await importWorkbook({ tsc: TSC }, await criteriaList(TSC), 'tsc-2017.xlsx', { read: readInline });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'no-control-table', reason: 'criteria-catalogue' });
    expect(r.error.message).toContain('Trust Services Criteria catalogue');
    // naming the sheet does not get round it
    const named = await importWorkbook({ tsc: TSC }, await criteriaList(TSC), 'tsc-2017.xlsx', { read: readInline, sheets: ['Trust Services Criteria'] });
    expect(!named.ok && named.error.reason).toBe('criteria-catalogue');
  });
});

describe("a mapping workbook with the user's own column choices", () => {
  it('keeps what the user set: their title column wins over the mapped names', async () => {
    const r = await intake(await mappingWorkbook(TSC), 'tsc-csf.xlsx', {
      overrides: [{ sheet: 'Mapping', column: 2, field: 'title' }],
    });
    expect(fields(r)).toEqual([
      ['A', 'criteria'],
      ['B', 'title'],
      ['E', 'controlId'],
      ['F', 'description'],
    ]);
    expect(r.controls.find((c) => c.id === 'GV.OC-01')?.title).toBe(TSC.find((c) => c.id === 'CC1.1')?.description);
  });
});

describe('what the mapping and the refusals say', () => {
  it('states the runner-up when another column came close', () => {
    const rows = [['Control ID', 'Ref', 'Control Description']];
    for (let i = 1; i <= 6; i++) rows.push([`AC-0${i}`, `X-${i}`, `Access to production is reviewed by the owner (${i})`]);
    const r = runIntake(oneSheet(rows), TSC);
    const id = r.tables[0]?.mapping.columns.find((c) => c.field === 'controlId');
    expect(id?.letter).toBe('A');
    expect(id?.basis).toBe("header 'Control ID' matches controlId; runner-up: column B ('Ref', 0.85)");
  });

  it('warns once when the description column is empty on most rows', () => {
    const rows = [['Control ID', 'Description', 'Owner', 'TSC']];
    for (let i = 1; i <= 6; i++) rows.push([`AC-0${i}`, i === 1 ? 'Access is reviewed' : '', 'Dana Lee', 'CC6.1']);
    const r = runIntake(oneSheet(rows), TSC);
    expect(codes(r, 'descriptions-empty').map((i) => i.message)).toEqual([
      "the description column B ('Description') is empty for 5 of 6 controls; check that it is the column holding the control text",
    ]);
  });

  it('a file without a control table says why each sheet was set aside', () => {
    const r = runIntake(
      buildGrid([
        { name: 'Cover', rows: [['Acme SOC 2 matrix'], ['Prepared by Dana']] },
        { name: 'Crosswalk', rows: [['NIST 800-53', 'ISO 27001'], ['AC-2\nAC-3', 'A.5.15'], ['AU-6', 'A.8.15\nA.8.16'], ['CM-3', 'A.8.32']] },
      ]),
      TSC,
    );
    const error = r.issues.find((i) => i.code === 'no-table-found');
    expect(error?.message).toMatch(/^no control table found in matrix\.xlsx: sheet 'Cover': no header row naming control fields .*; sheet 'Crosswalk': /);
  });
});

describe('a framework library that lists the TSC criteria themselves', () => {
  it('is the criteria catalogue, whatever its hierarchy: refused', () => {
    const rows: (string | null)[][] = [['ref_id', 'depth', 'name', 'description']];
    for (const family of ['CC1', 'CC2', 'CC3', 'CC6']) {
      rows.push([family, '1', `Family ${family}`, null]);
      for (const c of TSC.filter((x) => x.family === family)) rows.push([c.id, '2', c.name, c.description]);
    }
    const r = runIntake(buildGrid([{ name: 'library_content', rows }], 'soc2-library.xlsx'), TSC);
    expect(r.controls).toEqual([]);
    expect(r.recognised?.kind).toBe('criteria-list');
    expect(r.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['criteria-catalogue']);
  });
});
