import { describe, expect, it } from 'vitest';
import { ownerRoleText, parseName, resolveOwners } from '../../server/domain/owners.ts';
import type { Owner, SocControl } from '../../server/domain/control.ts';
import { parseOwners } from '../../server/intake/normalise-owner.ts';
import { blankControl } from '../fixtures/controls.ts';

function control(id: string, owners: Owner[], row = 2): SocControl {
  return blankControl({ id, owners }, { row });
}

// An owner cell as the intake would split it.
const o = (raw: string, name: string | null = raw, role: string | null = null, email: string | null = null): Owner => ({
  raw,
  name,
  role,
  email,
});
const mail = (email: string): Owner => o(email, null, null, email);
const role = (text: string): Owner => o(text, null, text);

// One control per owner cell, so keys can be read back in order.
function keysOf(owners: Owner[]) {
  const controls = owners.map((ow, i) => control(`C-${i + 1}`, [ow], i + 2));
  const r = resolveOwners(controls);
  return { keys: r.byControl.map((k) => k[0] ?? null), result: r };
}

describe('parseName', () => {
  const cases: [string, ReturnType<typeof parseName>][] = [
    ['Dana Lee', { kind: 'full', first: 'dana', last: 'lee' }],
    ['DANA LEE', { kind: 'full', first: 'dana', last: 'lee' }],
    ['Lee, Dana', { kind: 'full', first: 'dana', last: 'lee' }],
    ['Dana M. Lee', { kind: 'full', first: 'dana', last: 'lee' }],
    ['Dana Lee, CPA', { kind: 'full', first: 'dana', last: 'lee' }],
    ['José Álvarez', { kind: 'full', first: 'jose', last: 'alvarez' }],
    ['Anna van der Berg', { kind: 'full', first: 'anna', last: 'van der berg' }],
    ["Pat O'Brien", { kind: 'full', first: 'pat', last: 'obrien' }],
    ['D. Lee', { kind: 'initials', initial: 'd', last: 'lee' }],
    ['D Lee (Platform)', { kind: 'initials', initial: 'd', last: 'lee' }],
    ['Lee, D.', { kind: 'initials', initial: 'd', last: 'lee' }],
    ['IT Manager', { kind: 'role', role: 'it manager' }],
    ['Engineering', { kind: 'role', role: 'engineering' }],
    ['Finance Team', { kind: 'role', role: 'finance team' }],
    ['Dana', { kind: 'role', role: 'dana' }],
    ['Tier 2 Support', { kind: 'role', role: 'tier 2 support' }],
    ['Dana L.', null],
    ['', null],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(parseName(text)).toEqual(expected);
  });
});

