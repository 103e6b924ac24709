import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR, formatProblem, loadCatalog } from '../../server/catalog/load-catalog.ts';
import { REASON_CODES, TARGET_CATEGORIES, type Catalog } from '../../server/domain/catalog.ts';

const FIXTURES = new URL('../fixtures/real/', import.meta.url);

function load(): Catalog {
  const r = loadCatalog();
  if (!r.ok) throw new Error(r.error.map(formatProblem).join('\n'));
  return r.value;
}

describe('the shipped catalogue', () => {
  const catalog = load();

  it('holds at least 80 SOX targets, in every category of DESIGN.md', () => {
    expect(catalog.targets.length).toBeGreaterThanOrEqual(80);
    const present = new Set(catalog.targets.map((t) => t.category));
    const missing = TARGET_CATEGORIES.filter((c) => !present.has(c));
    expect(missing, `categories without a target: ${missing.join(', ')}`).toEqual([]);
  });

  it('has the TSC 2017 list of the strongdm/comply reference, id for id (61: CC 33, A 3, C 2, PI 5, P 18)', () => {
    const yml = readFileSync(new URL('strongdm__comply__TSC-2017.yml', FIXTURES), 'utf8');
    const ymlIds = [...yml.matchAll(/^([A-Z]+\d+\.\d+):\s*$/gm)].map((m) => m[1]);
    expect(catalog.tsc.map((t) => t.id)).toEqual(ymlIds);
    const byPrefix = (p: RegExp) => catalog.tsc.filter((t) => p.test(t.id)).length;
    expect([byPrefix(/^CC/), byPrefix(/^A\d/), byPrefix(/^C\d/), byPrefix(/^PI/), byPrefix(/^P\d/)]).toEqual([33, 3, 2, 5, 18]);
  });

  it('maps COSO principles to TSC criteria exactly as REFERENCE §2 (CC2.x is 13–15, CC3.x is 6–9)', () => {
    const expected: Record<number, string> = {
      1: 'CC1.1', 2: 'CC1.2', 3: 'CC1.3', 4: 'CC1.4', 5: 'CC1.5', 6: 'CC3.1', 7: 'CC3.2', 8: 'CC3.3', 9: 'CC3.4',
      10: 'CC5.1', 11: 'CC5.2', 12: 'CC5.3', 13: 'CC2.1', 14: 'CC2.2', 15: 'CC2.3', 16: 'CC4.1', 17: 'CC4.2',
    };
    expect(Object.fromEntries(catalog.coso.map((p) => [p.principle, p.tsc]))).toEqual(expected);
  });

  it('gives every COSO principle an entity-level target and every target a principle', () => {
    for (let n = 1; n <= 17; n++) {
      expect(catalog.targets.some((t) => t.category === 'entity' && t.coso.includes(n)), `principle ${n}`).toBe(true);
    }
    for (const t of catalog.targets) expect(t.coso.length, t.id).toBeGreaterThan(0);
  });

  it('includes the entity-level and service-organization items a SOX programme cannot do without', () => {
    const titles = catalog.targets.map((t) => `${t.id} ${t.title} ${t.description}`.toLowerCase());
    for (const must of ['fraud risk', 'audit committee', 'whistleblower', 'disclosure committee', 'sub-certification', 'soc 1', 'cuec', 'bridge letter']) {
      expect(titles.some((t) => t.includes(must)), must).toBe(true);
    }
    const codes = new Set(catalog.targets.flatMap((t) => t.soxRequires.map((r) => r.code)));
    expect(codes.has('ipe') && codes.has('mrc-precision')).toBe(true);
  });

  it('uses only DESIGN.md reason codes, unique ids, and TSC ids that exist', () => {
    const tsc = new Set(catalog.tsc.map((t) => t.id));
    for (const t of catalog.targets) {
      for (const r of t.soxRequires) expect(REASON_CODES, `${t.id} ${r.code}`).toContain(r.code);
      for (const s of t.satisfiedBy) expect(tsc.has(s.tsc), `${t.id} → ${s.tsc}`).toBe(true);
      expect(t.source.length, `${t.id} source`).toBeGreaterThan(5);
    }
    expect(new Set(catalog.targets.map((t) => t.id)).size).toBe(catalog.targets.length);
  });

  it('ships at least 30 SoD rules, phases in order, and testing defaults for every frequency', () => {
    expect(catalog.sodRules.length).toBeGreaterThanOrEqual(30);
    for (const r of catalog.sodRules) {
      expect(r.duties[0].keywords.length, r.id).toBeGreaterThan(0);
      expect(r.compensatingControl.length, r.id).toBeGreaterThan(10);
    }
    expect(catalog.phases.length).toBeGreaterThanOrEqual(7);
    expect(catalog.testing.byFrequency.quarterly.sampleSize.min).toBe(2);
    expect(catalog.testing.byFrequency.annual.sampleSize.max).toBe(1);
  });
});

