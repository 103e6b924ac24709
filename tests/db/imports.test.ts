import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { createEngagement } from '../../server/db/engagements.ts';
import {
  confirmImport,
  controlsImportId,
  getImport,
  insertImport,
  listControls,
  listImports,
  replaceControls,
  updateImportPreview,
  type NewImport,
} from '../../server/db/imports.ts';
import type { TableInfo } from '../../server/domain/control.ts';
import { typicalSaasControls } from '../fixtures/analysis.ts';
import { makeControl } from '../fixtures/controls.ts';
import { forEachDatabase } from './databases.ts';

const TABLE: TableInfo = {
  sheet: 'Controls',
  headerRow: 3,
  headerRows: 1,
  firstDataRow: 4,
  lastDataRow: 40,
  layout: 'wide',
  mapping: {
    columns: [
      { column: 1, letter: 'A', header: 'Control ID', field: 'controlId', confidence: 1, basis: 'header synonym' },
    ],
  },
};

// Every byte value, so a driver that treats the blob as text would be caught.
const BYTES = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) % 256);

const newImport = (over: Partial<NewImport> = {}): NewImport => ({
  id: 'i1',
  engagementId: 'e1',
  fileName: 'Acme SOC2 matrix.xlsx',
  bytes: BYTES,
  format: 'xlsx',
  mapping: { sheets: ['Controls'], overrides: [{ sheet: 'Controls', column: 5, field: 'owner' }] },
  tables: [TABLE],
  issues: [
    {
      code: 'criterion-unknown',
      severity: 'warning',
      sheet: 'Controls',
      row: 7,
      column: 'D',
      message: 'CC9.9 is not a TSC 2017 criterion',
    },
  ],
  at: '2026-11-25T10:00:00.000Z',
  ...over,
});

forEachDatabase('imports and controls', (ctx) => {
  it('keeps the original bytes untouched, with their sha256 and size', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    const s = await insertImport(ctx.db, newImport());
    expect(s.sha256).toBe(createHash('sha256').update(BYTES).digest('hex'));
    expect(s.size).toBe(1024);
    expect(s.status).toBe('preview');
    const r = await getImport(ctx.db, 'i1');
    expect(r).not.toBeNull();
    expect(r!.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(r!.bytes).equals(Buffer.from(BYTES))).toBe(true);
    const { bytes: _bytes, ...summary } = r!;
    expect(summary).toEqual(s);
    expect(summary.tables).toEqual([TABLE]);
    expect(summary.mapping.overrides).toEqual([{ sheet: 'Controls', column: 5, field: 'owner' }]);
    expect(await getImport(ctx.db, 'nope')).toBeNull();
  });

  it('lists imports without bytes, updates a preview, and confirms once', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await insertImport(ctx.db, newImport({ id: 'i1', at: '2026-11-25T10:00:00.000Z' }));
    await insertImport(
      ctx.db,
      newImport({ id: 'i2', at: '2026-11-25T11:00:00.000Z', format: 'csv', fileName: 'b.csv' }),
    );
    const list = await listImports(ctx.db, 'e1');
    expect(list.map((i) => i.id)).toEqual(['i1', 'i2']);
    expect('bytes' in list[0]!).toBe(false);

    expect(
      await updateImportPreview(ctx.db, 'i1', { mapping: { sheets: [], overrides: [] }, tables: [], issues: [] }),
    ).toBe(true);
    expect((await getImport(ctx.db, 'i1'))?.mapping).toEqual({ sheets: [], overrides: [] });
    expect(await confirmImport(ctx.db, 'i1')).toBe(true);
    expect(await confirmImport(ctx.db, 'i1')).toBe(false);
    expect(await confirmImport(ctx.db, 'missing')).toBe(false);
    expect((await getImport(ctx.db, 'i1'))?.status).toBe('confirmed');
    // A confirmed import is history: its mapping no longer changes.
    expect(
      await updateImportPreview(ctx.db, 'i1', { mapping: { sheets: ['X'], overrides: [] }, tables: [], issues: [] }),
    ).toBe(false);
  });

  it('stores whole SocControls (extra columns, source rows) and replaces them by import', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await createEngagement(ctx.db, { id: 'e2', companyName: 'Other', profile: {} });
    await insertImport(ctx.db, newImport({ id: 'i1' }));
    await insertImport(ctx.db, newImport({ id: 'i2' }));
    await insertImport(ctx.db, newImport({ id: 'o1', engagementId: 'e2' }));
    const controls = typicalSaasControls();
    controls[0] = {
      ...controls[0]!,
      extra: [
        ['Risk rating', 'High'],
        ['Risk rating', 'dup header'],
      ],
      hidden: true,
    };
    await replaceControls(ctx.db, 'e1', 'i1', controls);
    await replaceControls(ctx.db, 'e2', 'o1', [makeControl({ id: 'X-1', description: 'other client' })]);
    expect(await listControls(ctx.db, 'e1')).toEqual(controls);
    expect(await controlsImportId(ctx.db, 'e1')).toBe('i1');

    const next = [makeControl({ id: 'AC-9', description: 'Quarterly access review', sheet: 'New', row: 12 })];
    await replaceControls(ctx.db, 'e1', 'i2', next);
    expect(await listControls(ctx.db, 'e1')).toEqual(next);
    expect(await controlsImportId(ctx.db, 'e1')).toBe('i2');
    expect((await listControls(ctx.db, 'e2')).map((c) => c.id)).toEqual(['X-1']);
    const row = await ctx.db
      .selectFrom('controls')
      .selectAll()
      .where('engagement_id', '=', 'e1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ control_id: 'AC-9', sheet: 'New', row: 12, import_id: 'i2' });
    expect(await controlsImportId(ctx.db, 'none')).toBeNull();
  });

  it('replaces many controls in batches', async () => {
    await createEngagement(ctx.db, { id: 'e1', companyName: 'Acme', profile: {} });
    await insertImport(ctx.db, newImport());
    const many = Array.from({ length: 1234 }, (_, i) =>
      makeControl({ id: `C-${i}`, description: `control ${i}`, row: i + 2 }),
    );
    await replaceControls(ctx.db, 'e1', 'i1', many);
    const back = await listControls(ctx.db, 'e1');
    expect(back.length).toBe(1234);
    expect(back.map((c) => c.id)).toEqual(many.map((c) => c.id));
  });
});
