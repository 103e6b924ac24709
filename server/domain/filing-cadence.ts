// The recurring close-to-filing cadence every periodic report needs from the first one on (REFERENCE §4 entity-level
// controls; §8 phase 5): a sub-certification cascade (process owners certify up to the CFO) and a disclosure committee
// meeting, both before each 10-Q and 10-K is due. Kept small and additive: the plan schedules these like any other
// programme task. Timing is practice, not rule: sub-certifications open the day after period end and close ten days
// before the due date; the committee meets on the last business day at least five days before the due date.
import { addDays, type IsoDate } from './dates.ts';
import { previousBusinessDay } from './holidays.ts';
import type { Filing, Timeline } from './timeline.ts';

export interface CadenceTask {
  id: string;
  title: string;
  durationDays: number;
  effortDays: number;
  deadline: IsoDate;
  deadlineBasis: string;
  notBefore: IsoDate;
  dependsOn: string[];
}

const name = (f: Filing) => (f.form === '10-Q' ? `10-Q Q${f.quarter} FY${f.fiscalYear}` : `10-K FY${f.fiscalYear}`);

// Every filing through the one with the first §404(a) report (the plan's horizon), each with its two tasks.
export function filingCadence(timeline: Timeline, readinessTask: string): CadenceTask[] {
  const out: CadenceTask[] = [];
  for (const f of timeline.filings) {
    if (f.periodEnd > timeline.first404a.periodEnd) break;
    const id = `F-${f.form === '10-Q' ? `Q${f.quarter}` : 'K'}${f.fiscalYear}`;
    out.push({
      id: `${id}-SUBCERT`,
      title: `Sub-certification cascade for the ${name(f)} (process owners to CFO, §302 support)`,
      durationDays: 7,
      effortDays: 2,
      deadline: addDays(f.due, -10),
      deadlineBasis: `sub-certifications close ten days before the ${name(f)} is due on ${f.due} (practice; SOX §302, Rule 13a-14)`,
      notBefore: addDays(f.periodEnd, 1),
      dependsOn: [readinessTask],
    });
    const meeting = previousBusinessDay(addDays(f.due, -5));
    out.push({
      id: `${id}-DISCCOM`,
      title: `Disclosure committee meeting for the ${name(f)}; CEO/CFO §302 and §906 certifications`,
      durationDays: 1,
      effortDays: 1,
      deadline: addDays(f.due, -3),
      deadlineBasis: `the committee reviews the ${name(f)} before it is filed, due ${f.due} (practice; Rule 13a-15 disclosure controls)`,
      notBefore: meeting,
      dependsOn: [`${id}-SUBCERT`],
    });
  }
  return out;
}
