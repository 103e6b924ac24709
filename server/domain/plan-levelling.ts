// Resource levelling of the plan: each owner has a monthly capacity (days a month for the programme); a task's effort
// is spread evenly over its days. Tasks are placed in priority order (least latest start first) at the earliest start
// their predecessors allow, then moved month by month within their slack until their owner's months all fit. A task
// that fits nowhere inside its slack stays at its earliest start and is flagged "over capacity: <owner> <month>".
// Time is never compressed and a task is never moved past its latest start to make room.
import { civilFromDays, daysFromCivil, daysInMonth, fromDayNumber } from './dates.ts';

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
  start: Float64Array; // each task's start (day number), by its place in the tasks given
  overCapacity: Map<string, string>; // task id → "<owner> <month>" it overloads
  shifted: number;
}

const EPS = 1e-6;

export function monthKey(day: number): string {
  return fromDayNumber(day).slice(0, 7);
}

// Months are numbered year * 12 + month − 1 while levelling; "YYYY-MM" is written once per process for each month met
// (levelling asks for the same few dozen months many thousand times).
const MONTH_TEXT = new Map<number, string>();
function monthText(index: number): string {
  let text = MONTH_TEXT.get(index);
  if (text === undefined) {
    const year = Math.floor(index / 12);
    text = `${String(year).padStart(4, '0')}-${String(index - year * 12 + 1).padStart(2, '0')}`;
    if (MONTH_TEXT.size < 100_000) MONTH_TEXT.set(index, text);
  }
  return text;
}

// Each calendar month a task touches (month numbers) and the effort falling in it, written into `months` and `days`
// from 0; returns how many. (Levelling tries thousands of placements: no arrays are made for them.)
const spreadMonths: number[] = [];
const spreadDays: number[] = [];
function spreadInto(startDay: number, durationDays: number, effortDays: number): number {
  if (effortDays <= 0 || durationDays <= 0) return 0;
  const perDay = effortDays / durationDays;
  let { year, month, day } = civilFromDays(startDay);
  let k = 0;
  for (let left = durationDays; left > 0; k++) {
    const n = Math.min(left, daysInMonth(year, month) - day + 1);
    spreadMonths[k] = year * 12 + month - 1;
    spreadDays[k] = perDay * n;
    left -= n;
    day = 1;
    if (++month > 12) [month, year] = [1, year + 1];
  }
  return k;
}

// Each calendar month a task touches and the effort falling in it.
export function spread(startDay: number, durationDays: number, effortDays: number): [string, number][] {
  const k = spreadInto(startDay, durationDays, effortDays);
  const out: [string, number][] = [];
  for (let i = 0; i < k; i++) out.push([monthText(spreadMonths[i]!), spreadDays[i]!]);
  return out;
}

function nextMonthStart(day: number): number {
  const { year, month } = civilFromDays(day);
  return month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
}

// Owner-month load: owners numbered in order met, a month's load under owner * MONTHS + month number.
const MONTHS = 2 ** 17; // more than any month number of a 4-digit year
class Load {
  private readonly owners = new Map<string, number>();
  private readonly names: string[] = [];
  readonly days = new Map<number, number>();
  owner(name: string): number {
    let o = this.owners.get(name);
    if (o === undefined) {
      this.owners.set(name, (o = this.names.length));
      this.names.push(name);
    }
    return o;
  }
  nameOf(key: number): string {
    return this.names[Math.floor(key / MONTHS)]!;
  }
  // adds the spread written by spreadInto (`k` months) to the owner's months
  add(o: number, k: number): void {
    const base = o * MONTHS;
    for (let i = 0; i < k; i++) {
      const key = base + spreadMonths[i]!;
      this.days.set(key, (this.days.get(key) ?? 0) + spreadDays[i]!);
    }
  }
}

// Each task's predecessors by their place in `tasks` (ids not among the tasks left out).
function predecessorsOf(tasks: readonly LevelTask[]): number[][] {
  const index = new Map<string, number>();
  for (let i = 0; i < tasks.length; i++) index.set(tasks[i]!.id, i);
  return tasks.map((t) => {
    const at: number[] = [];
    for (const p of t.dependsOn) {
      const j = index.get(p);
      if (j !== undefined) at.push(j);
    }
    return at;
  });
}

