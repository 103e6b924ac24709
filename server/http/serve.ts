// The HTTP listener for main.ts: hono's node server. hono and its adapters are imported in server/http only
// (eslint.config.js).
export { serve } from '@hono/node-server';
