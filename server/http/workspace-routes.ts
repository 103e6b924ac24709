// Workspaces and their members: list and create workspaces, list members, invite by e-mail (a one-time link shown
// to the owner), change a member's role, remove a member. The authorization middleware has already checked the
// caller's role in the workspace of the path.
import { createRoute, z } from '@hono/zod-openapi';
import { ROLES } from '../domain/roles.ts';
import { changeMember, createInvite, newWorkspace, renameWorkspaceAs, withdrawInvite } from '../use-cases/accounts.ts';
import type { AppContext } from '../use-cases/context.ts';
import { invitesPending, workspaceMembers } from '../use-cases/workspace-reads.ts';
import { newApi } from './sub-app.ts';
import { sendError } from './errors.ts';
import { sessionView } from './auth-routes.ts';
import { errors, json } from './route-helpers.ts';
import { InviteLink, InviteRevoked, Invites, MemberChanged, Members, Workspace, Workspaces } from './openapi-records.ts';

const WorkspaceParam = z.object({ workspaceId: z.string().min(1).max(100).openapi({ param: { name: 'workspaceId', in: 'path' } }) });
const MemberParam = WorkspaceParam.extend({ memberId: z.string().min(1).max(100).openapi({ param: { name: 'memberId', in: 'path' } }) });
const Role = z.enum(ROLES);
const WorkspaceBody = z.object({ name: z.string().min(1).max(120) }).openapi('NewWorkspace');
const InviteBody = z.object({ email: z.string().min(3).max(254), role: Role, engagementId: z.string().max(100).nullable().optional() }).openapi('Invite');
const RoleBody = z.object({ role: Role }).openapi('MemberRole');
const InviteParam = WorkspaceParam.extend({ inviteId: z.string().min(1).max(100).openapi({ param: { name: 'inviteId', in: 'path' } }) });

export function workspaceRoutes(ctx: AppContext) {
  const app = newApi();

  app.openapi(createRoute({ method: 'get', path: '/workspaces', summary: 'The workspaces the caller is a member of, with their role', responses: { 200: json(Workspaces, 'Workspaces') } }), async (c) =>
    c.json({ workspaces: (await sessionView(ctx, c.get('auth'))).workspaces } satisfies z.input<typeof Workspaces>, 200),
  );

  app.openapi(
    createRoute({ method: 'post', path: '/workspaces', summary: 'Create a workspace (a client); the creator becomes its owner', request: { body: { content: { 'application/json': { schema: WorkspaceBody } } } }, responses: { 201: json(Workspace, 'Workspace'), ...errors } }),
    async (c) => {
      const auth = c.get('auth');
      const r = await newWorkspace(ctx, c.req.valid('json').name, { userId: auth.user?.id ?? null, email: c.get('actor') });
      return r.ok ? c.json(r.value satisfies z.input<typeof Workspace>, 201) : sendError(c, r.error);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/workspaces/{workspaceId}/members', summary: "The workspace's members and their roles (workspace-wide or on one engagement)", request: { params: WorkspaceParam }, responses: { 200: json(Members, 'Members'), ...errors } }), async (c) => {
    const id = c.req.valid('param').workspaceId;
    return c.json({ ...(await workspaceMembers(ctx, id)), yourRole: c.get('auth').role } satisfies z.input<typeof Members>, 200);
  });

  app.openapi(
    createRoute({ method: 'post', path: '/workspaces/{workspaceId}/invites', summary: 'Invite someone by e-mail: returns a one-time link (valid 7 days) to pass on', request: { params: WorkspaceParam, body: { content: { 'application/json': { schema: InviteBody } } } }, responses: { 201: json(InviteLink, 'Invitation link'), ...errors } }),
    async (c) => {
      const b = c.req.valid('json');
      const r = await createInvite(ctx, { workspaceId: c.req.valid('param').workspaceId, email: b.email, role: b.role, engagementId: b.engagementId ?? null }, c.get('actor'));
      return r.ok ? c.json({ link: r.value.link, expiresAt: r.value.expiresAt } satisfies z.input<typeof InviteLink>, 201) : sendError(c, r.error);
    },
  );

  app.openapi(
    createRoute({ method: 'patch', path: '/workspaces/{workspaceId}/members/{memberId}', summary: "Change a member's role (the last owner stays owner)", request: { params: MemberParam, body: { content: { 'application/json': { schema: RoleBody } } } }, responses: { 200: json(MemberChanged, 'Changed'), ...errors } }),
    async (c) => {
      const p = c.req.valid('param');
      const r = await changeMember(ctx, p.workspaceId, p.memberId, c.req.valid('json').role, c.get('actor'));
      return r.ok ? c.json(r.value satisfies z.input<typeof MemberChanged>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(createRoute({ method: 'delete', path: '/workspaces/{workspaceId}/members/{memberId}', summary: 'Remove a member (not the last owner)', request: { params: MemberParam }, responses: { 200: json(MemberChanged, 'Removed'), ...errors } }), async (c) => {
    const p = c.req.valid('param');
    const r = await changeMember(ctx, p.workspaceId, p.memberId, null, c.get('actor'));
    return r.ok ? c.json(r.value satisfies z.input<typeof MemberChanged>, 200) : sendError(c, r.error);
  });
  app.openapi(
    createRoute({ method: 'patch', path: '/workspaces/{workspaceId}', summary: 'Rename the workspace (owners)', request: { params: WorkspaceParam, body: { content: { 'application/json': { schema: WorkspaceBody } } } }, responses: { 200: json(Workspace, 'Workspace'), ...errors } }),
    async (c) => {
      const r = await renameWorkspaceAs(ctx, c.req.valid('param').workspaceId, c.req.valid('json').name, c.get('actor'));
      return r.ok ? c.json(r.value satisfies z.input<typeof Workspace>, 200) : sendError(c, r.error);
    },
  );

  app.openapi(createRoute({ method: 'get', path: '/workspaces/{workspaceId}/invites', summary: 'Invitations not yet accepted, revoked or expired (owners)', request: { params: WorkspaceParam }, responses: { 200: json(Invites, 'Invitations'), ...errors } }), async (c) =>
    c.json({ invites: await invitesPending(ctx, c.req.valid('param').workspaceId) } satisfies z.input<typeof Invites>, 200),
  );

  app.openapi(createRoute({ method: 'delete', path: '/workspaces/{workspaceId}/invites/{inviteId}', summary: 'Revoke a pending invitation: its link stops working', request: { params: InviteParam }, responses: { 200: json(InviteRevoked, 'Revoked'), ...errors } }), async (c) => {
    const p = c.req.valid('param');
    const r = await withdrawInvite(ctx, p.workspaceId, p.inviteId, c.get('actor'));
    return r.ok ? c.json(r.value satisfies z.input<typeof InviteRevoked>, 200) : sendError(c, r.error);
  });
  return app;
}
