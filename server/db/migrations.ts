// The explicit, ordered list of migrations. Names sort in application order; an applied migration is frozen.
import type { Migration } from 'kysely';
import * as m0001 from './migrations/0001-initial.ts';
import * as m0002 from './migrations/0002-export-workbooks.ts';
import * as m0003 from './migrations/0003-access-sod.ts';
import * as m0004 from './migrations/0004-accounts.ts';
import * as m0005 from './migrations/0005-user-disabled.ts';
import * as m0006 from './migrations/0006-workspace-keys.ts';
import * as m0007 from './migrations/0007-audit-hmac.ts';
import * as m0008 from './migrations/0008-scenarios.ts';
import * as m0011 from './migrations/0011-soc1-register.ts';
import * as m0010 from './migrations/0010-testing.ts';
import * as m0012 from './migrations/0012-mapping-reviews.ts';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-export-workbooks': m0002,
  '0003-access-sod': m0003,
  '0004-accounts': m0004,
  '0005-user-disabled': m0005,
  '0006-workspace-keys': m0006,
  '0007-audit-hmac': m0007,
  '0008-scenarios': m0008,
  '0011-soc1-register': m0011,
  '0010-testing': m0010,
  '0012-mapping-reviews': m0012,
};
