// Every guard the reader applies is a number here, so a test (or an admin) can tighten one without touching code.

export interface ReadLimits {
  maxUploadBytes: number; // the file as uploaded
  maxUncompressedBytes: number; // sum of every zip part once inflated
  maxPartBytes: number; // any one zip part once inflated
  maxRatio: number; // inflated/compressed, checked for parts over RATIO_CHECK_MIN_BYTES
  maxRows: number; // per sheet (row elements in the xml, or records in a csv)
  maxCols: number; // per row
  maxDefinedNameCells: number; // cells a defined name may cover (also the total over all names)
  workerHeapMb: number; // old-generation heap of the reader process
  // The reader's whole resident memory (heap, young generation, buffers, code): the hard limit. The heap cap alone
  // does not bound it (inflated zip parts and the upload are buffers outside the heap), so the server samples the
  // reader's RSS and stops it past this.
  workerRssMb: number;
  maxConcurrentReaders: number; // readers running at once; further reads wait in a queue (server/excel/reader-queue.ts)
  workerTimeoutMs: number; // a reader still busy after this is stopped (queue time not counted)
  // Up to this many inflated bytes the pre-flight keeps the parts it inflated for the read. Above it, holding an
  // inflated copy of the workbook through the read costs more memory than inflating each part again is worth.
  keepInflatedBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: ReadLimits = {
  maxUploadBytes: 50 * MB,
  maxUncompressedBytes: 200 * MB,
  // One sheet of 200,000 rows x 20 columns is about 120 MB of xml: the per-part cap sits above that.
  maxPartBytes: 150 * MB,
  // Real workbook parts compress 7-9:1; deflate tops out near 1000:1, which only padding reaches.
  maxRatio: 100,
  maxRows: 200_000,
  maxCols: 1_000,
  maxDefinedNameCells: 1_000_000,
  workerHeapMb: 1024,
  workerRssMb: 1536,
  maxConcurrentReaders: 2,
  workerTimeoutMs: 120_000,
  keepInflatedBytes: 32 * MB,
};

// Small parts (styles, a short sheet full of repeated empty cells) legitimately compress far better than 100:1.
export const RATIO_CHECK_MIN_BYTES = 1 * MB;
// A workbook has a few dozen parts; thousands of entries is a central-directory bomb, not a spreadsheet.
export const MAX_ZIP_ENTRIES = 10_000;
// Merges are copied cell by cell into the grid; past this many copies the rest are left empty (with a warning).
export const MAX_MERGED_CELL_COPIES = 1_000_000;
export const MAX_MERGES_PER_SHEET = 50_000;


export function resolveLimits(partial: Partial<ReadLimits> | undefined): ReadLimits {
  const out: ReadLimits = { ...DEFAULT_LIMITS };
  if (partial) {
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ReadLimits)[]) {
      const v = partial[key];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[key] = v;
    }
  }
  return out;
}
