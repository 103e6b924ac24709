// The board view: one landscape page for a board or audit committee, on screen and printed. Everything a reader
// needs is text (icons and words, never colour alone), so it survives a greyscale printer.
import { AnalysisGate } from '../components/analysis-gate.tsx';
import { categoryLabel, type Analysis, type Milestone } from '../components/analysis-types.ts';
import { PhaseTimeline, type Marker } from '../components/phase-timeline.tsx';
import { Bar } from '../components/readiness-bars.tsx';
import { ReviewPanel } from '../components/review-panel.tsx';
import { Badge } from '../components/states.tsx';
import { topRisks } from '../components/top-risks.ts';
import type { AccessConflict } from '../components/access-types.ts';
import { useResource } from '../resource.ts';
import { showDate, todayIso } from '../dates.ts';
import { capitalise } from '../../../server/domain/words.ts';
import type { ScreenProps } from './index.ts';
import { ColumnHeads } from '../components/column-heads.tsx';

export function BoardScreen({ engagement }: ScreenProps) {
  return (
    <>
      <AnalysisGate engagementId={engagement.id}>{(a) => <Board analysis={a} name={engagement.companyName} engagementId={engagement.id} />}</AnalysisGate>
      <ReviewPanel engagementId={engagement.id} itemKind="engagement" itemId={engagement.id} title="Review of this plan" />
    </>
  );
}

const FILER: Record<string, string> = { 'non-accelerated': 'non-accelerated filer', accelerated: 'accelerated filer', 'large-accelerated': 'large accelerated filer' };

function fye(mmdd: unknown): string {
  if (typeof mmdd !== 'string' || !/^\d{2}-\d{2}$/.test(mmdd)) return '—';
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2001, Number(mmdd.slice(0, 2)) - 1, Number(mmdd.slice(3)))));
}

function KeyInputs({ p }: { p: Record<string, unknown> }) {
  const systems = Array.isArray(p.financialSystems) ? (p.financialSystems as string[]) : [];
  const cycles = Array.isArray(p.cyclesInScope) ? (p.cyclesInScope as string[]) : [];
  return (
    <dl class="board-inputs">
      <div>
        <dt>IPO</dt>
        <dd>{showDate(p.ipoDate as string | undefined)}</dd>
      </div>
      <div>
        <dt>Fiscal year end</dt>
        <dd>{fye(p.fiscalYearEnd)}</dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          {p.egc ? 'Emerging growth company' : 'Not an EGC'}, {FILER[String(p.filerStatus)] ?? 'filer status not set'}
        </dd>
      </div>
      <div>
        <dt>Financial systems</dt>
        <dd>{systems.length ? systems.join(', ') : '—'}</dd>
      </div>
      <div>
        <dt>Cycles in scope</dt>
        <dd>{cycles.length}</dd>
      </div>
    </dl>
  );
}

const MILESTONES: { key: 'first10Q' | 'first302' | 'first10K' | 'first404a' | 'first404b'; short: string }[] = [
  { key: 'first10Q', short: 'First 10-Q' },
  { key: 'first302', short: 'First §302 certification' },
  { key: 'first10K', short: 'First 10-K' },
  { key: 'first404a', short: 'First §404(a) management report' },
  { key: 'first404b', short: 'First §404(b) auditor attestation' },
];

// The reasons read "never while non-accelerated: <the rule and its citation>"; the board needs the first part, the rest
// stays in the tooltip and on the Set-up and Plan screens.
function briefly(why: string | null | undefined): string {
  if (!why) return 'not applicable';
  const head = why.split(':')[0]!.trim();
  return capitalise(head);
}