// `pre`, when the caller has them (the schedule does), are the tasks' predecessors by place: the ids of `dependsOn`
// that are among the tasks, in order.
export function levelTasks(tasks: LevelTask[], capacityOf: (owner: string) => number, pre: readonly (readonly number[])[] = predecessorsOf(tasks)): LevelResult {
  const n = tasks.length;
  const waiting = new Int32Array(n);
  const successors: number[][] = [];
  for (let i = 0; i < n; i++) successors.push([]);
  for (let i = 0; i < n; i++) {
    const ps = pre[i]!;
    for (let q = 0; q < ps.length; q++) {
      waiting[i]!++;
      successors[ps[q]!]!.push(i);
    }
  }
  const priority = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = tasks[i]!;
    priority[i] = t.latestFinish === null ? Number.MAX_SAFE_INTEGER : t.latestFinish - t.durationDays;
  }
  const less = (a: number, b: number) => {
    const d = priority[a]! - priority[b]!;
    if (d !== 0) return d;
    const x = tasks[a]!.id;
    const y = tasks[b]!.id;
    return x < y ? -1 : x > y ? 1 : 0;
  };

  // A binary heap of the tasks whose predecessors are all placed, least latest start first.
  const heap: number[] = [];
  const push = (t: number) => {
    heap.push(t);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (less(heap[i]!, heap[p]!) >= 0) break;
      const x = heap[i]!;
      heap[i] = heap[p]!;
      heap[p] = x;
      i = p;
    }
  };
  const pop = (): number => {
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
        const x = heap[i]!;
        heap[i] = heap[m]!;
        heap[m] = x;
        i = m;
      }
    }
    return top;
  };
  for (let i = 0; i < n; i++) if (waiting[i] === 0) push(i);

  const load = new Load();
  const placed = new Float64Array(n).fill(NaN); // NaN: never placed (a task in a dependency cycle)
  const isPlaced = new Uint8Array(n);
  const overCapacity = new Map<string, string>();
  let shifted = 0;
  // the spread of spreadInto (`k` months) fits the owner's months
  const fits = (base: number, k: number, cap: number) => {
    for (let i = 0; i < k; i++) if ((load.days.get(base + spreadMonths[i]!) ?? 0) + spreadDays[i]! > cap + EPS) return false;
    return true;
  };

  while (heap.length > 0) {
    const ti = pop();
    const t = tasks[ti]!;
    let earliest = t.earliestStart;
    const ps = pre[ti]!;
    for (let q = 0; q < ps.length; q++) {
      const j = ps[q]!;
      if (isPlaced[j] === 1) earliest = Math.max(earliest, placed[j]! + tasks[j]!.durationDays);
    }
    let chosen = earliest;
    const o = load.owner(t.owner);
    const base = o * MONTHS;
    const overloadAt = (at: number, cap: number) => {
      // the month this placement overloads most, if any
      let worst = -1;
      let worstDays = 0;
      const k = spreadInto(at, t.durationDays, t.effortDays);
      for (let i = 0; i < k; i++) {
        const after = (load.days.get(base + spreadMonths[i]!) ?? 0) + spreadDays[i]!;
        if (after > cap + EPS && (worst < 0 || after > worstDays)) {
          worst = spreadMonths[i]!;
          worstDays = after;
        }
      }
      if (worst >= 0) overCapacity.set(t.id, `${t.owner} ${monthText(worst)}`);
    };
    if (t.effortDays > 0 && t.fixed) overloadAt(earliest, capacityOf(t.owner));
    if (t.effortDays > 0 && !t.fixed) {
      const cap = capacityOf(t.owner);
      const latestStart = t.latestFinish === null ? earliest + 366 : t.latestFinish - t.durationDays;
      let found: number | null = null;
      for (let s = earliest; s <= Math.max(earliest, latestStart); s = nextMonthStart(s)) {
        if (fits(base, spreadInto(s, t.durationDays, t.effortDays), cap)) {
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
    placed[ti] = chosen;
    isPlaced[ti] = 1;
    load.add(o, spreadInto(chosen, t.durationDays, t.effortDays));
    const next = successors[ti]!;
    for (let q = 0; q < next.length; q++) if (--waiting[next[q]!]! === 0) push(next[q]!);
  }
  return { start: placed, overCapacity, shifted };
}

// Owner-month load of placed tasks, with each owner's capacity.
export function ownerLoad(
  tasks: { owner: string; start: number; durationDays: number; effortDays: number }[],
  capacityOf: (owner: string) => number,
): { owner: string; month: string; days: number; capacity: number; overloaded: boolean }[] {
  const load = new Load();
  for (const t of tasks) load.add(load.owner(t.owner), spreadInto(t.start, t.durationDays, t.effortDays));
  const rows: { owner: string; month: string; days: number; capacity: number; overloaded: boolean; m: number }[] = [];
  const capacities = new Map<string, number>();
  for (const [key, days] of load.days) {
    const owner = load.nameOf(key);
    let capacity = capacities.get(owner);
    if (capacity === undefined) capacities.set(owner, (capacity = capacityOf(owner)));
    const m = key % MONTHS;
    rows.push({ owner, month: monthText(m), days: Math.round(days * 10) / 10, capacity, overloaded: days > capacity + EPS, m });
  }
  rows.sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : a.m - b.m));
  return rows.map(({ owner, month, days, capacity, overloaded }) => ({ owner, month, days, capacity, overloaded }));
}
