// The engagement list: company, IPO date, readiness, next deadline; create and archive.
import type { EngagementList } from '../../../server/http/openapi-records.ts';
import { send } from '../api.ts';
import { Async, Empty, ErrorBox } from '../components/states.tsx';
import { showDate } from '../dates.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import { useState } from 'preact/hooks';
import type { ApiError } from '../api.ts';
import { allows, currentWorkspace, session } from '../session.ts';
import { ColumnHeads } from '../components/column-heads.tsx';

// An engagement as the list sends it (server/http/openapi-records.ts).
export type EngagementRow = EngagementList['engagements'][number];

export function EngagementsScreen() {
  const [archived, setArchived] = useState(false);
  const ws = currentWorkspace.value;
  const query = new URLSearchParams({ ...(archived ? { archived: 'true' } : {}), ...(ws ? { workspace: ws.id } : {}) }).toString();
  const res = useResource<{ engagements: EngagementRow[] }>(`/api/engagements${query ? `?${query}` : ''}`);
  const local = session.value?.mode !== 'accounts';
  const canCreate = local || allows(ws?.role, 'edit');
  const [error, setError] = useState<ApiError | null>(null);
  const archive = async (e: EngagementRow) => {
    if (!confirm(`Archive ${e.companyName}? It is kept and can be listed with "Show archived".`)) return;
    const r = await send('POST', `/api/engagements/${encodeURIComponent(e.id)}/archive`);
    if (!r.ok) setError(r.error);
    res.reload();
  };
  return (
    <section>
      <div class="toolbar">
        <h1>Engagements{ws && (!local || (session.value?.workspaces.length ?? 0) > 1) ? ` · ${ws.name}` : ''}</h1>
        {canCreate && (
          <a class="button primary" href={href({ name: 'new' })}>
            + New engagement
          </a>
        )}
        <label class="inline">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived((e.target as HTMLInputElement).checked)} /> Show archived
        </label>
      </div>
      {error && <ErrorBox error={error} />}
      <Async res={res} what="engagements">
        {(data) =>
          data.engagements.length === 0 ? (
            <Empty>
              {canCreate ? (
                <>
                  No engagements yet. <a href={href({ name: 'new' })}>Create one</a> to import a SOC 2 matrix.
                </>
              ) : (
                'No engagements here yet, or none shared with you.'
              )}
            </Empty>
          ) : (
            <table class="grid">
              <ColumnHeads names={['Company', 'IPO date', 'Readiness', 'Next deadline']} actions="Actions" />
              <tbody>
                {data.engagements.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <a href={href({ name: 'engagement', id: e.id, tab: 'gaps' })}>{e.companyName}</a>
                      {e.archivedAt && <span class="muted"> (archived)</span>}
                    </td>
                    <td>{showDate(e.profile.ipoDate)}</td>
                    <td>{e.readiness === null ? <span class="muted">not analysed</span> : `${e.readiness}%`}</td>
                    <td>{e.nextDeadline ? `${e.nextDeadline.label} — ${showDate(e.nextDeadline.due)}` : '—'}</td>
                    <td>
                      {!e.archivedAt && (local || allows(e.role, 'manage')) && (
                        <button type="button" class="link" onClick={() => void archive(e)} aria-label={`Archive ${e.companyName}`}>
                          Archive
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Async>
    </section>
  );
}
