// One SOX target in full: status and basis, the reasons with their rule, and every SOC 2 control that feeds it with
// its sheet and row (the place in the client's own workbook) and the criteria it came through.
import { useState } from 'preact/hooks';
import { Badge } from './states.tsx';
import { categoryLabel, type DeltaItem } from './analysis-types.ts';
import { ColumnHeads } from './column-heads.tsx';
import { reasonLabel, reasonSentence } from '../../../server/domain/words.ts';

const FIRST = 100;

export function TargetDetail({ item, owners, onClose }: { item: DeltaItem; owners: string[]; onClose: () => void }) {
  const [all, setAll] = useState(false);
  const sources = all ? item.sources : item.sources.slice(0, FIRST);
  return (
    <section class="target-detail" aria-labelledby="target-detail-title">
      <div class="toolbar">
        <h3 id="target-detail-title">
          {item.id} · {item.title}
        </h3>
        <button type="button" class="link close" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        <Badge status={item.status} /> {item.key && <span class="tag">key control</span>} <span class="muted">{categoryLabel(item.category)}</span>
      </p>
      <dl class="facts">
        <dt>Basis</dt>
        <dd>{item.basis}</dd>
        <dt>Coverage</dt>
        <dd>{item.coverage}</dd>
        <dt>Frequency</dt>
        <dd>{item.frequency || '—'}</dd>
        <dt>Owners</dt>
        <dd>{owners.length ? owners.join(', ') : 'no plan task yet'}</dd>
      </dl>
      <h4>Reasons ({item.reasons.length})</h4>
      {item.reasons.length === 0 ? (
        <p class="muted">Nothing to change.</p>
      ) : (
        <ul class="reasons">
          {item.reasons.map((r, i) => (
            <li key={`${r.code}-${i}`}>
              <strong class="reason-label" data-code={r.code} title={reasonSentence(r.code)}>
                {reasonLabel(r.code)}
              </strong>{' '}
              {r.blocking ? <span class="tag blocking">blocking</span> : <span class="tag">documentation</span>}
              <p>{r.text}</p>
              <p class="muted">
                <strong>Finding:</strong> {r.finding}
              </p>
              <details>
                <summary>Rule</summary>
                <p class="muted">{r.rule}</p>
              </details>
            </li>
          ))}
        </ul>
      )}
      <h4>Contributing SOC 2 controls ({item.sources.length})</h4>
      {item.sources.length === 0 ? (
        <p class="muted">No SOC 2 control feeds this target: it is designed from scratch.</p>
      ) : (
        <table class="grid compact sources">
          <ColumnHeads names={['Control', 'Sheet!row', 'Through', 'Match']} />
          <tbody>
            {sources.map((s) => (
              <tr key={`${s.sheet}!${s.row}!${s.controlId}`}>
                <td>{s.controlId}</td>
                <td>
                  {s.sheet}!{s.row}
                </td>
                <td>
                  {s.via.map((v, i) => (
                    <span key={i} class="via">
                      {v.tsc} ({v.relationship}){v.inferred && <span class="tag inferred" title={v.phrase ? `inferred from “${v.phrase}”` : 'inferred from the control text'}>inferred{v.phrase ? `: “${v.phrase}”` : ''}</span>}
                    </span>
                  ))}
                </td>
                <td class="match">
                  {s.match ? (
                    <>
                      <span class={`tag match-${s.match}`}>{s.match}</span> {s.matched?.map((w) => `“${w}”`).join(', ')}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!all && item.sources.length > FIRST && (
        <button type="button" onClick={() => setAll(true)}>
          Show all {item.sources.length} controls
        </button>
      )}
      <Candidates item={item} />
    </section>
  );
}

// Controls that share a criterion but were not taken as sources: never dropped silently.
function Candidates({ item }: { item: DeltaItem }) {
  const list = item.candidates ?? [];
  if (list.length === 0) return null;
  return (
    <details class="candidates">
      <summary>
        Not taken as sources ({list.length}): they share a criterion but their words do not support this target
      </summary>
      <table class="grid compact">
        <ColumnHeads names={['Control', 'Sheet!row', 'Why not']} />
        <tbody>
          {list.slice(0, FIRST).map((c) => (
            <tr key={`${c.sheet}!${c.row}!${c.controlId}`}>
              <td>{c.controlId}</td>
              <td>
                {c.sheet}!{c.row}
              </td>
              <td>{c.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
