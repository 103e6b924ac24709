// The access analysis as people see it, pure: decisions laid over findings, the user × rule matrix, the readiness
// penalty of open findings, plan tasks with dates, and the rows of the workbook's "SoD – Access" sheet.
import type { StoredResolution } from '../db/access.ts';
import type { AccessSodTask, ResolvedFinding, Resolution } from '../domain/access-resolutions.ts';
import type { Severity } from '../domain/catalog.ts';
import { addDays, maxDate } from '../domain/dates.ts';
import { rollToBusinessDay } from '../domain/holidays.ts';
import type { PlanTask } from '../domain/plan.ts';
import type { AccessExport, AccessStatus } from '../excel/export/access-sheet.ts';
import { accessSodJson, type AccessSodResult, type conflictJson } from './access-sod.ts';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

export const ACCESS_PENALTY: Record<Severity, number> = { critical: 2, high: 1, medium: 0.5, low: 0.25 };
export const ACCESS_PENALTY_CAP = 25;
export const ACCESS_READINESS_FORMULA =
  'access penalty = min(25, 2 × open critical + 1 × open high + 0.5 × open medium + 0.25 × open low) percentage points, over the open access findings (SoD conflicts at user, role and privileged level, and leavers still active, each counted as high); readiness with access = max(0, readiness − access penalty). The readiness of the delta is unchanged; a finding remediated, mitigated or accepted no longer counts.';

export function accessReadiness(openBySeverity: Record<Severity, number>, deltaReadiness: number | null) {
  const points = SEVERITIES.reduce((n, s) => n + ACCESS_PENALTY[s] * openBySeverity[s], 0);
  const penalty = Math.round(Math.min(ACCESS_PENALTY_CAP, points) * 10) / 10;
  return {
    readiness: deltaReadiness, // the delta readiness, as analysed (null before a control matrix is imported)
    penalty,
    withAccess: deltaReadiness === null ? null : Math.round(Math.max(0, deltaReadiness - penalty) * 10) / 10,
    open: SEVERITIES.reduce((n, s) => n + openBySeverity[s], 0),
    openBySeverity,
    formula: ACCESS_READINESS_FORMULA,
  };
}

export interface Status {
  status: AccessStatus;
  via: string | null;
  decision: StoredResolution | null;
}

const KIND: Record<Resolution['action'], Exclude<AccessStatus, 'open'>> = {
  remediate: 'remediated',
  mitigate: 'mitigated',
  accept: 'accepted',
};

export function statuses(
  resolutions: readonly StoredResolution[],
  resolved: readonly ResolvedFinding[],
): Map<string, Status> {
  const byKey = new Map(resolutions.map((r) => [r.key, r]));
  const out = new Map<string, Status>();
  for (const r of resolved)
    out.set(r.key, { status: KIND[r.action], via: r.via, decision: byKey.get(r.via ?? r.key) ?? null });
  return out;
}
export const statusOf = (m: Map<string, Status>, key: string): Status =>
  m.get(key) ?? { status: 'open', via: null, decision: null };

// Access tasks get dates the way a person would set them: from the day of the decision (or the plan start, if
// later) for the task's duration, ending on a business day. They carry no deadline: nothing in the SEC timeline
// depends on one access removal.
function scheduled(t: AccessSodTask, decidedAt: string | undefined, planStart: string | null): PlanTask {
  const day = decidedAt?.slice(0, 10) ?? planStart ?? '1970-01-01';
  const start = planStart ? maxDate(day, planStart) : day;
  const end = rollToBusinessDay(addDays(start, t.durationDays)).date;
  const { findingKey: _k, ...rest } = t;
  void _k;
  return {
    ...rest,
    start,
    end,
    latestFinish: null,
    deadlineBasis: null,
    atRisk: false,
    atRiskReason: null,
    critical: false,
    floatDays: null,
  };
}

export function tasksOf(
  resolutions: readonly StoredResolution[],
  tasks: readonly AccessSodTask[],
  planStart: string | null,
): (PlanTask & { findingKey: string })[] {
  const at = new Map(resolutions.map((r) => [r.key, r.decidedAt]));
  return tasks.map((t) => ({
    ...scheduled(t, at.get(t.findingKey), planStart),
    findingKey: t.findingKey,
  }));
}

