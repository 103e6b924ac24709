// The board's top risks: tasks at risk of missing their deadline, critical/high SoD conflicts and entity-level targets
// with no SOC 2 control at all. Each list is capped; the rest is counted, never silently dropped.
import { showDate } from '../dates.ts';
import { SEVERITY_WORDS } from '../../../server/domain/words.ts';
import type { Analysis } from './analysis-types.ts';
import type { AccessConflict } from './access-types.ts';

export interface RiskLine {
  kind: 'at-risk' | 'sod' | 'entity' | 'deficiency';
  text: string;
  detail: string;
}

export interface RiskGroup {
  kind: RiskLine['kind'];
  title: string;
  lines: RiskLine[];
  more: number;
  total: number;
}

// A reason on the board in one line: the anchor or capacity it names, not the whole chain (the Plan shows all of it,
// and the board links there). Long titles are shortened the same way, so the printed board stays one page.
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

export function short(reason: string): string {
  const anchor = /anchor [^:]+/.exec(reason)?.[0];
  const capacity = /over capacity: [^;]+/.exec(reason)?.[0];
  const late = /(\d+) days? after its latest finish/.exec(reason);
  return clip([late ? `${late[1]} ${late[1] === '1' ? 'day' : 'days'} late` : null, anchor, capacity].filter(Boolean).join('; ') || reason, 60);
}

// SoD counts owner conflicts (from the control matrix) and access conflicts (from the user listings) together, as the
// Summary sheet, the CLI and the analysis JSON do: critical and high of both, access ones at every level.
export function topRisks(a: Analysis, cap = 2, access: readonly AccessConflict[] = []): RiskGroup[] {
  const atRisk = a.plan.tasks.filter((t) => t.atRisk).sort((x, y) => x.end.localeCompare(y.end));
  const material = (s: string) => s === 'critical' || s === 'high';
  const rank = (s: string) => (s === 'critical' ? 0 : 1);
  const sod = [
    ...a.sod
      .filter((c) => material(c.severity))
      .map((c) => ({ severity: c.severity, text: `${c.owner}: ${c.sides.map((s) => s.label.toLowerCase()).join(' + ')}`, detail: `${c.severity} · ${c.rule} · owner` })),
    ...access
      .filter((c) => material(c.severity))
      .map((c) => ({
        severity: c.severity,
        text: `${c.user ?? c.role ?? '?'}: ${c.sides.map((s) => s.label.toLowerCase()).join(' + ')}`,
        detail: `${c.severity} · ${c.rule} · access (${c.level}, ${c.status})`,
      })),
  ].sort((x, y) => rank(x.severity) - rank(y.severity));
  const entity = a.delta.items.filter((i) => i.category === 'entity' && i.status === 'gap');
  const group = (kind: RiskLine['kind'], title: string, lines: RiskLine[]): RiskGroup => ({ kind, title, lines: lines.slice(0, cap), more: Math.max(0, lines.length - cap), total: lines.length });
  const open = (a.deficiencies ?? []).filter((d) => d.status === 'open').sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'material-weakness' ? -1 : 1));
  const deficiencyLines: RiskLine[] = [
      ...(a.disclosureRisks ?? []).map((r) => ({ kind: 'deficiency' as const, text: 'Item 9A disclosure risk', detail: r.text })),
      ...open.map((d) => ({ kind: 'deficiency' as const, text: `${d.id} ${d.title}`, detail: (SEVERITY_WORDS as Record<string, string>)[d.severity] ?? d.severity })),
  ];
  return [
    // shown only when there is one: before testing starts the board keeps its three groups
    ...(deficiencyLines.length > 0 ? [group('deficiency', 'Open deficiencies and Item 9A disclosure risks', deficiencyLines)] : []),
    group(
      'at-risk',
      'Tasks at risk of missing their deadline',
      atRisk.map((t) => ({ kind: 'at-risk', text: clip(t.title, 60), detail: `${t.owner}, ${showDate(t.end)}${t.atRiskReason ? `: ${short(t.atRiskReason)}` : ''}` })),
    ),
    group(
      'sod',
      'Critical and high SoD conflicts',
      sod.map((c) => ({ kind: 'sod', text: c.text, detail: c.detail })),
    ),
    group(
      'entity',
      'Missing entity-level controls',
      entity.map((i) => ({ kind: 'entity', text: `${i.id} ${i.title}`, detail: 'no SOC 2 control to build on' })),
    ),
  ];
}
