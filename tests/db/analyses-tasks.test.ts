import { expect, it } from 'vitest';
import { getAnalysis, insertAnalysis, latestAnalysis, listAnalysisVersions } from '../../server/db/analyses.ts';
import { createEngagement } from '../../server/db/engagements.ts';
import { getTask, listTasks, replaceTasks, updateTask } from '../../server/db/tasks.ts';
import type { Analysis } from '../../server/domain/analysis.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { forEachDatabase } from './databases.ts';

const ANALYSIS: Analysis = analyse(typicalSaasControls(), { ...SAAS_PROFILE, planStart: '2026-11-25' });
// What a JSON column can give back: the analysis as JSON sees it.
const asJson = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

forEachDatabase('analyses', (ctx) => {
  it('numbers versions per engagement and returns the latest analysis whole', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: SAAS_PROFILE });
    await createEngagement(ctx.db, { id: 'e2', companyName: 'Beta', profile: {} });
    expect(await latestAnalysis(ctx.db, 'e1')).toBeNull();
    const v1 = await insertAnalysis(ctx.db, { engagementId: 'e1', importId: null, analysis: ANALYSIS });
    const other = await insertAnalysis(ctx.db, { engagementId: 'e2', importId: null, analysis: ANALYSIS });
    const v2 = await insertAnalysis(ctx.db, {
      engagementId: 'e1',
      importId: null,
      analysis: { ...ANALYSIS, defaults: [] },
    });
    expect([v1.version, other.version, v2.version]).toEqual([1, 1, 2]);
    const latest = await latestAnalysis(ctx.db, 'e1');
    expect(latest?.version).toBe(2);
    expect(latest?.analysis.defaults).toEqual([]);
    const first = await getAnalysis(ctx.db, 'e1', 1);
    expect(first?.analysis).toStrictEqual(asJson(ANALYSIS));
    expect(first?.analysis.plan.tasks.length).toBeGreaterThan(10);
    expect(await getAnalysis(ctx.db, 'e1', 3)).toBeNull();
    expect((await listAnalysisVersions(ctx.db, 'e1')).map((v) => v.version)).toEqual([1, 2]);
  });

  it('gives concurrent writers distinct, consecutive versions', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    const small = { ...ANALYSIS, plan: { ...ANALYSIS.plan, tasks: [] } };
    const all = await Promise.all(
      Array.from({ length: 8 }, () => insertAnalysis(ctx.db, { engagementId: 'e1', importId: null, analysis: small })),
    );
    expect(all.map((a) => a.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

forEachDatabase('tasks', (ctx) => {
  const tasks = ANALYSIS.plan.tasks;

  it('stores the plan in order and reads every task back as generated', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await replaceTasks(ctx.db, 'e1', 1, tasks);
    expect(await listTasks(ctx.db, 'e1')).toStrictEqual(asJson(tasks));
    const one = await getTask(ctx.db, 'e1', tasks[3]!.id);
    expect(one?.task).toStrictEqual(asJson(tasks[3]));
    expect(one?.analysisVersion).toBe(1);
    expect(await getTask(ctx.db, 'e1', 'NOPE')).toBeNull();
    expect(await getTask(ctx.db, 'other', tasks[3]!.id)).toBeNull();
  });

  it('updates editable fields, reports before/after of those that changed, and keeps the generated task', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await replaceTasks(ctx.db, 'e1', 1, tasks);
    const t = tasks[0]!;
    const r = await updateTask(ctx.db, 'e1', t.id, {
      owner: 'Dana Lee',
      status: 'in-progress',
      effortDays: 12.5,
      title: t.title, // unchanged: not reported
      dependsOn: ['P-SCOPE', 'P-RCM'],
      end: '2027-03-31',
    });
    expect(r?.changes).toEqual([
      { field: 'owner', before: t.owner, after: 'Dana Lee' },
      { field: 'end', before: t.end, after: '2027-03-31' },
      { field: 'effortDays', before: t.effortDays, after: 12.5 },
      { field: 'status', before: t.status, after: 'in-progress' },
      { field: 'dependsOn', before: t.dependsOn, after: ['P-SCOPE', 'P-RCM'] },
    ]);
    const stored = await getTask(ctx.db, 'e1', t.id);
    expect(stored?.task).toStrictEqual({
      ...asJson(t),
      owner: 'Dana Lee',
      status: 'in-progress',
      effortDays: 12.5,
      dependsOn: ['P-SCOPE', 'P-RCM'],
      end: '2027-03-31',
    });
    expect(stored?.generated).toStrictEqual(asJson(t));
    expect(r?.task).toEqual(stored?.task);
    const row = await ctx.db.selectFrom('tasks').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      owner: 'Dana Lee',
      due: '2027-03-31',
      effort: 12.5,
      status: 'in-progress',
      depends_on: '["P-SCOPE","P-RCM"]',
    });

    const again = await updateTask(ctx.db, 'e1', t.id, { owner: 'Dana Lee' });
    expect(again?.changes).toEqual([]);
    expect(await updateTask(ctx.db, 'e1', 'NOPE', { owner: 'x' })).toBeNull();
  });

  it('a new plan replaces the old one for that engagement only', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await createEngagement(ctx.db, { id: 'e2', companyName: 'Beta', profile: {} });
    await replaceTasks(ctx.db, 'e1', 1, tasks);
    await replaceTasks(ctx.db, 'e2', 1, tasks.slice(0, 2));
    await replaceTasks(ctx.db, 'e1', 2, tasks.slice(5, 8));
    expect((await listTasks(ctx.db, 'e1')).map((t) => t.id)).toEqual(tasks.slice(5, 8).map((t) => t.id));
    expect((await getTask(ctx.db, 'e1', tasks[5]!.id))?.analysisVersion).toBe(2);
    expect(await listTasks(ctx.db, 'e2')).toHaveLength(2);
  });
});
