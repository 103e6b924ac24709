// The side panel for one task: owner, status, start, due and notes, saved with PATCH …/tasks/{taskId}. Only changed
// fields are sent, so the audit trail records what the person actually changed.
import { ReviewPanel } from './review-panel.tsx';
import { can } from '../session.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { send, type ApiError } from '../api.ts';
import { showDate } from '../dates.ts';
import { ErrorBox } from './states.tsx';
import { STATUS_WORD, type GanttTask } from './gantt.tsx';

export interface PanelTask extends GanttTask {
  target: string | null;
  effortDays: number;
  deadlineBasis: string | null;
  notes: string;
  source?: 'access'; // called for by an access decision: changed on the Access SoD tab, not here
}

const STATUSES = ['not-started', 'in-progress', 'done', 'blocked'] as const;

interface Draft {
  owner: string;
  status: string;
  start: string;
  due: string;
  notes: string;
}

const draftOf = (t: PanelTask): Draft => ({
  owner: t.owner,
  status: t.status,
  start: t.start,
  due: t.end,
  notes: t.notes,
});

export function TaskPanel({
  engagementId,
  task,
  phaseName,
  owners,
  titleOf,
  onSaved,
  onSelect,
  onClose,
}: {
  engagementId: string;
  task: PanelTask;
  phaseName: string;
  owners: string[];
  titleOf: (id: string) => string | null;
  onSaved: (t: PanelTask) => void;
  onSelect: (id: string) => void;
  onClose: () => void;
}) {
  const editable = can('edit') && task.source !== 'access';
  const [draft, setDraft] = useState<Draft>(draftOf(task));
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setDraft(draftOf(task));
    setError(null);
    setSaved(null);
    heading.current?.focus();
    // Only when another task is opened: a save of this one keeps the confirmation on screen.
  }, [task.id]);

  const base = draftOf(task);
  const patch: Record<string, string> = {};
  for (const k of ['owner', 'status', 'start', 'due', 'notes'] as const)
    if (draft[k] !== base[k]) patch[k] = k === 'owner' ? draft[k].trim() : draft[k];
  const dirty = Object.keys(patch).length > 0;
  const set = (k: keyof Draft) => (e: Event) => {
    setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
    setSaved(null);
  };

  async function save(e: Event) {
    e.preventDefault();
    if (!dirty) return;
    setSaving(true);
    setError(null);
    const r = await send<PanelTask>(
      'PATCH',
      `/api/engagements/${encodeURIComponent(engagementId)}/tasks/${encodeURIComponent(task.id)}`,
      patch,
    );
    setSaving(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    onSaved(r.value);
    setSaved(
      `Saved ${Object.keys(patch).length} change${Object.keys(patch).length === 1 ? '' : 's'}. The change is in the audit log.`,
    );
  }

  const f = (name: string) => `task-${name}`;
  return (
    <aside
      class="panel task-panel"
      aria-labelledby="task-panel-title"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <div class="toolbar panel-head">
        <h2 id="task-panel-title" tabIndex={-1} ref={heading}>
          {task.id}
        </h2>
        <button type="button" class="link" onClick={onClose}>
          Close
        </button>
      </div>
      <p class="task-title">{task.title}</p>
      <dl class="task-facts">
        <dt>Phase</dt>
        <dd>{phaseName}</dd>
        {task.target && (
          <>
            <dt>SOX target</dt>
            <dd>{task.target}</dd>
          </>
        )}
        <dt>Effort</dt>
        <dd>{task.effortDays} day(s)</dd>
        <dt>Latest finish</dt>
        <dd>{showDate(task.latestFinish)}</dd>
      </dl>
      {task.atRisk ? (
        <p class="risk-box" role="note">
          <strong>! At risk.</strong> {task.atRiskReason}
        </p>
      ) : (
        task.deadlineBasis && <p class="hint">Why this deadline: {task.deadlineBasis}</p>
      )}
      <form onSubmit={(e) => void save(e)} class="task-form">
        <fieldset class="bare" disabled={!editable}>
          <label for={f('owner')}>Owner</label>
          <input
            id={f('owner')}
            list="task-owner-list"
            value={draft.owner}
            onInput={set('owner')}
            maxLength={200}
            autocomplete="off"
          />
          <datalist id="task-owner-list">
            {owners.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
          <label for={f('status')}>Status</label>
          <select id={f('status')} value={draft.status} onChange={set('status')}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_WORD[s]}
              </option>
            ))}
          </select>
          <div class="two">
            <div>
              <label for={f('start')}>Start</label>
              <input id={f('start')} type="date" value={draft.start} onInput={set('start')} required />
            </div>
            <div>
              <label for={f('due')}>Due</label>
              <input id={f('due')} type="date" value={draft.due} onInput={set('due')} required />
            </div>
          </div>
          <label for={f('notes')}>Notes</label>
          <textarea id={f('notes')} rows={4} value={draft.notes} onInput={set('notes')} maxLength={5000} />
        </fieldset>
        {error && <ErrorBox error={error} />}
        {!editable ? (
          <p class="hint">
            {task.source === 'access'
              ? 'This task follows a decision on an access finding: change or reopen the decision on the Access SoD tab.'
              : 'You can read this task; an editor or owner changes it.'}
          </p>
        ) : (
          <div class="toolbar form-actions">
            <button type="submit" class="primary" disabled={!dirty || saving}>
              {saving ? 'Saving…' : 'Save'}
            </button>
            <button type="button" disabled={!dirty || saving} onClick={() => setDraft(base)}>
              Undo edits
            </button>
          </div>
        )}
        <p role="status" aria-live="polite" class="saved">
          {saved && `✔ ${saved}`}
        </p>
      </form>
      {task.dependsOn.length > 0 && (
        <>
          <h3>Depends on</h3>
          <ul class="deps">
            {task.dependsOn.map((d) => (
              <li key={d}>
                <button type="button" class="link" onClick={() => onSelect(d)}>
                  {d}
                </button>{' '}
                <span class="muted">{titleOf(d) ?? ''}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <ReviewPanel key={task.id} engagementId={engagementId} itemKind="task" itemId={task.id} title="Review" />
    </aside>
  );
}
