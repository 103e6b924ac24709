// What the engagement decided about each access finding (SoD conflict or leaver), kept as plain data keyed by the
// finding's stable key so the decisions survive a re-analysis of fresh listings:
//   remediate  remove the access (a plan task for the system owner),
//   mitigate   keep it, with a named compensating control, its owner and frequency (a plan task to operate it),
//   accept     keep it, with a written reason (no task; the reason is the evidence).
// A user-level conflict that comes entirely through one toxic role is settled by the decision on that role's
// conflict for the same rule. Open findings are counted by severity for the readiness score.
import { FREQUENCIES, type Frequency, type Severity } from './catalog.ts';
import type { PlanTask } from './plan.ts';
import type { AccessConflict } from './access-conflicts.ts';
import type { Leaver } from './access-users.ts';
import { plural } from './words.ts';

export type Resolution =
  | { key: string; action: 'remediate'; owner?: string; remove?: { system: string; role: string }[]; note?: string }
  | { key: string; action: 'mitigate'; control: string; owner: string; frequency: Frequency; note?: string }
  | { key: string; action: 'accept'; reason: string; by?: string };

// The fields of a PlanTask that do not depend on the schedule; the plan builder adds start/end/float.
export type AccessSodTask = Pick<
  PlanTask,
  | 'id'
  | 'phase'
  | 'kind'
  | 'title'
  | 'target'
  | 'reasons'
  | 'owner'
  | 'durationDays'
  | 'effortDays'
  | 'dependsOn'
  | 'status'
  | 'notes'
  | 'sampleSize'
  | 'deliverables'
> & {
  findingKey: string;
};

export interface ResolvedFinding {
  key: string;
  action: Resolution['action'];
  via: string | null; // the role-level finding whose resolution settles this one
}

export interface ResolutionIssue {
  code: 'resolution-invalid' | 'resolution-stale' | 'resolution-duplicate';
  key: string;
  message: string;
}

export interface ResolutionOutcome {
  openConflicts: AccessConflict[];
  openLeavers: Leaver[];
  resolved: ResolvedFinding[];
  tasks: AccessSodTask[];
  openBySeverity: Record<Severity, number>;
  issues: ResolutionIssue[];
}

export const LEAVER_SEVERITY: Severity = 'high';

// FNV-1a: a short, stable task id from the finding key (the key itself is too long for a plan row).
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const blank = (s: unknown) => typeof s !== 'string' || s.trim() === '';

function invalid(r: Resolution): string | null {
  if (blank(r.key)) return 'a resolution needs the finding key';
  switch (r.action) {
    case 'accept':
      return blank(r.reason) ? 'accepting a finding needs a written reason' : null;
    case 'mitigate':
      if (blank(r.control)) return 'a mitigation needs the compensating control, named';
      if (blank(r.owner)) return 'a mitigation needs the control owner';
      return (FREQUENCIES as readonly string[]).includes(r.frequency)
        ? null
        : `frequency "${String(r.frequency)}" is not one of ${FREQUENCIES.join(', ')}`;
    case 'remediate':
      return r.owner !== undefined && blank(r.owner) ? 'the remediation owner, when given, must not be empty' : null;
    default:
      return `unknown action "${String((r as { action: unknown }).action)}"`;
  }
}

const roleKeyOfConflict = (c: AccessConflict) => (c.level === 'role' ? c.key.split('|').slice(2).join('|') : null);

function subject(c: AccessConflict): string {
  return c.level === 'role' ? `role "${c.role}" in ${c.systems.join(', ')}` : `${c.user} (${c.systems.join(', ')})`;
}

function conflictTask(c: AccessConflict, r: Resolution, defaultOwner: string): AccessSodTask | null {
  const id = `ASOD-${hash(c.key)}`;
  const duties = `${c.sides[0].label.toLowerCase()} vs ${c.sides[1].label.toLowerCase()}`;
  const base = {
    id,
    phase: 'remediate',
    kind: 'remediate' as const,
    target: null,
    reasons: ['sod' as const],
    dependsOn: [],
    status: 'not-started' as const,
    findingKey: c.key,
    sampleSize: null,
    deliverables: [],
  };
  if (r.action === 'remediate') {
    const removal = r.remove?.length ? r.remove.map((x) => `${x.role} in ${x.system}`).join(', ') : null;
    const title =
      c.level === 'role'
        ? `Redesign role "${c.role}" (${c.systems.join(', ')}) so it no longer grants both sides of ${c.rule}`
        : `Remove access from ${c.user}: ${removal ?? 'one side of the conflict'} (${c.rule})`;
    const sides = c.sides
      .map(
        (s) =>
          `${s.label}: ${[...new Set(s.grants.map((g) => `${g.system} ${g.role ?? ''}${g.permission ? ` / ${g.permission}` : ''}`.trim()))].join('; ')}`,
      )
      .join(' | ');
    return {
      ...base,
      title,
      owner: r.owner ?? defaultOwner,
      durationDays: 14,
      effortDays: 1,
      notes: `${duties}. ${sides}${r.note ? `. ${r.note}` : ''}. Re-extract the listing afterwards to evidence the removal.`,
    };
  }
  if (r.action === 'mitigate')
    return {
      ...base,
      title: `Operate compensating control for ${c.rule} (${subject(c)}): ${r.control}`,
      owner: r.owner,
      durationDays: 28,
      effortDays: 3,
      notes: `${r.frequency} control over ${duties}. Suggested by the rule set: ${c.compensatingControl}${r.note ? ` ${r.note}` : ''}`,
    };
  return null;
}

