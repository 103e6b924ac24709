// The zip stream the pre-flight hands exceljs's streaming reader: exact local entries, an end record only when every
// part was whole, and a worksheet's <cols> block renamed (without changing a byte count) so it is never expanded.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handoff, withoutColumnBlock, type HandoffPart } from '../../server/excel/handoff.ts';
import { readSpreadsheet } from '../../server/excel/read.ts';
import { realFixtureCounts } from '../fixtures/real.ts';

const text = (s: string) => Buffer.from(s, 'utf8');
const part = (name: string, chunks: string[], size?: number): HandoffPart => {
  const bufs = chunks.map(text);
  return { name, size: size ?? bufs.reduce((n, b) => n + b.length, 0), chunks: () => bufs };
};

async function drain(parts: HandoffPart[]): Promise<{ bytes: Buffer; failure: Error | null }> {
  const h = handoff(parts);
  const out: Buffer[] = [];
  for await (const c of h.stream) out.push(c as Buffer);
  return { bytes: Buffer.concat(out), failure: h.failure() };
}

// Reads local entries back the way a streaming zip parser does.
function entries(bytes: Buffer): { names: string[]; data: string[]; end: boolean } {
  const names: string[] = [];
  const data: string[] = [];
  let at = 0;
  while (at + 4 <= bytes.length && bytes.readUInt32LE(at) === 0x04034b50) {
    expect(bytes.readUInt16LE(at + 8)).toBe(0); // stored
    const size = bytes.readUInt32LE(at + 18);
    expect(bytes.readUInt32LE(at + 22)).toBe(size);
    const nameLength = bytes.readUInt16LE(at + 26);
    names.push(bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8'));
    const start = at + 30 + nameLength;
    data.push(bytes.subarray(start, start + size).toString('utf8'));
    at = start + size;
  }
  const end = at + 22 === bytes.length && bytes.readUInt32LE(at) === 0x06054b50;
  return { names, data, end };
}

describe('the hand-off stream', () => {
  it('writes each part as a stored local entry, in the order given, then an end record', async () => {
    const big = 'x'.repeat(200_000); // split into pieces the reader's zip parser copes with
    const { bytes, failure } = await drain([part('xl/workbook.xml', ['<workbook/>']), part('xl/Données ü.xml', ['é', 'è']), part('xl/worksheets/sheet1.xml', [big]), part('empty', [])]);
    expect(failure).toBeNull();
    const e = entries(bytes);
    expect(e.names).toEqual(['xl/workbook.xml', 'xl/Données ü.xml', 'xl/worksheets/sheet1.xml', 'empty']);
    expect(e.data).toEqual(['<workbook/>', 'éè', big, '']);
    expect(e.end).toBe(true);
  });

  it('ends without the end record, and says why, when a part is shorter or longer than its size', async () => {
    for (const [chunks, size, why] of [
      [['abc'], 5, /is 3 bytes, not its 5/],
      [['abc', 'def'], 4, /longer than its 4 bytes/],
    ] as const) {
      const { bytes, failure } = await drain([part('a.xml', ['ok']), part('b.xml', [...chunks], size)]);
      expect(failure?.message).toMatch(why);
      expect(entries(bytes).end).toBe(false);
    }
  });
});

describe('the <cols> block of a worksheet', () => {
  const sheet = '<worksheet><cols><col min="1" max="1000000000" width="9"/></cols><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>cols é</t></is></c></row></sheetData><cols/></worksheet>';

  const bytes = Buffer.from(sheet, 'utf8');
  const cut = bytes.indexOf('<sheetData') + 4;
  it.each([
    ['in one chunk', [bytes]],
    ['split inside <sheetData', [bytes.subarray(0, cut), bytes.subarray(cut)]],
    ['one byte at a time', [...bytes].map((b) => Buffer.from([b]))],
  ])('is renamed before <sheetData> only, byte for byte the same length (%s)', async (_how, chunks) => {
    const out: Buffer[] = [];
    for await (const c of withoutColumnBlock(chunks)) out.push(Buffer.from(c));
    const result = Buffer.concat(out);
    expect(result.length).toBe(Buffer.byteLength(sheet));
    expect(result.toString('utf8')).toBe(sheet.replace('<cols>', '<xols>').replace('</cols>', '</xols>'));
  });

  it('renames a sheet with no <sheetData> at all', async () => {
    const out: Buffer[] = [];
    for await (const c of withoutColumnBlock([text('<worksheet><cols><col min="1" max="9"/></cols></worksheet>')])) out.push(Buffer.from(c));
    expect(Buffer.concat(out).toString()).toBe('<worksheet><xols><col min="1" max="9"/></xols></worksheet>');
  });
});

describe('reading with the parts kept inflated or inflated again', () => {
  const dir = new URL('../fixtures/real/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));

  it.each(files)('reads %s to the same grid either way', async (name) => {
    const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
    const kept = await readSpreadsheet(bytes, name, { keepInflatedBytes: 1e9 });
    const again = await readSpreadsheet(bytes, name, { keepInflatedBytes: 1 });
    expect(kept.ok && again.ok).toBe(true);
    if (!kept.ok || !again.ok) return;
    expect(kept.value.sheets.length).toBe(realFixtureCounts(name).sheets);
    expect(kept.value).toEqual(again.value);
  });
});
