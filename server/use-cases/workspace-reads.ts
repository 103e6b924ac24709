// What the HTTP routes read about workspaces and accounts, through the use cases rather than the database modules:
// the workspaces (for the session view), a workspace's members and engagements, its pending invitations.
import { DEFAULT_WORKSPACE_ID, listEngagements } from '../db/engagements.ts';
import { normaliseEmail, pendingInvites, SESSION_MAX_MS } from '../db/users.ts';
import { listMembers, listWorkspaces } from '../db/workspaces.ts';
import type { AppContext } from './context.ts';

export { DEFAULT_WORKSPACE_ID, normaliseEmail, SESSION_MAX_MS };

export const workspacesNamed = (ctx: AppContext, ids?: readonly string[]) => listWorkspaces(ctx.db, ids);

export async function workspaceMembers(ctx: AppContext, workspaceId: string) {
  const engagements = await listEngagements(ctx.db, { workspaceId, includeArchived: true });
  return { members: await listMembers(ctx.db, workspaceId), engagements: engagements.map((e) => ({ id: e.id, companyName: e.companyName })) };
}

export const invitesPending = (ctx: AppContext, workspaceId: string) => pendingInvites(ctx.db, workspaceId, ctx.now());
