// Roles and what each may do. One role per user per workspace, or per engagement (which then takes precedence for
// that engagement). Each role can do everything the roles below it can:
//   viewer   — read and export (the board);
//   reviewer — also comment on items and mark them reviewed, but change no plan data (the auditor, the advisor);
//   editor   — also import, edit and re-import (the finance team);
//   owner    — also manage members and settings, and archive.
export const ROLES = ['owner', 'editor', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const NEEDS = ['read', 'export', 'review', 'edit', 'manage'] as const;
export type Need = (typeof NEEDS)[number];

const LEAST_ROLE: Record<Need, Role> = { read: 'viewer', export: 'viewer', review: 'reviewer', edit: 'editor', manage: 'owner' };
const RANK: Record<Role, number> = { viewer: 0, reviewer: 1, editor: 2, owner: 3 };

export const isRole = (s: unknown): s is Role => typeof s === 'string' && (ROLES as readonly string[]).includes(s);

export function allows(role: Role, need: Need): boolean {
  return RANK[role] >= RANK[LEAST_ROLE[need]];
}

export const leastRoleFor = (need: Need): Role => LEAST_ROLE[need];

export interface Membership {
  workspaceId: string;
  engagementId: string | null; // null: the whole workspace
  role: Role;
}

// The role a user holds on an engagement: the engagement's own membership first, else the workspace's; null when
// the user is no member of either (the engagement then does not exist for them).
export function roleOn(memberships: readonly Membership[], workspaceId: string, engagementId: string): Role | null {
  const own = memberships.find((m) => m.workspaceId === workspaceId && m.engagementId === engagementId);
  if (own) return own.role;
  return memberships.find((m) => m.workspaceId === workspaceId && m.engagementId === null)?.role ?? null;
}

// The role on the workspace itself (members, new engagements): the workspace-wide membership only.
export function roleInWorkspace(memberships: readonly Membership[], workspaceId: string): Role | null {
  return memberships.find((m) => m.workspaceId === workspaceId && m.engagementId === null)?.role ?? null;
}

// Whether a user sees a workspace at all: any membership in it, workspace-wide or on one of its engagements.
export const seesWorkspace = (memberships: readonly Membership[], workspaceId: string): boolean => memberships.some((m) => m.workspaceId === workspaceId);

// An owner of the firm: a workspace-wide owner of the firm's own workspace (the default one). Creates workspaces and
// verifies the installation-wide audit chain.
export const isFirmOwner = (memberships: readonly Membership[], firmWorkspaceId: string): boolean =>
  memberships.some((m) => m.workspaceId === firmWorkspaceId && m.engagementId === null && m.role === 'owner');
