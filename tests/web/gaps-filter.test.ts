import { describe, expect, it } from 'vitest';
import type { DeltaItem, PlanTask } from '../../web/src/components/analysis-types.ts';
import { buildRows, facets, filterRows, nextSort, NO_FILTER, sortRows } from '../../web/src/gaps-filter.ts';

const item = (id: string, category: string, status: DeltaItem['status'], codes: string[], sources = 1, key = false): DeltaItem => ({
  id,
  title: `Title of ${id}`,
  category,
  key,
  coso: [],
  assertions: [],
  frequency: 'annual',
  status,
  coverage: 'partial',
  basis: '',
  reasons: codes.map((code) => ({ code, text: '', finding: '', rule: '', blocking: true })),
  sources: Array.from({ length: sources }, (_, i) => ({ sheet: 'Controls', row: i + 2, controlId: `C-${i}`, via: [] })),
  candidates: [],
});

const task = (target: string | null, owner: string): PlanTask => ({
  id: `${target}-${owner}`,
  phase: 'remediate',
  kind: 'design',
  title: '',
  target,
  reasons: [],
  owner,
  start: '2027-01-01',
  end: '2027-02-01',
  durationDays: 20,
  effortDays: 2,
  sampleSize: null,
  deliverables: [],
  latestFinish: null,
  deadlineBasis: null,
  dependsOn: [],
  atRisk: false,
  atRiskReason: null,
  critical: false,
  floatDays: null,
  status: 'not-started',
  notes: '',
});

const items = [
  item('ELC-10', 'entity', 'enhance', ['financial-scope', 'assertions']),
  item('ELC-2', 'entity', 'gap', ['no-source-control'], 0, true),
  item('ITGC-AC-01', 'itgc-access', 'enhance', ['financial-scope', 'timely-removal'], 4),
  item('ITGC-CM-01', 'itgc-change', 'covered', [], 2, true),
  item('REV-01', 'process:revenue', 'not-applicable', []),
];
const tasks = [task('ELC-10', 'Priya Shah'), task('ELC-10', 'Priya Shah'), task('ELC-10', 'CFO'), task('ITGC-AC-01', 'Alex Kim'), task(null, 'SOX programme lead')];
const rows = buildRows(items, tasks);
const ids = (rs: { id: string }[]) => rs.map((r) => r.id);

describe('buildRows', () => {
  it('takes each target its owners from the plan tasks for it, once each, and no owner when it has no task', () => {
    expect(rows.find((r) => r.id === 'ELC-10')!.owners).toEqual(['CFO', 'Priya Shah']);
    expect(rows.find((r) => r.id === 'ELC-2')!.owners).toEqual([]);
    expect(rows.find((r) => r.id === 'ITGC-AC-01')!.categoryLabel).toBe('ITGC · access');
    expect(rows.find((r) => r.id === 'REV-01')!.categoryLabel).toBe('Process · revenue');
  });
});

describe('filterRows', () => {
  it('shows everything without a filter', () => {
    expect(filterRows(rows, NO_FILTER)).toHaveLength(5);
  });
  it('filters by reason code, status, category and owner, together', () => {
    expect(ids(filterRows(rows, { ...NO_FILTER, reason: 'financial-scope' }))).toEqual(['ELC-10', 'ITGC-AC-01']);
    expect(ids(filterRows(rows, { ...NO_FILTER, reason: 'financial-scope', category: 'itgc-access' }))).toEqual(['ITGC-AC-01']);
    expect(ids(filterRows(rows, { ...NO_FILTER, status: 'gap' }))).toEqual(['ELC-2']);
    expect(ids(filterRows(rows, { ...NO_FILTER, owner: 'CFO' }))).toEqual(['ELC-10']);
    expect(filterRows(rows, { ...NO_FILTER, owner: 'CFO', status: 'gap' })).toEqual([]);
  });
  it('searches id, title, owner and reason words, case-insensitively, every word', () => {
    expect(ids(filterRows(rows, { ...NO_FILTER, text: 'itgc' }))).toEqual(['ITGC-AC-01', 'ITGC-CM-01']);
    expect(ids(filterRows(rows, { ...NO_FILTER, text: 'alex' }))).toEqual(['ITGC-AC-01']);
    expect(ids(filterRows(rows, { ...NO_FILTER, text: '  Title   elc-2 ' }))).toEqual(['ELC-2']);
    expect(ids(filterRows(rows, { ...NO_FILTER, text: 'timely-removal' }))).toEqual(['ITGC-AC-01']);
  });
});

describe('sortRows', () => {
  it('sorts ids naturally (ELC-2 before ELC-10) and reverses on desc', () => {
    expect(ids(sortRows(rows, { key: 'id', dir: 'asc' }))).toEqual(['ELC-2', 'ELC-10', 'ITGC-AC-01', 'ITGC-CM-01', 'REV-01']);
    expect(ids(sortRows(rows, { key: 'id', dir: 'desc' }))).toEqual(['REV-01', 'ITGC-CM-01', 'ITGC-AC-01', 'ELC-10', 'ELC-2']);
  });
  it('sorts status worst first, ties broken by id', () => {
    expect(ids(sortRows(rows, { key: 'status', dir: 'asc' }))).toEqual(['ELC-2', 'ELC-10', 'ITGC-AC-01', 'ITGC-CM-01', 'REV-01']);
  });
  it('sorts by number of SOC 2 controls and by key', () => {
    expect(ids(sortRows(rows, { key: 'sources', dir: 'desc' }))[0]).toBe('ITGC-AC-01');
    expect(ids(sortRows(rows, { key: 'key', dir: 'asc' })).slice(0, 2)).toEqual(['ELC-2', 'ITGC-CM-01']);
  });
  it('does not change the input order', () => {
    const before = ids(rows);
    sortRows(rows, { key: 'title', dir: 'desc' });
    expect(ids(rows)).toEqual(before);
  });
  it('toggles the direction on the same column and starts ascending on a new one', () => {
    expect(nextSort({ key: 'id', dir: 'asc' }, 'id')).toEqual({ key: 'id', dir: 'desc' });
    expect(nextSort({ key: 'id', dir: 'desc' }, 'status')).toEqual({ key: 'status', dir: 'asc' });
  });
});

describe('facets', () => {
  it('offers only the values that occur, statuses worst first', () => {
    const f = facets(rows);
    expect(f.statuses).toEqual(['gap', 'enhance', 'covered', 'not-applicable']);
    expect(f.reasons).toEqual(['assertions', 'financial-scope', 'no-source-control', 'timely-removal']);
    expect(f.owners).toEqual(['Alex Kim', 'CFO', 'Priya Shah']);
    expect(f.categories.map((c) => c.value)).toEqual(['entity', 'itgc-access', 'itgc-change', 'process:revenue']);
  });
});

describe('a large table', () => {
  it('filters and sorts 20,000 rows', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => item(`T-${i}`, i % 2 ? 'entity' : 'itgc-access', i % 3 ? 'gap' : 'covered', i % 5 ? ['financial-scope'] : ['ipe']));
    const big = buildRows(many, []);
    const out = sortRows(filterRows(big, { ...NO_FILTER, reason: 'ipe', category: 'entity' }), { key: 'id', dir: 'desc' });
    expect(out).toHaveLength(2000);
    expect(out[0]!.id).toBe('T-19995');
    expect(out.every((r) => r.category === 'entity' && r.reasonCodes.includes('ipe'))).toBe(true);
  });
});
