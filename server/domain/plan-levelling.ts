// Resource levelling of the plan: each owner has a monthly capacity (days a month for the programme); a task's effort
// is spread evenly over its days. Tasks are placed in priority order (least latest start first) at the earliest start
// their predecessors allow, then moved month by month within their slack until their owner's months all fit. A task
// that fits nowhere inside its slack stays at its earliest start and is flagged "over capacity: <owner> <month>".
// Time is never compressed and a task is never moved past its latest start to make room.
import { dateParts, daysInMonth, fromDayNumber, toDayNumber } from './dates.ts';

export interface LevelTask {
  id: string;
  owner: string;
  effortDays: number;
  durationDays: number;
  dependsOn: string[];
  earliestStart: number; // day number: plan start, notBefore and as-late-as-possible placement, not predecessors
  latestFinish: number | null; // day number from the backward pass (deadlines and successors)
  fixed: boolean; // as-late-as-possible tasks keep their place
}

export interface LevelResult {
  start: Map<string, number>;
  overCapacity: Map<string, string>; // task id → "<owner> <month>" it overloads
  shifted: number;
}

const EPS = 1e-6;

export function monthKey(day: number): string {
  return fromDayNumber(day).slice(0, 7);
}

// "YYYY-MM" of a month, written once per process for each month met (levelling asks for the same few dozen months
// many thousand times).
const MONTH_TEXT = new Map<number, string>();
function monthText(year: number, month: number): string {
  const k = year * 12 + month;
  let text = MONTH_TEXT.get(k);
  if (text === undefined) {
    text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (MONTH_TEXT.size < 100_000) MONTH_TEXT.set(k, text);
  }
  return text;
}

// Each calendar month a task touches and the effort falling in it.
export function spread(startDay: number, durationDays: number, effortDays: number): [string, number][] {
  if (effortDays <= 0 || durationDays <= 0) return [];
  const perDay = effortDays / durationDays;
  const out: [string, number][] = [];
  let { year, month, day } = dateParts(fromDayNumber(startDay));
  for (let left = durationDays; left > 0; ) {
    const n = Math.min(left, daysInMonth(year, month) - day + 1);
    out.push([monthText(year, month), perDay * n]);
    left -= n;
    day = 1;
    if (++month > 12) [month, year] = [1, year + 1];
  }
  return out;
}

function nextMonthStart(day: number): number {
  const { year, month } = dateParts(fromDayNumber(day));
  const [y, m] = month === 12 ? [year + 1, 1] : [year, month + 1];
  return toDayNumber(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`);
}

export function levelTasks(tasks: LevelTask[], capacityOf: (owner: string) => number): LevelResult {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const waiting = new Map(tasks.map((t) => [t.id, t.dependsOn.filter((d) => byId.has(d)).length]));
  const successors = new Map<string, string[]>();
  for (const t of tasks)
    for (const p of t.dependsOn) {
      if (!byId.has(p)) continue;
      const list = successors.get(p);
      if (list) list.push(t.id);
      else successors.set(p, [t.id]);
    }
  const priority = (t: LevelTask) => (t.latestFinish === null ? Number.MAX_SAFE_INTEGER : t.latestFinish - t.durationDays);
  const less = (a: LevelTask, b: LevelTask) => priority(a) - priority(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

  // A binary heap of the tasks whose predecessors are all placed, least latest start first.
  const heap: LevelTask[] = [];
  const push = (t: LevelTask) => {
    heap.push(t);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (less(heap[i]!, heap[p]!) >= 0) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const pop = (): LevelTask => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!) < 0) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!) < 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  for (const t of tasks) if (waiting.get(t.id) === 0) push(t);

  const load = new Map<string, number>(); // owner \0 month → days
  const start = new Map<string, number>();
  const overCapacity = new Map<string, string>();
  let shifted = 0;
  const fits = (owner: string, parts: [string, number][], cap: number) =>
    parts.every(([m, d]) => (load.get(`${owner}\u0000${m}`) ?? 0) + d <= cap + EPS);

  while (heap.length > 0) {
    const t = pop();
    let earliest = t.earliestStart;
    for (const p of t.dependsOn) {
      const ps = start.get(p);
      if (ps !== undefined) earliest = Math.max(earliest, ps + byId.get(p)!.durationDays);
    }
    let chosen = earliest;
    const overloadAt = (at: number, cap: number) => {
      // the month this placement overloads most, if any
      let worst: [string, number] | null = null;
      for (const [m, d] of spread(at, t.durationDays, t.effortDays)) {
        const after = (load.get(`${t.owner}\u0000${m}`) ?? 0) + d;
        if (after > cap + EPS && (worst === null || after > worst[1])) worst = [m, after];
      }
      if (worst) overCapacity.set(t.id, `${t.owner} ${worst[0]}`);
    };
    if (t.effortDays > 0 && t.fixed) overloadAt(earliest, capacityOf(t.owner));
    if (t.effortDays > 0 && !t.fixed) {
      const cap = capacityOf(t.owner);
      const latestStart = t.latestFinish === null ? earliest + 366 : t.latestFinish - t.durationDays;
      let found: number | null = null;
      for (let s = earliest; s <= Math.max(earliest, latestStart); s = nextMonthStart(s)) {
        if (fits(t.owner, spread(s, t.durationDays, t.effortDays), cap)) {
          found = s;
          break;
        }
      }
      if (found === null) {
        // Nowhere in its slack: keep the earliest start and name the month it overloads most.
        overloadAt(earliest, cap);
      } else {
        chosen = found;
        if (found !== earliest) shifted++;
      }
    }
    start.set(t.id, chosen);
    for (const [m, d] of spread(chosen, t.durationDays, t.effortDays)) {
      const k = `${t.owner}\u0000${m}`;
      load.set(k, (load.get(k) ?? 0) + d);
    }
    for (const s of successors.get(t.id) ?? []) {
      const left = waiting.get(s)! - 1;
      waiting.set(s, left);
      if (left === 0) push(byId.get(s)!);
    }
  }
  return { start, overCapacity, shifted };
}

// Owner-month load of placed tasks, with each owner's capacity.
export function ownerLoad(
  tasks: { owner: string; start: number; durationDays: number; effortDays: number }[],
  capacityOf: (owner: string) => number,
): { owner: string; month: string; days: number; capacity: number; overloaded: boolean }[] {
  const load = new Map<string, number>();
  for (const t of tasks)
    for (const [m, d] of spread(t.start, t.durationDays, t.effortDays)) {
      const k = `${t.owner}\u0000${m}`;
      load.set(k, (load.get(k) ?? 0) + d);
    }
  return [...load]
    .map(([k, days]) => {
      const [owner, month] = k.split('\u0000') as [string, string];
      const capacity = capacityOf(owner);
      return { owner, month, days: Math.round(days * 10) / 10, capacity, overloaded: days > capacity + EPS };
    })
    .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
}
