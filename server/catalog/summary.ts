import type { Catalog } from '../domain/catalog.ts';

// A one-screen summary of what the catalogue holds, for `npm start` and the CLI's --help.
export function catalogSummary(catalog: Catalog): string {
  const byCategory = new Map<string, number>();
  for (const t of catalog.targets) byCategory.set(t.category, (byCategory.get(t.category) ?? 0) + 1);
  const lines = [
    `catalogue: ${catalog.targets.length} SOX targets (${catalog.targets.filter((t) => t.key).length} key), ` +
      `${catalog.tsc.length} TSC 2017 criteria, ${catalog.coso.length} COSO principles, ` +
      `${catalog.sodRules.length} SoD rules, ${catalog.phases.length} phases`,
    ...[...byCategory].map(([c, n]) => `  ${c.padEnd(24)} ${n}`),
  ];
  return lines.join('\n');
}
