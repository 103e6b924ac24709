// The sub-app every route module builds its routes on (and app.ts builds the root on): an OpenAPIHono with the
// server's context variables and one answer for a request its schema refuses. Route modules import this, never
// app.ts, so app.ts imports them without a cycle (eslint.config.js checks it).
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Auth } from './authz.ts';
import { requestError } from './errors.ts';

export type Env = { Variables: { requestId: string; actor: string; auth: Auth; trustProxy: number } };

export function newApi() {
  return new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return requestError(c, 'invalid-input', `invalid request: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`, 400, { issues });
      }
      return undefined;
    },
  });
}
