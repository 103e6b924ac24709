// The access rows an engagement's analysis reads (each system from its latest listing), with their users matched
// across systems, kept in memory between analyses. Every read of the Access SoD page, every simulation and every
// decision analyses the same listings again; reading their stored rows and matching 60,000 accounts into people each
// time would be most of the wait. A stored listing never changes (a new extraction is a new listing), so the rows of
// a set of listings are keyed by the listings' ids and which of their systems are current: an upload or a deletion
// changes the key, and a stale entry is never read. The users are matched when a listing is uploaded (`warmRows`),
// as part of reading it, so the first analysis after an upload does not wait for it either.
// Memory: entries are dropped oldest first beyond 16 engagements or 300,000 rows in all (about 900 bytes
// a row with its share of the matched users); a server restart starts empty and rebuilds on the first read.
import { listingContents, listListings, type ListingContent, type StoredListing } from '../db/access.ts';
import type { Executor } from '../db/support.ts';
import { indexDirectory, type DirectoryIndex } from '../domain/access-users.ts';
import { systemKey } from '../domain/duty-map.ts';
import { currentKinds, currentSystems, isCurrent, isCurrentFor } from './access-listing-set.ts';
import { BoundedCache } from './bounded-cache.ts';
import type { RoleGrant, UserAccess } from '../domain/access-types.ts';

// (the listing-set rules moved to access-listing-set.ts; re-exported for the callers that read them here)
export { currentKinds, currentSystems, isCurrent, isCurrentFor } from './access-listing-set.ts';

export interface CurrentRows {
  access: UserAccess[];
  roleGrants: RoleGrant[];
  users: DirectoryIndex; // indexDirectory(access)
}

interface Kept {
  key: string;
  rows: CurrentRows;
  contents: Map<string, ListingContent>; // the parsed rows of each listing read from, by listing id
}
// engagement id -> its rows; an engagement above the row budget is still kept, alone (rebuilding it is the cost)
const kept = new BoundedCache<string, Kept>({
  entries: 16,
  weight: 300_000,
  weigh: (e) => e.rows.access.length,
  oversized: 'keep-alone',
});

// `fresh`: a listing just stored, with its parsed rows in hand (not read back from the database).
export async function currentRows(
  db: Executor,
  engagementId: string,
  listings: readonly StoredListing[],
  current: Set<string>,
  fresh?: { id: string; content: ListingContent },
): Promise<CurrentRows> {
  const readFrom = listings.filter((l) => l.systems.some((s) => isCurrent(current, l.id, s.system)));
  const key = readFrom
    .map(
      (l) =>
        `${l.id}:${l.systems
          .filter((s) => isCurrent(current, l.id, s.system))
          .map((s) => `${systemKey(s.system)}/${currentKinds(current, l.id, s.system).join('+')}`)
          .join(',')}`,
    )
    .join(';');
  const hit = kept.get(engagementId); // (now the most recently used)
  if (hit?.key === key) return hit.rows;
  // the listings' parsed rows: the one just stored, those already in memory, the others read
  const contents = new Map<string, ListingContent>();
  const missing: string[] = [];
  for (const l of readFrom) {
    const c = fresh?.id === l.id ? fresh.content : hit?.contents.get(l.id);
    if (c) contents.set(l.id, c);
    else missing.push(l.id);
  }
  for (const [id, c] of await listingContents(db, engagementId, missing)) contents.set(id, c);
  const access: UserAccess[] = [];
  const roleGrants: RoleGrant[] = [];
  for (const l of readFrom) {
    const c = contents.get(l.id);
    if (!c) continue;
    for (const a of c.access) if (isCurrentFor(current, l.id, a.system, 'users')) access.push(a);
    for (const g of c.roleGrants) if (isCurrentFor(current, l.id, g.system, 'grants')) roleGrants.push(g);
  }
  const rows: CurrentRows = { access, roleGrants, users: indexDirectory(access) };
  kept.set(engagementId, { key, rows, contents });
  return rows;
}

// Drops what is kept for an engagement (its listings changed; the key would miss anyway, this frees the memory now).
export function forgetRows(engagementId: string): void {
  kept.delete(engagementId);
}

// Matches the users of an engagement's current listings now (after an upload: `fresh` is the listing just stored),
// for the analyses that follow.
export async function warmRows(
  db: Executor,
  engagementId: string,
  fresh?: { id: string; content: ListingContent },
): Promise<void> {
  const listings = await listListings(db, engagementId);
  await currentRows(db, engagementId, listings, currentSystems(listings), fresh);
}

// What is kept for an engagement now, without reading or matching anything (for tests and diagnostics).
export function keptRows(engagementId: string): CurrentRows | undefined {
  return kept.peek(engagementId)?.rows;
}
