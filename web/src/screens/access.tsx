// Access SoD: who can actually do what in the financial systems. Listings and the HR roster in; out come the user ×
// rule conflict matrix (each cell drills into both sides and the listing rows), toxic roles, leavers, generic
// accounts, unmapped roles, a what-if for one more grant, the decision on each finding and readiness with access.
import { DutyMapEditor } from '../components/duty-map-editor.tsx';
import { can } from '../session.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConflictDetail, ResolutionForm, ResolutionText } from '../components/access-conflict.tsx';
import { ListingUpload, RosterUpload, SimulateGrant } from '../components/access-forms.tsx';
import type { Access, AccessConflict, MatrixCell } from '../components/access-types.ts';
import { where } from '../components/access-types.ts';
import { Async, Badge, Empty } from '../components/states.tsx';
import { showDate } from '../dates.ts';
import { MATRIX_PAGE, shownMatrixRows } from '../matrix-rows.ts';
import { useResource } from '../resource.ts';
import type { ScreenProps } from './index.ts';
import { ColumnHeads } from '../components/column-heads.tsx';
import { plural } from '../../../server/domain/words.ts';

export function AccessScreen({ engagement }: ScreenProps) {
  // the page's view: the matrix names each user's conflicts by key; the drill-down fetches the ones chosen
  const res = useResource<Access>(`/api/engagements/${encodeURIComponent(engagement.id)}/access?view=page`);
  return (
    <div class="access">
      <div class="toolbar">
        <h2>Access SoD</h2>
        <span class="muted">
          Who can actually do what in the financial systems, from the systems' own user listings.
        </span>
      </div>
      <div class="access-inputs">
        <ListingUpload engagementId={engagement.id} onUploaded={res.reload} />
        <RosterUpload
          engagementId={engagement.id}
          onUploaded={res.reload}
          current={
            res.data?.roster
              ? `${res.data.roster.fileName} (${res.data.roster.entries} people, ${res.data.roster.terminated} terminated)`
              : null
          }
        />
      </div>
      <Async res={res} what="the access analysis">
        {(a) => <AccessBody a={a} engagementId={engagement.id} reload={res.reload} />}
      </Async>
    </div>
  );
}

