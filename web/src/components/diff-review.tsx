// Review of a re-imported workbook: conflicts first (each needs a choice), then changes and new rows (ticked), deleted
// rows (never ticked by default), and invalid values (shown, not selectable). Nothing changes until "Apply selected".
import { useState } from 'preact/hooks';
import { showDate } from '../dates.ts';
import {
  buildApplyRequest,
  canApply,
  diffKey,
  initialSelection,
  mappingCount,
  resolve,
  selectedCount,
  setAdded,
  setAllChanges,
  setChange,
  setDeleted,
  type ApplyRequest,
  type PlanDiff,
  type Selection,
} from '../diff-selection.ts';
import { STATUS_WORD } from './gantt.tsx';
import { ColumnHeads } from './column-heads.tsx';

const FIELD: Record<string, string> = {
  title: 'Task',
  owner: 'Owner',
  start: 'Start',
  due: 'Due',
  effort: 'Effort (days)',
  status: 'Status',
  dependsOn: 'Depends on',
  notes: 'Notes',
  row: 'Whole row',
  id: 'Task ID',
  phase: 'Phase',
  target: 'Target',
};
export const fieldName = (f: string): string => FIELD[f] ?? f;

export function Value({ field, value, kind }: { field: string; value: string | null; kind?: 'old' | 'new' }) {
  if (value === null) return <span class="val-empty">(task deleted in soxbridge)</span>;
  if (value === '') return <span class="val-empty">(empty)</span>;
  const text = field === 'start' || field === 'due' ? showDate(value) : field === 'status' ? STATUS_WORD[value] ?? value : value;
  return <span class={kind ? `val-${kind}` : ''}>{text}</span>;
}

function Change({ field, before, after }: { field: string; before: string; after: string }) {
  return (
    <>
      <Value field={field} value={before} kind="old" />
      <span class="diff-arrow" aria-label="changed to">
        →
      </span>
      <Value field={field} value={after} kind="new" />
    </>
  );
}

