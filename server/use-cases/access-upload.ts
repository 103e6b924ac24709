// Access SoD uploads for a stored engagement: a user-access listing (read, stored with its original bytes, audited;
// its users matched across the engagement's listings at once), its deletion, and the HR roster.
import {
  deleteListing,
  findListingBySha,
  getRoster,
  insertListing,
  replaceRoster,
  type StoredListing,
} from '../db/access.ts';
import { appendAudit } from '../db/audit-log.ts';
import { sha256Hex } from '../db/imports.ts';
import { inTransaction } from '../db/support.ts';
import { err, ok } from '../domain/result.ts';
import { parseAccessListing } from '../intake/access-listing.ts';
import type { RosterEntry } from '../domain/access-types.ts';
import { parseRoster } from '../intake/roster.ts';
import { engagementOr404 } from './access-load.ts';
import { forgetRows, warmRows } from './access-rows.ts';
import { noAccessListing } from './access-sod.ts';
import { appError } from './app-error.ts';
import { readFailure } from './spreadsheet-reader.ts';
import type { AppContext } from './context.ts';

async function readGrid(ctx: AppContext, bytes: Uint8Array, fileName: string) {
  const read = await ctx.readSpreadsheet(bytes, fileName);
  return read.ok ? ok(read.value) : err(readFailure(read.error));
}

export async function uploadListing(
  ctx: AppContext,
  input: { engagementId: string; fileName: string; bytes: Uint8Array; system?: string; businessUnit?: string; actor: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  // one file per business unit: the unit it covers, as the advisor names it (access-listing-set.ts); none = whole system
  const businessUnit = input.businessUnit?.trim().replace(/\s+/gu, ' ') || null;
  if (businessUnit && businessUnit.length > 100)
    return err(appError('invalid-input', 'business-unit', `business unit "${businessUnit.slice(0, 40)}…" is longer than 100 characters`));
  const same = await findListingBySha(ctx.db, input.engagementId, sha256Hex(input.bytes));
  if (same)
    return err(
      appError(
        'conflict',
        'duplicate-listing',
        `"${input.fileName}" is the same file as listing "${same.fileName}" uploaded ${same.createdAt.slice(0, 10)}; delete that one first to read it again`,
      ),
    );
  const grid = await readGrid(ctx, input.bytes, input.fileName);
  if (!grid.ok) return grid;
  const system = input.system?.trim() || undefined;
  const parsed = parseAccessListing(grid.value, system ? { system } : {});
  if (parsed.listings.length === 0) return err(noAccessListing(input.fileName, parsed.issues));
  const issues = [...grid.value.issues.map((i) => ({ ...i, file: input.fileName })), ...parsed.issues];
  const stored = await inTransaction(ctx.db, async (trx) => {
    const l = await insertListing(trx, {
      engagementId: input.engagementId,
      fileName: input.fileName,
      systemGiven: system ?? null,
      businessUnit,
      bytes: input.bytes,
      systems: parsed.listings,
      content: { access: parsed.access, roleGrants: parsed.roleGrants },
      issues,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.listing.upload',
      entity: 'access-listing',
      entityId: l.id,
      after: {
        fileName: l.fileName,
        sha256: l.sha256,
        systems: l.systems.map((s) => s.system),
        businessUnit: l.businessUnit,
        rows: l.rowCount,
        extractedAt: l.extractedAt,
      },
    });
    return l;
  });
  // match the users across the engagement's listings now, as part of reading this one: the analyses that follow
  // (every read of the Access SoD page) reuse the match. The listing is stored whatever happens here; a failure
  // leaves nothing kept, and the next read matches them (and reports what went wrong then).
  await warmRows(ctx.db, input.engagementId, {
    id: stored.id,
    content: { access: parsed.access, roleGrants: parsed.roleGrants },
  }).catch(() => forgetRows(input.engagementId));
  return ok(listingSummary(stored));
}

const listingSummary = (l: StoredListing) => ({
  id: l.id,
  fileName: l.fileName,
  systemGiven: l.systemGiven,
  businessUnit: l.businessUnit,
  systems: l.systems.map((s) => ({
    system: s.system,
    systemBasis: s.systemBasis,
    extractedAt: s.extractedAt,
    extractedAtBasis: s.extractedAtBasis,
    rows: s.rows,
    shapes: s.shapes,
  })),
  extractedAt: l.extractedAt,
  rowCount: l.rowCount,
  sha256: l.sha256,
  size: l.size,
  uploadedAt: l.createdAt,
  issues: l.issues,
});

export async function removeListing(
  ctx: AppContext,
  input: { engagementId: string; listingId: string; actor: string },
) {
  const gone = await inTransaction(ctx.db, async (trx) => {
    const l = await deleteListing(trx, input.engagementId, input.listingId);
    if (l)
      await appendAudit(trx, {
        engagementId: input.engagementId,
        actor: input.actor,
        action: 'access.listing.delete',
        entity: 'access-listing',
        entityId: l.id,
        before: {
          fileName: l.fileName,
          sha256: l.sha256,
          systems: l.systems.map((s) => s.system),
          businessUnit: l.businessUnit,
          rows: l.rowCount,
        },
      });
    return l;
  });
  if (gone) forgetRows(input.engagementId);
  return gone
    ? ok({ deleted: gone.id })
    : err(appError('not-found', 'listing', `no access listing ${input.listingId} in this engagement`));
}

export async function uploadRoster(
  ctx: AppContext,
  input: { engagementId: string; fileName: string; bytes: Uint8Array; actor: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const grid = await readGrid(ctx, input.bytes, input.fileName);
  if (!grid.ok) return grid;
  const parsed = parseRoster(grid.value);
  const fatal = parsed.issues.find((i) => i.code === 'roster-no-termination-column');
  if (fatal) return err(appError('invalid-input', fatal.code, fatal.message));
  const entries: RosterEntry[] = parsed.entries;
  const r = await inTransaction(ctx.db, async (trx) => {
    const before = await getRoster(trx, input.engagementId);
    const stored = await replaceRoster(trx, {
      engagementId: input.engagementId,
      fileName: input.fileName,
      bytes: input.bytes,
      entries,
      issues: parsed.issues,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    const brief = (x: typeof stored) => ({ fileName: x.fileName, sha256: x.sha256, entries: x.entries.length });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.roster.upload',
      entity: 'access-roster',
      entityId: stored.id,
      before: before ? brief(before) : null,
      after: brief(stored),
    });
    return stored;
  });
  return ok({
    id: r.id,
    fileName: r.fileName,
    sha256: r.sha256,
    entries: r.entries.length,
    terminated: entries.filter((x) => x.terminationDate !== null).length,
    issues: r.issues,
  });
}
