import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../server/catalog/load-catalog.ts';
import { loadDutyMapTemplates } from '../../server/catalog/load-duty-maps.ts';
import { resolveFindings, type Resolution } from '../../server/domain/access-resolutions.ts';
import type { AccessConflict } from '../../server/domain/access-conflicts.ts';
import { analyseAccess, simulateGrant, sortConflicts, type AccessInput } from '../../server/domain/access-sod.ts';
import { buildDirectory, genericReason, indexDirectory } from '../../server/domain/access-users.ts';
import { createDutyMapper, type DutyMapSet } from '../../server/domain/duty-map.ts';
import type { PlanTask } from '../../server/domain/plan.ts';
import type { ListingInfo, RoleGrant, RosterEntry, UserAccess } from '../../server/domain/access-types.ts';
import { access } from '../fixtures/access-listings.ts';

const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue invalid');
const RULES = catalog.value.sodRules;
const DUTIES = [...new Map(RULES.flatMap((r) => r.duties).map((d) => [d.id, d])).values()];
const templates = loadDutyMapTemplates(new Set(DUTIES.map((d) => d.id)));
if (!templates.ok) throw new Error(JSON.stringify(templates.error));
const TEMPLATES = templates.value;

// An engagement duty map for the made-up systems of these tests.
const OVERRIDES: DutyMapSet = {
  id: 'test',
  name: 'test',
  source: 'test',
  systems: ['*'],
  entries: [
    { name: 'Vendor Maintenance', duties: ['vendor-master'] },
    { name: 'Payment Release', duties: ['payment-release'] },
    { name: 'JE Maker', duties: ['je-prepare'] },
    { name: 'JE Checker', duties: ['je-approve'] },
    { name: 'Root', duties: [], privileged: true },
  ],
};

const listing = (system: string, extractedAt: string | null, file = `${system.toLowerCase()}.csv`): ListingInfo => ({
  system,
  systemBasis: 'argument',
  file,
  sheets: [],
  shapes: ['user-role'],
  extractedAt,
  extractedAtBasis: extractedAt ? 'column' : 'none',
  rows: 0,
  reportedTotal: null,
});

function run(rows: UserAccess[], extra: Partial<AccessInput> = {}) {
  const systems = [...new Set(rows.map((r) => `${r.system}\u0000${r.source.file}`))].map((k) => k.split('\u0000'));
  return analyseAccess({
    access: rows,
    roleGrants: [],
    listings: systems.map(([s, f]) => listing(s ?? '', '2026-10-31', f)),
    rules: RULES,
    templates: TEMPLATES,
    overrides: [OVERRIDES],
    asOf: '2026-11-30',
    ...extra,
  });
}

// Freezes plain objects and arrays all the way down (typed arrays cannot be frozen and are left as they are).
function deepFreeze(x: unknown): void {
  if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x) || Object.isFrozen(x)) return;
  Object.freeze(x);
  for (const v of Object.values(x)) deepFreeze(v);
}

const find = (cs: AccessConflict[], rule: string, level: string, who?: string) =>
  cs.filter((c) => c.rule === rule && c.level === level && (who === undefined || c.user === who || c.role === who));

