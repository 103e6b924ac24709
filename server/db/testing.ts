// Recorded test results and deficiency judgements of an engagement. Every query names the workspace and the
// engagement, so a row can never be read or written through another workspace's engagement.
import type { DeficiencySeverity, Indicator, Likelihood } from '../domain/catalog.ts';
import type { Conclusion, DeficiencyJudgement, TestResult } from '../domain/deficiencies.ts';
import type { Executor } from './support.ts';

export interface Scope {
  workspaceId: string;
  engagementId: string;
}

export async function listTestResults(db: Executor, s: Scope): Promise<TestResult[]> {
  const rows = await db.selectFrom('test_results').selectAll().where('workspace_id', '=', s.workspaceId).where('engagement_id', '=', s.engagementId).orderBy('test_id').execute();
  return rows.map((r) => ({ testId: r.test_id, tested: r.tested, exceptions: r.exceptions, conclusion: r.conclusion as Conclusion, testedOn: r.tested_on, note: r.note }));
}

export async function listJudgements(db: Executor, s: Scope): Promise<DeficiencyJudgement[]> {
  const rows = await db.selectFrom('deficiency_judgements').selectAll().where('workspace_id', '=', s.workspaceId).where('engagement_id', '=', s.engagementId).orderBy('deficiency_id').execute();
  return rows.map((r) => ({
    deficiencyId: r.deficiency_id,
    likelihood: r.likelihood as Likelihood | null,
    magnitude: r.magnitude,
    compensatingControl: r.compensating_control,
    indicators: JSON.parse(r.indicators_json) as Indicator[],
    overrideSeverity: r.override_severity as DeficiencySeverity | null,
    overrideReason: r.override_reason,
  }));
}

// Replaces the result of one test (delete then insert: one statement shape for SQLite and PostgreSQL).
export async function putTestResult(db: Executor, s: Scope, r: TestResult, actor: string, at: string): Promise<void> {
  await db.deleteFrom('test_results').where('workspace_id', '=', s.workspaceId).where('engagement_id', '=', s.engagementId).where('test_id', '=', r.testId).execute();
  await db
    .insertInto('test_results')
    .values({ workspace_id: s.workspaceId, engagement_id: s.engagementId, test_id: r.testId, tested: r.tested, exceptions: r.exceptions, conclusion: r.conclusion, tested_on: r.testedOn, note: r.note, recorded_by: actor, recorded_at: at })
    .execute();
}

export async function putJudgement(db: Executor, s: Scope, j: DeficiencyJudgement, actor: string, at: string): Promise<void> {
  await db.deleteFrom('deficiency_judgements').where('workspace_id', '=', s.workspaceId).where('engagement_id', '=', s.engagementId).where('deficiency_id', '=', j.deficiencyId).execute();
  await db
    .insertInto('deficiency_judgements')
    .values({
      workspace_id: s.workspaceId,
      engagement_id: s.engagementId,
      deficiency_id: j.deficiencyId,
      likelihood: j.likelihood,
      magnitude: j.magnitude,
      compensating_control: j.compensatingControl,
      indicators_json: JSON.stringify(j.indicators),
      override_severity: j.overrideSeverity,
      override_reason: j.overrideReason,
      recorded_by: actor,
      recorded_at: at,
    })
    .execute();
}
