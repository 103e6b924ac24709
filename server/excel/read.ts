// The public entry for reading a client's spreadsheet bytes into a Grid. Never throws: every failure, expected or
// not, comes back as a ReadError with one line that names the file and says what to do.
import { DEFAULT_LIMITS, resolveLimits, type ReadLimits } from './limits.ts';
import { readCsv } from './read-csv.ts';
import { errorText, fail, quoteName, type ReadResult } from './read-result.ts';
import { readXlsx } from './read-xlsx.ts';
import { sniff } from './sniff.ts';

export { DEFAULT_LIMITS, type ReadLimits };
export type { ReadError, ReadErrorCode, ReadResult } from './read-result.ts';
export { keepSpareReader, readInWorkerThen, readSpreadsheetInWorker, spareReaderPid, spareReaderReady, type ThenStep } from './read-worker.ts';

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

export async function readSpreadsheet(bytes: Uint8Array, fileName: string, limits?: Partial<ReadLimits>): Promise<ReadResult> {
  const file = quoteName(fileName);
  const lim = resolveLimits(limits);
  try {
    if (bytes.byteLength > lim.maxUploadBytes) {
      return fail('too-large', `${file} is ${mb(bytes.byteLength)}, above the ${mb(lim.maxUploadBytes)} upload limit; remove unused sheets or split the file and upload it again.`);
    }
    const kind = sniff(bytes);
    switch (kind.kind) {
      case 'empty':
        return fail('empty-file', `${file} is empty (0 bytes); check you picked the right file and upload it again.`);
      case 'cfb':
        return kind.encrypted
          ? fail('encrypted-xlsx', `${file} is password-protected (encrypted); open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password), save it as .xlsx and upload it again.`)
          : fail('legacy-xls', `${file} is an old Excel 97-2003 workbook (.xls); open it in Excel, use Save As > Excel Workbook (.xlsx) and upload that file.`);
      case 'binary':
        return fail('not-a-spreadsheet', `${file} is ${kind.looksLike ?? 'a binary file'}, not a spreadsheet; upload the control matrix as .xlsx or .csv.`);
      case 'zip':
        return await readXlsx(bytes, fileName, lim);
      case 'text':
        return readCsv(bytes, fileName, lim);
    }
  } catch (e) {
    if (e instanceof RangeError && /allocation|memory|Invalid (array|string) length/i.test(e.message)) {
      return fail('out-of-memory', `${file} needs more memory than is available to read (${errorText(e)}); split the workbook or remove unused sheets and upload it again.`);
    }
    return fail('unreadable', `${file} could not be read (${errorText(e)}); open it in Excel, save it again as .xlsx and upload it again.`);
  }
}
