// Export the engagement as it stands: the latest analysis and the current (edited) tasks. The export remembers what
// it handed out — each Plan row's values and hash, and the file itself — so an edited copy can be diffed later.
import { randomUUID } from 'node:crypto';
import { latestAnalysis } from '../db/analyses.ts';
import { appendAudit } from '../db/audit-log.ts';
import { getEngagement } from '../db/engagements.ts';
import { insertExport } from '../db/exports.ts';
import { listControls } from '../db/imports.ts';
import { inTransaction } from '../db/support.ts';
import { listTasks } from '../db/tasks.ts';
import { readonlyValues, rowHash, taskValues } from '../domain/plan-export.ts';
import { err, ok, type Result } from '../domain/result.ts';
import { accessExportFor } from './access-report.ts';
import { savedScenarios } from './engagement-scenarios.ts';
import { appError, type AppError } from './app-error.ts';
import { isoDay, type AppContext } from './context.ts';
import { exportPlan } from './export-plan.ts';

export function exportFileName(company: string, day: string): string {
  const slug = company.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'engagement';
  return `${slug}-sox-plan-${day}.xlsx`;
}

export async function exportEngagement(
  ctx: AppContext,
  input: { engagementId: string; actor: string; readOnly?: boolean },
  progress: (stage: string, percent: number) => void = () => {},
): Promise<Result<{ exportId: string; fileName: string; bytes: Uint8Array }, AppError>> {
  const engagement = await getEngagement(ctx.db, input.engagementId);
  if (!engagement) return err(appError('not-found', 'engagement', `no engagement ${input.engagementId}`));
  const latest = await latestAnalysis(ctx.db, engagement.id);
  if (!latest) return err(appError('conflict', 'no-analysis', 'import a control matrix first: there is no analysis to export yet'));
  progress('collecting', 10);
  const tasks = await listTasks(ctx.db, engagement.id);
  const controls = await listControls(ctx.db, engagement.id);
  const access = await accessExportFor(ctx, engagement.id);
  const scenarios = await savedScenarios(ctx, engagement);
  const now = ctx.now();
  const exportId = randomUUID();
  progress('writing', 30);
  const bytes = await exportPlan({
    engagementId: engagement.id,
    exportId,
    exportedAt: now.toISOString(),
    today: isoDay(now),
    version: ctx.version,
    analysis: latest.analysis,
    tasks,
    controls,
    source: { file: controls[0]?.source.file ?? '', sheets: [...new Set(controls.map((c) => c.source.sheet))] },
    exportedBy: input.actor,
    readOnly: input.readOnly === true,
    ...(access ? { access } : {}),
    ...(scenarios.length ? { scenarios } : {}),
  });
  progress('storing', 90);
  const fileName = exportFileName(engagement.companyName, isoDay(now));
  const phaseNames = new Map(latest.analysis.plan.phases.map((p) => [p.id, p.name]));
  await inTransaction(ctx.db, async (trx) => {
    await insertExport(trx, {
      id: exportId,
      engagementId: engagement.id,
      analysisVersion: latest.version,
      hashes: new Map(tasks.map((t, i) => [t.id, { row: i + 2, hash: rowHash(taskValues(t)), readonly: readonlyValues(t, phaseNames) }])),
      rows: new Map(tasks.map((t) => [t.id, taskValues(t)])),
      workbook: bytes,
      fileName,
      createdBy: input.actor,
      at: now.toISOString(),
    });
    await appendAudit(trx, { engagementId: engagement.id, actor: input.actor, action: 'export.create', entity: 'export', entityId: exportId, after: { fileName, tasks: tasks.length, analysisVersion: latest.version, readOnly: input.readOnly === true } });
  });
  return ok({ exportId, fileName, bytes });
}
