// What the server's use cases need from the outside world, passed in so that tests can fix the clock.
import type { Catalog } from '../domain/catalog.ts';
import type { Executor } from '../db/support.ts';
import type { ReadLimits } from '../excel/read.ts';

export interface AppContext {
  db: Executor;
  catalog: Catalog;
  version: string;
  now: () => Date;
  readInWorker: boolean; // parse uploads in a child process with a heap limit (the server); tests may read inline
  limits?: Partial<ReadLimits>;
}

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
