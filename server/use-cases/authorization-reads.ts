// What the authorization middleware reads for each request, through the use cases rather than the database modules:
// whether any account exists (local mode until the first), the live session of a cookie, a user's memberships, and the
// workspace of a path or of an engagement.
import { DEFAULT_WORKSPACE_ID, workspaceOfEngagement, type Visibility } from '../db/engagements.ts';
import { countUsers, liveSession, userWriteCount, type Session, type User } from '../db/users.ts';
import { getWorkspace, membershipsOf } from '../db/workspaces.ts';
import type { AppContext } from './context.ts';

export { DEFAULT_WORKSPACE_ID };
export type { Session, User, Visibility };

export const accountsExist = async (ctx: AppContext): Promise<boolean> => (await countUsers(ctx.db)) > 0;
// How many user writes this process has made (a change tells the local-mode switch to count the users again).
export { userWriteCount };
// tokenHash: the hash of the session cookie's secret (auth/tokens.ts secretHash)
export const sessionOf = (ctx: AppContext, tokenHash: string) => liveSession(ctx.db, tokenHash, ctx.now());
export const membershipsOfUser = (ctx: AppContext, userId: string) => membershipsOf(ctx.db, userId);
export const workspaceById = (ctx: AppContext, workspaceId: string) => getWorkspace(ctx.db, workspaceId);
export const workspaceOfEngagementId = (ctx: AppContext, engagementId: string) => workspaceOfEngagement(ctx.db, engagementId);
