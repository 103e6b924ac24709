// What-if for a stored engagement: the conflicts a user would have if granted one more role, before it is granted.
import { simulateGrant } from '../domain/access-sod.ts';
import { err, ok } from '../domain/result.ts';
import { engagementOr404, load } from './access-load.ts';
import { conflictJson } from './access-sod.ts';
import { appError } from './app-error.ts';
import type { AppContext } from './context.ts';

export async function simulate(
  ctx: AppContext,
  input: { engagementId: string; user: string; system: string; role: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const l = await load(ctx, input.engagementId);
  if (!l.ok) return l;
  if (l.value.listings.length === 0)
    return err(
      appError('conflict', 'no-listings', 'upload the access listings first: there is no access to add the role to'),
    );
  const s = simulateGrant(l.value.result.analysis.state, { user: input.user, system: input.system, role: input.role });
  if (!s.ok) return err(appError('invalid-input', s.error.code, s.error.message));
  const v = s.value;
  const asJson = (c: (typeof v.conflicts)[number]) => ({ ...conflictJson(c), isNew: c.isNew });
  return ok({
    user: v.user,
    userKey: v.userKey,
    knownUser: v.knownUser,
    system: v.system,
    role: v.role,
    roleKnown: v.roleKnown,
    duties: v.duties,
    privileged: v.privileged,
    newConflicts: v.newConflicts.map(asJson),
    conflicts: v.conflicts.map(asJson),
  });
}