describe('conflicts at each level', () => {
  const cases: {
    name: string;
    rows: () => UserAccess[];
    grants?: RoleGrant[];
    expect: { rule: string; level: string; who: string; systems: string[]; sides: string[][] }[];
    absent?: string[];
  }[] = [
    {
      name: 'user: two roles in one system cover vendor master and payment release',
      rows: () => [
        access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { name: 'Ana Ruiz' }),
        access('NetSuite', 'ana@acme.com', 'Payment Release', { name: 'Ana Ruiz' }),
      ],
      expect: [
        {
          rule: 'SOD-P2P-03',
          level: 'user',
          who: 'Ana Ruiz',
          systems: ['NetSuite'],
          sides: [['Vendor Maintenance'], ['Payment Release']],
        },
      ],
    },
    {
      name: 'user: the two duties come from different systems',
      rows: () => [
        access('NetSuite', 'ana@acme.com', 'Vendor Maintenance'),
        access('Bank', 'ana@acme.com', 'Payment Release'),
      ],
      expect: [
        {
          rule: 'SOD-P2P-03',
          level: 'user',
          who: 'ana@acme.com',
          systems: ['Bank', 'NetSuite'],
          sides: [['Vendor Maintenance'], ['Payment Release']],
        },
      ],
    },
    {
      name: 'role: one custom role makes and approves journals (toxic), and its holder conflicts through it',
      rows: () => [
        access('NetSuite', 'ben@acme.com', 'Finance Power User'),
        access('NetSuite', 'zoe@acme.com', 'Finance Power User'),
      ],
      grants: [
        {
          system: 'NetSuite',
          role: 'Finance Power User',
          permission: 'Make Journal Entry',
          level: 'Full',
          source: { file: 'ns.xlsx', sheet: 'Perms', row: 2 },
        },
        {
          system: 'NetSuite',
          role: 'Finance Power User',
          permission: 'Journal Approval',
          level: 'Full',
          source: { file: 'ns.xlsx', sheet: 'Perms', row: 3 },
        },
      ],
      expect: [
        {
          rule: 'SOD-GL-01',
          level: 'role',
          who: 'Finance Power User',
          systems: ['NetSuite'],
          sides: [['Finance Power User'], ['Finance Power User']],
        },
        {
          rule: 'SOD-GL-01',
          level: 'user',
          who: 'ben@acme.com',
          systems: ['NetSuite'],
          sides: [['Finance Power User'], ['Finance Power User']],
        },
      ],
    },
    {
      name: 'privileged: an Okta super administrator who also enters vendor bills in NetSuite',
      rows: () => [
        access('Okta', 'hal@acme.com', 'Super Administrator'),
        access('NetSuite', 'hal@acme.com', 'A/P Clerk'),
      ],
      expect: [
        {
          rule: 'SOD-IT-06',
          level: 'privileged',
          who: 'hal@acme.com',
          systems: ['NetSuite', 'Okta'],
          sides: [['Super Administrator'], ['A/P Clerk']],
        },
        {
          rule: 'SOD-IT-05',
          level: 'user',
          who: 'hal@acme.com',
          systems: ['NetSuite', 'Okta'],
          sides: [['Super Administrator'], ['A/P Clerk']],
        },
      ],
    },
    {
      name: 'none: the same roles on an inactive account grant nothing',
      rows: () => [
        access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { status: 'inactive' }),
        access('NetSuite', 'ana@acme.com', 'Payment Release', { status: 'inactive' }),
      ],
      expect: [],
      absent: ['SOD-P2P-03'],
    },
    {
      name: 'none: vendor records at View level are not vendor maintenance',
      rows: () => [
        access('NetSuite', 'ana@acme.com', null, { permission: 'Vendors', level: 'View' }),
        access('NetSuite', 'ana@acme.com', 'Payment Release'),
      ],
      expect: [],
      absent: ['SOD-P2P-03'],
    },
    {
      name: 'none: an Okta read-only administrator is not privileged',
      rows: () => [
        access('Okta', 'ro@acme.com', 'Read-only Administrator'),
        access('NetSuite', 'ro@acme.com', 'A/P Clerk'),
      ],
      expect: [],
      absent: ['SOD-IT-06', 'SOD-IT-05'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const a = run(c.rows(), { roleGrants: c.grants ?? [] });
      for (const e of c.expect) {
        const found = find(a.conflicts, e.rule, e.level, e.who);
        expect(found, `${e.rule} ${e.level} ${e.who} in ${a.conflicts.map((x) => x.key).join(', ')}`).toHaveLength(1);
        const f = found[0]!;
        expect(f.systems).toEqual(e.systems);
        expect(f.sides.map((s) => [...new Set(s.grants.map((g) => g.role))])).toEqual(e.sides);
        for (const s of f.sides) for (const g of s.grants) expect(g.row).toBeGreaterThan(0);
      }
      for (const rule of c.absent ?? []) expect(a.conflicts.filter((x) => x.rule === rule)).toEqual([]);
    });
  }

  it('names the permission rows behind a toxic role and counts its holders', () => {
    const a = run([access('NetSuite', 'ben@acme.com', 'FPU'), access('NetSuite', 'zoe@acme.com', 'FPU')], {
      roleGrants: [
        {
          system: 'NetSuite',
          role: 'FPU',
          permission: 'Make Journal Entry',
          level: 'Full',
          source: { file: 'ns.xlsx', sheet: 'Perms', row: 7 },
        },
        {
          system: 'NetSuite',
          role: 'FPU',
          permission: 'Journal Approval',
          level: 'Full',
          source: { file: 'ns.xlsx', sheet: 'Perms', row: 9 },
        },
      ],
    });
    const role = find(a.conflicts, 'SOD-GL-01', 'role')[0]!;
    expect(role.holders).toBe(2);
    expect(role.sides.map((s) => s.grants.map((g) => [g.permission, g.sheet, g.row]))).toEqual([
      [['Make Journal Entry', 'Perms', 7]],
      [['Journal Approval', 'Perms', 9]],
    ]);
    const ben = find(a.conflicts, 'SOD-GL-01', 'user', 'ben@acme.com')[0]!;
    expect(ben.singleRole).toBe('netsuite|fpu');
    expect(ben.sides[0].grants[0]!.definedAt).toEqual({ file: 'ns.xlsx', sheet: 'Perms', row: 7 });
  });

  it('is deterministic: the same rows in another order give the same conflicts', () => {
    const rows = [
      access('NetSuite', 'a@x.com', 'Vendor Maintenance'),
      access('Bank', 'a@x.com', 'Payment Release'),
      access('NetSuite', 'b@x.com', 'JE Maker'),
      access('NetSuite', 'b@x.com', 'JE Checker'),
    ];
    expect(run([...rows].reverse()).conflicts).toEqual(run(rows).conflicts);
  });
});

