// Every real file in tests/fixtures/real goes through the reader and the intake: the right sheets, the right
// header row, the control counts checked by hand against the files, and no data row lost without an issue.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import type { IntakeResult } from '../../server/domain/control.ts';
import type { Grid } from '../../server/domain/grid.ts';
import { runIntake } from '../../server/intake/intake.ts';
import { realFixtureCounts } from '../fixtures/real.ts';
import { TSC } from './grid-builder.ts';

const DIR = new URL('../fixtures/real/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => !f.endsWith('.yml') && !f.endsWith('.md'));

async function load(name: string): Promise<{ grid: Grid; r: IntakeResult }> {
  const read = await readSpreadsheet(new Uint8Array(readFileSync(new URL(name, DIR))), name);
  if (!read.ok) throw new Error(`${name}: ${read.error.message}`);
  return { grid: read.value, r: runIntake(read.value, TSC) };
}

function file(part: string): string {
  const f = FILES.find((x) => x.includes(part));
  if (!f) throw new Error(`fixture ${part} missing`);
  return f;
}

const count = (r: IntakeResult, code: string): number => r.issues.filter((i) => i.code === code).length;

// Rows an issue names: its own row, and the rows it lists ('rows 24, 31, 40–45').
function rowsOf(message: string): number[] {
  const m = /\brows ([\d, –-]+)/.exec(message);
  if (!m?.[1]) return [];
  return m[1].split(',').flatMap((part) => {
    const [a, b] = part.trim().split(/[–-]/).map(Number);
    if (a === undefined || Number.isNaN(a)) return [];
    if (b === undefined || Number.isNaN(b)) return [a];
    return Array.from({ length: b - a + 1 }, (_, k) => a + k);
  });
}


describe('every real fixture', () => {
  it('covers all files of the folder', () => {
    expect(FILES).toHaveLength(6);
  });

  it.each(FILES)('%s: every non-blank data row becomes a control or an issue', async (name) => {
    const { grid, r } = await load(name);
    expect(r.controls.length).toBe(realFixtureCounts(name).controls);
    for (const t of r.tables) {
      const sheet = grid.sheets.find((s) => s.name === t.sheet);
      if (!sheet) throw new Error('table sheet missing');
      for (let row = t.firstDataRow; row <= t.lastDataRow; row++) {
        const blank = (sheet.rows[row - 1] ?? []).every((c) => (c?.text.trim() ?? '') === '');
        if (blank) continue;
        const covered =
          r.controls.some((c) => c.source.sheet === t.sheet && c.source.rows.includes(row)) ||
          r.issues.some((i) => i.sheet === t.sheet && (i.row === row || rowsOf(i.message).includes(row)));
        expect(covered, `${t.sheet}!${row}`).toBe(true);
      }
    }
    // Every sheet is either imported or reported.
    for (const s of grid.sheets) {
      const used = r.tables.some((t) => t.sheet === s.name);
      const reported = r.issues.some(
        (i) => i.sheet === s.name && (i.code === 'sheet-ignored' || i.code === 'sheet-duplicate'),
      );
      expect(used || reported, s.name).toBe(true);
    }
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('eramba internal_controls.csv', () => {
  it('imports 137 controls with generated ids, no criteria, and frequency read from the audit prose', async () => {
    const { r } = await load(file('internal_controls'));
    expect(r.tables).toHaveLength(1);
    expect(r.tables[0]).toMatchObject({
      headerRow: 1,
      headerRows: 1,
      layout: 'wide',
      firstDataRow: 2,
      lastDataRow: 138,
    });
    expect(r.controls).toHaveLength(137);
    expect(r.controls.every((c) => c.generatedId && c.criteria.length === 0)).toBe(true);
    expect(new Set(r.controls.map((c) => c.id)).size).toBe(137);
    expect(r.controls[0]).toMatchObject({ title: 'User Account Inventory Review', frequency: 'quarterly' });
    expect(r.controls[1]?.frequency).toBe('semi-annual');
    expect(r.controls[0]?.extra.map(([h]) => h)).toEqual(['Audit Methodology', 'Policy Procedure']);
    expect(count(r, 'no-criteria-column')).toBe(1);
    expect(count(r, 'ids-generated')).toBe(1);
  });
});

describe('eramba mapping_controls_to_requirements.csv', () => {
  it('reads criteria from the SOC 2 column only, an em dash meaning none', async () => {
    const { r } = await load(file('mapping_controls'));
    const t = r.tables[0];
    expect(t?.mapping.columns.filter((c) => c.field !== null).map((c) => [c.header, c.field])).toEqual([
      ['Control Title', 'title'],
      ['SOC 2 (TSP 2017)', 'criteria'],
    ]);
    expect(r.controls).toHaveLength(143);
    expect(r.controls.filter((c) => c.criteria.length > 0)).toHaveLength(73);
    expect(r.controls.find((c) => c.title === 'User Account Inventory Review')?.criteria).toEqual([
      'CC6.1',
      'CC6.2',
      'CC6.3',
    ]);
    expect(r.controls.flatMap((c) => c.invalidCriteria)).toEqual([]);
    expect(count(r, 'criteria-unreadable')).toBe(0);
    // The other 16 frameworks stay with each control as extra attributes.
    expect(r.controls[0]?.extra.map(([h]) => h)).toContain('NIST 800-53 Rev5');
  });
});

describe('surveilr aicpa_soc2_type2_controls.csv', () => {
  it('keys 143 controls by Control Identifier and resolves family-level criteria', async () => {
    const { r } = await load(file('surveilr'));
    const t = r.tables[0];
    expect(t?.mapping.columns.map((c) => c.field)).toEqual([
      null,
      'controlId',
      null,
      'criteria',
      null,
      'title',
      'description',
    ]);
    expect(r.controls).toHaveLength(143);
    expect(r.controls.some((c) => c.generatedId)).toBe(false);
    const first = r.controls.find((c) => c.id === 'CC1-0001');
    expect(first?.criteria).toEqual(['CC1.1', 'CC1.2', 'CC1.3', 'CC1.4', 'CC1.5']);
    const conf = r.controls.filter((c) => c.criteriaRaw.startsWith('C1.0'));
    expect(conf).toHaveLength(8);
    for (const c of conf) expect(c.criteria).toEqual(['C1.1', 'C1.2']);
    expect(
      r.controls.filter((c) => c.criteriaRaw.startsWith('A1.0')).every((c) => c.criteria.join() === 'A1.1,A1.2,A1.3'),
    ).toBe(true);
    expect(r.controls.every((c) => c.criteria.length > 0 && c.invalidCriteria.length === 0)).toBe(true);
    expect(count(r, 'criteria-family-level')).toBe(1);
  });
});

describe('robparker29 crosswalk workbooks', () => {
  // Mapping workbooks (SOC 2 criterion <-> another framework's control, with Mapping_Type and Relationship_Strength
  // columns): the mapped framework's controls are imported, each with the criteria it maps to. Counted by hand in
  // the master sheets: 42 NIST rows name 37 distinct NIST controls (RA-3, CM-3, IP-1, DM-2 map several criteria); 32
  // ISO rows name 30 ISO controls (A.8.32 and A.5.34 map two each).
  it.each([
    ['NIST_800-53', 'SOC2 to NIST Mapping', 37, 'NIST to SOC2 Mapping', 'NIST_Control', ['SA-2', 'Allocation of Resources', ['CC1.1']], ['CM-3', ['CC3.4', 'CC8.1']]],
    ['ISO_27001', 'SOC2 to ISO Mapping', 30, 'ISO to SOC2 Mapping', 'ISO_Control', ['A.5.1', 'Information security policies', ['CC1.1']], ['A.8.32', ['CC3.4', 'CC8.1']]],
  ] as const)(
    '%s: imports the mapped controls of the master sheet with their criteria, drops the industry copies as duplicates',
    async (part, master, n, reverse, idHeader, first, several) => {
      const { r, grid } = await load(file(part));
      expect(r.recognised?.kind).toBe('mapping-workbook');
      expect(r.issues.filter((i) => i.code === 'file-recognised')).toHaveLength(1);
      expect(r.tables.map((t) => t.sheet)).toEqual([master]);
      expect(r.tables[0]).toMatchObject({ headerRow: 1, headerRows: 1, layout: 'long' });
      const fields = r.tables[0]?.mapping.columns.filter((c) => c.field !== null).map((c) => [c.header, c.field]);
      expect(fields?.slice(0, 3)).toEqual([
        ['SOC2_Control', 'criteria'],
        [idHeader, 'controlId'],
        [idHeader.replace('Control', 'Description'), 'title'],
      ]);
      expect(r.controls).toHaveLength(n);
      expect(r.controls.every((c) => !c.generatedId && c.criteria.length >= 1 && c.invalidCriteria.length === 0)).toBe(true);
      expect(r.controls[0]).toMatchObject({ id: first[0], title: first[1], criteria: first[2] });
      expect(r.controls.find((c) => c.id === several[0])?.criteria).toEqual(several[1]);
      const dups = r.issues.filter((i) => i.code === 'sheet-duplicate').map((i) => i.sheet);
      expect(dups).toEqual([
        'SaaS Focus',
        'Financial Focus',
        'Healthcare Focus',
        'Manufacturing Focus',
        'Government Focus',
      ]);
      const ignored = r.issues.filter((i) => i.code === 'sheet-ignored').map((i) => i.sheet);
      expect(ignored).toContain(reverse);
      expect(ignored).toContain('Executive Dashboard');
      expect(ignored).toContain('Implementation Roadmap');
      expect(dups.length + ignored.length + 1).toBe(grid.sheets.length);
    },
  );

  it('imports the reverse view too when asked for it by name, reading its criteria lists', async () => {
    const name = file('NIST_800-53');
    const read = await readSpreadsheet(new Uint8Array(readFileSync(new URL(name, DIR))), name);
    if (!read.ok) throw new Error(read.error.message);
    const r = runIntake(read.value, TSC, { sheets: ['NIST to SOC2 Mapping'] });
    expect(r.controls).toHaveLength(13);
    expect(r.controls.find((c) => c.criteriaRaw === 'CC3.1, CC3.2, CC3.3, CC3.4')?.criteria).toEqual([
      'CC3.1',
      'CC3.2',
      'CC3.3',
      'CC3.4',
    ]);
  });

  it('reads the ranges of the roadmap sheet when asked for it', async () => {
    const name = file('NIST_800-53');
    const read = await readSpreadsheet(new Uint8Array(readFileSync(new URL(name, DIR))), name);
    if (!read.ok) throw new Error(read.error.message);
    const r = runIntake(read.value, TSC, { sheets: ['Implementation Roadmap'] });
    expect(r.controls[0]?.criteria).toEqual([
      'CC1.1',
      'CC1.2',
      'CC1.3',
      'CC1.4',
      'CC1.5',
      'CC3.1',
      'CC3.2',
      'CC3.3',
      'CC3.4',
    ]);
    expect(r.controls.find((c) => c.criteriaRaw === 'P1.1-P8.1')?.criteria).toHaveLength(18);
  });
});

describe('Mehulchhabra07 sample_controls.xlsx', () => {
  it('maps id, description, method, nature and frequency of the 4 SOX-style controls', async () => {
    const { r } = await load(file('Mehulchhabra07'));
    expect(r.tables[0]?.mapping.columns.map((c) => c.field)).toEqual([
      null,
      null,
      'controlId',
      'description',
      'method',
      'nature',
      'frequency',
    ]);
    expect(r.controls.map((c) => [c.id, c.frequency, c.nature, c.method])).toEqual([
      ['C001', 'monthly', 'detective', 'manual'],
      ['C002', 'continuous', 'preventive', 'automated'],
      ['C003', 'event-driven', 'preventive', 'it-dependent-manual'],
      ['C004', 'weekly', 'preventive', 'automated'],
    ]);
    expect(r.controls[0]?.extra.map(([h]) => h)).toEqual(['Risk', 'Risk Description']);
  });
});
