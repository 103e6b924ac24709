// Issues a person reads once: the same fact about the same cells is one issue. Exact repeats (same code, sheet, row,
// column and message) are dropped, keeping the first; a fact about several cells is written once by whoever finds it
// (the reader lists a sheet's cells together, the intake its rows).
import type { IntakeIssue } from '../domain/grid.ts';

export function withoutRepeats(issues: readonly IntakeIssue[]): IntakeIssue[] {
  const seen = new Set<string>();
  const out: IntakeIssue[] = [];
  for (const i of issues) {
    const key = `${i.code}\u0000${i.sheet ?? ''}\u0000${i.row ?? ''}\u0000${i.column ?? ''}\u0000${i.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(i);
  }
  return out;
}
