// The SEC milestones a profile implies (POST /api/timeline/preview), each with its period end, due date and the rule
// it comes from; a milestone that does not apply says why. Also the defaults the server filled in, with their basis.
import { showDate } from '../dates.ts';
import { FIELD_NAME, type ProfileField } from '../profile-form.ts';
import type { TimelinePreview } from '../../../server/http/openapi-records.ts';

// What POST /api/timeline/preview answers (server/http/openapi-records.ts).
export type { TimelinePreview };
export type Milestone = TimelinePreview['timeline']['first10K'];

interface Row {
  id: string;
  title: string;
  milestone: Milestone | null;
  reason: string | null;
}

function Item({ row }: { row: Row }) {
  const m = row.milestone;
  return (
    <li class={`milestone${m ? '' : ' not-applicable'}`} data-milestone={row.id}>
      <div class="ms-title">
        <strong>{m ? m.label : row.title}</strong>
        {!m && <span class="badge b-not-applicable">– does not apply</span>}
      </div>
      {m && (
        <div class="ms-dates">
          <span>
            <span class="muted">Period end</span> {showDate(m.periodEnd)}
          </span>
          <span>
            <span class="muted">Due</span> <strong>{showDate(m.due)}</strong>
          </span>
        </div>
      )}
      <p class="ms-basis">{m ? m.basis : row.reason}</p>
    </li>
  );
}

const isIso = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

export function Milestones({ preview }: { preview: TimelinePreview }) {
  const t = preview.timeline;
  const egc = t.egcEnds;
  const rows: Row[] = [
    { id: 'first10Q', title: 'First 10-Q', milestone: t.first10Q, reason: t.first10QReason },
    { id: 'first302', title: 'First §302 certification', milestone: t.first302, reason: null },
    { id: 'first10K', title: 'First 10-K', milestone: t.first10K, reason: null },
    { id: 'first404a', title: 'First §404(a) management report', milestone: t.first404a, reason: null },
    { id: 'first404b', title: 'First §404(b) auditor attestation', milestone: t.first404b, reason: t.first404bReason },
  ];
  return (
    <div class="milestones">
      <ol class="ms-list">
        {rows.map((r) => (
          <Item key={r.id} row={r} />
        ))}
        <li class={`milestone${egc ? '' : ' not-applicable'}`} data-milestone="egcEnds">
          <div class="ms-title">
            <strong>{egc ? `EGC status ends (FY${egc.fiscalYear})` : 'EGC status ends'}</strong>
            {!egc && <span class="badge b-not-applicable">– does not apply</span>}
          </div>
          {egc && (
            <div class="ms-dates">
              <span>
                <span class="muted">Last day</span> <strong>{showDate(egc.fiscalYearEnd)}</strong>
              </span>
            </div>
          )}
          <p class="ms-basis">{egc ? egc.basis : t.egcEndsReason}</p>
        </li>
      </ol>
      {preview.defaults.length > 0 && (
        <>
          <h3>Assumed until you say otherwise</h3>
          <dl class="ms-defaults">
            {preview.defaults.map((d) => (
              <div key={d.field}>
                <dt>
                  {FIELD_NAME[d.field as ProfileField] ?? d.field}:{' '}
                  <span class="ms-value">{isIso(d.value) ? showDate(d.value) : d.value}</span>
                </dt>
                <dd>{d.basis}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </div>
  );
}
