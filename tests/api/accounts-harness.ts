// Accounts under test: users added through the same use case as `cli user add` (real scrypt hashes), signed in over
// HTTP, and requests made as them with their session cookie and CSRF token.
import { expect } from 'vitest';
import { addUser } from '../../server/use-cases/accounts.ts';
import type { AppContext } from '../../server/use-cases/context.ts';
import type { Role } from '../../server/domain/roles.ts';
import type { Api } from './harness.ts';

export const PASSWORD = 'a long enough password 1';

export interface Who {
  email: string;
  cookie: string; // "soxbridge_session=…"
  csrf: string;
}

export function sessionCookie(res: Response): string | null {
  const set = res.headers.get('set-cookie') ?? '';
  const m = /soxbridge_session=([^;]*)/.exec(set);
  return m?.[1] ? `soxbridge_session=${m[1]}` : null;
}

export async function addMember(ctx: AppContext, email: string, role: Role, workspace: string, engagementId?: string): Promise<void> {
  const r = await addUser(ctx, { email, password: PASSWORD, role, workspace, ...(engagementId ? { engagementId } : {}) }, 'test');
  expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
}

export async function signIn(app: Api, email: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Who> {
  const res = await app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ email, password }) });
  const body = (await res.json()) as { csrfToken?: string; error?: { message: string } };
  expect(res.status, body.error?.message).toBe(200);
  const cookie = sessionCookie(res);
  expect(cookie).not.toBeNull();
  return { email, cookie: cookie ?? '', csrf: body.csrfToken ?? '' };
}

export async function as(who: Who | null, app: Api, method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { ...extra };
  if (who) {
    headers.cookie = who.cookie;
    headers['x-csrf-token'] = who.csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const type = res.headers.get('content-type') ?? '';
  const json = type.includes('json') ? await res.json() : null;
  return { status: res.status, json: json as any, res };
}
