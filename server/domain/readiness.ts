// Readiness in percent, overall and by category, weighted towards key controls.
import type { DeltaItem } from './delta.ts';

export const READINESS_FORMULA =
  'readiness = Σ(weight × score) / Σ(weight) over applicable targets; weight 3 for a key control, 1 otherwise; score 1 covered, 0.5 enhance, 0 gap; not-applicable targets are left out';

const SCORE = { covered: 1, enhance: 0.5, gap: 0 } as const;

export interface Readiness {
  overall: number; // 0..100, one decimal
  byCategory: { category: string; percent: number; targets: number }[];
  formula: string;
}

function percent(items: DeltaItem[]): number {
  let num = 0;
  let den = 0;
  for (const i of items) {
    if (i.status === 'not-applicable') continue;
    const w = i.key ? 3 : 1;
    num += w * SCORE[i.status];
    den += w;
  }
  return den === 0 ? 0 : Math.round((num / den) * 1000) / 10;
}

export function computeReadiness(items: DeltaItem[]): Readiness {
  const cats = [...new Set(items.map((i) => i.category))];
  return {
    overall: percent(items),
    byCategory: cats.map((category) => {
      const mine = items.filter((i) => i.category === category && i.status !== 'not-applicable');
      return { category, percent: percent(mine), targets: mine.length };
    }),
    formula: READINESS_FORMULA,
  };
}