function decisionText(s: Status, taskId: string | undefined): string {
  const d = s.decision;
  if (s.status === 'open' || !d) return '';
  const by = `Decided by ${d.decidedBy} on ${d.decidedAt.slice(0, 10)}.`;
  const via = s.via ? `Settled by the decision on ${s.via}. ` : '';
  const what =
    d.kind === 'remediated'
      ? `Remove the access${d.owner ? ` (owner: ${d.owner})` : ''}.`
      : d.kind === 'mitigated'
        ? `Compensating control: ${d.control ?? ''} (owner: ${d.owner ?? ''}, ${d.frequency ?? ''}).`
        : `Accepted: ${d.reason ?? ''}.`;
  return `${via}${what}${d.note ? ` ${d.note}` : ''} ${by}${taskId && !s.via ? ` Plan task ${taskId}.` : ''}`.trim();
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

// Users × rules, ready for a grid: rows are people with a user-level or privileged conflict, columns the rules they
// break, a cell the worst severity, how many conflicts and how many are still open.
type MatrixConflict = Pick<ReturnType<typeof conflictJson>, 'key' | 'level' | 'rule' | 'severity' | 'risk' | 'user' | 'userKey' | 'generic'>;
export function conflictMatrix<C extends MatrixConflict>(conflicts: readonly C[], status: (key: string) => AccessStatus) {
  const mine = conflicts.filter((c) => c.level !== 'role' && c.userKey !== undefined);
  const rules = new Map<string, { id: string; severity: Severity; risk: string }>();
  for (const c of mine) rules.set(c.rule, { id: c.rule, severity: c.severity, risk: c.risk });
  const columns = [...rules.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id),
  );
  const users = new Map<string, { userKey: string; user: string; generic: boolean; conflicts: typeof mine }>();
  for (const c of mine) {
    const u = users.get(c.userKey!) ?? {
      userKey: c.userKey!,
      user: c.user ?? c.userKey!,
      generic: c.generic === true,
      conflicts: [],
    };
    u.conflicts.push(c);
    users.set(u.userKey, u);
  }
  const rows = [...users.values()].map((u) => {
    const cells = columns.map((col) => {
      const cs = u.conflicts.filter((c) => c.rule === col.id);
      if (cs.length === 0) return null;
      return {
        severity: col.severity,
        count: cs.length,
        open: cs.filter((c) => status(c.key) === 'open').length,
        keys: cs.map((c) => c.key),
        levels: [...new Set(cs.map((c) => c.level))],
      };
    });
    const worst = Math.min(...u.conflicts.map((c) => SEVERITY_ORDER[c.severity]));
    return {
      userKey: u.userKey,
      user: u.user,
      generic: u.generic,
      conflicts: u.conflicts.length,
      open: u.conflicts.filter((c) => status(c.key) === 'open').length,
      worst,
      cells,
    };
  });
  rows.sort((a, b) => a.worst - b.worst || b.open - a.open || a.user.localeCompare(b.user));
  return { columns, rows: rows.map(({ worst: _w, ...r }) => (void _w, r)) };
}

type Decided = { key: string; status: AccessStatus; resolution: (StoredResolution & { via: string | null }) | null };
type Json = ReturnType<typeof accessSodJson>;
export interface AccessExportInput {
  conflicts: (Json['conflicts'][number] & Decided)[];
  leavers: (Json['leavers'][number] & Decided)[];
  generic: Json['generic'];
  plan: { tasks: { id: string; findingKey: string }[] };
}

// The workbook's view: plain rows for the "SoD – Access" sheet and the Summary counts. `evidence`: the listings read.
export function accessExportOf(
  view: AccessExportInput,
  evidence: { system: string; file: string; extractedAt: string | null; rows: number }[],
): AccessExport {
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, { total: 0, open: 0 }]),
  ) as AccessExport['bySeverity'];
  const taskIds = new Map(view.plan.tasks.map((t) => [t.findingKey, t.id]));
  for (const c of view.conflicts) {
    bySeverity[c.severity].total++;
    if (c.status === 'open') bySeverity[c.severity].open++;
  }
  const text = (x: Decided) =>
    decisionText({ status: x.status, via: x.resolution?.via ?? null, decision: x.resolution }, taskIds.get(x.key));
  const grant = (g: Json['conflicts'][number]['sides'][number]['grants'][number]) => ({
    system: g.system,
    role: g.role,
    permission: g.permission,
    sheet: g.sheet,
    row: g.row,
    definedAt: g.definedAt ? { sheet: g.definedAt.sheet, row: g.definedAt.row } : null,
  });
  return {
    listings: evidence.map((l) => ({ system: l.system, file: l.file, extractedAt: l.extractedAt, rows: l.rows })),
    conflicts: view.conflicts.map((c) => ({
      key: c.key,
      level: c.level,
      rule: c.rule,
      severity: c.severity,
      user: c.user ?? null,
      role: c.role ?? null,
      holders: c.holders ?? null,
      generic: c.generic === true,
      systems: c.systems,
      sides: [
        { label: c.sides[0]!.label, grants: c.sides[0]!.grants.map(grant) },
        { label: c.sides[1]!.label, grants: c.sides[1]!.grants.map(grant) },
      ],
      risk: c.risk,
      status: c.status,
      resolution: text(c),
    })),
    leavers: view.leavers.map((l) => ({
      user: l.user,
      system: l.system,
      account: l.account,
      terminationDate: l.terminationDate,
      daysSinceTermination: l.daysSinceTermination,
      asOf: l.asOf,
      rows: l.rows,
      status: l.status,
      resolution: text(l),
    })),
    generic: view.generic.map((g) => ({
      user: g.user,
      system: g.system,
      account: g.account,
      reason: g.reason,
      status: g.status,
      rows: g.rows,
    })),
    bySeverity,
  };
}

// An analysis without stored decisions (the CLI): every finding open.
export function accessViewOf(result: AccessSodResult) {
  const base = accessSodJson(result);
  const open = { status: 'open' as AccessStatus, resolution: null, task: null };
  return {
    ...base,
    conflicts: base.conflicts.map((c) => ({ ...c, ...open })),
    leavers: base.leavers.map((x) => ({ ...x, ...open })),
    matrix: conflictMatrix(base.conflicts, () => 'open'),
    plan: { tasks: [] as (PlanTask & { findingKey: string })[] },
  };
}
