import { expect, it } from 'vitest';
import { createEngagement, DEFAULT_WORKSPACE_ID } from '../../server/db/engagements.ts';
import { createWorkspace } from '../../server/db/workspaces.ts';
import {
  deleteMappingProfile,
  findMappingProfiles,
  headersSignature,
  saveMappingProfile,
} from '../../server/db/mapping-profiles.ts';
import { forEachDatabase } from './databases.ts';

const W = DEFAULT_WORKSPACE_ID;
const SIG = headersSignature(['Control ID', 'Control Description', 'TSC Criteria', 'Owner']);

it('headersSignature ignores case, punctuation and spacing, but not order', () => {
  expect(headersSignature([' Control  ID', 'Control-Description', 'TSC criteria:', 'OWNER', ''])).toBe(SIG);
  expect(SIG).toBe('control id|control description|tsc criteria|owner');
  expect(headersSignature(['Owner', 'Control ID', 'Control Description', 'TSC Criteria'])).not.toBe(SIG);
  expect(headersSignature(['Contrôle N°'])).toBe('contrôle n');
});

forEachDatabase('mapping profiles', (ctx) => {
  const mapping = { sheets: ['Controls'], overrides: [{ sheet: 'Controls', column: 4, field: 'owner' as const }] };

  it('saves per client and finds by client or by headers', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    const a = await saveMappingProfile(ctx.db, {
      workspaceId: W,
      client: 'Acme',
      name: 'SOC2 matrix',
      headersSignature: SIG,
      mapping,
      engagementId: 'e1',
      at: '2026-01-01T00:00:00.000Z',
    });
    await saveMappingProfile(ctx.db, {
      workspaceId: W,
      client: 'Beta',
      name: 'RCM',
      headersSignature: SIG,
      mapping: { sheets: [], overrides: [] },
      at: '2026-01-02T00:00:00.000Z',
    });
    await saveMappingProfile(ctx.db, {
      workspaceId: W,
      client: 'Acme',
      name: 'Other',
      headersSignature: 'a|b',
      mapping,
      at: '2026-01-03T00:00:00.000Z',
    });
    expect(a).toMatchObject({
      client: 'Acme',
      name: 'SOC2 matrix',
      engagementId: 'e1',
      headersSignature: SIG,
      mapping,
    });

    expect((await findMappingProfiles(ctx.db, W, { client: 'Acme' })).map((p) => p.name)).toEqual([
      'Other',
      'SOC2 matrix',
    ]);
    expect((await findMappingProfiles(ctx.db, W, { headersSignature: SIG })).map((p) => p.client)).toEqual([
      'Beta',
      'Acme',
    ]);
    expect((await findMappingProfiles(ctx.db, W, { client: 'Acme', headersSignature: SIG })).map((p) => p.id)).toEqual([
      a.id,
    ]);
    expect(await findMappingProfiles(ctx.db, W, { client: 'Nobody' })).toEqual([]);
    expect(await findMappingProfiles(ctx.db, W, {})).toHaveLength(3);
  });

  it('saving the same client and name again replaces the mapping and keeps the id', async () => {
    const first = await saveMappingProfile(ctx.db, {
      workspaceId: W,
      client: 'Acme',
      name: 'SOC2',
      headersSignature: SIG,
      mapping,
      at: '2026-01-01T00:00:00.000Z',
    });
    const changed = { sheets: ['Controls', 'ITGC'], overrides: [] };
    const second = await saveMappingProfile(ctx.db, {
      workspaceId: W,
      client: 'Acme',
      name: 'SOC2',
      headersSignature: 'x|y',
      mapping: changed,
      at: '2026-02-01T00:00:00.000Z',
    });
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({
      mapping: changed,
      headersSignature: 'x|y',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    });
    expect(await findMappingProfiles(ctx.db, W, { client: 'Acme' })).toEqual([second]);
    expect(await deleteMappingProfile(ctx.db, W, first.id)).toBe(true);
    expect(await deleteMappingProfile(ctx.db, W, first.id)).toBe(false);
  });

  // The attack of issue 19: another workspace saves a profile under the same client and name. It is a profile of its
  // own; the first workspace's profile is unchanged, never suggested there, and cannot be deleted from there.
  it('keeps each workspace’s profiles apart, even under the same client and name', async () => {
    const other = await createWorkspace(ctx.db, 'Client C', 'test');
    const mine = await saveMappingProfile(ctx.db, { workspaceId: W, client: 'Acme', name: 'SOC2', headersSignature: SIG, mapping, at: '2026-01-01T00:00:00.000Z' });
    const theirs = await saveMappingProfile(ctx.db, { workspaceId: other.id, client: 'Acme', name: 'SOC2', headersSignature: SIG, mapping: { sheets: ['Nothing'], overrides: [] }, at: '2026-02-01T00:00:00.000Z' });
    expect(theirs.id).not.toBe(mine.id);
    expect(await findMappingProfiles(ctx.db, W, { headersSignature: SIG })).toEqual([mine]);
    expect(await findMappingProfiles(ctx.db, W, { id: theirs.id })).toEqual([]);
    expect(await findMappingProfiles(ctx.db, other.id, { client: 'Acme' })).toEqual([theirs]);
    expect(await deleteMappingProfile(ctx.db, other.id, mine.id)).toBe(false);
    expect(await findMappingProfiles(ctx.db, W, {})).toEqual([mine]);
  });
});
