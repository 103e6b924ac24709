import { expect, it } from 'vitest';
import { appendAudit, listAudit, verifyAudit } from '../../server/db/audit-log.ts';
import { createEngagement, getEngagement, listEngagements } from '../../server/db/engagements.ts';
import { confirmImport, getImport, insertImport, listControls, replaceControls } from '../../server/db/imports.ts';
import { getTask, replaceTasks, updateTask } from '../../server/db/tasks.ts';
import { analyse, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';
import { inTransaction } from '../../server/db/support.ts';
import { forEachDatabase } from './databases.ts';

const controls = typicalSaasControls();
const tasks = analyse(controls, { ...SAAS_PROFILE, planStart: '2026-11-25' }).plan.tasks;
const importOf = (id: string) => ({
  id,
  engagementId: 'e1',
  fileName: 'm.xlsx',
  bytes: new Uint8Array([1, 2, 3]),
  format: 'xlsx' as const,
  mapping: { sheets: [], overrides: [] },
  tables: [],
  issues: [],
});

forEachDatabase('transactions', (ctx) => {
  it('two writers locking the same rows in opposite orders both succeed: the one PostgreSQL aborts is run again', async () => {
    await createEngagement(ctx.db, { id: 'd1', companyName: 'One', profile: {} });
    await createEngagement(ctx.db, { id: 'd2', companyName: 'Two', profile: {} });
    let attempts = 0;
    // each holds its first row until the other has taken its own, so on PostgreSQL one of them is a deadlock victim
    let arrived = 0;
    const bothHoldOne = () =>
      new Promise<void>((resolve) => {
        arrived++;
        const wait = () => (arrived >= 2 ? resolve() : setTimeout(wait, 5));
        wait();
      });
    const writer = (first: string, second: string) =>
      inTransaction(ctx.db, async (trx) => {
        attempts++;
        await trx.updateTable('engagements').set({ company_name: `locked by ${first}` }).where('id', '=', first).execute();
        if (ctx.dialect === 'postgres' && attempts <= 2) await bothHoldOne(); // SQLite runs one write transaction at a time
        await trx.updateTable('engagements').set({ company_name: `then ${second}` }).where('id', '=', second).execute();
        return first;
      });
    const done = await Promise.all([writer('d1', 'd2'), writer('d2', 'd1')]);
    expect(done).toEqual(['d1', 'd2']);
    if (ctx.dialect === 'postgres') expect(attempts).toBe(3); // one aborted and run again
    expect((await getEngagement(ctx.db, 'd1'))?.companyName).toMatch(/^(locked by|then) /);
  });

  it('a failing multi-step write leaves no trace', async () => {
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await createEngagement(trx, { id: 'e1', companyName: 'Acme', profile: {} });
        await insertImport(trx, importOf('i1'));
        await confirmImport(trx, 'i1');
        await replaceControls(trx, 'e1', 'i1', controls); // nests inside the caller's transaction
        await appendAudit(trx, {
          engagementId: 'e1',
          actor: 'dana',
          action: 'import.confirm',
          entity: 'import',
          entityId: 'i1',
        });
        throw new Error('the use case failed after writing');
      }),
    ).rejects.toThrow('the use case failed after writing');
    expect(await getEngagement(ctx.db, 'e1')).toBeNull();
    expect(await getImport(ctx.db, 'i1')).toBeNull();
    expect(await listControls(ctx.db, 'e1')).toEqual([]);
    expect(await listAudit(ctx.db)).toEqual([]);
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true, entries: 0 });
  });

  it('a failing edit rolls back the task change and its audit entry, and the chain stays whole', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await replaceTasks(ctx.db, 'e1', 1, tasks);
    await appendAudit(ctx.db, { engagementId: 'e1', actor: 'dana', action: 'plan.replace', entity: 'plan' });
    const id = tasks[0]!.id;
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        const r = await updateTask(trx, 'e1', id, { owner: 'Someone else' });
        for (const c of r!.changes)
          await appendAudit(trx, {
            engagementId: 'e1',
            actor: 'dana',
            action: 'task.update',
            entity: 'task',
            entityId: id,
            field: c.field,
            before: c.before,
            after: c.after,
          });
        // A constraint violation mid-way: the same engagement id again.
        await createEngagement(trx, { id: 'e1', companyName: 'dup', profile: {} });
      }),
    ).rejects.toThrow();
    expect((await getTask(ctx.db, 'e1', id))?.task.owner).toBe(tasks[0]!.owner);
    expect(await listAudit(ctx.db)).toHaveLength(1);
    // The next append links to the surviving tip.
    await appendAudit(ctx.db, { engagementId: 'e1', actor: 'dana', action: 'task.update', entity: 'task' });
    expect(await verifyAudit(ctx.db)).toMatchObject({ ok: true, entries: 2 });
    expect(await listEngagements(ctx.db)).toHaveLength(1);
  });
});
