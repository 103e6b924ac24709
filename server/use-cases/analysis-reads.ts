// What the analysis routes read, through the use cases rather than the database modules: the latest analysis (parsed,
// as stored, or only its version), the cache stamp, the tasks as edited, and whether the engagement has access listings.
import { analysisStamp, latestAnalysis, latestAnalysisRow, latestAnalysisVersion } from '../db/analyses.ts';
import { listListings } from '../db/access.ts';
import { listTaskRows, listTasks } from '../db/tasks.ts';
import type { AppContext } from './context.ts';

export const analysisStampOf = (ctx: AppContext, engagementId: string) => analysisStamp(ctx.db, engagementId);
export const latestAnalysisOf = (ctx: AppContext, engagementId: string) => latestAnalysis(ctx.db, engagementId);
export const latestAnalysisRowOf = (ctx: AppContext, engagementId: string) => latestAnalysisRow(ctx.db, engagementId);
export const latestAnalysisVersionOf = (ctx: AppContext, engagementId: string) => latestAnalysisVersion(ctx.db, engagementId);
export const planTasksOf = (ctx: AppContext, engagementId: string) => listTasks(ctx.db, engagementId);
export const taskRowsOf = (ctx: AppContext, engagementId: string) => listTaskRows(ctx.db, engagementId);
export const hasAccessListings = async (ctx: AppContext, engagementId: string) => (await listListings(ctx.db, engagementId)).length > 0;
