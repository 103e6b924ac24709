// Decide what a file is from its first bytes, never from its name: clients rename files freely.

export type Sniffed =
  | { kind: 'empty' }
  | { kind: 'zip' }
  | { kind: 'cfb'; encrypted: boolean }
  | { kind: 'binary'; looksLike: string | null }
  | { kind: 'text' };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
// An empty zip (no entries) starts with the end-of-central-directory record instead.
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06];
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const KNOWN_BINARY: { magic: number[]; name: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], name: 'a PNG image' },
  { magic: [0x25, 0x50, 0x44, 0x46], name: 'a PDF document' },
  { magic: [0xff, 0xd8, 0xff], name: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], name: 'a GIF image' },
  { magic: [0x1f, 0x8b], name: 'a gzip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21], name: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], name: 'a 7-Zip archive' },
  { magic: [0x7b, 0x5c, 0x72, 0x74, 0x66], name: 'an RTF document' },
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  if (bytes.length < magic.length) return false;
  return magic.every((b, i) => bytes[i] === b);
}

// "EncryptionInfo" as UTF-16LE, the way CFB directory entries store stream names.
const ENCRYPTION_INFO = new Uint8Array(
  [...'EncryptionInfo'].flatMap((ch) => [ch.charCodeAt(0), 0]),
);

export function hasEncryptionInfoStream(bytes: Uint8Array): boolean {
  return indexOfBytes(bytes, ENCRYPTION_INFO) >= 0;
}

export function indexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  if (first === undefined) return 0;
  let i = hay.indexOf(first);
  while (i >= 0 && i + needle.length <= hay.length) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
    i = hay.indexOf(first, i + 1);
  }
  return -1;
}

export function sniff(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'empty' };
  if (startsWith(bytes, ZIP) || startsWith(bytes, ZIP_EMPTY)) return { kind: 'zip' };
  if (startsWith(bytes, CFB)) return { kind: 'cfb', encrypted: hasEncryptionInfoStream(bytes) };
  for (const k of KNOWN_BINARY) if (startsWith(bytes, k.magic)) return { kind: 'binary', looksLike: k.name };
  // UTF-16 text carries NULs by design; a BOM says it is text.
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return { kind: 'text' };
  if (bytes.indexOf(0) >= 0) return { kind: 'binary', looksLike: null };
  return { kind: 'text' };
}
