// One table's proposed column mapping beside its first rows exactly as soxbridge will read them. Each column's field
// is a labelled dropdown; a change is sent to the server, which re-reads the file and returns the new preview.
import {
  confidenceOf,
  fieldOptions,
  isChanged,
  mappingWarnings,
  parseField,
  EXTRA,
  type ControlField,
  type Override,
} from '../mapping.ts';
import { ColumnHeads } from './column-heads.tsx';
import type { PreviewRow, PreviewTable } from '../../../server/http/openapi-analysis.ts';

// A table and its first rows as the import preview sends them (server/http/openapi-analysis.ts).
export type TableInfo = PreviewTable;
export type { PreviewRow };

const OPTIONS = fieldOptions();

export const choiceKey = (sheet: string, column: number) => `${sheet}\u0000${column}`;
const SHOWN_ROWS = 10;

const cell = (v: string | null) => (v ? v : <span class="muted">—</span>);

export function MappingEditor({
  table,
  index,
  overrides,
  choices,
  rows,
  busy,
  onChange,
}: {
  table: TableInfo;
  index: number;
  overrides: readonly Override[];
  choices: ReadonlyMap<string, ControlField | null>;
  rows: PreviewRow[];
  busy: boolean;
  onChange: (column: number, field: ControlField | null) => void;
}) {
  const warnings = mappingWarnings(table.mapping.columns);
  const shown = rows.slice(0, SHOWN_ROWS);
  return (
    <div class="mapping-editor" aria-busy={busy}>
      <div class="me-columns">
        <h3 id={`me-cols-${index}`}>Columns: how each is read</h3>
        <table class="grid compact" aria-labelledby={`me-cols-${index}`}>
          <ColumnHeads names={['Column in the file', 'Read as']} />
          <tbody>
            {table.mapping.columns.map((c) => {
              const changed = isChanged(overrides, table.sheet, c.column);
              const conf = confidenceOf(c, changed);
              const id = `map-${index}-${c.column}`;
              const k = choiceKey(table.sheet, c.column);
              const picked = choices.has(k) ? (choices.get(k) ?? null) : c.field;
              return (
                <tr key={c.column} class={changed ? 'changed' : c.field === null ? 'extra' : ''}>
                  <td class="me-header">
                    <label for={id} class="cell-label">
                      <span class="col-letter">{c.letter}</span> {c.header || <span class="muted">(no header)</span>}
                    </label>
                    <div class="me-basis">{c.basis}</div>
                  </td>
                  <td class="me-field">
                    <select
                      id={id}
                      value={picked ?? EXTRA}
                      onChange={(e) => onChange(c.column, parseField((e.currentTarget as HTMLSelectElement).value))}
                    >
                      {OPTIONS.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <div class={`conf conf-${conf.level}`}>{conf.text}</div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {warnings.length > 0 && (
          <ul class="me-warnings">
            {warnings.map((w) => (
              <li key={w}>⚠ {w}</li>
            ))}
          </ul>
        )}
      </div>
      <div class="me-rows">
        <h3 id={`me-rows-${index}`}>First rows as they will be read</h3>
        {shown.length === 0 ? (
          <p class="state empty">No rows of this sheet are read as controls with this mapping.</p>
        ) : (
          <div class="scroll-x">
            <table class="grid compact preview-rows" aria-labelledby={`me-rows-${index}`}>
              <ColumnHeads names={['Row', 'Control ID', 'Title', 'Description', 'Criteria', 'Owner', 'Frequency']} />
              <tbody>
                {shown.map((r) => (
                  <tr key={`${r.sheet}-${r.row}`}>
                    <td class="num">{r.row}</td>
                    <td class="row-id">{r.id}</td>
                    <td>{cell(r.title)}</td>
                    <td class="desc">{cell(r.description)}</td>
                    <td>{cell(r.criteria.join(', '))}</td>
                    <td>{cell(r.owner)}</td>
                    <td>{cell(r.frequency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="hint">
          {shown.length < rows.length || table.lastDataRow - table.firstDataRow + 1 > shown.length
            ? `Showing the first ${shown.length} rows of ${table.lastDataRow - table.firstDataRow + 1} (rows ${table.firstDataRow}–${table.lastDataRow}).`
            : `All ${shown.length} rows shown.`}
        </p>
      </div>
    </div>
  );
}
