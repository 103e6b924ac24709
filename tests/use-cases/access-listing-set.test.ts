// The listing-set rule (use-cases/access-listing-set.ts), case by case, worked by hand. Per system and kind, in upload
// order: a unit's file replaces only the earlier file of the same unit; a file for no unit (the whole system) replaces
// every earlier file of its kind; the other kind and other units stay.
import { describe, expect, it } from 'vitest';
import type { StoredListing } from '../../server/db/access.ts';
import type { ListingShape } from '../../server/domain/access-types.ts';
import { currentKinds, currentSystems, replacedBy } from '../../server/use-cases/access-listing-set.ts';

type L = Pick<StoredListing, 'id' | 'fileName' | 'systems' | 'businessUnit'>;
const file = (id: string, unit: string | null, shape: ListingShape = 'user-role', system = 'NetSuite'): L => ({
  id,
  fileName: `${id}.xlsx`,
  businessUnit: unit,
  systems: [{ system, systemBasis: 'argument', file: `${id}.xlsx`, sheets: [], shapes: [shape], extractedAt: null, extractedAtBasis: 'none', rows: 1, reportedTotal: null }],
});

// [case, uploads in order, the files read (by id, with what they give)]
const CASES: [string, L[], string[]][] = [
  ['two units: both read', [file('emea', 'EMEA'), file('us', 'US')], ['emea users', 'us users']],
  ['same unit again (any case or spacing): the later replaces it', [file('emea', 'EMEA'), file('us', 'US'), file('emea2', ' emea ')], ['us users', 'emea2 users']],
  ['whole system after units: replaces every unit', [file('emea', 'EMEA'), file('us', 'US'), file('all', null)], ['all users']],
  ['a unit after the whole system: both read (the unit is added, nothing is dropped)', [file('all', null), file('emea', 'EMEA')], ['all users', 'emea users']],
  ['the other kind stays: permissions with no unit do not replace unit user files', [file('emea', 'EMEA'), file('perms', null, 'role-permission'), file('us', 'US')], ['emea users', 'perms grants', 'us users']],
  ['another system is its own set', [file('emea', 'EMEA'), file('sf', null, 'user-permission', 'Salesforce')], ['emea users', 'sf users']],
];

describe('listing sets by kind and business unit', () => {
  for (const [name, uploads, read] of CASES)
    it(name, () => {
      const current = currentSystems(uploads);
      const got = uploads.flatMap((l) => currentKinds(current, l.id, l.systems[0]!.system).map((k) => `${l.id} ${k}`));
      expect(got).toEqual(read);
    });

  it('names the file that replaced a superseded one', () => {
    const uploads = [file('emea', 'EMEA'), file('us', 'US'), file('perms', null, 'role-permission'), file('emea2', 'EMEA')];
    expect(replacedBy(uploads, 0, 'NetSuite')).toBe('emea2.xlsx');
    const wholeAfter = [file('emea', 'EMEA'), file('all', null)];
    expect(replacedBy(wholeAfter, 0, 'NetSuite')).toBe('all.xlsx');
  });
});