function Milestones({ t }: { t: Analysis['timeline'] }) {
  return (
    <table class="grid compact board-milestones">
      <ColumnHeads names={['SEC milestone', 'Period end', 'Due']} />
      <tbody>
        {MILESTONES.map(({ key, short }) => {
          const m: Milestone | null = t[key];
          const why = key === 'first10Q' ? t.first10QReason : key === 'first404b' ? t.first404bReason : null;
          return (
            <tr key={key}>
              <th scope="row" title={m?.label}>
                {short}
              </th>
              {m ? (
                <>
                  <td class="date">{showDate(m.periodEnd)}</td>
                  <td class="date">
                    <strong>{showDate(m.due)}</strong>
                  </td>
                </>
              ) : (
                <td colSpan={2} class="muted" title={why ?? undefined}>
                  {briefly(why)}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function markers(a: Analysis): Marker[] {
  const out: Marker[] = [];
  const ipo = a.profile.ipoDate;
  if (typeof ipo === 'string') out.push({ date: ipo, label: 'IPO' });
  const add = (m: Milestone | null, label: string) => m && out.push({ date: m.due, label });
  add(a.timeline.first10Q, '10-Q');
  add(a.timeline.first10K, '10-K');
  add(a.timeline.first404a, '404(a)');
  add(a.timeline.first404b, '404(b)');
  return out;
}

function SodSummary({ a }: { a: Analysis }) {
  if (a.sod.length === 0) {
    // "covered" only when some owned control named a duty: otherwise nothing could have been found
    const checked = (a.sodScope?.controlsWithOwnerAndDuties ?? 0) > 0;
    return (
      <p class="sod-scope">
        <Badge status={checked ? 'covered' : 'not-checked'} /> {a.sodScope?.sentence ?? 'Owner SoD: re-run the analysis to see what was checked.'}
      </p>
    );
  }
  const owners = new Map<string, string[]>();
  for (const c of a.sod) owners.set(c.owner, [...(owners.get(c.owner) ?? []), c.severity]);
  const sev = ['critical', 'high', 'medium', 'low'].map((s) => [s, a.sod.filter((c) => c.severity === s).length] as const).filter(([, n]) => n > 0);
  const list = [...owners];
  return (
    <>
      <p class="sod-counts">
        {a.sod.length} conflict{a.sod.length === 1 ? '' : 's'}:{' '}
        {sev.map(([s, n]) => (
          <span key={s}>
            <Badge status={s} /> {n}{' '}
          </span>
        ))}
      </p>
      <ul class="tight">
        {list.slice(0, 4).map(([o, s]) => (
          <li key={o}>
            <strong>{o}</strong>: {s.length} conflict{s.length === 1 ? '' : 's'} ({s.join(', ')})
          </li>
        ))}
        {list.length > 4 && <li class="muted">and {list.length - 4} more owners</li>}
      </ul>
    </>
  );
}

function Board({ analysis: a, name, engagementId }: { analysis: Analysis; name: string; engagementId: string }) {
  // access conflicts from the user listings count with the owner conflicts (as on the Summary sheet)
  const acc = useResource<{ conflicts: AccessConflict[] }>(`/api/engagements/${encodeURIComponent(engagementId)}/access`);
  const access = acc.data?.conflicts ?? [];
  const risks = topRisks(a, 2, access); // two lines a group keep the printed board on one page
  const d = a.delta.summary;
  return (
    <div class="board">
      <div class="toolbar no-print">
        <button type="button" class="primary" onClick={() => window.print()}>
          Print
        </button>
        <span class="hint">One landscape page; readable in black and white.</span>
      </div>
      <article class="board-page" aria-labelledby="board-title">
        <header class="board-head">
          <h1 id="board-title">{name}: SOX readiness for the board</h1>
          <p class="muted">
            Prepared {showDate(todayIso())} from analysis v{a.version} ({showDate(a.createdAt)}) · {a.delta.items.length} SOX targets: {d.covered} covered, {d.enhance} to enhance, {d.gap} gaps
          </p>
          <KeyInputs p={a.profile} />
        </header>
        <section class="board-timeline" aria-labelledby="board-phases">
          <h2 id="board-phases">Programme timeline</h2>
          <PhaseTimeline phases={a.plan.phases} markers={markers(a)} />
        </section>
        <div class="board-cols">
          <div>
            <section aria-labelledby="board-ms">
              <h2 id="board-ms">SEC milestones</h2>
              <Milestones t={a.timeline} />
            </section>
            <section aria-labelledby="board-sod">
              <h2 id="board-sod">Segregation of duties</h2>
              <SodSummary a={a} />
              {access.length > 0 && (
                <p class="sod-access-counts">
                  Access (user listings): {access.length} conflict{access.length === 1 ? '' : 's'}, {access.filter((c) => c.status === 'open').length} open
                  {(['critical', 'high'] as const).map((s) => (
                    <span key={s}>
                      {' '}
                      · <Badge status={s} /> {access.filter((c) => c.severity === s).length}
                    </span>
                  ))}
                </p>
              )}
            </section>
          </div>
          <section aria-labelledby="board-ready">
            <h2 id="board-ready">
              Readiness <span class="board-overall">{a.readiness.overall.toFixed(1).replace(/\.0$/, '')}%</span> <span class="muted">overall</span>
            </h2>
            <div class="rbars compact">
              {a.readiness.byCategory
                .filter((c) => c.targets > 0)
                .map((c) => (
                  <Bar key={c.category} label={categoryLabel(c.category)} percent={c.percent} />
                ))}
            </div>
            <p class="formula">
              <small>{a.readiness.formula}</small>
            </p>
          </section>
          <section aria-labelledby="board-risks">
            <h2 id="board-risks">Top risks</h2>
            {risks.map((g) => (
              <div key={g.kind} class="risk-group" data-kind={g.kind}>
                <h3>
                  {g.title} ({g.total})
                </h3>
                {g.total === 0 ? (
                  <p class="muted">
                    <span aria-hidden="true">✔</span> none
                  </p>
                ) : (
                  <ul class="tight">
                    {g.lines.map((l, i) => (
                      <li key={i}>
                        {l.text} <span class="muted">({l.detail})</span>
                      </li>
                    ))}
                    {g.more > 0 && <li class="muted">and {g.more} more</li>}
                  </ul>
                )}
              </div>
            ))}
          </section>
        </div>
      </article>
    </div>
  );
}
