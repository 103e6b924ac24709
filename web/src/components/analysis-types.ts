// The parts of GET /api/engagements/{id}/analysis that the gap, SoD and board screens read (server/use-cases/analysis-json.ts).
export type TargetStatus = 'covered' | 'enhance' | 'gap' | 'not-applicable';

export interface Via {
  tsc: string;
  relationship: string;
  inferred: boolean;
  phrase: string | null;
}

// A reviewer's decision on a source→target link (server/domain/mapping-review.ts)
export type MappingDecision = 'accept' | 'reject' | 'add';
export interface ReviewMark {
  decision: MappingDecision;
  reason: string;
  author: string;
  at: string;
}

export interface Source {
  sheet: string;
  row: number;
  controlId: string;
  via: Via[];
  match?: 'strong' | 'partial' | 'reviewer'; // absent on analyses stored before sources were read by content
  matched?: string[];
  review?: ReviewMark;
}

// A control that shares a criterion with the target but whose words do not support it (intent.ts)
export interface Candidate {
  sheet: string;
  row: number;
  controlId: string;
  reason: string;
  matched: string[];
  excluded: string[];
  review?: ReviewMark;
}

export interface Reason {
  code: string;
  text: string;
  finding: string;
  rule: string;
  blocking: boolean;
  controls?: string[];
}

export interface DeltaItem {
  id: string;
  title: string;
  category: string;
  key: boolean;
  coso?: number[];
  assertions: string[];
  frequency: string;
  status: TargetStatus;
  coverage: string;
  basis: string;
  reasons: Reason[];
  sources: Source[];
  candidates?: Candidate[];
  orphanedReviews?: (ReviewMark & { controlId: string; targetId: string; why: string })[]; // decisions about a control no longer in the matrix
}

export interface CosoPrinciple {
  principle: number;
  component: string;
  name: string;
  tsc: string;
  status: string;
  basis: string;
  targets: { id: string; status: string }[];
  controls: { controlId: string; sheet: string; row: number }[];
}

export interface SodSideControl {
  id: string;
  sheet: string;
  row: number;
  via: string;
  keyword: string;
  text: string;
}

export interface SodConflict {
  rule: string;
  severity: string;
  owner: string;
  basis: string;
  controls: string[];
  sides: { duty: string; label: string; controls: SodSideControl[] }[];
  risk: string;
  compensatingControl: string;
  explanation: string;
}

export interface Milestone {
  periodEnd: string;
  due: string;
  label: string;
  basis: string;
}

export interface PlanTask {
  id: string;
  phase: string;
  kind: string;
  title: string;
  target: string | null;
  owner: string;
  start: string;
  end: string;
  atRisk: boolean;
  atRiskReason: string | null;
  critical: boolean;
  status: string;
}

export interface Phase {
  id: string;
  name: string;
  start: string;
  end: string;
  tasks?: number;
}

export interface DeficiencySummary {
  id: string;
  target: string;
  title: string;
  severity: string;
  status: string;
}

export interface Analysis {
  deficiencies?: DeficiencySummary[]; // issue 24 (absent in analyses stored before it)
  disclosureRisks?: { text: string; periodEnd: string }[];
  version: number;
  createdAt: string;
  profile: Record<string, unknown>;
  coso: CosoPrinciple[];
  readiness: { overall: number; byCategory: { category: string; percent: number; targets: number }[]; formula: string };
  delta: { summary: { covered: number; enhance: number; gap: number; notApplicable: number }; items: DeltaItem[]; controls?: { controlId: string }[] };
  sod: SodConflict[];
  // what the owner SoD looked at (absent on analyses stored before it was recorded)
  sodScope?: { controls: number; controlsWithDuties: number; controlsWithOwnerAndDuties: number; owners: number; sentence: string };
  timeline: {
    first10Q: Milestone | null;
    first302: Milestone | null;
    first10K: Milestone | null;
    first404a: Milestone | null;
    first404b: Milestone | null;
    first10QReason?: string | null;
    first404bReason?: string | null;
  };
  plan: {
    start: string;
    end: string;
    taskCount: number;
    tasks: PlanTask[];
    phases: Phase[];
    atRisk: number;
    overloads?: unknown[];
    keyDates: { id: string; date: string; basis: string }[];
  };
}

const CATEGORY: Record<string, string> = {
  entity: 'Entity-level',
  'itgc-access': 'ITGC · access',
  'itgc-change': 'ITGC · change',
  'itgc-development': 'ITGC · development',
  'itgc-operations': 'ITGC · operations',
  'service-org': 'Service organisations',
};

// "process:procure-to-pay" reads as "Process · procure to pay" for people who never see the key.
export function categoryLabel(c: string): string {
  if (CATEGORY[c]) return CATEGORY[c];
  if (c.startsWith('process:')) return `Process · ${c.slice(8).replace(/-/g, ' ')}`;
  return c.replace(/-/g, ' ');
}