export function DiffReview({
  diff,
  fileName,
  titleOf,
  applying,
  onApply,
}: {
  diff: PlanDiff;
  fileName: string;
  titleOf: (id: string) => string | null;
  applying: boolean;
  onApply: (req: ApplyRequest) => void;
}) {
  const [sel, setSel] = useState<Selection>(() => initialSelection(diff));
  const ready = canApply(diff, sel);
  const count = selectedCount(diff, sel);
  const mapping = diff.mapping;
  const total = diff.changes.length + diff.added.length + diff.deleted.length + diff.invalid.length + diff.conflicts.length + (mapping ? mapping.changes.length + mapping.invalid.length : 0);
  const task = (id: string | null) => (
    <>
      <strong>{id ?? '(new)'}</strong>
      {id && titleOf(id) && <div class="muted">{titleOf(id)}</div>}
    </>
  );
  const allTicked = diff.changes.every((c) => sel.changes.has(diffKey(c.id, c.field)));

  return (
    <section class="diff-review" aria-labelledby="diff-title">
      <h2 id="diff-title">Review the changes in “{fileName}”</h2>
      <div class="diff-summary" aria-label="Summary">
        <span class="pill">{diff.changes.length} change(s)</span>
        <span class="pill">{diff.conflicts.length} conflict(s)</span>
        <span class="pill">{diff.added.length} new row(s)</span>
        <span class="pill">{diff.deleted.length} deleted row(s)</span>
        <span class="pill">{diff.invalid.length} invalid value(s)</span>
        {mapping && <span class="pill">{mappingCount(diff)} mapping decision(s)</span>}
      </div>
      {total === 0 && <p class="state empty">The workbook matches soxbridge: there is nothing to apply.</p>}

      {mapping && <MappingSection mapping={mapping} />}

      {diff.conflicts.length > 0 && (
        <div class="diff-section">
          <h3>⚠ Conflicts: changed in both places since the export</h3>
          <p class="hint">The workbook and soxbridge each changed these fields after the export. Choose which value to keep for each one.</p>
          <table class="grid">
            <ColumnHeads names={['Task', 'Field', 'As exported', 'In the workbook', 'In soxbridge now', 'Keep']} />
            <tbody>
              {diff.conflicts.map((c) => {
                const key = diffKey(c.id, c.field);
                const choice = sel.resolutions[key];
                const name = `conflict-${key}`;
                return (
                  <tr key={key} class={choice ? '' : 'conflict-open'} data-conflict={key}>
                    <td>{task(c.id)}</td>
                    <td>{fieldName(c.field)}</td>
                    <td>
                      <Value field={c.field} value={c.before} />
                    </td>
                    <td>
                      <Value field={c.field} value={c.workbook} />
                    </td>
                    <td>
                      <Value field={c.field} value={c.current} />
                    </td>
                    <td>
                      <fieldset class="choice">
                        <legend class="sr-only">
                          Keep which {fieldName(c.field)} for {c.id}?
                        </legend>
                        <label class="inline">
                          <input type="radio" name={name} checked={choice === 'workbook'} onChange={() => setSel(resolve(sel, key, 'workbook'))} /> Keep workbook
                        </label>
                        <label class="inline">
                          <input type="radio" name={name} checked={choice === 'soxbridge'} onChange={() => setSel(resolve(sel, key, 'soxbridge'))} /> Keep soxbridge
                        </label>
                        {!choice && <span class="why">Choose one</span>}
                      </fieldset>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {diff.changes.length > 0 && (
        <div class="diff-section">
          <h3>
            Changes{' '}
            <button type="button" class="link" onClick={() => setSel(setAllChanges(sel, diff, !allTicked))}>
              {allTicked ? 'Untick all' : 'Tick all'}
            </button>
          </h3>
          <table class="grid">
            <ColumnHeads names={['Apply', 'Task', 'Field', 'Before → after', 'Where']} />
            <tbody>
              {diff.changes.map((c) => {
                const key = diffKey(c.id, c.field);
                const id = `chg-${key}`;
                return (
                  <tr key={key} data-change={key}>
                    <td>
                      <input type="checkbox" id={id} checked={sel.changes.has(key)} onChange={(e) => setSel(setChange(sel, key, (e.currentTarget as HTMLInputElement).checked))} />
                      <label for={id} class="sr-only">
                        Apply {fieldName(c.field)} of {c.id}
                      </label>
                    </td>
                    <td>{task(c.id)}</td>
                    <td>{fieldName(c.field)}</td>
                    <td>
                      <Change field={c.field} before={c.before} after={c.after} />
                    </td>
                    <td class="muted">
                      {c.sheet} row {c.row}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {diff.added.length > 0 && (
        <div class="diff-section">
          <h3>New rows</h3>
          <table class="grid">
            <ColumnHeads names={['Add', 'Row', 'Task', 'Owner', 'Start', 'Due', 'Status']} />
            <tbody>
              {diff.added.map((a) => {
                const id = `add-${a.row}`;
                return (
                  <tr key={a.row}>
                    <td>
                      <input type="checkbox" id={id} checked={sel.added.has(a.row)} onChange={(e) => setSel(setAdded(sel, a.row, (e.currentTarget as HTMLInputElement).checked))} />
                      <label for={id} class="sr-only">
                        Add row {a.row}
                      </label>
                    </td>
                    <td>
                      {a.sheet} row {a.row}
                    </td>
                    <td>{a.values.title}</td>
                    <td>{a.values.owner || <span class="val-empty">(none)</span>}</td>
                    <td>{showDate(a.values.start)}</td>
                    <td>{showDate(a.values.due)}</td>
                    <td>{STATUS_WORD[a.values.status] ?? a.values.status}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {diff.deleted.length > 0 && (
        <div class="diff-section">
          <h3>✖ Rows deleted in the workbook</h3>
          <p class="hint">
            These tasks are missing from the workbook. They stay in soxbridge unless you tick <strong>Delete</strong> for each one.
          </p>
          <table class="grid">
            <ColumnHeads names={['Delete', 'Task', 'Owner', 'Due', 'Row in the export']} />
            <tbody>
              {diff.deleted.map((d) => {
                const id = `del-${d.id}`;
                const on = sel.deleted.has(d.id);
                return (
                  <tr key={d.id} class={`delete-row ${on ? 'ticked' : ''}`}>
                    <td>
                      <label class="inline" for={id}>
                        <input type="checkbox" id={id} checked={on} onChange={(e) => setSel(setDeleted(sel, d.id, (e.currentTarget as HTMLInputElement).checked))} />
                        <span class={on ? 'delete-tag' : ''}>{on ? '✖ Delete' : 'Delete'}</span>
                        <span class="sr-only"> task {d.id}</span>
                      </label>
                    </td>
                    <td>
                      <strong>{d.id}</strong>
                      <div class="muted">{d.values.title}</div>
                    </td>
                    <td>{d.values.owner}</td>
                    <td>{showDate(d.values.due)}</td>
                    <td class="muted">
                      {d.sheet} row {d.row}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {diff.invalid.length > 0 && (
        <div class="diff-section">
          <h3>Invalid values (not applied)</h3>
          <p class="hint">These cells could not be read. Fix them in the workbook and re-import it, or change the task in the Plan.</p>
          <table class="grid">
            <ColumnHeads names={['Sheet', 'Row', 'Column', 'Task', 'Value', 'Problem']} />
            <tbody>
              {diff.invalid.map((v, i) => (
                <tr key={i}>
                  <td>{v.sheet}</td>
                  <td>{v.row}</td>
                  <td>
                    {v.column} <span class="muted">({fieldName(v.field)})</span>
                  </td>
                  <td>{v.id ?? '—'}</td>
                  <td>{v.value || <span class="val-empty">(empty)</span>}</td>
                  <td>{v.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {total > 0 && (
        <div class="apply-bar">
          <button type="button" class="primary" disabled={!ready.ok || applying} onClick={() => onApply(buildApplyRequest(diff, sel))}>
            {applying ? 'Applying…' : `Apply selected (${count + mappingCount(diff)})`}
          </button>
          {!ready.ok && (
            <span class="why" role="status">
              {ready.reason}
            </span>
          )}
          {ready.ok && <span class="muted">All or nothing: if anything fails, nothing changes.</span>}
        </div>
      )}
    </section>
  );
}

// The Mapping sheet: decisions on source→target links as the workbook has them, applied with the rest (the analysis
// is then re-run); rows that cannot be used are listed with their sheet, row and reason and change nothing.
function MappingSection({ mapping }: { mapping: NonNullable<PlanDiff['mapping']> }) {
  return (
    <div class="diff-section mapping-changes">
      <h3>Mapping decisions ({mapping.decisions.length + mapping.withdrawals.length})</h3>
      <p class="hint">Decisions on which SOC 2 controls count for each SOX target, edited on the Mapping sheet. Applying records them and re-runs the analysis.</p>
      {mapping.changes.length > 0 && (
        <table class="grid">
          <ColumnHeads names={['Target / control', 'Field', 'Before → after', 'Where']} />
          <tbody>
            {mapping.changes.map((c) => (
              <tr key={`${c.id}.${c.field}`} data-mapping={`${c.id}.${c.field}`}>
                <td>
                  <strong>{c.id}</strong>
                </td>
                <td>{c.field === 'decision' ? 'Decision' : 'Reason'}</td>
                <td>
                  <Change field={c.field} before={c.before} after={c.after} />
                </td>
                <td class="muted">
                  {c.sheet}!{c.row}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mapping.invalid.length > 0 && (
        <ul class="invalid-list">
          {mapping.invalid.map((v, i) => (
            <li key={i}>{v.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
