// Step 3 of the import: store the controls as mapped, optionally save the mapping as the client's profile, and run the
// analysis. A failure leaves the engagement exactly as it was.
// A 50,000-row confirm is written in chunks, each its own short transaction, so that other requests (which wait for
// the one SQLite connection, or for its write lock) are answered between them: the rows are staged, invisible to every
// reader (db/imports.ts stageControls), and one last short transaction swaps them in with the import's status, the
// saved mapping, the audit entry, the analysis and the plan. Why staging and not one transaction: SQLite allows one
// writer, and the server has one connection, so a long transaction stalls every request for its whole length (22 s in
// the issue); why not a pending import row deleted on failure: a reader between chunks would see half the controls.
// On failure (or when the swap finds another attempt cleared the rows) the staged rows are removed again; after a
// crash they stay invisible until the next attempt or the preview's expiry removes them.
import { appendAudit } from '../db/audit-log.ts';
import { getEngagement } from '../db/engagements.ts';
import { clearStagedControls, confirmImport as markConfirmed, getImport, stageControls, swapInStagedControls } from '../db/imports.ts';
import { saveMappingProfile } from '../db/mapping-profiles.ts';
import { inTransaction } from '../db/support.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { appError, type AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';
import { readImportWithMapping, tableSignatures } from './preview-import.ts';
import { analysisInputsOf, runAnalysis } from './run-analysis.ts';

// Controls written per transaction; between two, the event loop takes its other work (setImmediate).
export const CONFIRM_CHUNK_ROWS = 1000;

// Imports being confirmed by this process: a second confirm of the same one is refused at once (across processes the
// swap's count check and the import's status decide).
const confirming = new Set<string>();

export async function confirmImport(
  ctx: AppContext,
  input: { engagementId: string; importId: string; saveProfileAs?: string; actor: string; chunkRows?: number; afterChunk?: (written: number, total: number) => void | Promise<void> },
): Promise<Result<{ controls: number; analysisVersion: number; summary: { covered: number; enhance: number; gap: number; notApplicable: number }; readiness: number }, AppError>> {
  const engagement = await getEngagement(ctx.db, input.engagementId);
  if (!engagement) return err(appError('not-found', 'engagement', `no engagement ${input.engagementId}`));
  const record = await getImport(ctx.db, input.importId);
  if (!record || record.engagementId !== engagement.id) return err(appError('not-found', 'import', `no import ${input.importId} in this engagement`));
  if (record.status !== 'preview') return err(appError('conflict', 'import-confirmed', 'this import is already confirmed'));
  // Read, intake and analysis all in the reader process (on the server): the transaction below only writes, so a
  // 50,000-row confirm holds the database for the inserts alone, and the server's thread is free meanwhile.
  // the register, test results and task statuses as stored now: the analysis made in the reader reads them like one
  // made in the server
  const analyse = { catalog: ctx.catalog, profile: engagement.profile, today: isoDay(ctx.now()), inputs: await analysisInputsOf(ctx.db, engagement) };
  const imp = await readImportWithMapping(ctx, record.bytes, record.fileName, record.mapping, undefined, false, analyse);
  if (!imp.ok) return imp;
  const controls = imp.value.controls;

  class Rollback extends Error {
    constructor(readonly appErr: AppError) {
      super(appErr.message);
    }
  }
  if (confirming.has(record.id)) return err(appError('conflict', 'import-confirming', 'this import is being confirmed already'));
  confirming.add(record.id);
  try {
    await clearStagedControls(ctx.db, record.id); // what an attempt that stopped half-way left
    const size = Math.max(1, Math.floor(input.chunkRows ?? CONFIRM_CHUNK_ROWS));
    for (let offset = 0; offset < controls.length; offset += size) {
      await stageControls(ctx.db, engagement.id, record.id, controls.slice(offset, offset + size), offset);
      await input.afterChunk?.(Math.min(offset + size, controls.length), controls.length);
      await new Promise((r) => setImmediate(r));
    }
    return ok(
      await inTransaction(ctx.db, async (trx) => {
        if (!(await markConfirmed(trx, record.id))) throw new Rollback(appError('conflict', 'import-confirmed', 'this import was confirmed meanwhile'));
        if (!(await swapInStagedControls(trx, engagement.id, record.id, controls.length)))
          throw new Rollback(appError('conflict', 'import-confirming', 'this import was being confirmed by another process meanwhile; try again'));
        if (input.saveProfileAs?.trim()) {
          const [signature] = tableSignatures(imp.value.tables);
          await saveMappingProfile(trx, {
            workspaceId: engagement.workspaceId,
            client: engagement.companyName,
            name: input.saveProfileAs.trim(),
            headersSignature: signature ?? '',
            mapping: record.mapping,
            engagementId: engagement.id,
          });
        }
        await appendAudit(trx, {
          engagementId: engagement.id,
          actor: input.actor,
          action: 'import.confirm',
          entity: 'import',
          entityId: record.id,
          after: { fileName: record.fileName, sha256: record.sha256, controls: controls.length, savedProfile: input.saveProfileAs ?? null },
        });
        const analysed = await runAnalysis(ctx, trx, engagement, input.actor, `import ${record.fileName} confirmed`, imp.value.analysis);
        if (!analysed.ok) throw new Rollback(analysed.error);
        const a = analysed.value.analysis;
        return { controls: controls.length, analysisVersion: analysed.value.version, summary: a.delta.summary, readiness: a.readiness.overall };
      }),
    );
  } catch (e) {
    await clearStagedControls(ctx.db, record.id);
    if (e instanceof Rollback) return err(e.appErr);
    throw e;
  } finally {
    confirming.delete(record.id);
  }
}