function leaverTask(l: Leaver, r: Resolution, defaultOwner: string): AccessSodTask | null {
  const base = {
    id: `ALVR-${hash(l.key)}`,
    phase: 'remediate',
    kind: 'remediate' as const,
    target: null,
    reasons: ['timely-removal' as const],
    dependsOn: [],
    status: 'not-started' as const,
    findingKey: l.key,
    sampleSize: null,
    deliverables: [],
  };
  if (r.action === 'remediate')
    return {
      ...base,
      title: `Disable ${l.system} account ${l.account} of leaver ${l.user} (terminated ${l.terminationDate})`,
      owner: r.owner ?? defaultOwner,
      durationDays: 2,
      effortDays: 0.5,
      notes: `Active ${plural(l.daysSinceTermination, 'day')} after termination as of ${l.asOf}. Review the account's activity after ${l.terminationDate} for unauthorised transactions.${r.action === 'remediate' && r.note ? ` ${r.note}` : ''}`,
    };
  if (r.action === 'mitigate')
    return {
      ...base,
      title: `Operate compensating control for leaver ${l.user} in ${l.system}: ${r.control}`,
      owner: r.owner,
      durationDays: 28,
      effortDays: 1,
      notes: `${r.frequency} control; account active ${plural(l.daysSinceTermination, 'day')} after termination.`,
    };
  return null;
}

export function resolveFindings(
  findings: { conflicts: readonly AccessConflict[]; leavers: readonly Leaver[] },
  resolutions: readonly Resolution[],
  options: { defaultOwner?: string } = {},
): ResolutionOutcome {
  const defaultOwner = options.defaultOwner ?? 'IT / Security lead';
  const issues: ResolutionIssue[] = [];
  const byKey = new Map<string, Resolution>();
  for (const r of resolutions) {
    const problem = invalid(r);
    if (problem) {
      issues.push({
        code: 'resolution-invalid',
        key: String(r.key ?? ''),
        message: `${String(r.key ?? '(no key)')}: ${problem}; the finding stays open.`,
      });
      continue;
    }
    if (byKey.has(r.key))
      issues.push({
        code: 'resolution-duplicate',
        key: r.key,
        message: `${r.key}: resolved more than once; the last resolution is used.`,
      });
    byKey.set(r.key, r);
  }
  const known = new Set([...findings.conflicts.map((c) => c.key), ...findings.leavers.map((l) => l.key)]);
  for (const key of byKey.keys())
    if (!known.has(key))
      issues.push({
        code: 'resolution-stale',
        key,
        message: `${key}: no such finding in this analysis (the access changed or was removed); the resolution is kept but not applied.`,
      });

  // role conflicts settled, by 'rule|roleKey'
  const roleSettled = new Map<string, string>();
  for (const c of findings.conflicts) {
    const rk = roleKeyOfConflict(c);
    if (rk && byKey.has(c.key)) roleSettled.set(`${c.rule}|${rk}`, c.key);
  }

  const openConflicts: AccessConflict[] = [];
  const resolved: ResolvedFinding[] = [];
  const tasks: AccessSodTask[] = [];
  const openBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const c of findings.conflicts) {
    const r = byKey.get(c.key);
    if (r) {
      resolved.push({ key: c.key, action: r.action, via: null });
      const t = conflictTask(c, r, defaultOwner);
      if (t) tasks.push(t);
      continue;
    }
    const via = c.level === 'user' && c.singleRole ? roleSettled.get(`${c.rule}|${c.singleRole}`) : undefined;
    if (via) {
      const action = byKey.get(via)?.action ?? 'remediate';
      resolved.push({ key: c.key, action, via });
      continue;
    }
    openConflicts.push(c);
    openBySeverity[c.severity]++;
  }
  const openLeavers: Leaver[] = [];
  for (const l of findings.leavers) {
    const r = byKey.get(l.key);
    if (!r) {
      openLeavers.push(l);
      openBySeverity[LEAVER_SEVERITY]++;
      continue;
    }
    resolved.push({ key: l.key, action: r.action, via: null });
    const t = leaverTask(l, r, defaultOwner);
    if (t) tasks.push(t);
  }
  return { openConflicts, openLeavers, resolved, tasks, openBySeverity, issues };
}
