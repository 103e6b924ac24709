// One exhaustive table from AppError codes to HTTP statuses, and the one error body shape of DESIGN.md:
// { error: { code, message, details? } }. A thrown error is a bug: 500, logged with the request id, no stack in the body.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, AppErrorCode } from '../use-cases/app-error.ts';

export const STATUS: Record<AppErrorCode, ContentfulStatusCode> = {
  'invalid-input': 400,
  'unreadable-file': 422,
  'no-control-table': 422,
  'foreign-workbook': 409,
  'not-found': 404,
  conflict: 409,
  'catalog-invalid': 500,
  unauthenticated: 401,
  forbidden: 403,
  'rate-limited': 429,
};

export function errorBody(e: AppError) {
  return { error: { code: e.code, reason: e.reason, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } };
}

export function sendError(c: Context, e: AppError) {
  return c.json(errorBody(e), STATUS[e.code]);
}

export function requestError(c: Context, code: string, message: string, status: ContentfulStatusCode, details?: unknown) {
  return c.json({ error: { code, message, ...(details !== undefined ? { details } : {}) } }, status);
}