describe('a broken template edit names the file, the item and the field', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  function withEdit(file: string, edit: (doc: Record<string, unknown>) => void): string[] {
    dir = mkdtempSync(join(tmpdir(), 'soxbridge-tpl-'));
    const tpl = join(dir, 'templates');
    cpSync(DEFAULT_TEMPLATES_DIR, tpl, { recursive: true });
    const path = join(tpl, file);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    edit(doc);
    writeFileSync(path, JSON.stringify(doc, null, 2));
    const r = loadCatalog(tpl);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.error.map(formatProblem);
  }
  const firstTarget = (doc: Record<string, unknown>) => (doc.targets as Record<string, unknown>[])[0] as Record<string, unknown>;

  it('reports an unknown relationship with item id and field path', () => {
    let id = '';
    const msgs = withEdit('sox-program/itgc.json', (doc) => {
      const t = firstTarget(doc);
      id = t.id as string;
      (t.satisfiedBy as { relationship: string }[])[0]!.relationship = 'partial';
    });
    expect(msgs.join('\n')).toMatch(new RegExp(`templates/sox-program/itgc\\.json: item ${id}, field satisfiedBy\\.0\\.relationship: .*"partial"`));
  });

  it('reports a TSC id that does not exist', () => {
    const msgs = withEdit('sox-program/itgc.json', (doc) => {
      (firstTarget(doc).satisfiedBy as { tsc: string }[])[0]!.tsc = 'CC6.9';
    });
    expect(msgs.join('\n')).toMatch(/templates\/sox-program\/itgc\.json: item .+, field satisfiedBy\.0\.tsc: "CC6\.9" is not a TSC 2017 criterion/);
  });

  it('reports a reason code outside the DESIGN.md list, a misspelt field and a duplicate id', () => {
    const msgs = withEdit('sox-program/entity.json', (doc) => {
      const list = doc.targets as Record<string, unknown>[];
      (list[0]!.soxRequires as { code: string }[])[0]!.code = 'paperwork';
      list[1]!.satisifedBy = [];
      list[2]!.id = list[3]!.id;
    }).join('\n');
    expect(msgs).toMatch(/entity\.json: item .+, field soxRequires\.0\.code: .*"paperwork"/);
    expect(msgs).toMatch(/entity\.json: item .+: unknown field\(s\) "satisifedBy"/);
    expect(msgs).toMatch(/item .+, field id: duplicate id/);
  });

  it('reports a COSO principle left without an entity-level target', () => {
    const msgs = withEdit('sox-program/entity.json', (doc) => {
      for (const t of doc.targets as { coso: number[] }[]) t.coso = t.coso.filter((p) => p !== 8).length ? t.coso.filter((p) => p !== 8) : [1];
    }).join('\n');
    expect(msgs).toMatch(/COSO principle 8 has no entity-level target/);
  });

  it('reports an SoD rule naming a duty that is not defined, and invalid JSON with its position', () => {
    const msgs = withEdit('sod-rules.json', (doc) => {
      (doc.rules as { duties: string[] }[])[0]!.duties[1] = 'no-such-duty';
    }).join('\n');
    expect(msgs).toMatch(/templates\/sod-rules\.json: item SOD-[A-Z0-9-]+, field duties\.1: unknown duty "no-such-duty"/);

    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'soxbridge-tpl-'));
    cpSync(DEFAULT_TEMPLATES_DIR, join(dir, 'templates'), { recursive: true });
    writeFileSync(join(dir, 'templates', 'phases.json'), '{ "phases": [ ');
    const r = loadCatalog(join(dir, 'templates'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map(formatProblem).join('\n')).toMatch(/templates\/phases\.json: not valid JSON/);
  });
});
