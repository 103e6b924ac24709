import { expect, it } from 'vitest';
import { createEngagement } from '../../server/db/engagements.ts';
import {
  getExport,
  getReimport,
  insertExport,
  insertReimport,
  listExports,
  markReimportApplied,
  markReimportDiscarded,
} from '../../server/db/exports.ts';
import type { PlanDiff } from '../../server/domain/plan-diff.ts';
import { rowHash, taskValues, type PlanRowValues } from '../../server/domain/plan-export.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { forEachDatabase } from './databases.ts';

const tasks = analyse(typicalSaasControls(), { ...SAAS_PROFILE, planStart: '2026-11-25' }).plan.tasks;
const rows = new Map<string, PlanRowValues>(tasks.map((t) => [t.id, taskValues(t)]));
const hashes = new Map(tasks.map((t, i) => [t.id, { row: i + 2, hash: rowHash(taskValues(t)) }]));

const DIFF: PlanDiff = {
  changes: [{ sheet: 'Plan', row: 2, id: tasks[0]!.id, field: 'owner', before: tasks[0]!.owner, after: 'Dana Lee' }],
  added: [],
  deleted: [],
  invalid: [
    {
      sheet: 'Plan',
      row: 5,
      column: 'I',
      id: tasks[3]!.id,
      field: 'status',
      value: 'maybe',
      code: 'status-unknown',
      message: 'unknown status',
    },
  ],
  conflicts: [],
};

forEachDatabase('exports and re-imports', (ctx) => {
  it('remembers what each export handed out, row and hash per task', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    const x = await insertExport(ctx.db, {
      id: 'x1',
      engagementId: 'e1',
      analysisVersion: 1,
      hashes,
      rows,
      at: '2026-11-25T12:00:00.000Z',
    });
    const back = await getExport(ctx.db, 'x1');
    expect(back).toEqual(x);
    expect(back?.rows).toEqual(rows);
    expect(back?.hashes).toEqual(hashes);
    expect([...back!.rows.keys()]).toEqual(tasks.map((t) => t.id));
    expect(await getExport(ctx.db, 'x2')).toBeNull();
    await insertExport(ctx.db, {
      id: 'x0',
      engagementId: 'e1',
      analysisVersion: 1,
      hashes: new Map(),
      rows: new Map(),
      at: '2026-11-24T12:00:00.000Z',
    });
    expect((await listExports(ctx.db, 'e1')).map((e) => e.id)).toEqual(['x0', 'x1']);
  });

  it('holds a re-import diff until it is applied or discarded, once', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await insertExport(ctx.db, { id: 'x1', engagementId: 'e1', analysisVersion: 1, hashes, rows });
    const r = await insertReimport(ctx.db, {
      id: 'r1',
      engagementId: 'e1',
      exportId: 'x1',
      fileName: 'edited.xlsx',
      sha256: 'ab'.repeat(32),
      diff: DIFF,
    });
    expect(r.status).toBe('pending');
    expect(await getReimport(ctx.db, 'r1')).toEqual(r);
    expect((await getReimport(ctx.db, 'r1'))?.diff).toEqual(DIFF);

    expect(await markReimportApplied(ctx.db, 'r1', '2026-11-26T09:00:00.000Z')).toBe(true);
    expect(await markReimportApplied(ctx.db, 'r1')).toBe(false);
    expect(await markReimportDiscarded(ctx.db, 'r1')).toBe(false);
    expect(await getReimport(ctx.db, 'r1')).toMatchObject({ status: 'applied', appliedAt: '2026-11-26T09:00:00.000Z' });

    await insertReimport(ctx.db, {
      id: 'r2',
      engagementId: 'e1',
      exportId: 'x1',
      fileName: 'again.xlsx',
      sha256: 'cd'.repeat(32),
      diff: DIFF,
    });
    expect(await markReimportDiscarded(ctx.db, 'r2')).toBe(true);
    expect((await getReimport(ctx.db, 'r2'))?.status).toBe('discarded');
    expect(await markReimportApplied(ctx.db, 'missing')).toBe(false);
  });

  it('refuses a re-import of an unknown export', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await expect(
      insertReimport(ctx.db, { engagementId: 'e1', exportId: 'nope', fileName: 'f.xlsx', sha256: '00', diff: DIFF }),
    ).rejects.toThrow();
  });
});