function AccessBody({ a, engagementId, reload }: { a: Access; engagementId: string; reload: () => void }) {
  const [selected, setSelected] = useState<{ label: string; keys: string[] } | null>(null);
  if (a.listings.length === 0)
    return (
      <Empty>
        <p>
          No access listing yet. Upload one export per financial system (ERP, billing, payroll, identity provider)
          above.
        </p>
        <p class="hint">
          soxbridge maps each role and permission to duties and finds people, and roles, that hold both sides of a
          conflict.
        </p>
      </Empty>
    );
  const byKey = new Map(a.conflicts.map((c) => [c.key, c]));
  const open = (label: string, keys: string[]) => {
    setSelected({ label, keys });
    requestAnimationFrame(() => document.getElementById('access-drill')?.focus());
  };
  const systems = [...new Set(a.listings.filter((l) => l.current).map((l) => l.system))];
  const roleConflicts = a.conflicts.filter((c) => c.level === 'role');
  return (
    <>
      <AccessReadinessCard a={a} />
      <Listings a={a} />
      <section aria-labelledby="access-matrix-h">
        <h3 id="access-matrix-h">Conflicts by user and rule</h3>
        {a.matrix.rows.length === 0 ? (
          <Empty>
            <Badge status="covered" /> No user holds both sides of a conflict in the current listings.
          </Empty>
        ) : (
          <Matrix a={a} onOpen={open} selected={selected?.keys ?? []} />
        )}
      </section>
      {roleConflicts.length > 0 && (
        <section aria-labelledby="access-roles-h">
          <h3 id="access-roles-h">Toxic roles: both sides inside one role</h3>
          <ul class="tight">
            {roleConflicts.map((c) => (
              <li key={c.key}>
                <button type="button" class="link" onClick={() => open(`Role ${c.role} · ${c.rule}`, [c.key])}>
                  {c.role} · {c.rule}
                </button>{' '}
                <Badge status={c.severity} /> <Badge status={c.status} />{' '}
                <span class="muted">
                  {c.holders} holder(s), {c.systems.join(', ')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section id="access-drill" tabIndex={-1} aria-labelledby="access-drill-h" class="access-drill">
        <h3 id="access-drill-h">{selected ? selected.label : 'Conflict detail'}</h3>
        {selected ? (
          selected.keys.every((k) => byKey.has(k)) ? (
            selected.keys
              .map((k) => byKey.get(k))
              .filter((c): c is AccessConflict => !!c)
              .map((c) => <ConflictDetail key={c.key} c={c} tasks={a.plan.tasks} engagementId={engagementId} onDecided={reload} />)
          ) : (
            <ConflictsByKey keys={selected.keys} engagementId={engagementId} version={a} onDecided={reload} />
          )
        ) : (
          <p class="hint">
            Choose a cell of the matrix (or a toxic role) to see both sides, the listing rows and record a decision.
          </p>
        )}
      </section>
      <SimulateGrant
        engagementId={engagementId}
        users={a.matrix.rows.map((r) => r.user)}
        systems={systems}
        roles={a.dutyMap.filter((d) => d.kind === 'role')}
      />
      <Leavers a={a} engagementId={engagementId} reload={reload} />
      <Generic a={a} />
      <Unmapped a={a} />
      {can('edit') && <DutyMapEditor engagementId={engagementId} onChanged={reload} />}
    </>
  );
}

// The conflicts of a matrix cell, fetched when it is opened (the page's view does not carry them), and again when
// the page's analysis changes (after a decision).
function ConflictsByKey({
  keys,
  engagementId,
  version,
  onDecided,
}: {
  keys: string[];
  engagementId: string;
  version: Access;
  onDecided: () => void;
}) {
  const query = keys.map((k) => `key=${encodeURIComponent(k)}`).join('&');
  const res = useResource<{ conflicts: AccessConflict[]; missing: string[] }>(
    `/api/engagements/${encodeURIComponent(engagementId)}/access/conflicts?${query}`,
  );
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    res.reload();
  }, [version, res]);
  return (
    <Async res={res} what="the conflict detail">
      {(d) => (
        <>
          {res.loading && (
            <p class="hint" role="status">
              Updating…
            </p>
          )}
          {d.conflicts.map((c) => (
            <ConflictDetail key={c.key} c={c} tasks={version.plan.tasks} engagementId={engagementId} onDecided={onDecided} />
          ))}
          {d.missing.length > 0 && (
            <p class="hint">
              {d.missing.length} of these conflicts are no longer in the analysis (the listings or the duty map
              changed); choose the cell again.
            </p>
          )}
        </>
      )}
    </Async>
  );
}

const pct = (n: number | null) => (n === null ? '—' : `${n.toFixed(1).replace(/\.0$/, '')}%`);

function AccessReadinessCard({ a }: { a: Access }) {
  const r = a.readiness;
  return (
    <section class="card access-readiness" aria-labelledby="access-readiness-h">
      <h3 id="access-readiness-h">Readiness with access</h3>
      <div class="cards">
        <div>
          <div class="metric">{pct(r.withAccess)}</div>
          <div class="muted">
            readiness with access{r.readiness === null && ' (import a control matrix for the delta readiness)'}
          </div>
        </div>
        <div>
          <div class="metric">{pct(r.readiness)}</div>
          <div class="muted">readiness of the delta</div>
        </div>
        <div>
          <div class="metric">−{r.penalty} pts</div>
          <div class="muted">access penalty</div>
        </div>
        <div>
          <div class="metric">{r.open}</div>
          <div class="muted">open access findings</div>
          <ul class="counts">
            {(['critical', 'high', 'medium', 'low'] as const)
              .filter((s) => r.openBySeverity[s] > 0)
              .map((s) => (
                <li key={s}>
                  <Badge status={s} /> {r.openBySeverity[s]}
                </li>
              ))}
          </ul>
        </div>
      </div>
      <p class="formula">{r.formula}</p>
    </section>
  );
}

// What one file gives its system's listing set (users→roles, roles→permissions, or both) with what it added to the
// analysis, or which later file replaced it.
function contribution(l: Access['listings'][number]): string {
  const kinds = l.contributes ?? (l.current ? ['users'] : []);
  if (kinds.length === 0)
    return l.replacedBy ? `nothing: replaced by ${l.replacedBy}` : 'nothing: replaced by a later file of the same kind';
  return kinds.map((k) => (k === 'users' ? 'users and their roles' : 'what each role grants')).join(' + ');
}

function contributed(l: Access['listings'][number]): string {
  const c = l.contributed;
  if (!c || !l.current) return '—';
  const parts = [
    c.users > 0 ? plural(c.users, 'user') : null,
    c.roles > 0 ? plural(c.roles, 'role') : null,
    c.grants > 0 ? plural(c.grants, 'role grant') : null,
    plural(c.conflicts, 'conflict'),
  ];
  return parts.filter(Boolean).join(', ');
}

function Listings({ a }: { a: Access }) {
  return (
    <section aria-labelledby="access-listings-h">
      <h3 id="access-listings-h">Listings (evidence of what was read)</h3>
      <table class="grid access-listings">
        <ColumnHeads names={['System', 'Business unit', 'File', 'Contributes', 'Contributed', 'Extraction date', 'Rows', 'Uploaded']} />
        <tbody>
          {a.listings.map((l) => (
            <tr key={l.listingId} class={l.current ? '' : 'superseded'}>
              <td>
                {l.system} {!l.current && <span class="tag">superseded</span>}
              </td>
              <td class="unit">{l.businessUnit ?? <span class="muted">whole system</span>}</td>
              <td class="file">{l.fileName}</td>
              <td class="contributes">{contribution(l)}</td>
              <td class="contributed">{contributed(l)}</td>
              <td>
                {l.extractedAt ? showDate(l.extractedAt) : <span class="tag blocking">none — weaker evidence</span>}
              </td>
              <td>
                {l.rows}
                {l.reportedTotal !== null && <span class="muted"> (report total {l.reportedTotal})</span>}
              </td>
              <td>{showDate(l.uploadedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {a.issues.length > 0 && (
        <ul class="tight access-issues">
          {a.issues.map((i, n) => (
            <li key={n}>
              <span class="tag">{i.severity}</span> {i.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Matrix({
  a,
  onOpen,
  selected,
}: {
  a: Access;
  onOpen: (label: string, keys: string[]) => void;
  selected: string[];
}) {
  const cols = a.matrix.columns;
  const [search, setSearch] = useState('');
  const [limit, setLimit] = useState(MATRIX_PAGE);
  const shown = shownMatrixRows(a.matrix.rows, search, limit);
  const more = Math.min(MATRIX_PAGE, shown.matching - shown.rows.length);
  return (
    <div class="access-matrix-wrap">
      {shown.total > MATRIX_PAGE && (
        <div class="toolbar access-matrix-find">
          <label>
            Find a user{' '}
            <input
              type="search"
              value={search}
              placeholder="name or e-mail"
              onInput={(e) => {
                setSearch((e.currentTarget as HTMLInputElement).value);
                setLimit(MATRIX_PAGE);
              }}
            />
          </label>
          <span class="muted" role="status">
            {search.trim() ? `${shown.matching.toLocaleString('en-US')} of ` : ''}
            {shown.total.toLocaleString('en-US')} users with conflicts; showing {shown.rows.length.toLocaleString('en-US')}
            {search.trim() ? '' : ', most severe first'}
          </span>
        </div>
      )}
      <table class="grid access-matrix">
        <caption class="sr-only">
          Users (rows) against SoD rules (columns); each cell is a conflict you can open.
        </caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            {cols.map((c) => (
              <th scope="col" key={c.id} title={c.risk}>
                {c.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.rows.map((r) => (
            <tr key={r.userKey}>
              <th scope="row">
                {r.user} {r.generic && <span class="tag">generic</span>}
                <div class="muted">
                  {r.open} open of {r.conflicts}
                </div>
              </th>
              {r.cells.map((cell, i) => {
                const col = cols[i];
                return (
                  <td key={col?.id ?? i}>
                    {cell && col && (
                      <Cell
                        cell={cell}
                        label={`${r.user} · ${col.id}`}
                        onOpen={onOpen}
                        active={cell.keys.some((k) => selected.includes(k))}
                      />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {more > 0 && (
        <button type="button" onClick={() => setLimit(limit + MATRIX_PAGE)}>
          Show {more} more
        </button>
      )}
    </div>
  );
}

function Cell({
  cell,
  label,
  onOpen,
  active,
}: {
  cell: MatrixCell;
  label: string;
  onOpen: (label: string, keys: string[]) => void;
  active: boolean;
}) {
  const settled = cell.open === 0;
  return (
    <button
      type="button"
      class={`access-cell${settled ? ' settled' : ''}${active ? ' active' : ''}`}
      aria-pressed={active}
      aria-label={`${label}: ${cell.severity}, ${cell.count} conflict${cell.count === 1 ? '' : 's'}, ${cell.open} open${cell.levels.includes('privileged') ? ', privileged access' : ''}`}
      onClick={() => onOpen(label, cell.keys)}
    >
      <Badge status={cell.severity} /> ×{cell.count}
      <span class="access-cell-note">{settled ? '✔ decided' : `${cell.open} open`}</span>
    </button>
  );
}

function Leavers({ a, engagementId, reload }: { a: Access; engagementId: string; reload: () => void }) {
  const [deciding, setDeciding] = useState<string | null>(null);
  return (
    <section aria-labelledby="access-leavers-h">
      <h3 id="access-leavers-h">Leavers still active ({a.leavers.length})</h3>
      {a.leavers.length === 0 ? (
        <Empty>
          {a.roster
            ? 'No terminated employee is still active in a listing.'
            : 'Upload the HR roster to find leavers still active.'}
        </Empty>
      ) : (
        <table class="grid">
          <ColumnHeads names={['Person', 'System', 'Account', 'Terminated', 'Still active on', 'Days', 'Status', 'Decision']} />
          <tbody>
            {a.leavers.map((l) => (
              <tr key={l.key}>
                <td>{l.user}</td>
                <td>{l.system}</td>
                <td>
                  {l.account}
                  <div class="muted">{l.rows.map(where).join('; ')}</div>
                </td>
                <td>{showDate(l.terminationDate)}</td>
                <td>{showDate(l.asOf)}</td>
                <td>{l.daysSinceTermination}</td>
                <td>
                  <Badge status={l.status} />
                  {l.resolution && (
                    <div class="muted">
                      <ResolutionText r={l.resolution} />
                    </div>
                  )}
                </td>
                <td>
                  {deciding === l.key ? (
                    <ResolutionForm
                      findingKey={l.key}
                      engagementId={engagementId}
                      current={l.resolution}
                      onDecided={reload}
                    />
                  ) : (
                    can('edit') && (
                      <button type="button" onClick={() => setDeciding(l.key)}>
                        Decide…
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Generic({ a }: { a: Access }) {
  return (
    <section aria-labelledby="access-generic-h">
      <h3 id="access-generic-h">Generic and shared accounts ({a.generic.length})</h3>
      {a.generic.length === 0 ? (
        <Empty>No generic, shared or service account found.</Empty>
      ) : (
        <table class="grid">
          <ColumnHeads names={['Account', 'Name', 'System', 'Why it looks generic', 'Source']} />
          <tbody>
            {a.generic.map((g) => (
              <tr key={`${g.system}-${g.account}`}>
                <td>{g.account}</td>
                <td>{g.user}</td>
                <td>{g.system}</td>
                <td>{g.reason}</td>
                <td class="muted">{g.rows.map(where).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Unmapped({ a }: { a: Access }) {
  return (
    <section aria-labelledby="access-unmapped-h">
      <h3 id="access-unmapped-h">Unmapped roles and permissions ({a.unmapped.length})</h3>
      <p class="hint">
        These grant duties soxbridge could not work out, so they cannot raise a conflict yet. The duty map below (what
        each role and permission means) says what each one grants; an editor confirms or corrects it for this
        engagement.
      </p>
      {a.unmapped.length === 0 ? (
        <Empty>Every role and permission in the listings is mapped to duties.</Empty>
      ) : (
        <table class="grid compact">
          <ColumnHeads names={['System', 'Kind', 'Name', 'Holders', 'Source']} />
          <tbody>
            {a.unmapped.map((u) => (
              <tr key={`${u.system}-${u.kind}-${u.name}`}>
                <td>{u.system}</td>
                <td>{u.kind}</td>
                <td>{u.name}</td>
                <td>{u.holders}</td>
                <td class="muted">{u.rows.map(where).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!can('edit') && (
        <details class="access-dutymap">
          <summary>Duty map in use ({a.dutyMap.length} roles and permissions)</summary>
          <table class="grid compact">
            <ColumnHeads names={['System', 'Kind', 'Name', 'Duties', 'Privileged', 'Basis', 'Holders']} />
            <tbody>
              {a.dutyMap.map((d) => (
                <tr key={`${d.system}-${d.kind}-${d.name}`}>
                  <td>{d.system}</td>
                  <td>{d.kind}</td>
                  <td>{d.name}</td>
                  <td>{d.duties.length ? d.duties.join(', ') : <span class="muted">none</span>}</td>
                  <td>{d.privileged ? 'yes' : 'no'}</td>
                  <td>
                    {d.basis}
                    {d.map && <span class="muted"> ({d.map})</span>}
                  </td>
                  <td>{d.holders}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </section>
  );
}
