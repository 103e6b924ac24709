// Reviewers' comments and review marks on an engagement's items. Reviewers (and editors, owners) add them; they
// change no plan data. Each is also an audit entry.
import { createRoute, z } from '@hono/zod-openapi';
import { addReviewEntry, REVIEW_ITEM_KINDS, reviewsOf } from '../use-cases/reviews.ts';
import type { AppContext } from '../use-cases/context.ts';
import { newApi } from './sub-app.ts';
import type { Auth } from './authz.ts';
import { errors, json } from './route-helpers.ts';
import { IdParam } from './schemas.ts';
import { Review, Reviews } from './openapi-records.ts';

const ITEM_KINDS = REVIEW_ITEM_KINDS;
const ReviewBody = z
  .object({ itemKind: z.enum(ITEM_KINDS), itemId: z.string().min(1).max(300), kind: z.enum(['comment', 'reviewed']), text: z.string().max(4000).default('') })
  .refine((b) => b.kind === 'reviewed' || b.text.trim().length > 0, { message: 'a comment needs text', path: ['text'] })
  .openapi('Review');
const ReviewQuery = z.object({ itemKind: z.enum(ITEM_KINDS).optional(), itemId: z.string().max(300).optional() });

// The engagement's workspace, as the authorization middleware found it (it is set for every engagement route).
function scopeOf(auth: Auth, engagementId: string) {
  if (!auth.workspaceId) throw new Error('review routes run only after the authorization middleware named the workspace');
  return { workspaceId: auth.workspaceId, engagementId };
}

export function reviewRoutes(ctx: AppContext) {
  const app = newApi();
  app.openapi(createRoute({ method: 'get', path: '/engagements/{id}/reviews', summary: 'Comments and review marks, oldest first (optionally for one item)', request: { params: IdParam, query: ReviewQuery }, responses: { 200: json(Reviews, 'Reviews'), ...errors } }), async (c) => {
    const q = c.req.valid('query');
    const item = q.itemKind && q.itemId ? { kind: q.itemKind, id: q.itemId } : undefined;
    return c.json({ reviews: await reviewsOf(ctx, scopeOf(c.get('auth'), c.req.valid('param').id), item) } satisfies z.input<typeof Reviews>, 200);
  });
  app.openapi(
    createRoute({ method: 'post', path: '/engagements/{id}/reviews', summary: 'Comment on an item, or mark it reviewed (reviewer and up)', request: { params: IdParam, body: { content: { 'application/json': { schema: ReviewBody } } } }, responses: { 201: json(Review, 'The review'), ...errors } }),
    async (c) => {
      const id = c.req.valid('param').id;
      const b = c.req.valid('json');
      const review = await addReviewEntry(ctx, scopeOf(c.get('auth'), id), { itemKind: b.itemKind, itemId: b.itemId, kind: b.kind, text: b.text }, c.get('actor'));
      return c.json(review satisfies z.input<typeof Review>, 201);
    },
  );
  return app;
}
