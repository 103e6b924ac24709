// Segregation of duties: the conflicts found in who owns which control, grouped by owner, each with both sides, the
// words that put the control on that side, the risk and a compensating control to suggest.
import { AnalysisGate } from '../components/analysis-gate.tsx';
import type { Analysis, SodConflict } from '../components/analysis-types.ts';
import { Badge, Empty } from '../components/states.tsx';
import type { ScreenProps } from './index.ts';

const SEVERITY: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };

function groupByOwner(conflicts: SodConflict[]): { owner: string; conflicts: SodConflict[] }[] {
  const m = new Map<string, SodConflict[]>();
  for (const c of conflicts) m.set(c.owner, [...(m.get(c.owner) ?? []), c]);
  const worst = (cs: SodConflict[]) => Math.min(...cs.map((c) => SEVERITY[c.severity] ?? 9));
  return [...m]
    .map(([owner, cs]) => ({ owner, conflicts: [...cs].sort((a, b) => (SEVERITY[a.severity] ?? 9) - (SEVERITY[b.severity] ?? 9) || a.rule.localeCompare(b.rule)) }))
    .sort((a, b) => worst(a.conflicts) - worst(b.conflicts) || a.owner.localeCompare(b.owner));
}

export function SodScreen({ engagement }: ScreenProps) {
  return <AnalysisGate engagementId={engagement.id}>{(a) => <SodList conflicts={a.sod} scope={a.sodScope} />}</AnalysisGate>;
}

function Conflict({ c }: { c: SodConflict }) {
  return (
    <article class="card sod-conflict" data-rule={c.rule}>
      <div class="toolbar">
        <Badge status={c.severity} />
        <h4>{c.rule}</h4>
        <span class="muted">{c.basis === 'person' ? 'same person owns both sides' : `through ${c.basis}`}</span>
      </div>
      <div class="sod-sides">
        {c.sides.map((s, i) => (
          <div class="sod-side" key={s.duty}>
            <p class="side-label">
              <span class="side-tag">{i === 0 ? 'Side A' : 'Side B'}</span> {s.label}
            </p>
            <ul>
              {s.controls.map((k) => (
                <li key={`${k.id}-${k.keyword}`}>
                  <strong>{k.id}</strong> <span class="muted">{k.sheet}!{k.row}</span> · matched “<mark>{k.text}</mark>”
                  {k.text.toLowerCase() !== k.keyword.toLowerCase() && <span class="muted"> (rule word: {k.keyword})</span>}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <dl class="facts">
        <dt>Risk</dt>
        <dd>{c.risk}</dd>
        <dt>Suggested compensating control</dt>
        <dd>{c.compensatingControl}</dd>
      </dl>
    </article>
  );
}

function SodList({ conflicts, scope }: { conflicts: SodConflict[]; scope: Analysis['sodScope'] }) {
  if (conflicts.length === 0)
    return (
      <>
        <h2>Segregation of duties</h2>
        <Empty>
          <p class="sod-scope">
            <Badge status={(scope?.controlsWithOwnerAndDuties ?? 0) > 0 ? 'covered' : 'not-checked'} />{' '}
            {scope?.sentence ?? 'No owner holds two conflicting duties in the imported control matrix.'}
          </p>
          <p class="hint">soxbridge compares the owners and wording of the SOC 2 controls against the SoD rules; a matrix without owners cannot show conflicts.</p>
        </Empty>
      </>
    );
  const groups = groupByOwner(conflicts);
  const count = (s: string) => conflicts.filter((c) => c.severity === s).length;
  return (
    <div class="sod">
      <div class="toolbar">
        <h2>Segregation of duties</h2>
        <span>
          {conflicts.length} conflict{conflicts.length === 1 ? '' : 's'} for {groups.length} owner{groups.length === 1 ? '' : 's'}:
        </span>
        {(['critical', 'high', 'medium', 'low'] as const)
          .filter((s) => count(s) > 0)
          .map((s) => (
            <span key={s}>
              <Badge status={s} /> {count(s)}
            </span>
          ))}
      </div>
      {groups.map((g, gi) => (
        <section key={g.owner} class="sod-owner" aria-labelledby={`sod-owner-${gi}`} data-owner={g.owner}>
          <h3 id={`sod-owner-${gi}`}>
            {g.owner} <span class="muted">· {g.conflicts.length} conflict{g.conflicts.length === 1 ? '' : 's'}</span>
          </h3>
          {g.conflicts.map((c) => (
            <Conflict key={`${c.rule}-${c.controls.join()}`} c={c} />
          ))}
        </section>
      ))}
    </div>
  );
}
