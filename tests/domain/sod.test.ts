import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../server/catalog/load-catalog.ts';
import type { Severity, SodDuty, SodRule } from '../../server/domain/catalog.ts';
import { analyseOwnerSod, sodScopeSentence, type SodConflict } from '../../server/domain/sod.ts';
import type { Owner, SocControl } from '../../server/domain/control.ts';
import { blankControl } from '../fixtures/controls.ts';

const duty = (id: string, ...keywords: string[]): SodDuty => ({ id, label: `label of ${id}`, keywords });
const D = {
  develop: duty('develop-change', 'developer', 'engineer', 'pull request'),
  deploy: duty('deploy-production', 'deploy', 'deployment', 'release manager'),
  approve: duty('change-approval', 'approve changes', 'change approval', 'cab'),
  jePrep: duty('je-prepare', 'prepare journal entries', 'journal entry preparation', 'staff accountant'),
  jeApprove: duty('je-approve', 'approve journal entries', 'journal entry approval'),
};
const rule = (id: string, a: SodDuty, b: SodDuty, severity: Severity): SodRule => ({
  id,
  cycle: id.startsWith('SOD-GL') ? 'close' : 'itgc',
  duties: [a, b],
  risk: `risk of ${id}`,
  severity,
  compensatingControl: `compensating for ${id}`,
  source: 'test',
});
const RULES: SodRule[] = [
  rule('SOD-IT-01', D.develop, D.deploy, 'critical'),
  rule('SOD-IT-03', D.approve, D.deploy, 'high'),
  rule('SOD-GL-01', D.jePrep, D.jeApprove, 'critical'),
];

let nextRow = 2;
function control(id: string, text: string, owners: Owner[], sheet = 'Controls'): SocControl {
  return blankControl({ id, description: text, owners }, { sheet, row: nextRow++ });
}
const o = (raw: string, name: string | null = raw, role: string | null = null, email: string | null = null): Owner => ({
  raw,
  name,
  role,
  email,
});

// A compact view of a conflict for table assertions: rule, owner, controls per side.
const brief = (c: SodConflict) => ({
  rule: c.rule,
  owner: c.owner,
  basis: c.basis,
  sides: c.sides.map((s) => s.controls.map((r) => r.id)),
});

