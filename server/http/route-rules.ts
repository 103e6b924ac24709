// Who may call each API route: the one table the authorization middleware reads. Every route the app registers under
// /api must have a rule here (createApp refuses to start otherwise, and the authorization matrix test is generated
// from this table and the app's routes). Scopes:
//   public     — anyone (signing in, redeeming a one-time link, the API description);
//   signed-in  — any signed-in user; what they get is filtered to their memberships by the repository;
//   engagement — the engagement in the path (:id): its workspace's membership, or one on the engagement itself;
//   workspace  — the workspace in the path (:workspaceId), or in ?workspace= (creating an engagement);
//   job        — the engagement the job (:jobId) works on;
//   firm-owner — an owner of the firm: a workspace-wide owner of the default workspace, where `cli user add --owner`
//                puts the first owner. Creating a workspace (a client) is a firm-level action, and the audit chain
//                spans every workspace; an owner of one client's workspace is neither.
// The lowest role each route allows is the table's need (roles.ts: read and export — viewer; review — reviewer; edit —
// editor; manage — owner). Every route that is not a GET changes something, except those in CHANGES_NOTHING.
// A request for something in a workspace the caller is no member of answers 404, exactly as for something that does
// not exist; a member whose role is too low gets 403.
import type { Need } from '../domain/roles.ts';

export type Rule =
  | { scope: 'public' }
  | { scope: 'signed-in' }
  | { scope: 'engagement'; need: Need }
  | { scope: 'workspace'; need: Need; from: 'param' | 'query' }
  | { scope: 'job'; need: Need }
  | { scope: 'firm-owner' };

const eng = (need: Need): Rule => ({ scope: 'engagement', need });
const ws = (need: Need, from: 'param' | 'query' = 'param'): Rule => ({ scope: 'workspace', need, from });

export const ROUTE_RULES: Readonly<Record<string, Rule>> = {
  // Session and accounts
  'GET /api/session': { scope: 'public' },
  'POST /api/auth/sign-in': { scope: 'public' },
  'POST /api/auth/sign-out': { scope: 'signed-in' },
  'POST /api/auth/reset': { scope: 'public' },
  'GET /api/invites/:token': { scope: 'public' },
  'POST /api/invites/:token/accept': { scope: 'public' },
  'GET /api/openapi.json': { scope: 'public' },
  // Workspaces and members
  'GET /api/workspaces': { scope: 'signed-in' },
  'POST /api/workspaces': { scope: 'firm-owner' },
  'GET /api/workspaces/:workspaceId/members': ws('read'),
  'PATCH /api/workspaces/:workspaceId': ws('manage'),
  'POST /api/workspaces/:workspaceId/invites': ws('manage'),
  'GET /api/workspaces/:workspaceId/invites': ws('manage'),
  'DELETE /api/workspaces/:workspaceId/invites/:inviteId': ws('manage'),
  'PATCH /api/workspaces/:workspaceId/members/:memberId': ws('manage'),
  'DELETE /api/workspaces/:workspaceId/members/:memberId': ws('manage'),
  // Engagements
  'GET /api/engagements': { scope: 'signed-in' },
  'POST /api/engagements': ws('edit', 'query'),
  'POST /api/timeline/preview': { scope: 'signed-in' },
  'GET /api/engagements/:id': eng('read'),
  'PATCH /api/engagements/:id': eng('edit'),
  'POST /api/engagements/:id/archive': eng('manage'),
  // Import
  'POST /api/engagements/:id/imports': eng('edit'),
  'PUT /api/engagements/:id/imports/:importId/mapping': eng('edit'),
  'POST /api/engagements/:id/imports/:importId/confirm': eng('edit'),
  'GET /api/engagements/:id/mapping-profiles': eng('read'),
  // Analysis and plan
  'GET /api/engagements/:id/analysis': eng('read'),
  // Testing and deficiencies (issue 24): reading is for every member; recording results and judgements edits the plan
  'GET /api/engagements/:id/testing': eng('read'),
  'PUT /api/engagements/:id/tests/:testId': eng('edit'),
  'PUT /api/engagements/:id/deficiencies/:deficiencyId': eng('edit'),
  'GET /api/engagements/:id/timeline': eng('read'),
  'GET /api/engagements/:id/delta': eng('read'),
  'GET /api/engagements/:id/coso': eng('read'),
  'GET /api/engagements/:id/readiness': eng('read'),
  'GET /api/engagements/:id/sod': eng('read'),
  'GET /api/engagements/:id/plan': eng('read'),
  'GET /api/engagements/:id/controls': eng('read'),
  'PATCH /api/engagements/:id/tasks/:taskId': eng('edit'),
  // Scenarios (issue 21): computing saves a set but changes no profile; adopting one is a profile edit
  'POST /api/engagements/:id/scenarios': eng('edit'),
  'GET /api/engagements/:id/scenarios': eng('read'),
  'POST /api/engagements/:id/scenarios/adopt': eng('edit'),
  // Reviews: comments and review marks
  'GET /api/engagements/:id/reviews': eng('read'),
  'POST /api/engagements/:id/reviews': eng('review'),
  // Exports and re-imports
  'POST /api/engagements/:id/exports': eng('export'),
  'GET /api/engagements/:id/exports': eng('read'),
  'GET /api/engagements/:id/exports/:exportId/download': eng('export'),
  'POST /api/engagements/:id/reimports': eng('edit'),
  'GET /api/engagements/:id/reimports/:reimportId': eng('read'),
  'POST /api/engagements/:id/reimports/:reimportId/apply': eng('edit'),
  // Audit
  'GET /api/engagements/:id/audit': eng('read'),
  'GET /api/audit/verify': { scope: 'firm-owner' },
  // Reviewable mappings (issue 22): reading is for every member; a decision changes statuses and the plan, so editors
  'GET /api/engagements/:id/targets/:targetId/mapping-reviews': eng('read'),
  'PUT /api/engagements/:id/targets/:targetId/mapping-reviews/:controlId': eng('edit'),
  'DELETE /api/engagements/:id/targets/:targetId/mapping-reviews/:controlId': eng('edit'),
  // SOC 1 register
  'GET /api/engagements/:id/soc1': eng('read'),
  'PUT /api/engagements/:id/soc1': eng('edit'),
  // Access-based SoD
  'GET /api/engagements/:id/access': eng('read'),
  'GET /api/engagements/:id/access/conflicts': eng('read'),
  'POST /api/engagements/:id/access/listings': eng('edit'),
  'DELETE /api/engagements/:id/access/listings/:listingId': eng('edit'),
  'GET /api/engagements/:id/access/listings/:listingId/file': eng('read'),
  'POST /api/engagements/:id/access/roster': eng('edit'),
  'GET /api/engagements/:id/access/duty-map': eng('read'),
  'PUT /api/engagements/:id/access/duty-map': eng('edit'),
  'POST /api/engagements/:id/access/duty-map/templates': eng('edit'),
  'POST /api/engagements/:id/access/simulate': eng('read'),
  'POST /api/engagements/:id/access/resolutions': eng('edit'),
  'DELETE /api/engagements/:id/access/resolutions': eng('edit'),
  // Jobs
  'GET /api/jobs/:jobId': { scope: 'job', need: 'read' },
  'GET /api/jobs/:jobId/events': { scope: 'job', need: 'read' },
};

