// What one analysis of an engagement holds: the resolved profile and its defaults, the delta against the SOX
// programme, COSO coverage, readiness, owner SoD, the SEC timeline, the plan, the SOC 1 register and the deficiency
// evaluation. A value type shared by the use case that computes it (use-cases/analyse-engagement.ts), the database that
// stores it and the workbook export that writes it, so neither of those depends on use-cases.
import type { CosoCoverage } from './coso.ts';
import type { Deficiency, DeficiencyJudgement, DisclosureRisk, TestResult } from './deficiencies.ts';
import type { Delta } from './delta.ts';
import type { IntakeIssue } from './grid.ts';
import type { Plan } from './plan.ts';
import type { EngagementProfile, ProfileDefault } from './profile.ts';
import type { Readiness } from './readiness.ts';
import type { Soc1EntryStatus } from './soc1-register.ts';
import type { SodConflict, SodScope } from './sod.ts';
import type { Timeline } from './timeline.ts';

export interface Analysis {
  profile: EngagementProfile;
  defaults: ProfileDefault[];
  delta: Delta;
  coso: CosoCoverage[];
  readiness: Readiness;
  sod: SodConflict[];
  sodIssues: IntakeIssue[];
  sodScope: SodScope;
  timeline: Timeline;
  plan: Plan;
  soc1: Soc1EntryStatus[]; // the SOC 1 register against the first §404(a) year (empty when no service organisation)
  testResults: TestResult[];
  judgements: DeficiencyJudgement[];
  deficiencies: Deficiency[];
  disclosureRisks: DisclosureRisk[];
}

