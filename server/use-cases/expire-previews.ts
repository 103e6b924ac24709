// Uploads that were never confirmed keep the client's whole file in the database; after IMPORT_PREVIEW_TTL_H hours
// (default 24) they are deleted with their bytes, each with an audit entry naming the file and its sha256. The server
// runs this at start and every hour. A confirm of an expired preview gets "no import": the user uploads again.
import { appendAudit } from '../db/audit-log.ts';
import { deletePreview, stalePreviews } from '../db/imports.ts';
import { inTransaction } from '../db/support.ts';
import type { AppContext } from './context.ts';

export const DEFAULT_PREVIEW_TTL_HOURS = 24;

export async function expirePreviews(ctx: Pick<AppContext, 'db' | 'now'>, ttlHours = DEFAULT_PREVIEW_TTL_HOURS): Promise<{ deleted: number; bytes: number }> {
  const before = new Date(ctx.now().getTime() - ttlHours * 3_600_000).toISOString();
  let deleted = 0;
  let bytes = 0;
  for (;;) {
    const stale = await stalePreviews(ctx.db, before);
    for (const p of stale) {
      const gone = await inTransaction(ctx.db, async (trx) => {
        if (!(await deletePreview(trx, p.id))) return false;
        await appendAudit(trx, {
          engagementId: p.engagementId,
          actor: 'system',
          action: 'import.expire',
          entity: 'import',
          entityId: p.id,
          after: { fileName: p.fileName, sha256: p.sha256, size: p.size, uploadedAt: p.createdAt, ttlHours },
        });
        return true;
      });
      if (gone) {
        deleted++;
        bytes += p.size;
      }
    }
    if (stale.length < 500) return { deleted, bytes };
  }
}
