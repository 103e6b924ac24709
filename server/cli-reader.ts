// The CLI's one spreadsheet reader, built here once for every command (analyze, import, diff, scenarios, sod, the
// account commands' context): as the server's, each file in the memory-capped child process with the administrator's
// limits (IMPORT_* variables), so a file that would exhaust memory stops its reader, not the command. No cache: a
// command reads each file once.
import { readLimitsFromEnv } from './env.ts';
import { startReaderAhead } from './excel/read-worker.ts';
import { err, ok, type Result } from './domain/result.ts';
import { spreadsheetReader, type ReadSpreadsheet } from './use-cases/spreadsheet-reader.ts';

let reader: ReadSpreadsheet | null = null;

// An error: the IMPORT_* variable that is not a whole number above zero, in one line.
export function cliReader(): Result<ReadSpreadsheet, string> {
  if (reader) return ok(reader);
  const limits = readLimitsFromEnv();
  if (!limits.ok) return err(limits.error);
  reader = spreadsheetReader({ inWorker: true, limits: limits.value });
  return ok(reader);
}

// Starts the reader process of the next read now (excel/read-worker.ts startReaderAhead), with the same limits: the
// command calls it before it loads the analysis, and in a batch once a file is read, for the next file.
export function readerAhead(): void {
  const limits = readLimitsFromEnv();
  if (limits.ok) startReaderAhead(limits.value); // (otherwise the read reports the variable)
}