describe('resolveOwners: identity', () => {
  it('merges the written forms of one person', () => {
    const { keys, result } = keysOf([
      o('Dana Lee'),
      mail('dana.lee@acme.com'),
      o('D. Lee (Platform)', 'D. Lee', 'Platform'),
      o('Lee, Dana'),
      o('DANA LEE'),
      mail('dana_lee@acme.io'),
    ]);
    expect(keys).toEqual(Array(6).fill('person:dana lee'));
    expect(result.issues).toEqual([]);
    expect(result.people).toHaveLength(1);
    expect(result.people[0]).toMatchObject({
      key: 'person:dana lee',
      display: 'Dana Lee',
      basis: 'person',
      kind: 'name',
      emails: ['dana.lee@acme.com', 'dana_lee@acme.io'],
      roles: ['Platform'],
      controls: ['C-1', 'C-2', 'C-3', 'C-4', 'C-5', 'C-6'],
    });
  });

  const cases: { name: string; owners: Owner[]; keys: (string | null)[]; issues?: string[] }[] = [
    {
      name: 'e-mail first.last alone makes the person (and a later D. Lee resolves to it)',
      owners: [mail('dana.lee@acme.com'), o('D. Lee')],
      keys: ['person:dana lee', 'person:dana lee'],
    },
    {
      name: 'ambiguous initials stay apart with an issue',
      owners: [o('Dana Lee'), o('David Lee'), o('D. Lee')],
      keys: ['person:dana lee', 'person:david lee', 'person:d. lee'],
      issues: ['owner-ambiguous'],
    },
    {
      name: 'same surname, different people',
      owners: [o('Dana Lee'), o('Sam Lee'), o('S. Lee')],
      keys: ['person:dana lee', 'person:sam lee', 'person:sam lee'],
    },
    {
      name: 'initials with no full name stay as written, no issue',
      owners: [o('D. Lee'), o('Lee, D.')],
      keys: ['person:d. lee', 'person:d. lee'],
    },
    {
      name: 'e-mail only, unreadable local part',
      owners: [mail('x9k2@acme.com'), mail('X9K2@ACME.COM')],
      keys: ['email:x9k2@acme.com', 'email:x9k2@acme.com'],
    },
    {
      name: 'compact e-mail resolves to the one full name that fits',
      owners: [o('Dana Lee'), mail('dlee@acme.com')],
      keys: ['person:dana lee', 'person:dana lee'],
    },
    {
      name: 'compact e-mail with two fits stays apart with an issue',
      owners: [o('Dana Lee'), o('David Lee'), mail('dlee@acme.com')],
      keys: ['person:dana lee', 'person:david lee', 'email:dlee@acme.com'],
      issues: ['owner-ambiguous'],
    },
    {
      name: 'an e-mail written next to a full name identifies that person elsewhere',
      owners: [o('Dana Lee <dl7@acme.com>', 'Dana Lee', null, 'dl7@acme.com'), mail('dl7@acme.com'), o('David Lee')],
      keys: ['person:dana lee', 'person:dana lee', 'person:david lee'],
    },
    {
      name: 'initials plus a full e-mail are resolved by the e-mail even when the initials are ambiguous',
      owners: [o('Dana Lee'), o('David Lee'), o('D. Lee <david.lee@acme.com>', 'D. Lee', null, 'david.lee@acme.com')],
      keys: ['person:dana lee', 'person:david lee', 'person:david lee'],
    },
    {
      name: 'role-only owners become role keys',
      owners: [role('IT Manager'), o('IT Manager'), o('Engineering'), role('it  manager')],
      keys: ['role:it manager', 'role:it manager', 'role:engineering', 'role:it manager'],
    },
    {
      name: 'a person name written where a role was expected is a person',
      owners: [o('DANA LEE', null, 'DANA LEE'), o('Dana Lee')],
      keys: ['person:dana lee', 'person:dana lee'],
    },
    {
      name: 'team mailboxes are roles and meet the written team',
      owners: [mail('it-ops@acme.com'), role('IT Ops')],
      keys: ['role:it ops', 'role:it ops'],
    },
    {
      name: 'a role name with a personal e-mail is that person',
      owners: [o('IT Manager <dana.lee@acme.com>', 'IT Manager', null, 'dana.lee@acme.com')],
      keys: ['person:dana lee'],
    },
    {
      name: 'raw text only is read by the resolver',
      owners: [o('Lee, Dana (Platform)', null), o('Dana Lee <dana.lee@acme.com>', null)],
      keys: ['person:dana lee', 'person:dana lee'],
    },
    {
      name: 'an empty owner cell has no key',
      owners: [o('', null)],
      keys: [null],
    },
  ];
  it.each(cases)('$name', ({ owners, keys, issues = [] }) => {
    const r = keysOf(owners);
    expect(r.keys).toEqual(keys);
    expect(r.result.issues.map((i) => i.code)).toEqual(issues);
  });

  it('merges the written forms as the intake splits them', () => {
    const cells = [
      'Dana Lee',
      'dana.lee@acme.com',
      'D. Lee (Platform)',
      'Lee, Dana',
      'DANA LEE',
      'Dana Lee <dlee@acme.com>',
      'dlee@acme.com',
    ];
    const { keys, result } = keysOf(cells.flatMap((c) => parseOwners(c)));
    expect(keys).toEqual(Array(cells.length).fill('person:dana lee'));
    expect(result.issues).toEqual([]);
  });

  it('keeps intake-split role-only owners as roles', () => {
    const { keys } = keysOf(
      ['IT Manager', 'Engineering', 'SRE', 'Controller (Sam Park)'].flatMap((c) => parseOwners(c)),
    );
    expect(keys).toEqual(['role:it manager', 'role:engineering', 'role:sre', 'person:sam park']);
  });

  it('names the candidates and the control position in the ambiguity issue', () => {
    const controls = [
      control('CM-1', [o('Dana Lee')], 4),
      control('CM-2', [o('David Lee')], 5),
      control('CM-3', [o('D. Lee (Platform)', 'D. Lee', 'Platform')], 9),
    ];
    const r = resolveOwners(controls);
    expect(r.issues).toEqual([
      {
        code: 'owner-ambiguous',
        severity: 'warning',
        sheet: 'Controls',
        row: 9,
        column: null,
        message: expect.stringContaining('Dana Lee or David Lee') as string,
      },
    ]);
    expect(r.issues[0]?.message).toContain('CM-3');
    const dl = r.people.find((p) => p.key === 'person:d. lee');
    expect(dl).toMatchObject({ display: 'D. Lee', kind: 'partial', candidates: ['Dana Lee', 'David Lee'] });
  });

  it('maps controls to their owners and is independent of input order', () => {
    const controls = [
      control('A', [o('Dana Lee'), role('Controller')]),
      control('B', [mail('sam.fox@acme.com')]),
      control('A', [o('Sam Fox')], 7),
    ];
    const r = resolveOwners(controls);
    expect(r.ownerOf.get('A')).toEqual(['person:dana lee', 'role:controller', 'person:sam fox']);
    expect(r.ownerOf.get('B')).toEqual(['person:sam fox']);
    expect(r.people.map((p) => p.key)).toEqual(['person:dana lee', 'person:sam fox', 'role:controller']);
    const reversed = resolveOwners([...controls].reverse());
    expect(reversed.people).toEqual(r.people);
  });

  it('reads a cell repeated on many controls the same way each time, with an ambiguity issue per control', () => {
    const controls = [
      control('CM-1', [o('Dana Lee')], 2),
      control('CM-2', [o('David Lee')], 3),
      ...[10, 11, 12].map((row) => control(`CM-${row}`, [o('D. Lee (Platform)', 'D. Lee', 'Platform')], row)),
      ...[20, 21].map((row) => control(`X-${row}`, [o('Dana Lee')], row)),
    ];
    const r = resolveOwners(controls);
    expect(r.byControl.map((k) => k[0])).toEqual([
      'person:dana lee',
      'person:david lee',
      'person:d. lee',
      'person:d. lee',
      'person:d. lee',
      'person:dana lee',
      'person:dana lee',
    ]);
    expect(r.issues.map((i) => [i.code, i.row])).toEqual([
      ['owner-ambiguous', 10],
      ['owner-ambiguous', 11],
      ['owner-ambiguous', 12],
    ]);
    expect(r.people.find((p) => p.key === 'person:dana lee')?.controls).toEqual(['CM-1', 'X-20', 'X-21']);
  });

  it('resolves compact e-mails of particle surnames and initials among many people', () => {
    // 26 × 12 people: first names Pa…Pz, surnames Xa…Xl
    const letter = (n: number) => String.fromCharCode(97 + n);
    const many = Array.from({ length: 26 * 12 }, (_, i) => o(`P${letter(i % 26)} X${letter(Math.floor(i / 26))}`));
    const { keys } = keysOf([
      ...many,
      o('Anna van der Berg'),
      mail('avanderberg@acme.com'),
      mail('annavanderberg@acme.com'),
      o('Z. Xc'),
      o('Bob Xz'),
      o('B. Xz'),
      mail('pqxc@acme.com'),
    ]);
    expect(keys.slice(0, 3)).toEqual(['person:pa xa', 'person:pb xa', 'person:pc xa']);
    expect(keys.slice(many.length)).toEqual([
      'person:anna van der berg',
      'person:anna van der berg',
      'person:anna van der berg',
      'person:z. xc',
      'person:bob xz',
      'person:bob xz',
      'person:pq xc',
    ]);
  });

  it('prefers a mixed-case written form for display', () => {
    const { result } = keysOf([o('DANA LEE'), o('Lee, Dana'), o('Dana Lee')]);
    expect(result.people.map((p) => p.display)).toEqual(['Dana Lee']);
    const only = keysOf([o('DANA LEE')]);
    expect(only.result.people.map((p) => p.display)).toEqual(['Dana Lee']);
  });
});

describe('ownerRoleText', () => {
  const cases: [Owner, string | null][] = [
    [o('Dana Lee (Release Manager)', 'Dana Lee', 'Release Manager'), 'Release Manager'],
    [o('Dana Lee'), null],
    [o('Staff Accountant'), 'Staff Accountant'],
    [o('Dana Lee (AP Clerk)', null), 'AP Clerk'],
    [mail('dana.lee@acme.com'), null],
    [o('DANA LEE', null, 'DANA LEE'), null],
  ];
  it.each(cases)('%o -> %s', (owner, expected) => {
    expect(ownerRoleText(owner)).toBe(expected);
  });
});
