// The analysis as GET /api/engagements/{id}/analysis sends it: the types come from the server's response schema
// (server/http/openapi-analysis.ts), so the screens and the API cannot drift apart.
import type { AnalysisBody } from '../../../server/http/openapi-analysis.ts';

export type Analysis = AnalysisBody;
export type DeltaItem = Analysis['delta']['items'][number];
export type TargetStatus = DeltaItem['status'];
export type Source = DeltaItem['sources'][number];
export type Via = Source['via'][number];
export type Candidate = DeltaItem['candidates'][number];
export type ReviewMark = NonNullable<Source['review']>;
export type MappingDecision = ReviewMark['decision'];
export type Reason = DeltaItem['reasons'][number];
export type CosoPrinciple = Analysis['coso'][number];
export type SodConflict = Analysis['sod'][number];
export type SodSideControl = SodConflict['sides'][number]['controls'][number];
export type Milestone = NonNullable<Analysis['timeline']['first10K']>;
export type PlanTask = Analysis['plan']['tasks'][number];
export type Phase = Analysis['plan']['phases'][number];
export type DeficiencySummary = Analysis['deficiencies'][number];

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
