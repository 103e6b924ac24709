// Who is using the app: local mode (no accounts, this computer only) or a signed-in user with their workspaces and
// roles; the workspace being looked at; and the role on the engagement on screen, which decides which edit controls
// are drawn. The server enforces the same rules: hiding a control is for clarity, not for security.
import { computed, signal } from '@preact/signals';
import { allows as roleAllows, type Need, type Role } from '../../server/domain/roles.ts';
import { auth, get } from './api.ts';
import type { SessionView } from '../../server/http/openapi-records.ts';

export type { Need, Role };

// The session as GET /api/session sends it (server/http/openapi-records.ts).
export type SessionInfo = SessionView;
export type WorkspaceInfo = SessionInfo['workspaces'][number]; // role null: a member of one engagement in it only

// The server's own table (server/domain/roles.ts): the UI draws exactly what the server will allow.
export const allows = (role: Role | null | undefined, need: Need): boolean => !!role && roleAllows(role, need);

export const session = signal<SessionInfo | null>(null);
export const sessionError = signal<string | null>(null);
export const engagementRole = signal<Role | null>('owner');

// What the engagement on screen lets this user do.
export const can = (need: Need): boolean => allows(engagementRole.value, need);

const STORE = 'soxbridge.workspace';
const chosen = signal<string | null>(typeof localStorage === 'undefined' ? null : localStorage.getItem(STORE));

// The workspace on screen: the one chosen before if still available, else the first.
export const currentWorkspace = computed<WorkspaceInfo | null>(() => {
  const list = session.value?.workspaces ?? [];
  return list.find((w) => w.id === chosen.value) ?? list.find((w) => w.default) ?? list[0] ?? null;
});

export function chooseWorkspace(id: string): void {
  chosen.value = id;
  localStorage.setItem(STORE, id);
}

export async function loadSession(): Promise<void> {
  const r = await get<SessionInfo>('/api/session');
  if (!r.ok) {
    sessionError.value = r.error.message;
    return;
  }
  sessionError.value = null;
  auth.csrf = r.value.csrfToken ?? '';
  session.value = r.value;
}

auth.onSignedOut = () => {
  if (session.value?.user) void loadSession();
};