describe('analyseOwnerSod', () => {
  const cases: { name: string; controls: SocControl[]; expected: ReturnType<typeof brief>[] }[] = [
    {
      name: 'typical SaaS: one person develops and deploys in one control',
      controls: [control('CM-1', 'Engineers approve and deploy their own changes.', [o('Dana Lee')])],
      // "approve … their own changes" is "approve changes" read within the clause: the owner also approves
      expected: [
        { rule: 'SOD-IT-01', owner: 'Dana Lee', basis: 'person', sides: [['CM-1'], ['CM-1']] },
        { rule: 'SOD-IT-03', owner: 'Dana Lee', basis: 'person', sides: [['CM-1'], ['CM-1']] },
      ],
    },
    {
      name: 'typical SaaS: one person approves changes and deploys them, through two controls',
      controls: [
        control('CM-2', 'The CTO approves changes before release.', [o('Dana Lee')]),
        control('CM-3', 'Deployments are scheduled weekly.', [o('dana.lee@acme.com', null, null, 'dana.lee@acme.com')]),
      ],
      expected: [{ rule: 'SOD-IT-03', owner: 'Dana Lee', basis: 'person', sides: [['CM-2'], ['CM-3']] }],
    },
    {
      name: 'one person prepares and approves journal entries',
      controls: [
        control('JE-1', 'Journal entry preparation with support attached.', [o('Sam Fox')]),
        control('JE-2', 'Journal entry approval above $10k.', [o('Fox, Sam')]),
      ],
      expected: [{ rule: 'SOD-GL-01', owner: 'Sam Fox', basis: 'person', sides: [['JE-1'], ['JE-2']] }],
    },
    {
      name: 'no conflict when the duties are held by different people',
      controls: [
        control('JE-1', 'Journal entry preparation with support attached.', [o('Sam Fox')]),
        control('JE-2', 'Journal entry approval above $10k.', [o('Dana Lee')]),
      ],
      expected: [],
    },
    {
      name: 'no conflict between different people with the same surname',
      controls: [
        control('JE-1', 'Journal entry preparation.', [o('Dana Lee')]),
        control('JE-2', 'Journal entry approval.', [o('David Lee')]),
      ],
      expected: [],
    },
    {
      name: 'an ambiguous owner is not merged into a conflict',
      controls: [
        control('JE-1', 'Journal entry preparation.', [o('Dana Lee')]),
        control('JE-2', 'Journal entry approval.', [o('D. Lee')]),
        control('X-1', 'Quarterly access review.', [o('David Lee')]),
      ],
      expected: [],
    },
    {
      name: 'an unambiguous initial is merged into a conflict',
      controls: [
        control('JE-1', 'Journal entry preparation.', [o('Dana Lee')]),
        control('JE-2', 'Journal entry approval.', [o('D. Lee (Finance)', 'D. Lee', 'Finance')]),
      ],
      expected: [{ rule: 'SOD-GL-01', owner: 'Dana Lee', basis: 'person', sides: [['JE-1'], ['JE-2']] }],
    },
    {
      name: 'a duty from the owner role text counts for that owner only',
      controls: [
        control('CM-4', 'Production deployments follow the runbook.', [
          o('Dana Lee (Engineer)', 'Dana Lee', 'Engineer'),
          o('Sam Fox'),
        ]),
      ],
      expected: [{ rule: 'SOD-IT-01', owner: 'Dana Lee', basis: 'person', sides: [['CM-4'], ['CM-4']] }],
    },
    {
      name: 'a role-only owner holding both duties is a role-basis conflict',
      controls: [
        control('JE-1', 'Journal entry preparation.', [o('Controller', null, 'Controller')]),
        control('JE-2', 'Journal entry approval.', [o('Controller', null, 'Controller')]),
      ],
      expected: [{ rule: 'SOD-GL-01', owner: 'Controller', basis: 'role', sides: [['JE-1'], ['JE-2']] }],
    },
    {
      name: 'negated duties do not count',
      controls: [control('CM-5', 'Developers cannot deploy to production.', [o('Dana Lee')])],
      expected: [],
    },
    {
      name: 'a control describing segregation is not a conflict',
      controls: [
        control('CM-6', 'Segregation of duties between developers and deployment is enforced.', [o('Dana Lee')]),
      ],
      expected: [],
    },
    {
      name: 'sorted by severity, then rule id, then owner',
      controls: [
        control('A', 'Engineers deploy; engineers approve changes.', [o('Zoe Adams'), o('Ann Baker')]),
        control('B', 'Staff accountants approve journal entries.', [o('Ann Baker')]),
      ],
      expected: [
        { rule: 'SOD-GL-01', owner: 'Ann Baker', basis: 'person', sides: [['B'], ['B']] },
        { rule: 'SOD-IT-01', owner: 'Ann Baker', basis: 'person', sides: [['A'], ['A']] },
        { rule: 'SOD-IT-01', owner: 'Zoe Adams', basis: 'person', sides: [['A'], ['A']] },
        { rule: 'SOD-IT-03', owner: 'Ann Baker', basis: 'person', sides: [['A'], ['A']] },
        { rule: 'SOD-IT-03', owner: 'Zoe Adams', basis: 'person', sides: [['A'], ['A']] },
      ],
    },
  ];
  it.each(cases)('$name', ({ controls, expected }) => {
    expect(analyseOwnerSod(controls, RULES).conflicts.map(brief)).toEqual(expected);
  });

  it('explains each conflict: rule, owner, and every control with sheet and row on each side', () => {
    const controls = [
      control('JE-1', 'Journal entry preparation.', [o('Sam Fox')], 'GL'),
      control('JE-3', 'The staff accountant posts entries.', [o('Sam Fox')], 'GL'),
      control('JE-2', 'Journal entry approval.', [o('Sam Fox')], 'Close'),
    ];
    const [c, ...rest] = analyseOwnerSod(controls, RULES).conflicts;
    expect(rest).toEqual([]);
    const rowOf = (id: string) => controls.find((x) => x.id === id)?.source.row;
    expect(c).toEqual({
      rule: 'SOD-GL-01',
      severity: 'critical',
      owner: 'Sam Fox',
      ownerKey: 'person:sam fox',
      basis: 'person',
      controls: ['JE-2', 'JE-1', 'JE-3'],
      sides: [
        {
          duty: 'je-prepare',
          label: 'label of je-prepare',
          controls: [
            {
              id: 'JE-1',
              sheet: 'GL',
              row: rowOf('JE-1'),
              via: 'control',
              // the first keyword in catalogue order with the same lemmas (prepare, journal, entry)
              keyword: 'prepare journal entries',
              text: 'Journal entry preparation',
            },
            {
              id: 'JE-3',
              sheet: 'GL',
              row: rowOf('JE-3'),
              via: 'control',
              keyword: 'staff accountant',
              text: 'staff accountant',
            },
          ],
        },
        {
          duty: 'je-approve',
          label: 'label of je-approve',
          controls: [
            {
              id: 'JE-2',
              sheet: 'Close',
              row: rowOf('JE-2'),
              via: 'control',
              keyword: 'approve journal entries',
              text: 'Journal entry approval',
            },
          ],
        },
      ],
      risk: 'risk of SOD-GL-01',
      compensatingControl: 'compensating for SOD-GL-01',
      explanation: expect.stringContaining(`JE-1 (GL!${rowOf('JE-1')})`) as string,
    });
    expect(c?.explanation).toContain('Sam Fox');
    expect(c?.explanation).toContain(`JE-2 (Close!${rowOf('JE-2')})`);
  });

  it('passes on owner issues and reports controls with duties but no owner', () => {
    const controls = [
      control('JE-1', 'Journal entry preparation.', [o('Dana Lee')]),
      control('JE-2', 'Journal entry approval.', [o('David Lee')]),
      control('JE-3', 'Journal entry approval.', [o('D. Lee')]),
      control('JE-4', 'Journal entry approval.', []),
      control('X-1', 'Backups run nightly.', []),
    ];
    const { conflicts, issues } = analyseOwnerSod(controls, RULES);
    expect(conflicts).toEqual([]);
    expect(issues.map((i) => [i.code, i.severity, i.row])).toEqual([
      ['owner-ambiguous', 'warning', controls[2]?.source.row],
      ['sod-owner-missing', 'info', controls[3]?.source.row],
    ]);
  });

  it('reads a role repeated on many controls into one role-basis conflict listing every control', () => {
    const controls = Array.from({ length: 40 }, (_, i) =>
      control(`R-${i}`, i % 2 ? 'Deploys weekly.' : 'Quarterly review.', [o('Engineering', null, 'Engineering')]),
    );
    const { conflicts } = analyseOwnerSod(controls, RULES);
    expect(conflicts.map(brief)).toEqual([
      {
        rule: 'SOD-IT-01',
        owner: 'Engineering',
        basis: 'role',
        sides: [controls.map((c) => c.id), controls.filter((_, i) => i % 2).map((c) => c.id)],
      },
    ]);
    expect(conflicts[0]?.sides[0].controls.every((r) => r.via === 'owner-role' && r.keyword === 'engineer')).toBe(true);
  });

  it('gives every conflict its own lists, even where rules share a duty', () => {
    const controls = [control('A', 'Engineers deploy; engineers approve changes.', [o('Zoe Adams')])];
    const [it01, it03] = analyseOwnerSod(controls, RULES).conflicts;
    expect(it01?.sides[1]).toEqual(it03?.sides[1]);
    it01?.sides[1].controls.pop();
    expect(it03?.sides[1].controls.map((r) => r.id)).toEqual(['A']);
  });

  it('gives the same result whatever the input order', () => {
    const controls = [
      control('A', 'Engineers deploy.', [o('Dana Lee')]),
      control('B', 'The CAB reviews each change.', [o('dana.lee@acme.com', null, null, 'dana.lee@acme.com')]),
      control('C', 'Staff accountants prepare journal entries.', [o('Lee, Dana')]),
      control('D', 'Journal entry approval.', [o('DANA LEE')]),
    ];
    const forward = analyseOwnerSod(controls, RULES);
    expect(forward.conflicts.map((c) => c.rule)).toEqual(['SOD-GL-01', 'SOD-IT-01', 'SOD-IT-03']);
    expect(analyseOwnerSod([...controls].reverse(), RULES)).toEqual(forward);
  });
});

