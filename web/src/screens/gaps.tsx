// Gap analysis: readiness, the COSO principles, the ITGC domains and every SOX target with why it is where it is.
import { ReviewPanel } from '../components/review-panel.tsx';
import { useMemo, useState } from 'preact/hooks';
import { AnalysisGate } from '../components/analysis-gate.tsx';
import type { Analysis, DeltaItem } from '../components/analysis-types.ts';
import { CosoHeatmap } from '../components/coso-heatmap.tsx';
import { ReadinessBars } from '../components/readiness-bars.tsx';
import { Badge } from '../components/states.tsx';
import { TargetDetail } from '../components/target-detail.tsx';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { showDate } from '../dates.ts';
import {
  buildRows,
  facets,
  filterRows,
  nextSort,
  NO_FILTER,
  sortRows,
  type GapFilter,
  type Sort,
  type SortKey,
  type TargetRow,
} from '../gaps-filter.ts';
import type { ScreenProps } from './index.ts';
import { reasonLabel } from '../../../server/domain/words.ts';

export function GapsScreen({ engagement }: ScreenProps) {
  return <AnalysisGate engagementId={engagement.id}>{(a, reload) => <GapAnalysis analysis={a} engagementId={engagement.id} onChanged={reload} />}</AnalysisGate>;
}

const ITGC = [
  ['itgc-access', 'Access'],
  ['itgc-change', 'Change'],
  ['itgc-development', 'Development'],
  ['itgc-operations', 'Operations'],
] as const;

function ItgcDomains({ items }: { items: DeltaItem[] }) {
  return (
    <div class="cards itgc">
      {ITGC.map(([cat, name]) => {
        const mine = items.filter((i) => i.category === cat);
        const n = (s: string) => mine.filter((i) => i.status === s).length;
        return (
          <div class="card itgc-domain" key={cat} data-domain={cat}>
            <h3>{name}</h3>
            <p class="muted">{mine.length} targets</p>
            <ul class="counts">
              <li>
                <Badge status="covered" /> <strong>{n('covered')}</strong>
              </li>
              <li>
                <Badge status="enhance" /> <strong>{n('enhance')}</strong>
              </li>
              <li>
                <Badge status="gap" /> <strong>{n('gap')}</strong>
              </li>
            </ul>
          </div>
        );
      })}
    </div>
  );
}

const COLUMNS: Column<TargetRow>[] = [
  { id: 'id', label: 'Target', width: '8.2rem', sortable: true, cell: (r) => <strong>{r.id}</strong> },
  { id: 'title', label: 'Title', width: 'auto', sortable: true, cell: (r) => r.title, title: (r) => r.title },
  { id: 'category', label: 'Category', width: '12%', sortable: true, cell: (r) => r.categoryLabel },
  { id: 'status', label: 'Status', width: '7.5rem', sortable: true, cell: (r) => <Badge status={r.status} /> },
  { id: 'key', label: 'Key', width: '3.6rem', sortable: true, cell: (r) => (r.key ? 'key' : '') },
  {
    id: 'reasons',
    label: 'Reasons',
    width: '17%',
    sortable: true,
    cell: (r) => r.reasonCodes.map(reasonLabel).join(', ') || '—',
    title: (r) => r.reasonCodes.map(reasonLabel).join(', '),
  },
  {
    id: 'owners',
    label: 'Owner',
    width: '13%',
    sortable: true,
    cell: (r) => r.owners.join(', ') || '—',
    title: (r) => r.owners.join(', '),
  },
  { id: 'sources', label: 'SOC 2', width: '5.4rem', sortable: true, cell: (r) => r.sources },
];

// Beside the detail panel the table is narrower; the panel shows the category and the controls, so those columns step
// aside, unless the table is sorted by one of them.
const narrow = (sortKey: string) => COLUMNS.filter((c) => c.id === sortKey || (c.id !== 'category' && c.id !== 'sources'));