describe('users across systems', () => {
  it('matches by e-mail, then by an unambiguous full name, written either way round', () => {
    const dir = buildDirectory([
      access('NetSuite', 'dana.lee@acme.com', 'A/P Clerk', { name: 'Dana Lee' }),
      access('Okta', 'DANA.LEE@acme.com', 'Everyone', { name: 'Dana Lee' }),
      access('ADP', 'Lee, Dana', 'Employee'),
    ]);
    expect(dir.persons.size).toBe(1);
    expect([...dir.persons.keys()]).toEqual(['email:dana.lee@acme.com']);
    expect(dir.issues).toEqual([]);
  });

  it('leaves an ambiguous name unmatched and says so', () => {
    const dir = buildDirectory([
      access('NetSuite', 'dana.lee@acme.com', 'A/P Clerk', { name: 'Dana Lee' }),
      access('Salesforce', 'dana.lee@other.com', 'Sales User', { name: 'Dana Lee' }),
      access('ADP', 'Dana Lee', 'Employee'),
    ]);
    expect(dir.persons.size).toBe(3);
    expect(dir.issues.map((i) => i.code)).toEqual(['user-ambiguous']);
    expect(dir.issues[0]!.message).toContain('Dana Lee');
  });

  it('does not merge two accounts of one system that share a name', () => {
    const dir = buildDirectory([
      access('NetSuite', 'Sam Park', 'A/P Clerk', { id: 'spark1' }),
      access('NetSuite', 'Sam Park', 'Controller', { id: 'spark2' }),
      access('ADP', 'Sam Park', 'Employee'),
    ]);
    expect(dir.persons.size).toBe(3);
    expect(dir.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['user-ambiguous']));
  });

  it('finds a cross-system conflict only once the accounts are matched', () => {
    const matched = run([
      access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { name: 'Ana Ruiz' }),
      access('Bank', 'Ana Ruiz', 'Payment Release'),
    ]);
    expect(find(matched.conflicts, 'SOD-P2P-03', 'user')).toHaveLength(1);
    const ambiguous = run([
      access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { name: 'Ana Ruiz' }),
      access('Okta', 'ana.r@acme.com', 'Everyone', { name: 'Ana Ruiz' }),
      access('Bank', 'Ana Ruiz', 'Payment Release'),
    ]);
    expect(find(ambiguous.conflicts, 'SOD-P2P-03', 'user')).toEqual([]);
    expect(ambiguous.issues.map((i) => i.code)).toContain('user-ambiguous');
  });

  it('analyses the same with the users matched beforehand (as a server keeps them), and refuses a match of other rows', () => {
    const rows = [
      access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { name: 'Ana Ruiz' }),
      access('Bank', 'Ana Ruiz', 'Payment Release'),
      access('Okta', 'svc-sync', 'Root'),
      access('NetSuite', 'lee@acme.com', 'JE Maker', { name: 'Dana Lee' }),
      access('NetSuite', 'lee@acme.com', 'JE Checker', { name: 'Dana Lee' }),
    ];
    const users = indexDirectory(rows);
    // kept between analyses, the rows and the match must never be written to: frozen, any write would throw
    deepFreeze(rows);
    deepFreeze(users.accounts);
    deepFreeze(users.persons);
    const { state: a, ...fresh } = run(rows);
    const { state: b, ...matched } = run(rows, { users });
    expect(matched).toEqual(fresh);
    expect(b.directory).toBe(users.directory);
    expect([...b.directory.persons.keys()]).toEqual([...a.directory.persons.keys()]);
    // the match is only read: a second analysis with it is the same again
    const { state: _c, ...twice } = run(rows, { users });
    expect(twice).toEqual(fresh);
    expect(() => run(rows.slice(1), { users })).toThrow(/matched users are of 5 rows, the listings have 4/);
  });
});