describe('analyseOwnerSod with the shipped rule set', () => {
  const catalog = loadCatalog();

  it('loads the catalogue', () => {
    expect(catalog.ok ? [] : catalog.error).toEqual([]);
  });

  it('finds the typical SaaS and close conflicts and nothing else', () => {
    if (!catalog.ok) throw new Error('catalogue did not load');
    const controls = [
      control('CM-1', 'Engineers approve and deploy their own changes to production.', [
        o('Dana Lee (VP Platform)', 'Dana Lee', 'VP Platform'),
      ]),
      control('CM-2', 'Developers cannot deploy to production; the release manager deploys.', [o('Sam Fox')]),
      control('GL-1', 'The staff accountant prepares journal entries with support.', [o('Ann Baker')]),
      control('GL-2', 'Manual journal entries are approved; the approver approves journal entries in NetSuite.', [
        o('Baker, Ann'),
      ]),
      control('HR-1', 'Management demonstrates a commitment to integrity; the audit committee oversees.', [
        o('Ann Baker'),
      ]),
    ];
    const { conflicts } = analyseOwnerSod(controls, catalog.value.sodRules);
    expect(conflicts.map(brief)).toEqual([
      { rule: 'SOD-GL-01', owner: 'Ann Baker', basis: 'person', sides: [['GL-1'], ['GL-2']] },
      { rule: 'SOD-IT-01', owner: 'Dana Lee', basis: 'person', sides: [['CM-1'], ['CM-1']] },
      // engineers (develop) who approve their own changes (approve … changes, one clause)
      { rule: 'SOD-IT-02', owner: 'Dana Lee', basis: 'person', sides: [['CM-1'], ['CM-1']] },
      { rule: 'SOD-IT-03', owner: 'Dana Lee', basis: 'person', sides: [['CM-1'], ['CM-1']] },
    ]);
    const it01 = conflicts.find((c) => c.rule === 'SOD-IT-01');
    expect(it01?.risk).toMatch(/\S/u);
    expect(it01?.compensatingControl).toMatch(/\S/u);
  });
});

