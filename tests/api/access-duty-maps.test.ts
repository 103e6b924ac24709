// The duty maps (templates/duty-maps/*.json) are loaded with the catalogue, once, when the process starts (main.ts,
// the CLI, the test harness all call loadCatalog), and reach every request through the context: no request reads
// them from disk. Proof: a catalogue loaded from a copy of templates/ whose duty-maps folder is then deleted still
// maps the roles, and a catalogue with no duty maps on the context maps none of them, whatever is on disk.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, loadCatalog } from '../../server/catalog/load-catalog.ts';
import type { Catalog } from '../../server/domain/catalog.ts';
import { createApp } from '../../server/http/app.ts';
import { forEachDatabase } from '../db/databases.ts';
import { buildNetSuiteXlsx } from '../fixtures/access-listings.ts';
import { apiFor, call, type Api } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'soxbridge-duty-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function catalogWithoutTheFolderOnDisk(): Catalog {
  const templates = join(dir, 'templates');
  cpSync(DEFAULT_TEMPLATES_DIR, templates, { recursive: true });
  const loaded = loadCatalog(templates);
  if (!loaded.ok) throw new Error('the copied catalogue does not load');
  rmSync(join(templates, 'duty-maps'), { recursive: true }); // gone: a request that read it would find nothing
  return loaded.value;
}

async function netSuiteAccess(app: Api) {
  const e = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15' });
  const form = new FormData();
  form.append('file', new Blob([(await buildNetSuiteXlsx()).slice().buffer as ArrayBuffer]), 'netsuite.xlsx');
  const up = await app.request(`/api/engagements/${e.json.id}/access/listings`, { method: 'POST', body: form });
  expect(up.status).toBe(201);
  const access = (await call(app, 'GET', `/api/engagements/${e.json.id}/access`)).json;
  const dutyMap = (await call(app, 'GET', `/api/engagements/${e.json.id}/access/duty-map`)).json;
  return { access, dutyMap };
}

const controller = (dutyMap: any) =>
  dutyMap.applied.find((d: any) => d.system === 'NetSuite' && d.name === 'Controller') as
    | { duties: string[]; basis: string }
    | undefined;
// Carla Diaz holds Accountant (je-prepare, from the NetSuite template) and Controller (je-approve, from the template
// only: the word "controller" names no duty), so her conflict exists only when the template is applied.
const carla = (access: any) => access.conflicts.filter((c: any) => /Carla Diaz/u.test(c.user ?? '')).map((c: any) => c.rule);

forEachDatabase('API access duty maps from the catalogue', (dbc) => {
  it('the catalogue holds the duty-map templates, one per file of templates/duty-maps', () => {
    const loaded = loadCatalog();
    expect(loaded.ok).toBe(true);
    if (loaded.ok)
      expect(loaded.value.dutyMaps.map((m) => m.id).sort()).toEqual(['adp', 'netsuite-standard-roles', 'okta-admin', 'salesforce-billing']);
  });

  it('a request maps roles with the maps on the context, not with the files on disk', async () => {
    const { ctx } = apiFor(dbc.handle);
    const withMaps = createApp({ ctx: { ...ctx, catalog: catalogWithoutTheFolderOnDisk() }, log: () => {} });
    const a = await netSuiteAccess(withMaps);
    expect(controller(a.dutyMap)).toMatchObject({ duties: ['je-approve', 'period-control'], basis: 'template' });
    expect(a.dutyMap.fileTemplates.map((t: any) => t.id).sort()).toEqual(['adp', 'netsuite-standard-roles', 'okta-admin', 'salesforce-billing']);
    expect(carla(a.access).length).toBeGreaterThanOrEqual(1);

    const noMaps = createApp({ ctx: { ...ctx, catalog: { ...ctx.catalog, dutyMaps: [] } }, log: () => {} });
    const b = await netSuiteAccess(noMaps);
    expect(controller(b.dutyMap)?.duties ?? []).toEqual([]);
    expect(b.dutyMap.fileTemplates).toEqual([]);
    expect(carla(b.access)).toEqual([]);
  });
});