describe('generic and shared accounts', () => {
  const cases: [
    string,
    { id: string | null; email: string | null; name: string | null; accountType?: string | null },
    boolean,
  ][] = [
    ['admin mailbox', { id: 'admin@acme.com', email: 'admin@acme.com', name: null }, true],
    ['administrator login', { id: 'Administrator', email: null, name: null }, true],
    ['svc- prefix', { id: 'svc-netsuite', email: null, name: 'NetSuite Sync' }, true],
    ['integration user', { id: 'int01', email: null, name: 'Integration User' }, true],
    ['test account', { id: 'jdoe-test', email: null, name: null }, true],
    ['shared AP mailbox', { id: null, email: 'ap@acme.com', name: 'Accounts Payable' }, true],
    ['team name', { id: 'fin1', email: null, name: 'Finance Team' }, true],
    ['account type column', { id: 'x1', email: null, name: 'Zed Bot', accountType: 'Service account' }, true],
    ['a person', { id: 'dlee', email: 'dana.lee@acme.com', name: 'Dana Lee' }, false],
    [
      'a person whose name contains test letters',
      { id: 'tess', email: 'tess.tester@acme.com', name: 'Tess Testa' },
      false,
    ],
  ];
  for (const [name, user, generic] of cases)
    it(`${name}: ${generic ? 'generic' : 'a person'}`, () => expect(genericReason(user) !== null).toBe(generic));

  it('reports generic accounts with system and reason, still analyses them, and never merges them by name', () => {
    const a = run([
      access('NetSuite', 'Administrator', 'Administrator', { id: 'administrator' }),
      access('Salesforce', 'Administrator', 'System Administrator', { id: 'admin2' }),
    ]);
    expect(a.generic.map((g) => [g.system, g.account])).toEqual([
      ['NetSuite', 'administrator'],
      ['Salesforce', 'admin2'],
    ]);
    expect(find(a.conflicts, 'SOD-IT-04', 'user').map((c) => c.generic)).toEqual([true, true]);
  });
});

describe('leavers', () => {
  const roster = (email: string, terminationDate: string | null): RosterEntry => ({
    id: null,
    email,
    name: null,
    terminationDate,
    source: { file: 'hr.csv', sheet: 'hr', row: 2 },
  });
  const cases: [
    string,
    UserAccess[],
    RosterEntry[],
    string | null,
    { system: string; days: number; basis: string }[],
  ][] = [
    [
      'active after termination, as of the extraction date',
      [access('NetSuite', 'dave@acme.com', 'A/R Clerk')],
      [roster('dave@acme.com', '2026-09-15')],
      '2026-10-31',
      [{ system: 'NetSuite', days: 46, basis: 'extraction-date' }],
    ],
    [
      'terminated after the extraction',
      [access('NetSuite', 'dave@acme.com', 'A/R Clerk')],
      [roster('dave@acme.com', '2026-11-05')],
      '2026-10-31',
      [],
    ],
    [
      'terminated on the extraction day',
      [access('NetSuite', 'dave@acme.com', 'A/R Clerk')],
      [roster('dave@acme.com', '2026-10-31')],
      '2026-10-31',
      [],
    ],
    [
      'account already disabled',
      [access('NetSuite', 'dave@acme.com', 'A/R Clerk', { status: 'inactive' })],
      [roster('dave@acme.com', '2026-09-15')],
      '2026-10-31',
      [],
    ],
    [
      'no extraction date: as of the analysis date',
      [access('NetSuite', 'dave@acme.com', 'A/R Clerk')],
      [roster('dave@acme.com', '2026-11-20')],
      null,
      [{ system: 'NetSuite', days: 10, basis: 'analysis-date' }],
    ],
    [
      'not terminated',
      [access('NetSuite', 'dave@acme.com', 'A/R Clerk')],
      [roster('dave@acme.com', null)],
      '2026-10-31',
      [],
    ],
  ];
  for (const [name, rows, entries, extracted, expected] of cases) {
    it(name, () => {
      const a = analyseAccess({
        access: rows,
        roleGrants: [],
        listings: [listing('NetSuite', extracted, 'netsuite.csv')],
        roster: entries,
        rules: RULES,
        templates: TEMPLATES,
        asOf: '2026-11-30',
      });
      expect(a.leavers.map((l) => ({ system: l.system, days: l.daysSinceTermination, basis: l.asOfBasis }))).toEqual(
        expected,
      );
      for (const l of a.leavers) expect(l.finding).toBe('timely-removal');
    });
  }
});