describe('the Dana Lee matrix (issue 22), shipped rule set', () => {
  const catalog = loadCatalog();
  // Worked by hand from REFERENCE §5: approving a change vs implementing (deploying) it; performing an access review
  // vs holding the access under review (an administrator who provisions access must not review it).
  it('finds change approval × deployment and access provisioning × access review for one owner', () => {
    if (!catalog.ok) throw new Error('catalogue did not load');
    const dana = [o('Dana Lee')];
    const controls = [
      control('CHG-01', 'Infrastructure changes are approved in the change ticket by the platform lead.', dana),
      control('CHG-02', 'Changes are deployed to production through the CI/CD pipeline.', dana),
      control('ACC-01', 'New user access is provisioned after manager approval in the ticketing system.', dana),
      control('ACC-02', 'User access to production systems is reviewed quarterly.', dana),
    ];
    const { conflicts, scope } = analyseOwnerSod(controls, catalog.value.sodRules);
    expect(conflicts.map(brief)).toEqual([
      { rule: 'SOD-IT-03', owner: 'Dana Lee', basis: 'person', sides: [['CHG-01'], ['CHG-02']] },
      { rule: 'SOD-IT-09', owner: 'Dana Lee', basis: 'person', sides: [['ACC-01'], ['ACC-02']] },
    ]);
    expect(scope).toMatchObject({ controls: 4, controlsWithDuties: 4, controlsWithOwnerAndDuties: 4, owners: 1 });
  });

  it('says what it looked at, and never "no conflict" when no control named a duty', () => {
    if (!catalog.ok) throw new Error('catalogue did not load');
    const none = analyseOwnerSod([control('X-1', 'Office plants are watered weekly.', [o('Dana Lee')])], catalog.value.sodRules);
    expect(none.conflicts).toEqual([]);
    expect(sodScopeSentence(none.scope, 0)).toMatch(/^Not checked: none of the 1 controls names an SoD duty/u);
    const one = analyseOwnerSod([control('X-2', 'Changes are deployed weekly.', [o('Dana Lee')])], catalog.value.sodRules);
    expect(sodScopeSentence(one.scope, 0)).toMatch(/^No owner holds two conflicting duties: 1 of 1 controls name SoD duties \(1 distinct\), held by 1 owner/u);
  });
});
