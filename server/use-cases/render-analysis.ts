// The analysis as the API sends it (GET /engagements/{id}/analysis): the stored analysis with the current tasks laid
// over its plan, as JSON and gzipped. For a large engagement this is the expensive part of a read (parsing and
// writing tens of megabytes of JSON), so the server runs it in a separate process (http/analysis-renderer.ts); the
// input is the rows as stored, gathered by the server, so the renderer needs no database.
import { gzipSync } from 'node:zlib';
import { fromJson } from '../db/support.ts';
import type { AnalysesTable, TasksTable } from '../db/schema.ts';
import { taskOfRow } from '../db/tasks.ts';
import type { PlanTask } from '../domain/plan.ts';
import type { Analysis } from './analyse-engagement.ts';
import { analysisJson } from './analysis-json.ts';

export interface RenderInput {
  analysis: AnalysesTable;
  tasks: TasksTable[];
  extraTasks: PlanTask[]; // the tasks access decisions call for (read-only on the plan)
}

export interface RenderedBody {
  body: string;
  gzip: Uint8Array<ArrayBuffer> | null; // null: too small to be worth it
}

export const GZIP_FROM = 16 * 1024;

export function renderAnalysis(input: RenderInput): RenderedBody {
  const analysis = fromJson<Analysis>(input.analysis.analysis_json);
  const tasks = [...input.tasks.map(taskOfRow), ...input.extraTasks];
  const out = analysisJson({ ...analysis, plan: { ...analysis.plan, tasks } });
  out.plan.atRisk = tasks.filter((t) => t.atRisk).length;
  out.plan.taskCount = tasks.length;
  const body = JSON.stringify({ version: input.analysis.version, createdAt: input.analysis.created_at, ...out });
  return { body, gzip: body.length >= GZIP_FROM ? new Uint8Array(gzipSync(body, { level: 1 })) : null };
}
