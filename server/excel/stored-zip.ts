// A zip whose parts are stored, not deflated. The pre-flight inflates every part anyway (natively, with its size
// guards); writing the inflated parts straight into a stored zip spares exceljs inflating them a second time with its
// pure-JS inflater, a large share of its load time. Never written to disk or sent anywhere: it only carries the
// parts to exceljs.
import { crc32 } from 'node:zlib';

const utf8 = new TextEncoder();
const LOCAL = 30;
const CENTRAL = 46;
const END = 22;

export interface StoredPart {
  name: string;
  size: number; // bytes the part inflates to (the pre-flight holds yauzl to the declared size)
}

// Lays out the zip for parts of known sizes; the parts' bytes are then written in place, chunk by chunk.
export class StoredZipWriter {
  readonly bytes: Uint8Array;
  private readonly names: Uint8Array[];
  private readonly starts: number[] = []; // where each part's data begins
  private readonly written: number[];
  private readonly crcs: number[];
  private readonly directory: number;

  constructor(private readonly parts: readonly StoredPart[]) {
    this.names = parts.map((p) => utf8.encode(p.name));
    let at = 0;
    parts.forEach((p, i) => {
      this.starts.push(at + LOCAL + this.names[i]!.length);
      at += LOCAL + this.names[i]!.length + p.size;
    });
    this.directory = at;
    for (const n of this.names) at += CENTRAL + n.length;
    if (at + END > 0xffffffff || parts.length > 0xffff) throw new RangeError('too large for a zip without zip64');
    this.bytes = new Uint8Array(at + END);
    this.written = parts.map(() => 0);
    this.crcs = parts.map(() => 0);
  }

  write(part: number, chunk: Uint8Array): void {
    const size = this.parts[part]!.size;
    if (this.written[part]! + chunk.length > size) throw new RangeError(`${this.parts[part]!.name} is longer than declared`);
    this.bytes.set(chunk, this.starts[part]! + this.written[part]!);
    this.written[part]! += chunk.length;
    this.crcs[part] = crc32(chunk, this.crcs[part]);
  }

  // The part's bytes as written so far (a view, not a copy).
  data(part: number): Uint8Array {
    return this.bytes.subarray(this.starts[part]!, this.starts[part]! + this.written[part]!);
  }

  finish(): Uint8Array {
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.parts.forEach((p, i) => {
      if (this.written[i] !== p.size) throw new RangeError(`${p.name} is shorter than declared`);
    });
    let at = this.directory;
    this.parts.forEach((_, i) => {
      this.header(view, this.starts[i]! - LOCAL - this.names[i]!.length, false, i);
      at = this.header(view, at, true, i);
    });
    view.setUint32(at, 0x06054b50, true);
    view.setUint16(at + 8, this.parts.length, true);
    view.setUint16(at + 10, this.parts.length, true);
    view.setUint32(at + 12, at - this.directory, true);
    view.setUint32(at + 16, this.directory, true);
    return this.bytes;
  }

  // A local (or central directory) header of part i at `at`; returns where it ends.
  private header(view: DataView, at: number, central: boolean, i: number): number {
    const name = this.names[i]!;
    const size = this.parts[i]!.size;
    view.setUint32(at, central ? 0x02014b50 : 0x04034b50, true);
    let p = at + 4;
    if (central) {
      view.setUint16(p, 20, true); // made by: version 2.0
      p += 2;
    }
    view.setUint16(p, 20, true); // needed to extract: version 2.0
    view.setUint16(p + 2, 0x0800, true); // names are UTF-8
    view.setUint16(p + 4, 0, true); // method: stored
    view.setUint16(p + 6, 0, true); // time 00:00
    view.setUint16(p + 8, 0x21, true); // date 1980-01-01
    view.setUint32(p + 10, this.crcs[i]!, true);
    view.setUint32(p + 14, size, true);
    view.setUint32(p + 18, size, true);
    view.setUint16(p + 22, name.length, true);
    p += 26; // extra field length 0 (the buffer starts zeroed)
    if (central) {
      view.setUint32(p + 10, this.starts[i]! - LOCAL - name.length, true); // comment, disk, attributes stay 0
      p += 14;
    }
    this.bytes.set(name, p);
    return p + name.length;
  }
}

export function storedZip(parts: readonly (readonly [name: string, data: Uint8Array])[]): Uint8Array {
  const writer = new StoredZipWriter(parts.map(([name, data]) => ({ name, size: data.length })));
  parts.forEach(([, data], i) => writer.write(i, data));
  return writer.finish();
}
