// What the plan workbook is written from: the engagement as it stands (its analysis, its current task list, the
// client's imported controls) plus the export's own identity. Plain data; the sheet writers only read it.
import type { PlanTask } from '../../domain/plan.ts';
import type { SocControl } from '../../domain/control.ts';
import type { Analysis } from '../../domain/analysis.ts';
import type { AccessExport } from './access-sheet.ts';
import type { ScenarioSheetInput } from './scenarios-sheet.ts';

export interface ExportModel {
  engagementId: string;
  exportId: string;
  exportedAt: string; // ISO-8601 UTC timestamp
  today: string; // YYYY-MM-DD, for the today marker on the Timeline
  version: string; // soxbridge version
  analysis: Analysis; // profile, delta, coso, readiness, sod, timeline, plan (plan.tasks as analysed)
  tasks: PlanTask[]; // the engagement's current tasks (after any applied edits): the Plan and Timeline show these
  controls: SocControl[]; // the client's controls as imported, with every original column
  source: { file: string; sheets: string[] };
  exportedBy?: string; // who asked for it (an e-mail, or 'local')
  readOnly?: boolean; // a viewer's copy: every sheet protected, the Summary says so
  scenarios?: ScenarioSheetInput[]; // scenarios saved on the engagement, baseline first: adds the "Scenarios" sheet
  access?: AccessExport; // access-based SoD from user listings, when the engagement has any: adds the "SoD – Access" sheet
}
