// The Plan: key dates, plan notes, the Gantt with the task panel, and the workload by owner by month.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Async, Empty } from '../components/states.tsx';
import { Gantt, type Milestone } from '../components/gantt.tsx';
import { TaskPanel, type PanelTask } from '../components/task-panel.tsx';
import { showDate, todayIso } from '../dates.ts';
import { daysBetween, type Zoom } from '../gantt-scale.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import type { ScreenProps } from './index.ts';
import type { AnalysisBody } from '../../../server/http/openapi-analysis.ts';
import { ColumnHeads } from '../components/column-heads.tsx';

// The analysis as the server sends it (server/http/openapi-analysis.ts).
type Analysis = AnalysisBody;
type ServerTask = Analysis['plan']['tasks'][number];
type Deadline = NonNullable<Analysis['timeline']['first10K']>;
type WorkloadCell = Analysis['plan']['workload'][number];

// A task is at risk when its due date is after its latest finish, as the plan computes it; re-evaluated here so an
// edit shows at once. A task that is done is no longer at risk.
export function withRisk(t: ServerTask | PanelTask): PanelTask {
  if (t.status === 'done') return { ...t, atRisk: false, atRiskReason: null };
  if (t.latestFinish === null) return { ...t };
  const late = daysBetween(t.latestFinish, t.end);
  if (late <= 0) return { ...t, atRisk: false, atRiskReason: null };
  return {
    ...t,
    atRisk: true,
    atRiskReason: `due ${showDate(t.end)}, ${late} day(s) after its latest finish ${showDate(t.latestFinish)}${t.deadlineBasis ? ` (${t.deadlineBasis})` : ''}`,
  };
}

const asDeadline = (v: unknown): Deadline | null => (v && typeof v === 'object' && 'due' in v ? (v as Deadline) : null);

export function milestonesOf(timeline: Analysis['timeline']): Milestone[] {
  const out: Milestone[] = [];
  const q = asDeadline(timeline.first10Q);
  const k = asDeadline(timeline.first10K);
  const a = asDeadline(timeline.first404a);
  const b = asDeadline(timeline.first404b);
  if (q) out.push({ id: '10q-due', short: '10-Q due', label: `${q.label} due`, date: q.due });
  if (k) out.push({ id: '10k-due', short: '10-K due', label: `${k.label} due`, date: k.due });
  if (a)
    out.push(
      { id: '404a-ye', short: '404(a) FY end', label: `${a.label}: fiscal year end`, date: a.periodEnd },
      { id: '404a-due', short: '404(a) due', label: `${a.label}: due`, date: a.due },
    );
  if (b)
    out.push(
      { id: '404b-ye', short: '404(b) FY end', label: `${b.label}: fiscal year end`, date: b.periodEnd },
      { id: '404b-due', short: '404(b) due', label: `${b.label}: due`, date: b.due },
    );
  return out;
}

export function PlanScreen({ engagement }: ScreenProps) {
  const res = useResource<Analysis>(`/api/engagements/${encodeURIComponent(engagement.id)}/analysis`);
  return (
    <Async res={res} what="the plan">
      {(a) =>
        a.plan.tasks.length === 0 ? (
          <Empty>
            No plan yet.{' '}
            <a href={href({ name: 'engagement', id: engagement.id, tab: 'import' })}>Import a control matrix</a> to
            build one.
          </Empty>
        ) : (
          <PlanView engagementId={engagement.id} analysis={a} />
        )
      }
    </Async>
  );
}

