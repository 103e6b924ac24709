// One SOX target in full: status and basis, the reasons with their rule, and every SOC 2 control that feeds it with
// its sheet and row (the place in the client's own workbook) and the criteria it came through. Editors accept or
// reject each source and candidate with a reason, and add a control the engine did not link (mapping-review.tsx).
import { useState } from 'preact/hooks';
import { Badge } from './states.tsx';
import { categoryLabel, type DeltaItem } from './analysis-types.ts';
import { ColumnHeads } from './column-heads.tsx';
import { reasonLabel, reasonSentence } from '../../../server/domain/words.ts';
import { AddControl, DecisionForm, OrphanedDecisions, ReviewCell, useMappingReview, type MappingReviewProps, type MappingReviewState } from './mapping-review.tsx';

const FIRST = 100;

export function TargetDetail({ item, owners, onClose, review, controlIds = [] }: { item: DeltaItem; owners: string[]; onClose: () => void; review: MappingReviewProps; controlIds?: string[] }) {
  const [all, setAll] = useState(false);
  const mr = useMappingReview(review);
  const linked = new Set([...item.sources.map((s) => s.controlId), ...(item.candidates ?? []).map((c) => c.controlId)]);
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
          <ColumnHeads names={['Control', 'Sheet!row', 'Through', 'Match', 'Review']} />
          <tbody>
            {sources.map((s) => (
              <tr key={`${s.sheet}!${s.row}!${s.controlId}`} data-control={s.controlId}>
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
                <td class="review">
                  <ReviewCell mr={mr} controlId={s.controlId} review={s.review} />
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
      <Candidates item={item} mr={mr} />
      <DecisionForm mr={mr} targetId={item.id} />
      <OrphanedDecisions mr={mr} orphaned={item.orphanedReviews ?? []} />
      <AddControl mr={mr} controlIds={controlIds} linked={linked} />
    </section>
  );
}

// Controls that share a criterion but were not taken as sources: never dropped silently.
function Candidates({ item, mr }: { item: DeltaItem; mr: MappingReviewState }) {
  const list = item.candidates ?? [];
  if (list.length === 0) return null;
  // Open when a reviewer has decided on one, so a rejection is in sight.
  return (
    <details class="candidates" open={list.some((c) => c.review)}>
      <summary>
        Not taken as sources ({list.length}): they share a criterion but their words do not support this target
      </summary>
      <table class="grid compact">
        <ColumnHeads names={['Control', 'Sheet!row', 'Why not', 'Review']} />
        <tbody>
          {list.slice(0, FIRST).map((c) => (
            <tr key={`${c.sheet}!${c.row}!${c.controlId}`} data-control={c.controlId}>
              <td>{c.controlId}</td>
              <td>
                {c.sheet}!{c.row}
              </td>
              <td>{c.reason}</td>
              <td class="review">
                <ReviewCell mr={mr} controlId={c.controlId} review={c.review} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
