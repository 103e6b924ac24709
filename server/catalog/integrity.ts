// Cross-reference checks that a schema cannot express. Each problem names the item and field so that a broken
// template edit turns the suite (and `npm start`) red with a message an advisor can act on.
import type { Catalog } from '../domain/catalog.ts';

export interface IntegrityProblem {
  file: string | null; // null: the loader fills in the file that holds the item
  item: string | null;
  field: string | null;
  message: string;
}

export function checkCatalog(
  catalog: Catalog,
  extra: { cosoComponents?: { name: string; principles: number[] }[] } = {},
): IntegrityProblem[] {
  const problems: IntegrityProblem[] = [];
  const add = (file: string | null, item: string | null, field: string | null, message: string) =>
    problems.push({ file, item, field, message });

  const dupes = (file: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) add(file, id, 'id', 'duplicate id');
      seen.add(id);
    }
  };
  dupes('templates/tsc-2017.json', catalog.tsc.map((t) => t.id));
  dupes('templates/sox-program', catalog.targets.map((t) => t.id));
  dupes('templates/sod-rules.json', catalog.sodRules.map((r) => r.id));
  dupes('templates/phases.json', catalog.phases.map((p) => p.id));

  const tscIds = new Set(catalog.tsc.map((t) => t.id));
  for (const t of catalog.tsc) {
    if (!t.id.startsWith(`${t.family}.`)) add('templates/tsc-2017.json', t.id, 'family', `family ${t.family} does not match the id`);
  }

  const principles = new Map(catalog.coso.map((p) => [p.principle, p]));
  for (let n = 1; n <= 17; n++) {
    const p = principles.get(n);
    if (!p) add('templates/coso-2013.json', `principle ${n}`, null, 'COSO principle is missing');
    else if (!tscIds.has(p.tsc)) add('templates/coso-2013.json', `principle ${n}`, 'tsc', `unknown TSC criterion "${p.tsc}"`);
  }
  if (catalog.coso.length !== 17) add('templates/coso-2013.json', null, 'principles', `expected 17 principles, found ${catalog.coso.length}`);
  if (extra.cosoComponents) {
    const listed = extra.cosoComponents.flatMap((c) => c.principles).sort((a, b) => a - b);
    if (listed.join(',') !== Array.from({ length: 17 }, (_, i) => i + 1).join(','))
      add('templates/coso-2013.json', null, 'components', 'the 5 components must list principles 1–17 exactly once');
  }

  for (const t of catalog.targets) {
    t.satisfiedBy.forEach((s, i) => {
      if (!tscIds.has(s.tsc)) add(null, t.id, `satisfiedBy.${i}.tsc`, `"${s.tsc}" is not a TSC 2017 criterion`);
    });
    const seen = new Set<string>();
    t.satisfiedBy.forEach((s, i) => {
      if (seen.has(s.tsc)) add(null, t.id, `satisfiedBy.${i}.tsc`, `"${s.tsc}" is listed twice`);
      seen.add(s.tsc);
    });
    if (t.soxRequires.length === 0 && t.satisfiedBy.length > 0)
      add(null, t.id, 'soxRequires', 'a target a SOC 2 control can satisfy must say what SOX adds (at least one soxRequires)');
  }
  for (let n = 1; n <= 17; n++) {
    if (!catalog.targets.some((t) => t.category === 'entity' && t.coso.includes(n)))
      add('templates/sox-program', null, 'coso', `COSO principle ${n} has no entity-level target`);
  }

  for (const r of catalog.sodRules) {
    if (r.duties[0].id === r.duties[1].id) add('templates/sod-rules.json', r.id, 'duties', 'a rule needs two different duties');
  }

  for (const [freq, d] of Object.entries(catalog.testing.byFrequency)) {
    if (d.sampleSize.min > d.sampleSize.max)
      add('templates/testing.json', freq, 'sampleSize', `min ${d.sampleSize.min} is above max ${d.sampleSize.max}`);
  }
  catalog.inference.forEach((rule, i) => {
    for (const id of rule.tsc)
      if (!tscIds.has(id)) add('templates/criteria-inference.json', `rule ${i + 1}`, 'tsc', `"${id}" is not a TSC 2017 criterion`);
  });
  const ruleIds = new Set(catalog.sodRules.map((r) => r.id));
  const checkCodes = new Set<string>();
  for (const check of catalog.checks) {
    if (checkCodes.has(check.code)) add('templates/attribute-checks.json', check.code, 'code', 'the check is defined twice');
    checkCodes.add(check.code);
    for (const r of check.sodRules ?? [])
      if (r !== '*' && !ruleIds.has(r)) add('templates/attribute-checks.json', check.code, 'sodRules', `unknown SoD rule "${r}"`);
  }
  for (const t of catalog.targets)
    t.soxRequires.forEach((r, i) => {
      const computedElsewhere = r.code === 'assertions' || r.code === 'key-control' || r.code === 'no-source-control';
      if (!computedElsewhere && !checkCodes.has(r.code))
        add(null, t.id, `soxRequires.${i}.code`, `no check in templates/attribute-checks.json decides "${r.code}"`);
    });
  const phaseOrders = new Set<number>();
  for (const p of catalog.phases) {
    if (phaseOrders.has(p.order)) add('templates/phases.json', p.id, 'order', `order ${p.order} is used twice`);
    phaseOrders.add(p.order);
  }
  return problems;
}
