import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Grid } from '../../server/domain/grid.ts';
import { detectDelimiter, sheetNameFromFile } from '../../server/excel/read-csv.ts';
import { readSpreadsheet } from '../../server/excel/read.ts';

const REAL = new URL('../fixtures/real/', import.meta.url);

function bytesOf(s: string, prefix: number[] = []): Uint8Array {
  const body = new TextEncoder().encode(s);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

function utf16le(s: string): Uint8Array {
  const out = new Uint8Array(2 + s.length * 2);
  out.set([0xff, 0xfe], 0);
  for (let i = 0; i < s.length; i++) new DataView(out.buffer).setUint16(2 + i * 2, s.charCodeAt(i), true);
  return out;
}

async function grid(bytes: Uint8Array, name = 'controls.csv'): Promise<Grid> {
  const r = await readSpreadsheet(bytes, name);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const texts = (g: Grid) => (g.sheets[0]?.rows ?? []).map((row) => row.map((c) => c?.text));

describe('CSV', () => {
  it('reads ; with a UTF-8 BOM, CRLF, a quoted multi-line cell, and keeps 001 and 1.10 as typed', async () => {
    const csv = 'ID;Title;Version\r\n001;"Access review\r\nquarterly; signed";1.10\r\n002;Backups;2\r\n';
    const g = await grid(bytesOf(csv, [0xef, 0xbb, 0xbf]), 'EU controls.csv');
    expect(g.format).toBe('csv');
    expect(g.sheets[0]?.name).toBe('EU controls');
    expect(texts(g)).toEqual([
      ['ID', 'Title', 'Version'],
      ['001', 'Access review\r\nquarterly; signed', '1.10'],
      ['002', 'Backups', '2'],
    ]);
    expect(g.sheets[0]?.rows[1]?.[0]).toEqual({ text: '001', value: { kind: 'string' } });
  });

  it('detects tab and comma delimiters and reads UTF-16 with a BOM', async () => {
    expect(texts(await grid(bytesOf('a\tb\n1\t2\n')))).toEqual([['a', 'b'], ['1', '2']]);
    expect(texts(await grid(utf16le('Name,Owner\r\nBackups,Bea\r\n')))).toEqual([['Name', 'Owner'], ['Backups', 'Bea']]);
    // Decimal commas inside a ;-separated file must not win.
    expect(detectDelimiter('a;b;c\n1,5;2,5;3\n4;5,1;6\n')).toBe(';');
    expect(detectDelimiter('just one column\nno delimiters here\n')).toBe(',');
  });

  it('reads a paragraph of prose as a grid without crashing (intake decides it is not a matrix)', async () => {
    const prose =
      'Our company takes security seriously, and we review access quarterly.\n' +
      'The CFO said "we are ready" and everyone agreed, mostly.\n' +
      "It's a 5\" binder of policies; nobody reads it.\n";
    const g = await grid(bytesOf(prose), 'notes.csv');
    expect(g.sheets[0]?.rows).toHaveLength(3);
    expect(g.sheets[0]?.rows[0]?.[0]?.text).toBe('Our company takes security seriously');
    expect(g.sheets[0]?.rows[2]?.[0]?.text).toContain('5" binder');
  });

  it('reads a single column without delimiters as a one-column grid', async () => {
    const g = await grid(bytesOf('Controls\nAccess review\nBackups\n'));
    expect(texts(g)).toEqual([['Controls'], ['Access review'], ['Backups']]);
  });

  it('__proto__ and constructor headers are plain text', async () => {
    const g = await grid(bytesOf('__proto__,constructor,prototype\n1,2,3\n'));
    expect(texts(g)[0]).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>)['1']).toBeUndefined();
  });

  it('a quoted cell that is never closed is an error naming the line', async () => {
    const r = await readSpreadsheet(bytesOf('a,b\r\nc,d\r\ne,"never closed\r\nf,g\r\n'), 'broken.csv');
    expect(!r.ok && r.error.code).toBe('csv-malformed');
    expect(!r.ok && r.error.message).toMatch(/"broken\.csv".*line 3/);
  });

  it('NUL bytes are not a CSV', async () => {
    const r = await readSpreadsheet(bytesOf('a,b\n\u0000\u0001,c\n'), 'weird.csv');
    expect(!r.ok && r.error.code).toBe('not-a-spreadsheet');
  });

  it('reads non-UTF-8 text as Windows-1252 and says so', async () => {
    const g = await grid(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x2c, 0x78, 0x0a]));
    expect(texts(g)).toEqual([['Café', 'x']]);
    expect(g.issues.map((i) => i.code)).toEqual(['csv-encoding-guessed']);
  });

  it('refuses more records than maxRows', async () => {
    const r = await readSpreadsheet(bytesOf('h\n1\n2\n3\n4\n'), 'rows.csv', { maxRows: 3 });
    expect(!r.ok && r.error.code).toBe('too-many-rows');
  });

  it('names the sheet after the file, without extension or characters Excel forbids', () => {
    expect(sheetNameFromFile('controls.csv')).toBe('controls');
    expect(sheetNameFromFile('C:\\exports\\Q1 [final]: v2?.csv')).toBe('Q1 final v2');
    expect(sheetNameFromFile('.csv')).toBe('Sheet1');
    expect(sheetNameFromFile(`${'x'.repeat(40)}.csv`)).toHaveLength(31);
  });
});

describe('real CSV files', () => {
  const real = async (name: string) => grid(new Uint8Array(await readFile(new URL(name, REAL))), name);

  it('eramba internal_controls.csv: header + 137 controls, CRLF, 4 columns', async () => {
    const g = await real('eramba__templates__internal_controls.csv');
    expect(g.sheets[0]?.rows).toHaveLength(138);
    expect(texts(g)[0]).toEqual(['Title', 'Description', 'Audit Methodology', 'Policy Procedure']);
    expect(g.sheets[0]?.rows.every((r) => r.length <= 4)).toBe(true);
    expect(g.sheets[0]?.rows[1]?.[0]?.text).toBe('User Account Inventory Review');
  });

  it('eramba mapping_controls_to_requirements.csv: header + 143 rows, 18 columns, comma lists kept in one cell', async () => {
    const g = await real('eramba__templates__mapping_controls_to_requirements.csv');
    expect(g.sheets[0]?.rows).toHaveLength(144);
    expect(g.sheets[0]?.rows[0]).toHaveLength(18);
    expect(g.sheets[0]?.rows[1]?.[4]?.text).toBe('CC6.1, CC6.2, CC6.3');
  });

  it('surveilr aicpa_soc2_type2_controls.csv: header + 143 rows with multi-line cells', async () => {
    const g = await real('surveilr__www.surveilr.com__aicpa_soc2_type2_controls.csv');
    expect(g.sheets[0]?.rows).toHaveLength(144);
    expect(texts(g)[0]).toEqual(['#', 'Control Identifier', 'Fii ID', 'Common Criteria', 'Common Criteria type', 'Name', 'Questions Descriptions']);
    expect(g.sheets[0]?.rows[1]?.[1]?.text).toBe('CC1-0001');
    expect(g.sheets[0]?.rows.some((r) => r.some((c) => c?.text.includes('\n')))).toBe(true);
  });
});
