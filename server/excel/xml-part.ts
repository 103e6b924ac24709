// One xml part of a checked workbook as the pre-flight hands it to the reader (zip-preflight.ts, part-reader.ts):
// its bytes, kept inflated or inflated again as they are read, and their exact count, which the reader holds it to.
export interface XmlPart {
  name: string;
  size: number; // exact bytes the part's chunks add up to
  chunks: () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}