describe('duty map', () => {
  const mapper = createDutyMapper({
    duties: DUTIES,
    templates: TEMPLATES,
    overrides: [
      {
        id: 'eng',
        name: 'eng',
        source: 'x',
        systems: ['NetSuite'],
        entries: [{ name: 'A/P Clerk', kind: 'role', duties: ['invoice-entry'] }],
      },
    ],
  });
  const cases: [
    string,
    string,
    'role' | 'permission',
    string | null,
    { duties: string[]; basis: string; privileged: boolean },
  ][] = [
    [
      'engagement override beats the template',
      'NetSuite',
      'role',
      null,
      { duties: ['invoice-entry'], basis: 'override', privileged: false },
    ],
    [
      'template for a standard role',
      'Oracle NetSuite',
      'role',
      null,
      { duties: ['billing', 'cash-application'], basis: 'template', privileged: false },
    ],
    [
      'keywords of the rule set for a custom role',
      'Bill.com',
      'role',
      null,
      { duties: ['vendor-master'], basis: 'keyword', privileged: false },
    ],
    ['privileged by name', 'Workday', 'role', null, { duties: [], basis: 'none', privileged: true }],
    [
      'template clears a privileged-sounding name',
      'Okta',
      'role',
      null,
      { duties: [], basis: 'template', privileged: false },
    ],
    [
      'read-only level grants nothing',
      'NetSuite',
      'permission',
      'View',
      { duties: [], basis: 'read-only', privileged: false },
    ],
    ['nothing known', 'Zendesk', 'role', null, { duties: [], basis: 'none', privileged: false }],
  ];
  const names = [
    'A/P Clerk',
    'A/R Clerk',
    'Vendor Maintenance Team',
    'Workday Administrator',
    'Read-only Administrator',
    'Vendors',
    'Agent',
  ];
  cases.forEach(([name, system, kind, level, e], i) =>
    it(name, () => {
      const m = mapper(system, kind, names[i]!, level);
      expect({ duties: m.duties, basis: m.basis, privileged: m.privileged }).toEqual(e);
    }),
  );

  it('lists unmapped roles and permissions with their holders instead of ignoring them', () => {
    const a = run([
      access('Zendesk', 'a@x.com', 'Agent'),
      access('Zendesk', 'b@x.com', 'Agent'),
      access('Zendesk', 'b@x.com', null, { permission: 'Macros' }),
    ]);
    expect(a.unmapped.map((u) => [u.kind, u.name, u.holders])).toEqual([
      ['role', 'Agent', 2],
      ['permission', 'Macros', 1],
    ]);
    expect(a.dutyMap.find((d) => d.name === 'Agent')).toMatchObject({ basis: 'none', duties: [] });
  });

  it('flags privileged roles and says why', () => {
    const a = run([
      access('NetSuite', 'it@acme.com', 'Administrator', { name: 'Ira Tan' }),
      access('SAP', 'x@acme.com', 'SAP_ALL'),
    ]);
    expect(a.privileged.map((p) => [p.system, p.role])).toEqual([
      ['NetSuite', 'Administrator'],
      ['SAP', 'SAP_ALL'],
    ]);
    expect(a.privileged[1]!.by).toBe('sap all');
  });
});