// Routes that are POST only to carry a body, and store nothing: what a viewer may call although they are not GETs
// (the authorization matrix test checks that a viewer's call leaves every table as it was). Exports are not here: a
// viewer's export stores a protected read-only copy that names who exported it (README, roles).
export const CHANGES_NOTHING: ReadonlySet<string> = new Set([
  'POST /api/timeline/preview', // the SEC dates a profile implies, computed from the body alone
  'POST /api/engagements/:id/access/simulate', // what-if: the conflicts one more role would bring, not saved
]);

export interface CompiledRule {
  key: string;
  method: string;
  rule: Rule;
  pattern: RegExp;
  params: string[];
}

export function compileRules(rules: Readonly<Record<string, Rule>> = ROUTE_RULES): CompiledRule[] {
  return Object.entries(rules).map(([key, rule]) => {
    const [method = '', path = ''] = key.split(' ');
    const params: string[] = [];
    const source = path
      .split('/')
      .map((seg) => {
        if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(seg.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { key, method, rule, pattern: new RegExp(`^${source}/?$`), params };
  });
}

export function matchRule(compiled: readonly CompiledRule[], method: string, path: string): { rule: CompiledRule; params: Record<string, string> } | null {
  const m = method === 'HEAD' ? 'GET' : method;
  for (const c of compiled) {
    if (c.method !== m) continue;
    const hit = c.pattern.exec(path);
    if (!hit) continue;
    const params: Record<string, string> = {};
    try {
      c.params.forEach((name, i) => {
        params[name] = decodeURIComponent(hit[i + 1] ?? '');
      });
    } catch {
      return null; // a malformed escape: no such route
    }
    return { rule: c, params };
  }
  return null;
}

// The routes an app registered under /api that have no rule, and the rules no route answers: both must be empty.
export function uncoveredRoutes(routes: readonly { method: string; path: string }[], rules: Readonly<Record<string, Rule>> = ROUTE_RULES) {
  const registered = new Set(routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/')).map((r) => `${r.method} ${r.path}`));
  return { withoutRule: [...registered].filter((k) => !(k in rules)).sort(), withoutRoute: Object.keys(rules).filter((k) => !registered.has(k)).sort() };
}
