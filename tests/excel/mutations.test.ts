// Damaged copies of the real fixtures, made by seeded random mutation (bytes flipped, files cut short, xml parts
// edited or removed, csv quotes and separators scattered): each must come back as controls or as one clear line that
// names the file, never as an exception or a hang. The seeds are fixed, so a failure here is reproducible.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importWorkbook } from '../../server/use-cases/import-workbook.ts';
import { catalog } from '../fixtures/analysis.ts';
import { REAL_FIXTURE_FILES, realFixture } from '../fixtures/real.ts';
import { seededRandom, type SeededRandom } from '../fixtures/seeded-random.ts';
import { readInline } from '../fixtures/reader.ts';


const XML_JUNK = ['<', '>', '"', '&', '</c>', '<row r="0">', '<c r="ZZZZ9999999">', ' r="A0"', '<v>1e400</v>', ' s="9999"', '<f>', '<is><t>', '<mergeCell ref="A1:XFD1048576"/>'];

function mutateXml(x: string, rnd: SeededRandom): string {
  const at = rnd.int(x.length);
  const len = 1 + rnd.int(40);
  switch (rnd.int(7)) {
    case 0:
      return x.slice(0, at) + x.slice(at + len);
    case 1:
      return x.slice(0, at) + x.slice(at, at + len).repeat(2 + rnd.int(3)) + x.slice(at + len);
    case 2:
      return x.slice(0, at) + XML_JUNK[rnd.int(XML_JUNK.length)]! + x.slice(at);
    case 3:
      return x.replace(/ r="[A-Z]+\d+"/g, (m) => (rnd.chance(0.1) ? '' : m));
    case 4:
      return x.replace(/ t="s"/g, (m) => (rnd.chance(0.05) ? ` t="${['str', 'b', 'e', 'd'][rnd.int(4)]}"` : m));
    case 5:
      return x.slice(0, at);
    default:
      return x.replace(/ s="\d+"/g, (m) => (rnd.chance(0.1) ? ` s="${rnd.int(500)}"` : m));
  }
}

function mutateXlsx(bytes: Uint8Array, rnd: SeededRandom): Uint8Array {
  const mode = rnd.int(4);
  if (mode === 0) {
    const c = bytes.slice();
    for (let i = 0; i < 1 + rnd.int(8); i++) c[rnd.int(c.length)] = rnd.int(256);
    return c;
  }
  if (mode === 1) return bytes.slice(0, rnd.int(bytes.length));
  const files = unzipSync(bytes);
  const names = Object.keys(files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
  for (let i = 0; i < 1 + rnd.int(3); i++) {
    const n = names[rnd.int(names.length)]!;
    if (mode === 3 && rnd.chance(0.3)) delete files[n];
    else if (files[n]) files[n] = strToU8(mutateXml(strFromU8(files[n]), rnd));
  }
  return zipSync(files);
}

const CSV_JUNK = ['"', '""', '\r', '\n', ',', ';', '\t', '\ufeff', '=cmd|x', 'é', '😀', '"a,b"', '\\'];

function mutateCsv(bytes: Uint8Array, rnd: SeededRandom): Uint8Array {
  let s = Buffer.from(bytes).toString('utf8');
  for (let k = 0; k < 1 + rnd.int(10); k++) {
    const at = rnd.int(s.length);
    const m = rnd.int(4);
    if (m === 0) s = s.slice(0, at) + CSV_JUNK[rnd.int(CSV_JUNK.length)]! + s.slice(at);
    else if (m === 1) s = s.slice(0, at) + s.slice(at + rnd.int(50));
    else if (m === 2) s = s.slice(0, at);
    else s = s.slice(0, at) + s.slice(at, at + rnd.int(200)).repeat(2 + rnd.int(5)) + s.slice(at);
  }
  return new Uint8Array(Buffer.from(s, rnd.chance(0.3) ? 'latin1' : 'utf8'));
}

const KNOWN_CODES = ['unreadable-file', 'no-control-table', 'invalid-input'];

async function expectClearOutcome(bytes: Uint8Array, name: string): Promise<'ok' | 'refused'> {
  const r = await importWorkbook(catalog, bytes, name, { read: readInline });
  if (r.ok) {
    expect(r.value.controls.length).toBeGreaterThan(0);
    return 'ok';
  }
  expect(KNOWN_CODES).toContain(r.error.code);
  expect(r.error.message.startsWith(`"${name}"`)).toBe(true);
  expect(r.error.message).not.toMatch(/[\r\n]/);
  // a fault from inside the workbook reader is labelled as such, never passed off as the message itself
  if (/Cannot read properties|is not a function/.test(r.error.message)) expect(r.error.message).toContain('reader error:');
  return 'refused';
}

const CASES = [
  { kind: 'workbook', ext: 'xlsx', seed: 20261204, mutate: mutateXlsx },
  { kind: 'csv', ext: 'csv', seed: 4, mutate: mutateCsv },
] as const;

describe('damaged copies of the real fixtures', () => {
  it.each(CASES)('every damaged $kind is read or refused in one line naming the file (200 mutations)', async ({ ext, seed, mutate }) => {
    const sources = REAL_FIXTURE_FILES.filter((f) => f.endsWith(`.${ext}`));
    const rnd = seededRandom(seed);
    const seen = { ok: 0, refused: 0 };
    for (let i = 0; i < 200; i++) {
      const source = realFixture(rnd.pick(sources));
      seen[await expectClearOutcome(mutate(source, rnd), `damaged-${i}.${ext}`)]++;
    }
    // the mutations reach both outcomes: some damage is survivable, some is not
    expect(seen.ok).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(5);
  }, 120_000);
});