describe('simulateGrant', () => {
  const base = () =>
    run([
      access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { name: 'Ana Ruiz' }),
      access('NetSuite', 'ana@acme.com', 'Payment Release', { name: 'Ana Ruiz' }),
      access('NetSuite', 'carl@acme.com', 'JE Maker', { name: 'Carl Diaz' }),
    ]);

  it('marks the conflicts a grant would create, before anyone grants it', () => {
    const s = simulateGrant(base().state, { user: 'Carl Diaz', system: 'NetSuite', role: 'JE Checker' });
    expect(s.ok).toBe(true);
    if (!s.ok) return;
    expect(s.value.knownUser).toBe(true);
    expect(s.value.newConflicts.map((c) => [c.rule, c.level, c.isNew])).toEqual([['SOD-GL-01', 'user', true]]);
    expect(s.value.newConflicts[0]!.sides[1].grants[0]!.file).toBe('(simulated grant)');
  });

  it('a grant that adds no duty creates nothing new; existing conflicts are listed, not marked new', () => {
    const s = simulateGrant(base().state, { user: 'ana@acme.com', system: 'NetSuite', role: 'Vendor Maintenance' });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.newConflicts).toEqual([]);
    expect(s.value.conflicts.map((c) => [c.rule, c.isNew])).toEqual([['SOD-P2P-03', false]]);
  });

  it('works for a new hire and for a role nobody holds yet (mapped by template or keywords)', () => {
    const s = simulateGrant(base().state, { user: 'new.hire@acme.com', system: 'NetSuite', role: 'A/R Clerk' });
    if (!s.ok) throw new Error(s.error.message);
    expect(s.value.knownUser).toBe(false);
    expect(s.value.roleKnown).toBe(false);
    // the standard A/R Clerk bills and applies cash: the new hire conflicts, and so does the role itself
    expect(s.value.newConflicts.map((c) => [c.rule, c.level])).toEqual([
      ['SOD-REV-02', 'role'],
      ['SOD-REV-02', 'user'],
    ]);
  });

  it('does not change the analysed state', () => {
    const a = base();
    const before = JSON.stringify(a.conflicts);
    simulateGrant(a.state, { user: 'Carl Diaz', system: 'NetSuite', role: 'JE Checker' });
    expect(
      JSON.stringify(
        analyseAccess({
          access: [],
          roleGrants: [],
          listings: [],
          rules: RULES,
          templates: TEMPLATES,
          asOf: '2026-11-30',
        }).conflicts,
      ),
    ).toBe('[]');
    expect(JSON.stringify(a.conflicts)).toBe(before);
    const again = simulateGrant(a.state, { user: 'Carl Diaz', system: 'NetSuite', role: 'JE Checker' });
    expect(again.ok && again.value.newConflicts.length).toBe(1);
  });

  it('refuses an ambiguous user', () => {
    const a = run([
      access('NetSuite', 'Sam Park', 'JE Maker', { id: 's1' }),
      access('NetSuite', 'Sam Park', 'A/P Clerk', { id: 's2' }),
    ]);
    const s = simulateGrant(a.state, { user: 'Sam Park', system: 'NetSuite', role: 'JE Checker' });
    expect(s.ok ? null : s.error.code).toBe('user-ambiguous');
  });
});

