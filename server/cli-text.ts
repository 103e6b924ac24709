// What the command line prints for people (without --json): short, stable summaries built from the same objects the
// JSON holds. Labels come from the one words table (domain/words.ts); codes stay in the JSON.
import type { analysisJson, importJson } from './use-cases/analysis-json.ts';
import { issueWords, plural, REASON_WORDS } from './domain/words.ts';
import type { ReasonCode } from './domain/catalog.ts';

type ImportOut = ReturnType<typeof importJson>;
type AnalysisOut = ReturnType<typeof analysisJson>;
type Issue = ImportOut['import']['issues'][number];

const PER_GROUP = 5;
const TOP = 5;

const where = (i: Pick<Issue, 'sheet' | 'row' | 'column'>) =>
  [i.sheet ? `sheet ${i.sheet}` : null, i.row !== null ? `row ${i.row}` : null, i.column ? `column ${i.column}` : null]
    .filter(Boolean)
    .join(', ') || 'the file';

// Issues grouped by kind (errors, then warnings, then notes), each with where it was found.
export function issuesText(issues: Issue[]): string[] {
  if (issues.length === 0) return ['No import issues: every row was read as written.'];
  const order = { error: 0, warning: 1, info: 2 } as Record<string, number>;
  const groups = new Map<string, Issue[]>();
  for (const i of issues) groups.set(i.code, [...(groups.get(i.code) ?? []), i]);
  const sorted = [...groups.entries()].sort(
    (a, b) => Math.min(...a[1].map((i) => order[i.severity] ?? 3)) - Math.min(...b[1].map((i) => order[i.severity] ?? 3)),
  );
  const lines = [`Import issues (${issues.length}):`];
  for (const [code, items] of sorted) {
    const w = issueWords(code);
    const worst = items.reduce((m, i) => ((order[i.severity] ?? 3) < (order[m] ?? 3) ? i.severity : m), 'info');
    lines.push(`  ${w.label} (${worst}, ${items.length})${w.sentence ? `: ${w.sentence}` : ''}`);
    for (const i of items.slice(0, PER_GROUP)) lines.push(`    ${where(i)}: ${i.message}`);
    if (items.length > PER_GROUP) lines.push(`    … ${items.length - PER_GROUP} more (all in --json)`);
  }
  return lines;
}

export function importText(file: string, out: ImportOut): string[] {
  const t = out.import;
  return [
    `${file}: ${plural(t.controls, 'control')} read from ${t.sheets.length ? `${t.sheets.length === 1 ? 'sheet' : 'sheets'} ${t.sheets.join(', ')}` : 'no sheet'}`,
    ...t.tables.map((tb) => `  ${tb.sheet}: header on row ${tb.headerRow}, controls on rows ${tb.firstDataRow}–${tb.lastDataRow}; ${tb.mapping.filter((m) => m.field).length} of ${tb.mapping.length} columns used`),
    ...(out.criteria.invalid.length ? [`Not SOC 2 (2017) criteria, left out: ${out.criteria.invalid.join(', ')}`] : []),
    ...issuesText(t.issues),
  ];
}

const reasonLabel = (code: string) => REASON_WORDS[code as ReasonCode]?.label ?? code;

export interface AccessCounts {
  conflicts: number;
  severities: string[]; // each conflict's severity, counted like the owner conflicts
  listings: number;
  leavers: number;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low'];
function bySeverity(severities: string[]): string {
  return SEVERITIES.map((v) => [v, severities.filter((x) => x === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
}

export function analysisText(file: string, imp: ImportOut, a: AnalysisOut, workbook: string | null, access?: AccessCounts): string[] {
  const s = a.delta.summary;
  const targets = s.covered + s.enhance + s.gap + s.notApplicable;
  const gaps = a.delta.items.filter((i) => i.status === 'gap').sort((x, y) => Number(y.key) - Number(x.key));
  const enh = a.delta.items.filter((i) => i.status === 'enhance');
  const needs = new Map<string, number>();
  for (const i of enh) for (const r of new Set(i.reasons.filter((r) => r.blocking).map((r) => r.code))) needs.set(r, (needs.get(r) ?? 0) + 1);
  const t = a.timeline;
  const filing = (name: string, m: { periodEnd: string; due: string; label: string } | null, reason?: string | null) =>
    m ? `  ${m.label.padEnd(52)} period ended ${m.periodEnd}, due ${m.due}` : `  ${name.padEnd(52)} ${reason ?? 'none'}`;
  return [
    ...importText(file, imp),
    '',
    `Readiness ${a.readiness.overall}% against ${plural(targets, 'SOX target')}: ${s.covered} covered, ${s.enhance} to enhance, ${plural(s.gap, 'gap')}, ${s.notApplicable} not applicable`,
    ...(gaps.length
      ? [
          `Top gaps (${gaps.length}, key controls first):`,
          ...gaps.slice(0, TOP).map((g) => `  ${g.id.padEnd(12)} ${g.title}${g.key ? ' (key)' : ''}`),
          ...(gaps.length > TOP ? [`  … ${gaps.length - TOP} more`] : []),
        ]
      : ['No gaps.']),
    ...(needs.size
      ? [
          'Most common changes to SOC 2 controls:',
          ...[...needs.entries()]
            .sort((x, y) => y[1] - x[1])
            .slice(0, TOP)
            .map(([code, n]) => `  ${reasonLabel(code)}: ${plural(n, 'target')}`),
        ]
      : []),
    // owner and access conflicts counted the same way as the Board view and the Summary sheet: by severity
    a.sod.length ? `Segregation-of-duties conflicts among the control owners (${bySeverity(a.sod.map((c) => c.severity))}):` : 'Segregation of duties among the control owners:',
    ...(a.sodScope ? [`  ${a.sodScope.sentence}`] : []),
    ...a.sod.slice(0, TOP).map((c) => `  ${c.severity.padEnd(8)} ${c.owner}: ${c.sides.map((sd) => `${sd.label} (${sd.controls.map((x) => x.id).join(', ')})`).join(' and ')}`),
    ...(a.sod.length > TOP ? [`  … ${a.sod.length - TOP} more`] : []),
    ...(access ? [`Access SoD: ${plural(access.conflicts, 'conflict')}${access.conflicts ? ` (${bySeverity(access.severities)})` : ''} in ${plural(access.listings, 'listing')}, ${plural(access.leavers, 'leaver')} still active`] : []),
    'SEC filings and milestones:',
    filing('First 10-Q', t.first10Q, t.first10QReason),
    filing('First 10-K', t.first10K),
    filing('First 404(a) management report', t.first404a),
    filing('First 404(b) auditor attestation', t.first404b, t.first404bReason),
    `Plan: ${a.plan.start} to ${a.plan.end}, ${plural(a.plan.taskCount, 'task')}, ${a.plan.atRisk} at risk`,
    workbook ? `Workbook written to ${workbook}` : 'No workbook written (add --out plan.xlsx).',
  ];
}

// One line per file of a batch.
export function batchLine(file: string, imp: ImportOut, a: AnalysisOut, workbook: string | null): string {
  const s = a.delta.summary;
  return `${file}: ${plural(imp.import.controls, 'control')}, ${plural(imp.import.issues.length, 'issue')}, readiness ${a.readiness.overall}%, ${plural(s.gap, 'gap')}, ${plural(a.sod.length, 'SoD conflict')}${workbook ? ` -> ${workbook}` : ''}`;
}
