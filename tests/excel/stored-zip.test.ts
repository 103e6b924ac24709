// The stored zip the pre-flight hands exceljs: every reader sees the same parts, with valid CRCs, and a part that
// does not match its declared size is refused rather than padded or cut.
import { readdirSync, readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { readSpreadsheet } from '../../server/excel/read.ts';
import { StoredZipWriter, storedZip } from '../../server/excel/stored-zip.ts';

const text = (s: string) => new TextEncoder().encode(s);

describe('storedZip', () => {
  const parts: [string, Uint8Array][] = [
    ['[Content_Types].xml', text('<Types/>')],
    ['xl/worksheets/sheet1.xml', text('<worksheet>' + 'x'.repeat(70_000) + '</worksheet>')],
    ['xl/Données ü.xml', text('é')],
    ['empty.txt', new Uint8Array(0)],
  ];

  it('reads back in JSZip with CRC checking on, parts and names intact', async () => {
    const zip = await JSZip.loadAsync(storedZip(parts), { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual(parts.map(([n]) => n));
    for (const [name, data] of parts) expect(await zip.file(name)!.async('uint8array')).toEqual(data);
  });

  it('reads back in yauzl with entry sizes validated, every part stored', async () => {
    const zip = await yauzl.fromBufferPromise(Buffer.from(storedZip(parts)), { lazyEntries: true, validateEntrySizes: true });
    const seen: [string, number, number][] = [];
    for await (const e of zip.eachEntry()) seen.push([e.fileName, e.compressionMethod, e.uncompressedSize]);
    expect(seen).toEqual(parts.map(([n, d]) => [n, 0, d.length]));
  });

  it('refuses a part longer or shorter than declared', () => {
    const longer = new StoredZipWriter([{ name: 'a', size: 2 }]);
    expect(() => longer.write(0, text('abc'))).toThrow(/longer than declared/);
    const shorter = new StoredZipWriter([{ name: 'a', size: 2 }]);
    shorter.write(0, text('a'));
    expect(() => shorter.finish()).toThrow(/shorter than declared/);
  });
});

describe('the hand-off to exceljs', () => {
  const dir = new URL('../../../shared/fixtures/real/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.xlsx'));

  it.each(files)('reads %s to the same grid whether the parts are handed over stored or as uploaded', async (name) => {
    const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
    const stored = await readSpreadsheet(bytes, name, { storedHandoffBytes: 1e9 });
    const original = await readSpreadsheet(bytes, name, { storedHandoffBytes: 1 });
    expect(stored.ok && original.ok).toBe(true);
    if (!stored.ok || !original.ok) return;
    expect(stored.value.sheets.length).toBeGreaterThan(0);
    expect(stored.value).toEqual(original.value);
  });
});