describe('resolutions', () => {
  const analysis = () =>
    run(
      [
        access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { name: 'Ana Ruiz' }),
        access('NetSuite', 'ana@acme.com', 'Payment Release', { name: 'Ana Ruiz' }),
        access('NetSuite', 'ben@acme.com', 'FPU', { name: 'Ben Okafor' }),
        access('NetSuite', 'carl@acme.com', 'JE Maker', { name: 'Carl Diaz' }),
        access('NetSuite', 'carl@acme.com', 'JE Checker', { name: 'Carl Diaz' }),
      ],
      {
        roleGrants: [
          {
            system: 'NetSuite',
            role: 'FPU',
            permission: 'Make Journal Entry',
            level: 'Full',
            source: { file: 'ns.xlsx', sheet: 'Perms', row: 2 },
          },
          {
            system: 'NetSuite',
            role: 'FPU',
            permission: 'Journal Approval',
            level: 'Full',
            source: { file: 'ns.xlsx', sheet: 'Perms', row: 3 },
          },
        ],
      },
    );
  const key = (cs: AccessConflict[], rule: string, level: string, who: string) => find(cs, rule, level, who)[0]!.key;

  it('remediate and mitigate become plan tasks; accept needs a reason; open conflicts count by severity', () => {
    const a = analysis();
    expect(a.conflicts.map((c) => [c.rule, c.level, c.user ?? c.role])).toEqual([
      ['SOD-GL-01', 'role', 'FPU'],
      ['SOD-GL-01', 'user', 'Ben Okafor'],
      ['SOD-GL-01', 'user', 'Carl Diaz'],
      ['SOD-P2P-03', 'user', 'Ana Ruiz'],
    ]);
    const none = resolveFindings(a, []);
    expect(none.openBySeverity).toEqual({ critical: 4, high: 0, medium: 0, low: 0 });
    expect(none.tasks).toEqual([]);

    const resolutions: Resolution[] = [
      {
        key: key(a.conflicts, 'SOD-P2P-03', 'user', 'Ana Ruiz'),
        action: 'remediate',
        owner: 'NetSuite admin',
        remove: [{ system: 'NetSuite', role: 'Payment Release' }],
      },
      {
        key: key(a.conflicts, 'SOD-GL-01', 'user', 'Carl Diaz'),
        action: 'mitigate',
        control: 'Monthly review of journals prepared and approved by the controller',
        owner: 'CFO',
        frequency: 'monthly',
      },
      { key: key(a.conflicts, 'SOD-GL-01', 'role', 'FPU'), action: 'accept', reason: '   ' },
    ];
    const r = resolveFindings(a, resolutions);
    expect(r.issues.map((i) => i.code)).toEqual(['resolution-invalid']);
    expect(r.openConflicts.map((c) => c.user ?? c.role)).toEqual(['FPU', 'Ben Okafor']);
    expect(r.openBySeverity.critical).toBe(2);
    expect(r.tasks.map((t) => [t.kind, t.phase, t.owner, t.reasons])).toEqual([
      ['remediate', 'remediate', 'CFO', ['sod']],
      ['remediate', 'remediate', 'NetSuite admin', ['sod']],
    ]);
    expect(r.tasks[1]!.title).toContain('Payment Release in NetSuite');
    // the task carries every field of a PlanTask that does not depend on the schedule
    const asPlan: Omit<
      PlanTask,
      'start' | 'end' | 'latestFinish' | 'deadlineBasis' | 'atRisk' | 'atRiskReason' | 'critical' | 'floatDays'
    > = r.tasks[0]!;
    expect(asPlan.id).toMatch(/^ASOD-[0-9a-f]{8}$/);
    // stable ids: the same key gives the same task id
    expect(resolveFindings(analysis(), resolutions).tasks.map((t) => t.id)).toEqual(r.tasks.map((t) => t.id));
  });

  it('settling a toxic role settles the users who conflict only through it', () => {
    const a = analysis();
    const r = resolveFindings(a, [
      { key: key(a.conflicts, 'SOD-GL-01', 'role', 'FPU'), action: 'remediate', owner: 'NetSuite admin' },
    ]);
    expect(r.openConflicts.map((c) => c.user)).toEqual(['Carl Diaz', 'Ana Ruiz']);
    expect(r.resolved.find((x) => x.via !== null)).toMatchObject({
      action: 'remediate',
      via: key(a.conflicts, 'SOD-GL-01', 'role', 'FPU'),
    });
    expect(r.tasks).toHaveLength(1);
    expect(r.tasks[0]!.title).toContain('Redesign role "FPU"');
  });

  it('resolutions survive re-analysis; a resolution for access that no longer exists is reported stale', () => {
    const a = analysis();
    const k = key(a.conflicts, 'SOD-P2P-03', 'user', 'Ana Ruiz');
    const accept: Resolution = {
      key: k,
      action: 'accept',
      reason: 'Two-person bank release in the bank portal prevents misuse; see memo 12.',
    };
    expect(resolveFindings(analysis(), [accept]).openConflicts.map((c) => c.key)).not.toContain(k);
    const later = run([access('NetSuite', 'ana@acme.com', 'Vendor Maintenance', { name: 'Ana Ruiz' })]);
    expect(resolveFindings(later, [accept]).issues.map((i) => i.code)).toEqual(['resolution-stale']);
  });

  it('leavers are findings too: remediation is a removal task, and open ones count as high', () => {
    const a = analyseAccess({
      access: [access('NetSuite', 'dave@acme.com', 'Customer Center')],
      roleGrants: [],
      listings: [listing('NetSuite', '2026-10-31', 'netsuite.csv')],
      roster: [
        {
          id: null,
          email: 'dave@acme.com',
          name: 'Dave Nguyen',
          terminationDate: '2026-09-15',
          source: { file: 'hr.csv', sheet: 'hr', row: 3 },
        },
      ],
      rules: RULES,
      templates: TEMPLATES,
      asOf: '2026-11-30',
    });
    expect(resolveFindings(a, []).openBySeverity.high).toBe(1);
    const r = resolveFindings(a, [{ key: a.leavers[0]!.key, action: 'remediate' }]);
    expect(r.openLeavers).toEqual([]);
    expect(r.tasks[0]).toMatchObject({ kind: 'remediate', reasons: ['timely-removal'], owner: 'IT / Security lead' });
  });
});

