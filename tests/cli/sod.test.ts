import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalListingSet } from '../fixtures/access-listings.ts';
import { runSod } from './run-sod.ts';

let dir = '';
const path = (name: string) => join(dir, name);
let files: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-sod-'));
  const f = await buildTypicalListingSet();
  writeFileSync(path('netsuite-users.xlsx'), f.netsuite);
  writeFileSync(path('sf-permissions.csv'), f.salesforce);
  writeFileSync(path('adp-roles.xlsx'), f.adp);
  writeFileSync(path('okta-admins.csv'), f.okta);
  writeFileSync(path('roster.csv'), f.roster);
  files = [
    path('netsuite-users.xlsx'),
    `Salesforce Billing=${path('sf-permissions.csv')}`,
    path('adp-roles.xlsx'),
    path('okta-admins.csv'),
  ];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function json(args: string[]): any {
  const r = runSod(args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const pick = (out: any, rule: string, level: string, who: string) =>
  out.conflicts.filter((c: any) => c.rule === rule && c.level === level && (c.user === who || c.role === who));

describe('sod on a typical SaaS listing set (NetSuite, Salesforce Billing, ADP, Okta)', () => {
  let out: any;
  beforeAll(() => {
    out = json([...files, '--roster', path('roster.csv'), '--as-of', '2026-11-20', '--json']);
  });

  it('prints the JSON contract, with the IPE evidence of each listing', () => {
    for (const k of ['conflicts', 'unmapped', 'generic', 'leavers', 'listings', 'issues'])
      expect(Array.isArray(out[k])).toBe(true);
    expect(out.listings.map((l: any) => [l.system, l.file, l.extractedAt, l.extractedAtBasis, l.rows])).toEqual([
      ['NetSuite', 'netsuite-users.xlsx', '2026-10-31', 'title', 15],
      ['Salesforce Billing', 'sf-permissions.csv', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), 'file-modified', 5],
      ['ADP', 'adp-roles.xlsx', '2026-10-30', 'title', 3],
      ['Okta', 'okta-admins.csv', '2026-10-31', 'column', 4],
    ]);
    for (const c of out.conflicts) {
      expect(['user', 'role', 'privileged']).toContain(c.level);
      expect(c.sides).toHaveLength(2);
      for (const s of c.sides)
        for (const g of s.grants)
          expect(Object.keys(g)).toEqual(
            expect.arrayContaining(['system', 'role', 'permission', 'file', 'sheet', 'row']),
          );
    }
    expect(out.issues).toEqual([]);
  });

  it('finds the AP clerk who maintains vendors and releases payments, with the rows behind each side', () => {
    const [c] = pick(out, 'SOD-P2P-03', 'user', 'Ana Ruiz');
    expect(c).toMatchObject({ severity: 'critical', systems: ['NetSuite'] });
    expect(
      c.sides.map((s: any) => [
        s.duty,
        s.grants.map((g: any) => [g.role, g.permission, g.sheet, g.row, g.definedAt?.row]),
      ]),
    ).toEqual([
      ['vendor-master', [['Vendor Maintenance', 'Vendors', 'Users and Roles', 6, 2]]],
      ['payment-release', [['Payment Release', 'Approve Vendor Payments', 'Users and Roles', 7, 3]]],
    ]);
  });

  it('finds the controller who prepares and approves journal entries', () => {
    const [c] = pick(out, 'SOD-GL-01', 'user', 'Carla Diaz');
    expect(c.sides.map((s: any) => s.grants.map((g: any) => g.role))).toEqual([['Accountant'], ['Controller']]);
  });

  it('finds the toxic custom role and the Okta org admin with finance duties', () => {
    expect(pick(out, 'SOD-GL-01', 'role', 'Finance Power User')[0]).toMatchObject({
      holders: 1,
      systems: ['NetSuite'],
    });
    expect(
      pick(out, 'SOD-IT-06', 'privileged', 'Carla Diaz')[0].sides[0].grants.map((g: any) => [g.system, g.role]),
    ).toEqual([['Okta', 'Organization Administrator']]);
    // Eve Stone's NetSuite account is inactive: her CFO role conflicts with nothing
    expect(out.conflicts.filter((c: any) => c.user === 'Eve Stone')).toEqual([]);
  });

  it('finds the leaver still active in the ERP, as of the listing extraction date', () => {
    expect(out.leavers.map((l: any) => [l.user, l.system, l.daysSinceTermination, l.asOf])).toEqual([
      ['Dave Nguyen', 'NetSuite', 46, '2026-10-31'],
    ]);
  });

  it('matches users across systems, reports generic accounts and unmapped roles', () => {
    // Carla appears in NetSuite and Okta by e-mail and in ADP by name only
    expect(new Set(out.conflicts.filter((c: any) => c.user === 'Carla Diaz').map((c: any) => c.userKey))).toEqual(
      new Set(['email:carla.diaz@acme.com']),
    );
    expect(out.generic.map((g: any) => [g.system, g.account])).toEqual([
      ['NetSuite', 'admin@acme.com'],
      ['Okta', 'svc-scim@acme.com'],
      ['Salesforce Billing', 'integration@acme.com'],
    ]);
    expect(out.unmapped.map((u: any) => [u.system, u.kind, u.name])).toEqual(
      expect.arrayContaining([['Salesforce Billing', 'permission', 'Edit Opportunities']]),
    );
  });

  it('resolving each finding yields plan tasks and reduces the open count', () => {
    const key = (rule: string, level: string, who: string) => pick(out, rule, level, who)[0].key;
    const leaver = out.leavers[0].key;
    const resolutions = [
      {
        key: key('SOD-P2P-03', 'user', 'Ana Ruiz'),
        action: 'remediate',
        owner: 'NetSuite administrator',
        remove: [{ system: 'NetSuite', role: 'Payment Release' }],
      },
      {
        key: key('SOD-GL-01', 'user', 'Carla Diaz'),
        action: 'mitigate',
        control: 'CFO reviews every journal the controller prepares and approves, monthly',
        owner: 'CFO',
        frequency: 'monthly',
      },
      { key: key('SOD-GL-01', 'role', 'Finance Power User'), action: 'remediate', owner: 'NetSuite administrator' },
      { key: leaver, action: 'remediate', owner: 'IT' },
    ];
    writeFileSync(path('resolutions.json'), JSON.stringify(resolutions));
    const before = json([
      ...files,
      '--roster',
      path('roster.csv'),
      '--as-of',
      '2026-11-20',
      '--resolutions',
      path('resolutions.json'),
      '--json',
    ]);
    const none = (() => {
      writeFileSync(path('none.json'), '[]');
      return json([
        ...files,
        '--roster',
        path('roster.csv'),
        '--as-of',
        '2026-11-20',
        '--resolutions',
        path('none.json'),
        '--json',
      ]);
    })();
    const total = (s: any) => s.critical + s.high + s.medium + s.low;
    // four resolutions settle five findings: Ben Okafor's conflict comes only through the toxic role
    expect(total(none.resolution.openBySeverity) - total(before.resolution.openBySeverity)).toBe(5);
    expect(before.resolution.tasks.map((t: any) => [t.kind, t.phase, t.reasons[0], t.owner]).sort()).toEqual(
      [
        ['remediate', 'remediate', 'sod', 'CFO'],
        ['remediate', 'remediate', 'sod', 'NetSuite administrator'],
        ['remediate', 'remediate', 'sod', 'NetSuite administrator'],
        ['remediate', 'remediate', 'timely-removal', 'IT'],
      ].sort(),
    );
    expect(before.resolution.resolved.find((r: any) => r.via)?.key).toBe(key('SOD-GL-01', 'user', 'Ben Okafor'));
  });

  it('an engagement duty map overrides the templates', () => {
    writeFileSync(
      path('map.json'),
      JSON.stringify({
        source: 'engagement review 2026-11',
        entries: [{ name: 'Payment Release', systems: ['NetSuite'], kind: 'role', duties: [] }],
      }),
    );
    const o = json([...files, '--duty-map', path('map.json'), '--json']);
    expect(pick(o, 'SOD-P2P-03', 'user', 'Ana Ruiz')).toEqual([]);
    expect(o.dutyMap.find((d: any) => d.name === 'Payment Release')).toMatchObject({ basis: 'override', duties: [] });
  });

  it('prints a short summary without --json', () => {
    const r = runSod([...files]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NetSuite: 15 rows from netsuite-users.xlsx');
    expect(r.stdout).toMatch(/Conflicts: \d+ of users, \d+ within roles, \d+ of privileged access/);
  });
});

describe('sod: input it cannot use exits 2 with one line', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['no file', () => [], /needs at least one listing file/],
    ['a missing file', () => [path('nope.csv')], /cannot open .*nope\.csv: no such file/],
    [
      'a file that is not a listing',
      () => {
        writeFileSync(path('controls.csv'), 'Control ID,Description\nAC-01,Access is reviewed\n');
        return [path('controls.csv')];
      },
      /holds no access listing/,
    ],
    [
      'a roster without termination dates',
      () => {
        writeFileSync(path('people.csv'), 'Name,Email\nAna Ruiz,ana@acme.com\n');
        return [path('okta-admins.csv'), '--roster', path('people.csv')];
      },
      /not an HR roster/,
    ],
    [
      'a duty map naming an unknown duty',
      () => {
        writeFileSync(
          path('bad-map.json'),
          JSON.stringify({ source: 'x', systems: ['NetSuite'], entries: [{ name: 'Clerk', duties: ['pay-self'] }] }),
        );
        return [path('okta-admins.csv'), '--duty-map', path('bad-map.json')];
      },
      /bad-map\.json: item Clerk, field entries\.0\.duties\.0: unknown duty "pay-self"/,
    ],
    [
      'an acceptance without a reason',
      () => {
        writeFileSync(path('bad-res.json'), JSON.stringify([{ key: 'x', action: 'accept', reason: '' }]));
        return [path('okta-admins.csv'), '--resolutions', path('bad-res.json')];
      },
      /resolution #1, field reason/,
    ],
    ['a bad --as-of', () => [path('okta-admins.csv'), '--as-of', '31/10/2026'], /--as-of takes a date/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const r = runSod(args());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});
