// The parts of a checked workbook as exceljs's streaming reader takes them: a zip stream of local entries, stored
// (the pre-flight inflated every part natively already), in the order that reader needs to stream each worksheet
// instead of spilling it to temporary files (relationships, workbook, styles and shared strings before any sheet).
// It is never written to disk or sent anywhere. The reader checks neither CRCs nor a central directory, so neither
// is written (the CRC fields are zero, and an empty end-of-directory record closes the stream); sizes are exact, and
// a part that does not match its size ends the stream without that record, which fails the read.
import { Readable } from 'node:stream';

export interface HandoffPart {
  name: string;
  size: number; // exact bytes the part's chunks add up to
  chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

// The reader's zip parser copies its pending input on every read, and its xml parser holds the events of a whole piece
// at once: small pieces keep both cheap. (5,000 rows: 16 KB peaks at 45-58 MB above a bare process and reads in
// ~470 ms; 64 KB peaked at 58-130 MB, ~510 ms; one whole buffer took twice the memory.)
const PIECE = 16 * 1024;
const LOCAL = 30;

export interface Handoff {
  stream: Readable;
  // Set when a part could not be produced: the stream then ends early, which fails the read (an error thrown into
  // the stream would not reach the reader's zip parser, which would wait for the rest forever).
  failure(): Error | null;
}

// Each part is let go of once it is streamed (the caller should not keep the list): a kept worksheet is not held
// through the reading of the next.
export function handoff(parts: readonly HandoffPart[]): Handoff {
  let failed: Error | null = null;
  const queue = [...parts];
  async function* entries(): AsyncGenerator<Buffer> {
    try {
      for (let part = queue.shift(); part; part = queue.shift()) {
        yield localHeader(part.name, part.size);
        let n = 0;
        for await (const chunk of part.chunks()) {
          n += chunk.byteLength;
          if (n > part.size) throw new Error(`${part.name} is longer than its ${part.size} bytes`);
          const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          for (let at = 0; at < b.length; at += PIECE) yield b.subarray(at, at + PIECE);
        }
        if (n !== part.size) throw new Error(`${part.name} is ${n} bytes, not its ${part.size}`);
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0); // end of central directory, no entries
      yield end;
    } catch (e) {
      failed = e instanceof Error ? e : new Error(String(e));
    }
  }
  return { stream: Readable.from(entries(), { objectMode: false }), failure: () => failed };
}

function localHeader(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  const h = Buffer.alloc(LOCAL + nameBytes.length);
  h.writeUInt32LE(0x04034b50, 0); // local file header
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(0x0800, 6); // utf-8 name
  h.writeUInt16LE(0, 8); // stored
  h.writeUInt32LE(size, 18); // compressed size
  h.writeUInt32LE(size, 22); // uncompressed size
  h.writeUInt16LE(nameBytes.length, 26);
  nameBytes.copy(h, LOCAL);
  return h;
}

// A worksheet's <cols> block, renamed so the reader skips it: it builds one object per column index, and
// <col min="1" max="1000000000"> is a hang. Only the part before <sheetData> is touched, byte for byte the same length.
export async function* withoutColumnBlock(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let head: Buffer | null = null;
  let done = false;
  for await (const chunk of chunks) {
    if (done) {
      yield chunk;
      continue;
    }
    const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    head = head ? Buffer.concat([head, b]) : b;
    const at = sheetDataAt(head);
    if (at < 0) continue;
    yield Buffer.from(renameCols(head.toString('latin1', 0, at)), 'latin1');
    yield head.subarray(at);
    head = null;
    done = true;
  }
  if (head) yield Buffer.from(renameCols(head.toString('latin1')), 'latin1');
}

function sheetDataAt(b: Buffer): number {
  for (let i = b.indexOf('<sheetData'); i >= 0; i = b.indexOf('<sheetData', i + 1)) {
    const next = b[i + 10];
    if (next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d || next === 0x3e || next === 0x2f) return i;
  }
  return -1;
}

// latin1 text: one char per byte, so the renamed head keeps every byte of multi-byte characters as it was.
function renameCols(xml: string): string {
  return xml.replace(/<(\/?)cols(?=[\s>/])/g, '<$1xols');
}