function PlanView({ engagementId, analysis }: { engagementId: string; analysis: Analysis }) {
  const [tasks, setTasks] = useState<PanelTask[]>(() => analysis.plan.tasks.map(withRisk));
  useEffect(() => setTasks(analysis.plan.tasks.map(withRisk)), [analysis]);
  const [zoom, setZoom] = useState<Zoom>('month');
  const [query, setQuery] = useState('');
  const [onlyRisk, setOnlyRisk] = useState(false);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const today = todayIso();
  const milestones = useMemo(() => milestonesOf(analysis.timeline), [analysis]);
  const phases = analysis.plan.phases;
  const byId = useMemo(() => new Map(tasks.map((t) => [t.id, t])), [tasks]);
  const owners = useMemo(
    () => [...new Set(tasks.map((t) => t.owner).filter(Boolean))].sort((x, y) => x.localeCompare(y)),
    [tasks],
  );
  const q = query.trim().toLowerCase();
  const shown = useMemo(
    () =>
      tasks.filter((t) => (!onlyRisk || t.atRisk) && (!q || `${t.id} ${t.title} ${t.owner}`.toLowerCase().includes(q))),
    [tasks, q, onlyRisk],
  );
  const atRisk = tasks.filter((t) => t.atRisk).length;
  const selected = selectedId ? (byId.get(selectedId) ?? null) : null;
  const nextMilestone = milestones.filter((m) => m.date >= today).sort((x, y) => x.date.localeCompare(y.date))[0];

  const saved = (t: PanelTask) => setTasks((list) => list.map((x) => (x.id === t.id ? withRisk({ ...x, ...t }) : x)));

  return (
    <section class="plan-screen">
      <div class="cards plan-cards">
        <div class="card">
          <div class="muted">Plan</div>
          <div class="metric">{tasks.length} tasks</div>
          <div>
            {showDate(analysis.plan.start)} – {showDate(analysis.plan.end)}
          </div>
        </div>
        <div class={`card ${atRisk ? 'card-risk' : ''}`}>
          <div class="muted">At risk</div>
          <div class="metric">
            {atRisk ? '! ' : '✔ '}
            {atRisk}
          </div>
          <div>{atRisk ? 'due after their latest finish' : 'every task can finish in time'}</div>
        </div>
        <div class="card">
          <div class="muted">Next deadline</div>
          <div class="metric-sm">{nextMilestone ? nextMilestone.label : '—'}</div>
          <div>{nextMilestone ? showDate(nextMilestone.date) : ''}</div>
        </div>
      </div>
      {analysis.plan.notes.length > 0 && (
        <div class="card plan-notes" role="note">
          <h2>Notes on this plan</h2>
          <ul>
            {analysis.plan.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
      <div class="toolbar plan-toolbar no-print">
        <fieldset class="zoom">
          <legend>Zoom</legend>
          {(['month', 'quarter'] as const).map((z) => (
            <label class="inline" key={z}>
              <input type="radio" name="plan-zoom" value={z} checked={zoom === z} onChange={() => setZoom(z)} />{' '}
              {z === 'month' ? 'Months' : 'Quarters'}
            </label>
          ))}
        </fieldset>
        <div>
          <label for="plan-find">Find a task</label>
          <input
            id="plan-find"
            type="search"
            placeholder="ID, title or owner"
            value={query}
            onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <label class="inline">
          <input
            type="checkbox"
            checked={onlyRisk}
            onChange={(e) => setOnlyRisk((e.currentTarget as HTMLInputElement).checked)}
          />{' '}
          Only tasks at risk
        </label>
        <span class="muted" role="status" aria-live="polite">
          {shown.length === tasks.length ? `${tasks.length} tasks` : `${shown.length} of ${tasks.length} tasks shown`}
        </span>
      </div>
      <Legend />
      <div class={selected ? 'split plan-split' : 'plan-split'}>
        <div class="plan-chart">
          {shown.length === 0 ? (
            <Empty>No task matches. Clear the search{onlyRisk ? ' or untick "Only tasks at risk"' : ''}.</Empty>
          ) : (
            <Gantt
              tasks={shown}
              allTasks={tasks}
              phases={phases}
              milestones={milestones}
              today={today}
              zoom={zoom}
              filtering={q !== '' || onlyRisk}
              selectedId={selectedId}
              onSelect={setSelectedId}
            />
          )}
        </div>
        {selected && (
          <TaskPanel
            engagementId={engagementId}
            task={selected}
            phaseName={phases.find((p) => p.id === selected.phase)?.name ?? selected.phase}
            owners={owners}
            titleOf={(id) => byId.get(id)?.title ?? null}
            onSaved={saved}
            onSelect={setSelectedId}
            onClose={() => setSelectedId(null)}
          />
        )}
      </div>
      <KeyDates milestones={milestones} today={today} />
      <Workload cells={analysis.plan.workload} />
    </section>
  );
}

function Legend() {
  return (
    <ul class="gantt-legend" aria-label="Legend">
      <li>
        <span class="lg-bar st-not-started" /> ○ Not started
      </li>
      <li>
        <span class="lg-bar st-in-progress" /> ◑ In progress
      </li>
      <li>
        <span class="lg-bar st-done" /> ✔ Done
      </li>
      <li>
        <span class="lg-bar st-blocked" /> ■ Blocked
      </li>
      <li>
        <span class="lg-bar lg-risk" /> <strong class="risk-text">!</strong> At risk (hover or focus for the reason)
      </li>
      <li>
        <span class="lg-diamond" aria-hidden="true">
          ◆
        </span>{' '}
        Deadline
      </li>
      <li>
        <span class="lg-today" aria-hidden="true" /> Today
      </li>
      <li>→ Arrows for the selected task: what it depends on (solid) and what depends on it (dashed; rows highlighted only, when more than 12)</li>
    </ul>
  );
}

function KeyDates({ milestones, today }: { milestones: Milestone[]; today: string }) {
  return (
    <details class="card key-dates">
      <summary>Key dates ({milestones.length})</summary>
      <table class="grid">
        <ColumnHeads names={['Deadline', 'Date', 'From today']} />
        <tbody>
          {milestones.map((m) => (
            <tr key={m.id}>
              <td>{m.label}</td>
              <td>{showDate(m.date)}</td>
              <td>
                {daysBetween(today, m.date) >= 0
                  ? `in ${daysBetween(today, m.date)} days`
                  : `${-daysBetween(today, m.date)} days ago`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

// True when the month before this column is not shown (no effort planned in it).
function gapBefore(months: string[], i: number): boolean {
  const prev = months[i - 1];
  const cur = months[i];
  if (!prev || !cur) return false;
  const [py, pm] = prev.split('-').map(Number) as [number, number];
  const [cy, cm] = cur.split('-').map(Number) as [number, number];
  return cy * 12 + cm - (py * 12 + pm) > 1;
}

function Workload({ cells }: { cells: WorkloadCell[] }) {
  const months = [...new Set(cells.map((c) => c.month))].sort();
  const owners = [...new Set(cells.map((c) => c.owner))].sort((a, b) => a.localeCompare(b));
  const at = new Map(cells.map((c) => [`${c.owner}\u0000${c.month}`, c]));
  const over = cells.filter((c) => c.overloaded).length;
  return (
    <section class="card workload" aria-labelledby="workload-title">
      <h2 id="workload-title">Workload by owner by month</h2>
      <p class="hint">
        Days of effort each owner carries per month, as the plan was generated (months with no planned effort are left
        out). {over > 0 ? <strong>⚠ {over} owner-month(s) are over capacity.</strong> : 'No owner is over capacity.'}
      </p>
      {cells.length === 0 ? (
        <Empty>No effort is planned yet.</Empty>
      ) : (
        <div class="table-scroll">
          <table class="grid workload-table">
            <thead>
              <tr>
                <th scope="col" class="sticky-col">
                  Owner
                </th>
                {months.map((m, i) => (
                  <th scope="col" key={m} class={gapBefore(months, i) ? 'gap-before' : ''} title={gapBefore(months, i) ? 'Months before this one have no planned effort' : undefined}>
                    {gapBefore(months, i) && <span aria-hidden="true">⋯ </span>}
                    {monthLabel(m)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {owners.map((o) => (
                <tr key={o}>
                  <th scope="row" class="sticky-col">
                    {o}
                  </th>
                  {months.map((m, i) => {
                    const c = at.get(`${o}\u0000${m}`);
                    return (
                      <td key={m} class={`${c?.overloaded ? 'over' : ''} ${gapBefore(months, i) ? 'gap-before' : ''}`}>
                        {c ? (
                          c.overloaded ? (
                            <span title="Over capacity">
                              ⚠ {c.days}
                              <span class="sr-only"> days, over capacity</span>
                            </span>
                          ) : (
                            c.days
                          )
                        ) : (
                          ''
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