function TargetTable({ analysis, engagementId, onChanged }: { analysis: Analysis; engagementId: string; onChanged: () => void }) {
  const items = analysis.delta.items;
  const rows = useMemo(() => buildRows(items, analysis.plan.tasks), [items, analysis.plan.tasks]);
  const options = useMemo(() => facets(rows), [rows]);
  const byId = useMemo(() => new Map(items.map((i) => [i.id, i])), [items]);
  const [filter, setFilter] = useState<GapFilter>(NO_FILTER);
  const [sort, setSort] = useState<Sort>({ key: 'id', dir: 'asc' });
  const [selected, setSelected] = useState<string | null>(null);
  const shown = useMemo(() => sortRows(filterRows(rows, filter), sort), [rows, filter, sort]);
  const set = (k: keyof GapFilter) => (e: Event) =>
    setFilter({ ...filter, [k]: (e.currentTarget as HTMLInputElement).value });
  const item = selected ? byId.get(selected) : undefined;
  const selectedRow = selected ? rows.find((r) => r.id === selected) : undefined;
  const filtered = filter !== NO_FILTER && Object.values(filter).some(Boolean);
  const controlIds = useMemo(() => [...new Set(analysis.delta.controls?.map((c) => c.controlId) ?? [])], [analysis.delta.controls]);

  return (
    <>
      <form class="toolbar filters" role="search" aria-label="Filter the targets" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label for="gf-text">Search</label>
          <input id="gf-text" type="search" placeholder="id, title, owner…" value={filter.text} onInput={set('text')} />
        </div>
        <div>
          <label for="gf-status">Status</label>
          <select id="gf-status" value={filter.status} onChange={set('status')}>
            <option value="">All</option>
            {options.statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="gf-category">Category</label>
          <select id="gf-category" value={filter.category} onChange={set('category')}>
            <option value="">All</option>
            {options.categories.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="gf-reason">Reason</label>
          <select id="gf-reason" value={filter.reason} onChange={set('reason')}>
            <option value="">All</option>
            {options.reasons.map((c) => (
              <option key={c} value={c}>
                {reasonLabel(c)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="gf-owner">Owner</label>
          <select id="gf-owner" value={filter.owner} onChange={set('owner')}>
            <option value="">All</option>
            {options.owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
        <p class="count" role="status" aria-live="polite">
          {shown.length} of {rows.length} targets
          {filtered && (
            <>
              {' '}
              <button type="button" class="link" onClick={() => setFilter(NO_FILTER)}>
                Clear filters
              </button>
            </>
          )}
        </p>
      </form>
      <div class={item ? 'split' : ''}>
        <VirtualTable
          caption="SOX targets"
          rows={shown}
          columns={item ? narrow(sort.key) : COLUMNS}
          rowKey={(r) => r.id}
          rowLabel={(r) => `${r.id} ${r.title}: ${r.status}`}
          selectedKey={selected}
          onOpen={(r) => setSelected(r.id)}
          sort={sort}
          onSort={(k) => setSort(nextSort(sort, k as SortKey))}
          empty={<p class="state empty">No target matches these filters.</p>}
        />
        {item && (
          <aside class="panel" aria-label="Target detail">
            <TargetDetail key={item.id} item={item} owners={selectedRow?.owners ?? []} onClose={() => setSelected(null)} review={{ engagementId, targetId: item.id, onChanged }} controlIds={controlIds} />
            <ReviewPanel key={item.id} engagementId={engagementId} itemKind="target" itemId={item.id} title="Review" />
          </aside>
        )}
      </div>
    </>
  );
}

function GapAnalysis({ analysis, engagementId, onChanged }: { analysis: Analysis; engagementId: string; onChanged: () => void }) {
  const s = analysis.delta.summary;
  return (
    <div class="gaps">
      <div class="toolbar">
        <h2>Gap analysis</h2>
        <span class="muted">
          analysis v{analysis.version} of {showDate(analysis.createdAt)} · {analysis.delta.items.length} SOX targets:
        </span>
        <span>
          <Badge status="covered" /> {s.covered} <Badge status="enhance" /> {s.enhance} <Badge status="gap" /> {s.gap}{' '}
          <Badge status="not-applicable" /> {s.notApplicable}
        </span>
      </div>
      <section class="card" aria-labelledby="gaps-readiness">
        <h2 id="gaps-readiness">Readiness</h2>
        <ReadinessBars readiness={analysis.readiness} />
      </section>
      <section class="card" aria-labelledby="gaps-coso">
        <h2 id="gaps-coso">COSO 2013: the 17 principles</h2>
        <p class="hint">Hover or focus a principle to see why it has its status and which SOC 2 controls support it.</p>
        <CosoHeatmap coso={analysis.coso} />
      </section>
      <section aria-labelledby="gaps-itgc">
        <h2 id="gaps-itgc">IT general controls</h2>
        <ItgcDomains items={analysis.delta.items} />
      </section>
      <section class="card" aria-labelledby="gaps-targets">
        <h2 id="gaps-targets">SOX targets</h2>
        <p class="hint">
          Select a row (click, or Enter) to see its reasons and the SOC 2 controls behind it, with sheet and row.
        </p>
        <TargetTable analysis={analysis} engagementId={engagementId} onChanged={onChanged} />
      </section>
    </div>
  );
}