describe('properties', () => {
  const SYSTEMS = ['NetSuite', 'Bank', 'Okta'];
  const ROLES = [
    'Vendor Maintenance',
    'Payment Release',
    'JE Maker',
    'JE Checker',
    'Root',
    'A/P Clerk',
    'Super Administrator',
    'Everyone',
  ];
  const USERS = ['a@x.com', 'b@x.com', 'c@x.com'];
  const rowArb = fc.record({
    system: fc.constantFrom(...SYSTEMS),
    user: fc.constantFrom(...USERS),
    role: fc.constantFrom(...ROLES),
  });
  const toRows = (rs: { system: string; user: string; role: string }[]) =>
    rs.map((r, i) => ({ ...access(r.system, r.user, r.role), source: { file: 'f.csv', sheet: 's', row: i + 2 } }));
  const ident = (c: AccessConflict) => (c.level === 'user' ? c.key.split('|').slice(0, 3).join('|') : c.key);
  const analyse = (rows: UserAccess[]) =>
    analyseAccess({
      access: rows,
      roleGrants: [],
      listings: [listing('any', '2026-10-31', 'f.csv')],
      rules: RULES,
      templates: TEMPLATES,
      overrides: [OVERRIDES],
      asOf: '2026-11-30',
    });

  it('adding access never removes a conflict', () => {
    fc.assert(
      fc.property(
        fc.array(rowArb, { maxLength: 12 }),
        fc.array(rowArb, { minLength: 1, maxLength: 4 }),
        (base, more) => {
          const before = new Set(analyse(toRows(base)).conflicts.map(ident));
          const after = new Set(analyse(toRows([...base, ...more])).conflicts.map(ident));
          for (const k of before) expect(after.has(k)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lists conflicts in one order: severity, rule, level, then key, whoever is listed first', () => {
    // e-mails that are prefixes of one another, and one that sorts just before the key separator "|"
    const users = ['a@x.co', 'a@x.com', 'a@x.co{', 'b@x.com', 'a@x.c'];
    const arb = fc.record({ system: fc.constantFrom(...SYSTEMS), user: fc.constantFrom(...users), role: fc.constantFrom(...ROLES) });
    fc.assert(
      fc.property(fc.array(arb, { minLength: 1, maxLength: 30 }), (rs) => {
        const conflicts = analyse(toRows(rs)).conflicts;
        expect(new Set(conflicts.map((c) => c.key)).size).toBe(conflicts.length);
        expect(conflicts.map((c) => c.key)).toEqual(sortConflicts([...conflicts]).map((c) => c.key));
      }),
      { numRuns: 80 },
    );
  });

  it('removing the access behind one side of a conflict clears it', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 12 }), fc.nat(), fc.boolean(), (base, pick, first) => {
        const rows = toRows(base);
        const conflicts = analyse(rows).conflicts.filter((c) => c.level !== 'role');
        if (conflicts.length === 0) return;
        const c = conflicts[pick % conflicts.length]!;
        const side = c.sides[first ? 0 : 1];
        const gone = new Set(side.grants.map((g) => g.row));
        const after = analyse(rows.filter((r) => !gone.has(r.source.row))).conflicts.map(ident);
        expect(after).not.toContain(ident(c));
      }),
      { numRuns: 60 },
    );
  });
});

describe('scale', () => {
  // 20,000 users × 5 roles across 3 systems: indexed by user and duty, so this runs in well under a second on a
  // normal machine (no timing is asserted here; a quadratic scan would blow the test timeout instead).
  it('analyses 100,000 listing rows and finds exactly the planted conflicts', () => {
    const systems = ['NetSuite', 'Salesforce', 'ADP'];
    const rows: UserAccess[] = [];
    let n = 1;
    for (let u = 0; u < 20_000; u++) {
      const email = `user${u}@acme.com`;
      const planted = u % 100 === 0; // 200 users hold both sides of the vendor/payment rule
      for (let k = 0; k < 5; k++) {
        const system = systems[(u + k) % 3]!;
        const role =
          planted && k < 2
            ? k === 0
              ? 'Vendor Maintenance'
              : 'Payment Release'
            : ['Everyone', 'Employee', 'Standard User', 'Employee Center', 'Sales User'][k]!;
        rows.push({
          system,
          user: {
            id: email,
            email,
            name: `First${u} Last${u}`,
            status: 'active',
            statusText: '',
            department: null,
            title: null,
            accountType: null,
          },
          role,
          permission: null,
          level: null,
          source: { file: `${system}.csv`, sheet: system, row: ++n },
        });
      }
    }
    const a = analyseAccess({
      access: rows,
      roleGrants: [],
      listings: [],
      rules: RULES,
      templates: TEMPLATES,
      overrides: [OVERRIDES],
      asOf: '2026-11-30',
    });
    expect(a.state.persons.size).toBe(20_000);
    expect(a.conflicts.map((c) => c.rule)).toEqual(Array.from({ length: 200 }, () => 'SOD-P2P-03'));
  });
});
