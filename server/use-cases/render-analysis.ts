// The analysis as the API sends it (GET /engagements/{id}/analysis): the stored analysis with the current tasks laid
// over its plan, as JSON and gzipped. For a large engagement this is the expensive part of a read (parsing and
// writing tens of megabytes of JSON), so the server runs it in a separate process (http/analysis-renderer.ts); the
// input is the rows as stored, gathered by the server, so the renderer needs no database.
import { gzipSync } from 'node:zlib';
import { fromJson } from '../db/support.ts';
import type { AnalysesTable, TasksTable } from '../db/schema.ts';
import { taskOfRow } from '../db/tasks.ts';
import type { PlanTask } from '../domain/plan.ts';
import type { Analysis } from '../domain/analysis.ts';
import { analysisJson } from './analysis-json.ts';

// The parts the API serves: the whole analysis, or one of its sections (GET …/coso, …/plan and the others).
export const ANALYSIS_PARTS = ['coso', 'sod', 'plan', 'timeline', 'delta', 'readiness'] as const;
export type AnalysisPart = 'analysis' | (typeof ANALYSIS_PARTS)[number];

export interface RenderInput {
  part?: AnalysisPart; // default 'analysis'
  analysisKey: string; // engagement id and version: an analysis is never rewritten, so a renderer may keep it parsed
  analysis: AnalysesTable | null; // null: the renderer has this analysisKey already (it said so)
  tasks: TasksTable[];
  extraTasks: PlanTask[]; // the tasks access decisions call for (read-only on the plan)
}

// The analyses a renderer keeps parsed (a few: the engagements being worked on), most recent last.
const parsed = new Map<string, { analysis: Analysis; version: number; createdAt: string }>();
const KEEP_PARSED = 4;

export interface RenderedBody {
  body: string | null; // null: only the gzipped copy was kept (the renderer process sends no more across)
  gzip: Uint8Array<ArrayBuffer> | null; // null: too small to be worth it
}

export const GZIP_FROM = 16 * 1024;

export function renderAnalysis(input: RenderInput): RenderedBody {
  let held = parsed.get(input.analysisKey);
  if (input.analysis) {
    held = { analysis: fromJson<Analysis>(input.analysis.analysis_json), version: input.analysis.version, createdAt: input.analysis.created_at };
    parsed.delete(input.analysisKey);
    parsed.set(input.analysisKey, held);
    while (parsed.size > KEEP_PARSED) parsed.delete(parsed.keys().next().value as string);
  }
  if (!held) throw new Error(`the renderer does not hold analysis ${input.analysisKey}`);
  const { analysis } = held;
  const tasks = [...input.tasks.map(taskOfRow), ...input.extraTasks];
  const out = analysisJson({ ...analysis, plan: { ...analysis.plan, tasks } });
  out.plan.atRisk = tasks.filter((t) => t.atRisk).length;
  out.plan.taskCount = tasks.length;
  const part = input.part ?? 'analysis';
  const body = JSON.stringify(part === 'analysis' ? { version: held.version, createdAt: held.createdAt, ...out } : { version: held.version, [part]: out[part] });
  return { body, gzip: body.length >= GZIP_FROM ? new Uint8Array(gzipSync(body, { level: 1 })) : null };
}
