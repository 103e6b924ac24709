// One access finding drilled into: both sides with the roles and permissions that grant them and the listing rows
// they come from, the risk, and the decision form (remediate / mitigate / accept).
import { editorsOnly } from './role-gate.tsx';
import { useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { showDate } from '../dates.ts';
import type { Access, AccessConflict, Resolution, ResolutionKind } from './access-types.ts';
import { FREQUENCIES } from '../../../server/domain/catalog.ts';
import { where } from './access-types.ts';
import { Badge, ErrorBox } from './states.tsx';
import { ColumnHeads } from './column-heads.tsx';

const who = (c: AccessConflict) =>
  c.level === 'role' ? `Role “${c.role}” (${c.holders ?? 0} holder${c.holders === 1 ? '' : 's'})` : (c.user ?? '—');

// tasks: the access plan tasks of the analysis; a finding names its task by id.
export function ConflictDetail({
  c,
  tasks,
  engagementId,
  onDecided,
}: {
  c: AccessConflict;
  tasks: Access['plan']['tasks'];
  engagementId: string;
  onDecided: () => void;
}) {
  const task = c.task ? tasks.find((t) => t.id === c.task) : undefined;
  return (
    <article class="card access-conflict" data-key={c.key} aria-label={`${c.rule} for ${who(c)}`}>
      <div class="toolbar">
        <Badge status={c.severity} />
        <h4>
          {c.rule} · {who(c)}
        </h4>
        <span class="tag">
          {c.level === 'privileged' ? 'privileged access' : c.level === 'role' ? 'inside one role' : 'user'}
        </span>
        <span class="muted">{c.systems.join(' + ')}</span>
        <span class="access-status">
          Status: <Badge status={c.status} />
        </span>
      </div>
      <div class="sod-sides">
        {c.sides.map((s, i) => (
          <div class="sod-side" key={s.duty}>
            <p class="side-label">
              <span class="side-tag">{i === 0 ? 'Side A' : 'Side B'}</span> {s.label}
            </p>
            <table class="grid compact">
              <ColumnHeads names={['System', 'Role', 'Permission', 'Source row']} />
              <tbody>
                {s.grants.map((g, gi) => (
                  <tr key={gi}>
                    <td>{g.system}</td>
                    <td>{g.role ?? '—'}</td>
                    <td>{g.permission ?? '—'}</td>
                    <td>
                      {where(g)}
                      {g.definedAt && (g.definedAt.sheet !== g.sheet || g.definedAt.row !== g.row) && (
                        <span class="muted"> · defined at {where(g.definedAt)}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </div>
      <dl class="facts">
        <dt>Risk</dt>
        <dd>{c.risk}</dd>
        <dt>Suggested compensating control</dt>
        <dd>{c.compensatingControl}</dd>
        {c.resolution && (
          <>
            <dt>Decision</dt>
            <dd>
              <ResolutionText r={c.resolution} />
            </dd>
          </>
        )}
        {task && (
          <>
            <dt>Plan task</dt>
            <dd>
              {task.title} · {task.owner} · due {showDate(task.end)}
            </dd>
          </>
        )}
      </dl>
      <ResolutionForm
        findingKey={c.key}
        engagementId={engagementId}
        current={c.resolution}
        onDecided={onDecided}
        suggestion={c.compensatingControl}
      />
    </article>
  );
}

export function ResolutionText({ r }: { r: Resolution }) {
  return (
    <span>
      <strong>{r.kind}</strong>
      {r.control && ` · control: ${r.control}`}
      {r.owner && ` · owner: ${r.owner}`}
      {r.frequency && ` · ${r.frequency}`}
      {r.reason && ` · reason: ${r.reason}`}
      {r.via && ' · settled with the role it comes through'}
      <span class="muted">
        {' '}
        ({r.decidedBy}, {showDate(r.decidedAt)})
      </span>
    </span>
  );
}

// The server decides what each kind needs (a reason to accept; control, owner and frequency to mitigate) and says so
// in its 400 message, which is shown as is.
function ResolutionFormEditable({
  findingKey,
  engagementId,
  current,
  onDecided,
  suggestion,
}: {
  findingKey: string;
  engagementId: string;
  current: Resolution | null;
  onDecided: () => void;
  suggestion?: string;
}) {
  const [kind, setKind] = useState<ResolutionKind>(current?.kind ?? 'remediated');
  const [control, setControl] = useState(current?.control ?? '');
  const [owner, setOwner] = useState(current?.owner ?? '');
  const [frequency, setFrequency] = useState(current?.frequency ?? '');
  const [reason, setReason] = useState(current?.reason ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState('');
  const id = (f: string) => `res-${f}-${findingKey.replace(/[^A-Za-z0-9]/g, '-')}`;

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved('');
    const body: Record<string, string> = { key: findingKey, kind };
    if (kind !== 'accepted' && owner.trim()) body.owner = owner.trim();
    if (kind === 'mitigated') {
      if (control.trim()) body.control = control.trim();
      if (frequency) body.frequency = frequency;
    }
    if (kind === 'accepted' && reason.trim()) body.reason = reason.trim();
    const r = await send<{ status: string }>(
      'POST',
      `/api/engagements/${encodeURIComponent(engagementId)}/access/resolutions`,
      body,
    );
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setSaved(`Recorded: ${r.value.status}.`);
    onDecided();
  }

  return (
    <form class="access-resolution" onSubmit={submit} aria-label="Record the decision">
      <fieldset class="inline-group">
        <legend>Decision</legend>
        {(
          [
            ['remediated', 'Remediate (remove the access)'],
            ['mitigated', 'Mitigate with a control'],
            ['accepted', 'Accept the risk'],
          ] as const
        ).map(([k, label]) => (
          <label class="inline" key={k}>
            <input type="radio" name={id('kind')} value={k} checked={kind === k} onChange={() => setKind(k)} /> {label}
          </label>
        ))}
      </fieldset>
      <div class="form-grid">
        {kind === 'mitigated' && (
          <div>
            <label for={id('control')}>Compensating control</label>
            <textarea
              id={id('control')}
              rows={2}
              value={control}
              placeholder={suggestion}
              onInput={(e) => setControl((e.target as HTMLTextAreaElement).value)}
            />
          </div>
        )}
        {kind !== 'accepted' && (
          <div>
            <label for={id('owner')}>Owner{kind === 'remediated' ? ' (optional)' : ''}</label>
            <input id={id('owner')} value={owner} onInput={(e) => setOwner((e.target as HTMLInputElement).value)} />
          </div>
        )}
        {kind === 'mitigated' && (
          <div>
            <label for={id('frequency')}>Frequency</label>
            <select
              id={id('frequency')}
              value={frequency}
              onChange={(e) => setFrequency((e.target as HTMLSelectElement).value)}
            >
              <option value="">— choose —</option>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {f}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === 'accepted' && (
          <div>
            <label for={id('reason')}>Reason for accepting (required)</label>
            <textarea
              id={id('reason')}
              rows={2}
              value={reason}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          </div>
        )}
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Recording…' : 'Record decision'}
        </button>{' '}
        {saved && (
          <span class="saved-note" role="status">
            ✔ {saved}
          </span>
        )}
      </div>
      {error && <ErrorBox error={error} />}
    </form>
  );
}

export const ResolutionForm = editorsOnly(ResolutionFormEditable);
