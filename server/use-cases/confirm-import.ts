// Step 3 of the import: store the controls as mapped, optionally save the mapping as the client's profile, and run the
// analysis — in one transaction, so a failure leaves the engagement exactly as it was.
import { appendAudit } from '../db/audit-log.ts';
import { getEngagement } from '../db/engagements.ts';
import { confirmImport as markConfirmed, getImport, replaceControls } from '../db/imports.ts';
import { saveMappingProfile } from '../db/mapping-profiles.ts';
import { inTransaction } from '../db/support.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { appError, type AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';
import { readImportWithMapping, tableSignatures } from './preview-import.ts';
import { analysisInputsOf, runAnalysis } from './run-analysis.ts';

export async function confirmImport(
  ctx: AppContext,
  input: { engagementId: string; importId: string; saveProfileAs?: string; actor: string },
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
  try {
    return ok(
      await inTransaction(ctx.db, async (trx) => {
        if (!(await markConfirmed(trx, record.id))) throw new Rollback(appError('conflict', 'import-confirmed', 'this import was confirmed meanwhile'));
        await replaceControls(trx, engagement.id, record.id, controls);
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
    if (e instanceof Rollback) return err(e.appErr);
    throw e;
  }
}
