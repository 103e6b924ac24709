// What the server's use cases need from the outside world, passed in so that tests can fix the clock.
import type { Catalog } from '../domain/catalog.ts';
import type { Executor } from '../db/support.ts';
import type { ReadSpreadsheet } from './spreadsheet-reader.ts';

export interface AppContext {
  db: Executor;
  catalog: Catalog;
  version: string;
  now: () => Date;
  // Every spreadsheet a use case reads (matrices, re-imports, access listings, rosters) goes through this one reader,
  // built once by main.ts, the CLI and the test harness (spreadsheet-reader.ts): the child process, the limits, the cache.
  readSpreadsheet: ReadSpreadsheet;
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
