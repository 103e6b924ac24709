// The JSON contract of `cli analyze --json` (DESIGN.md), shared with the API so both speak the same shape.
import { sodScopeSentence } from '../domain/sod.ts';
import type { Milestone } from '../domain/timeline.ts';
import type { Analysis } from '../domain/analysis.ts';
import type { ImportResult } from './import-workbook.ts';

const milestone = (m: Milestone | null) => (m ? { periodEnd: m.periodEnd, due: m.due, label: m.label, basis: m.basis } : null);

export function importJson(imp: ImportResult) {
  const invalidAt = imp.controls.flatMap((c) =>
    c.invalidCriteria.map((id) => ({ id, controlId: c.id, sheet: c.source.sheet, row: c.source.row })),
  );
  return {
    import: {
      file: imp.file,
      format: imp.format,
      controls: imp.controls.length,
      sheets: imp.sheetsRead,
      tables: imp.tables.map((t) => ({
        sheet: t.sheet,
        headerRow: t.headerRow,
        headerRows: t.headerRows,
        firstDataRow: t.firstDataRow,
        lastDataRow: t.lastDataRow,
        layout: t.layout,
        mapping: t.mapping.columns.map((c) => ({ column: c.letter, header: c.header, field: c.field, confidence: c.confidence, basis: c.basis })),
      })),
      issues: imp.issues.map((i) => ({ code: i.code, severity: i.severity, sheet: i.sheet, row: i.row, column: i.column, message: i.message })),
    },
    criteria: {
      recognised: [...new Set(imp.controls.flatMap((c) => c.criteria))].length,
      invalid: [...new Set(invalidAt.map((i) => i.id))].sort(),
      invalidAt,
    },
  };
}

export function analysisJson(a: Analysis) {
  return {
    profile: a.profile,
    defaults: a.defaults,
    coso: a.coso,
    readiness: a.readiness,
    delta: {
      summary: a.delta.summary,
      items: a.delta.items.map((i) => ({
        id: i.id,
        title: i.title,
        category: i.category,
        key: i.key,
        coso: i.coso,
        assertions: i.assertions,
        frequency: i.frequency,
        status: i.status,
        coverage: i.coverage,
        basis: i.basis,
        reasons: i.reasons.map((r) => ({ code: r.code, text: r.text, finding: r.finding, rule: r.rule, blocking: r.blocking, controls: r.controls })),
        sources: i.sources.map((s) => ({ sheet: s.sheet, row: s.row, controlId: s.controlId, via: s.via, match: s.match, matched: s.matched, ...(s.review ? { review: s.review } : {}) })),
        // controls that share a criterion but whose words do not support the target (or a reviewer rejected), with the reason
        candidates: (i.candidates ?? []).map((c) => ({ sheet: c.sheet, row: c.row, controlId: c.controlId, reason: c.reason, matched: c.matched, excluded: c.excluded, ...(c.review ? { review: c.review } : {}) })),
        // reviewers' decisions on this target about a control no longer in the matrix: kept and shown (mapping-review.ts)
        ...(i.orphanedReviews?.length ? { orphanedReviews: i.orphanedReviews } : {}),
      })),
      ...(a.delta.orphanedReviews?.length ? { orphanedReviews: a.delta.orphanedReviews } : {}),
      // Per control: its classification and reason codes; the sentences behind the codes are on the targets it feeds.
      controls: a.delta.controls.map((c) => ({
        controlId: c.controlId,
        sheet: c.sheet,
        row: c.row,
        classification: c.classification,
        targets: c.targets,
        reasonCodes: c.reasonCodes,
        ...(c.classification === 'reuse-with-changes' ? {} : { reasons: c.reasons }),
        criteria: c.criteria,
        inferred: c.inferred,
      })),
    },
    sod: a.sod.map((c) => ({
      rule: c.rule,
      severity: c.severity,
      owner: c.owner,
      basis: c.basis,
      controls: c.controls,
      sides: c.sides,
      risk: c.risk,
      compensatingControl: c.compensatingControl,
      explanation: c.explanation,
    })),
    sodIssues: a.sodIssues,
    // the SOC 1 register against the first §404(a) year (analyses stored before the register have none)
    soc1: ((a as Partial<Analysis>).soc1 ?? []).map((s) => ({
      org: s.entry.org,
      inProfile: s.inProfile,
      reportType: s.entry.reportType,
      periodStart: s.entry.periodStart,
      periodEnd: s.entry.periodEnd,
      fiscalYear: s.fiscalYear,
      covered: s.covered,
      uncovered: s.uncovered,
      bridgeLetter: s.bridgeLetter,
      cuecs: s.cuecs,
      targets: s.entry.targets,
      complete: s.complete,
      missing: s.missing,
    })),
    // (analyses stored before the scope was recorded have none)
    ...((a as Partial<Analysis>).sodScope ? { sodScope: { ...a.sodScope, sentence: sodScopeSentence(a.sodScope, a.sod.length) } } : {}),
    timeline: {
      fiscalYear: a.timeline.fiscalYear,
      s1PeriodEnd: a.timeline.s1.periodEnd,
      s1Basis: a.timeline.s1.basis,
      first10Q: milestone(a.timeline.first10Q),
      first10QReason: a.timeline.first10QReason,
      first302: milestone(a.timeline.first302),
      first10K: milestone(a.timeline.first10K),
      first404a: milestone(a.timeline.first404a),
      first404b: milestone(a.timeline.first404b),
      first404bReason: a.timeline.first404bReason,
      egcEnds: a.timeline.egcEnds,
      egcEndsReason: a.timeline.egcEndsReason,
      filerStatusByYear: a.timeline.filerStatusByYear.map((y) => ({ fiscalYear: y.fiscalYear, fiscalYearEnd: y.fiscalYearEnd, status: y.status, basis: y.basis })),
      filings: a.timeline.filings.map((f) => ({ form: f.form, fiscalYear: f.fiscalYear, quarter: f.quarter, periodEnd: f.periodEnd, due: f.due, filerStatus: f.filerStatus, icfr: f.icfr, certifications: f.certifications, basis: f.basis })),
    },
    plan: {
      start: a.plan.start,
      end: a.plan.end,
      taskCount: a.plan.tasks.length,
      tasks: a.plan.tasks,
      phases: a.plan.phases,
      atRisk: a.plan.atRisk,
      criticalPath: a.plan.criticalPath,
      workload: a.plan.workload,
      overloads: a.plan.overloads,
      levelling: a.plan.levelling,
      keyDates: a.plan.keyDates,
      notes: a.plan.notes,
    },
    testResults: a.testResults ?? [],
    deficiencies: (a.deficiencies ?? []).map((d) => ({
      id: d.id,
      target: d.target,
      origin: d.origin,
      severity: d.severity,
      basis: d.basis,
      aggregatedWith: d.aggregatedWith,
      tasks: d.tasks,
      title: d.title,
      testId: d.testId,
      computedSeverity: d.computedSeverity,
      override: d.override,
      likelihood: d.likelihood,
      magnitude: d.magnitude,
      compensatingControl: d.compensatingControl,
      indicators: d.indicators,
      accounts: d.accounts,
      cosoComponent: d.cosoComponent,
      status: d.status,
      statusBasis: d.statusBasis,
    })),
    disclosureRisks: a.disclosureRisks ?? [], // (analyses stored before issue 24 have none)
  };
}
