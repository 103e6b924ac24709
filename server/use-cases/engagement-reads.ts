// What the HTTP routes read about an engagement, through the use cases rather than the database modules: the
// engagement, the list with each one's latest readiness and next deadline (a summary read in the database, never the
// whole analyses), its controls, saved mapping profiles, exports, listing files and audit trail.
import { latestAnalysisSummaries } from '../db/analyses.ts';
import { getListingFile } from '../db/access.ts';
import { listAudit, verifyAudit } from '../db/audit-log.ts';
import { getEngagement, listEngagements, type Engagement, type Visibility } from '../db/engagements.ts';
import { getExportWorkbook, listExports } from '../db/exports.ts';
import { listControls } from '../db/imports.ts';
import { findMappingProfiles } from '../db/mapping-profiles.ts';
import type { Role } from '../domain/roles.ts';
import { isoDay, type AppContext } from './context.ts';

export const findEngagement = (ctx: AppContext, id: string): Promise<Engagement | null> => getEngagement(ctx.db, id);

export interface EngagementListQuery {
  includeArchived: boolean;
  visibleTo?: Visibility; // accounts mode: the caller's workspaces and engagements
  workspaceId?: string;
}

// roleOf: the caller's role on each engagement (the authorization layer knows the memberships).
export async function listEngagementSummaries(ctx: AppContext, q: EngagementListQuery, roleOf: (e: Engagement) => Role | null) {
  const all = await listEngagements(ctx.db, { includeArchived: q.includeArchived, ...(q.visibleTo ? { visibleTo: q.visibleTo } : {}), ...(q.workspaceId ? { workspaceId: q.workspaceId } : {}) });
  const summaries = await latestAnalysisSummaries(ctx.db, all.map((e) => e.id));
  const today = isoDay(ctx.now());
  return all.map((e) => {
    const s = summaries.get(e.id);
    const next = s ? ([...s.milestones].filter((m) => m.due >= today).sort((a, b) => a.due.localeCompare(b.due))[0] ?? null) : null;
    return { ...e, role: roleOf(e), readiness: s?.readiness ?? null, nextDeadline: next ? { label: next.label, due: next.due } : null, analysisVersion: s?.version ?? null };
  });
}

export const controlsOf = (ctx: AppContext, engagementId: string) => listControls(ctx.db, engagementId);

// This client's saved mappings (the engagement's workspace, the same company name); null: no such engagement.
export async function mappingProfilesFor(ctx: AppContext, engagementId: string) {
  const e = await getEngagement(ctx.db, engagementId);
  if (!e) return null;
  const profiles = await findMappingProfiles(ctx.db, e.workspaceId, { client: e.companyName });
  return profiles.map((p) => ({ id: p.id, name: p.name, client: p.client, mapping: p.mapping, updatedAt: p.updatedAt }));
}

export const exportsOf = (ctx: AppContext, engagementId: string) => listExports(ctx.db, engagementId);
export const exportWorkbook = (ctx: AppContext, engagementId: string, exportId: string) => getExportWorkbook(ctx.db, engagementId, exportId);
export const listingFile = (ctx: AppContext, engagementId: string, listingId: string) => getListingFile(ctx.db, engagementId, listingId);

export const auditTrail = (ctx: AppContext, q: { engagementId: string; afterSeq?: number; limit: number }) => listAudit(ctx.db, q);
export const verifyAuditChain = (ctx: AppContext) => verifyAudit(ctx.db);
