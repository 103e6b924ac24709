import { createWorkspace } from '../../server/db/workspaces.ts';
import { expect, it } from 'vitest';
import {
  archiveEngagement,
  createEngagement,
  getEngagement,
  listEngagements,
  unarchiveEngagement,
  updateEngagementProfile,
} from '../../server/db/engagements.ts';
import { forEachDatabase } from './databases.ts';

forEachDatabase('engagements', (ctx) => {
  it('creates and reads back an engagement with its profile as entered', async () => {
    const profile = {
      companyName: 'Acme Cloud',
      ipoDate: '2027-05-15',
      egc: true,
      financialSystems: ['NetSuite', 'Stripe'],
    };
    const e = await createEngagement(ctx.db, {
      id: 'e1',
      companyName: 'Acme Cloud',
      profile,
      at: '2026-11-25T10:00:00.000Z',
    });
    expect(e).toEqual({
      id: 'e1',
      companyName: 'Acme Cloud',
      profile,
      createdAt: '2026-11-25T10:00:00.000Z',
      updatedAt: '2026-11-25T10:00:00.000Z',
      archivedAt: null,
      workspaceId: 'default', // every engagement is in a workspace; the default one unless named
    });
    expect(await getEngagement(ctx.db, 'e1')).toEqual(e);
    expect(await getEngagement(ctx.db, 'nope')).toBeNull();
  });

  it('lists only what a caller may see: their workspaces, plus single engagements they are a member of', async () => {
    const ws = await createWorkspace(ctx.db, 'Client B', 'test');
    await createEngagement(ctx.db, { id: 'a1', companyName: 'A1', profile: {} });
    await createEngagement(ctx.db, { id: 'b1', companyName: 'B1', profile: {}, workspaceId: ws.id });
    await createEngagement(ctx.db, { id: 'b2', companyName: 'B2', profile: {}, workspaceId: ws.id });
    const names = async (opts: Parameters<typeof listEngagements>[1]) =>
      (await listEngagements(ctx.db, opts)).map((e) => e.id).sort();
    expect(await names({})).toEqual(['a1', 'b1', 'b2']);
    expect(await names({ visibleTo: { workspaceIds: ['default'], engagementIds: [] } })).toEqual(['a1']);
    expect(await names({ visibleTo: { workspaceIds: [], engagementIds: ['b2'] } })).toEqual(['b2']);
    expect(await names({ visibleTo: { workspaceIds: ['default'], engagementIds: ['b2'] } })).toEqual(['a1', 'b2']);
    expect(await names({ visibleTo: { workspaceIds: [], engagementIds: [] } })).toEqual([]);
    expect(
      await names({ visibleTo: { workspaceIds: ['default'], engagementIds: ['b2'] }, workspaceId: ws.id }),
    ).toEqual(['b2']);
  });

  it('makes an id when none is given', async () => {
    const a = await createEngagement(ctx.db, { companyName: 'A', profile: {} });
    const b = await createEngagement(ctx.db, { companyName: 'B', profile: {} });
    expect(a.id).not.toBe(b.id);
    expect((await getEngagement(ctx.db, a.id))?.companyName).toBe('A');
  });

  it('lists active engagements in creation order and archived ones only on request', async () => {
    await createEngagement(ctx.db, { id: 'e2', companyName: 'Beta', profile: {}, at: '2026-01-02T00:00:00.000Z' });
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Alpha', profile: {}, at: '2026-01-01T00:00:00.000Z' });
    await createEngagement(ctx.db, { id: 'e3', companyName: 'Gamma', profile: {}, at: '2026-01-03T00:00:00.000Z' });
    const archived = await archiveEngagement(ctx.db, 'e2', '2026-02-01T00:00:00.000Z');
    expect(archived?.archivedAt).toBe('2026-02-01T00:00:00.000Z');
    // Archiving again keeps the first time.
    expect((await archiveEngagement(ctx.db, 'e2', '2026-03-01T00:00:00.000Z'))?.archivedAt).toBe(
      '2026-02-01T00:00:00.000Z',
    );
    expect((await listEngagements(ctx.db)).map((e) => e.id)).toEqual(['e1', 'e3']);
    expect((await listEngagements(ctx.db, { includeArchived: true })).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
    await unarchiveEngagement(ctx.db, 'e2');
    expect((await listEngagements(ctx.db)).map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('updates the profile, and the company name with it when the profile names one', async () => {
    await createEngagement(ctx.db, {
      id: 'e1',
      companyName: 'Acme',
      profile: { companyName: 'Acme' },
      at: '2026-01-01T00:00:00.000Z',
    });
    const u = await updateEngagementProfile(
      ctx.db,
      'e1',
      { companyName: 'Acme Holdings', fiscalYearEnd: '06-30' },
      '2026-01-05T00:00:00.000Z',
    );
    expect(u).toMatchObject({
      companyName: 'Acme Holdings',
      profile: { companyName: 'Acme Holdings', fiscalYearEnd: '06-30' },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-05T00:00:00.000Z',
    });
    const v = await updateEngagementProfile(ctx.db, 'e1', { fiscalYearEnd: '12-31' });
    expect(v?.companyName).toBe('Acme Holdings');
    expect(v?.profile).toEqual({ fiscalYearEnd: '12-31' });
    expect(await updateEngagementProfile(ctx.db, 'missing', {})).toBeNull();
  });
});
