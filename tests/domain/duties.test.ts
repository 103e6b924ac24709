import { describe, expect, it } from 'vitest';
import type { SodDuty } from '../../server/domain/catalog.ts';
import { controlDuties, createDutyMatcher, matchDuties } from '../../server/domain/duties.ts';
import { lemmaKey } from '../../server/domain/lemma.ts';
import type { Owner, SocControl } from '../../server/domain/control.ts';
import { blankControl } from '../fixtures/controls.ts';

const duty = (id: string, ...keywords: string[]): SodDuty => ({ id, label: id, keywords });

const DUTIES: SodDuty[] = [
  duty('develop', 'developer', 'engineer', 'commit', 'pull request'),
  duty('deploy', 'deploy', 'deployment', 'release manager', 'merge to main'),
  duty('approve-change', 'approve changes', 'change approval', 'cab'),
  duty('je-prepare', 'prepare journal entries', 'staff accountant'),
  duty('je-approve', 'approve journal entries'),
  duty('write-off', 'write-off'),
  duty('apply-cash', 'apply cash'),
  duty('r-and-d', 'r&d expense'),
  duty('payroll-run', 'run payroll'),
];

function control(over: Partial<SocControl> = {}): SocControl {
  return blankControl({ id: 'C-1', ...over });
}

const owner = (raw: string, name: string | null, role: string | null = null, email: string | null = null): Owner => ({
  raw,
  name,
  role,
  email,
});

describe('matchDuties', () => {
  const cases: { text: string; expected: string[]; why: string }[] = [
    { text: 'Deploy', expected: ['deploy'], why: 'case-insensitive' },
    { text: 'The team deploys weekly', expected: ['deploy'], why: '+s' },
    { text: 'Code is deployed after review', expected: ['deploy'], why: '+ed' },
    { text: 'deploying to prod', expected: ['deploy'], why: '+ing' },
    { text: 'the deployment pipeline', expected: ['deploy'], why: 'listed nominal of deploy' },
    { text: 'builds are deployable artefacts', expected: [], why: '-able is a capability, not an act' },
    { text: 'we redeploy nightly', expected: [], why: 'no match preceded by letters' },
    { text: 'pre-deploy checks', expected: ['deploy'], why: 'hyphen is a word boundary' },
    { text: 'Engineers commit code', expected: ['develop'], why: 'engineer+s, commit' },
    { text: 'changes committed by engineering', expected: ['develop'], why: 'doubled consonant +ed; engineer+ing' },
    { text: "management's commitment to integrity", expected: [], why: 'commit does not stem to commitment' },
    { text: 'the audit committee meets quarterly', expected: [], why: 'nor to committee' },
    { text: 'Pull requests are reviewed', expected: ['develop'], why: 'phrase, last word +s' },
    { text: 'pull\n requests', expected: [], why: 'a phrase never spans a line break' },
    { text: 'pull, request', expected: [], why: 'nor a comma' },
    { text: 'pull   request', expected: ['develop'], why: 'runs of spaces are one separator' },
    { text: 'Managers approve changes', expected: ['approve-change'], why: 'phrase' },
    { text: 'Managers approved changes', expected: ['approve-change'], why: 'e-dropping stem on the first word' },
    { text: 'approving changes', expected: ['approve-change'], why: 'approve -> approving' },
    { text: 'The CAB meets weekly', expected: ['approve-change'], why: 'acronym' },
    { text: 'CABs', expected: ['approve-change'], why: 'short words still take +s' },
    { text: 'a taxicab', expected: [], why: 'short words never match inside a longer word' },
    { text: 'cabinet access', expected: [], why: 'short words take no other ending' },
    { text: 'Bad debts are written off; write off approved', expected: ['write-off'], why: 'hyphen = space' },
    { text: 'Writeoffs', expected: [], why: 'closed-up form must be listed separately' },
    { text: 'AR applies cash daily', expected: ['apply-cash'], why: 'y -> ies' },
    { text: 'R&D expenses', expected: ['r-and-d'], why: 'non-space separator must match as written' },
    { text: 'R and D expense', expected: [], why: '& is not a space' },
    { text: 'Payroll: we are running payroll twice monthly', expected: ['payroll-run'], why: 'run -> running' },
    { text: 'Développeur', expected: [], why: 'accents fold but the word differs' },
    { text: 'DÉPLOY', expected: ['deploy'], why: 'accents fold' },
    { text: 'Developers cannot deploy to production', expected: [], why: 'the verb and its subject are negated' },
    { text: "Developers don't deploy", expected: [], why: "n't negates" },
    { text: 'Developers do not have access to deploy', expected: [], why: 'four words before, two after' },
    {
      text: 'Developers have read access only and do not deploy',
      expected: ['develop'],
      why: 'a subject far from the negation stays',
    },
    {
      text: 'Engineers, not managers, deploy',
      expected: ['develop', 'deploy'],
      why: 'negation stays inside its clause',
    },
    { text: 'No developer deploys', expected: [], why: 'one negation covers both' },
    { text: 'Not reviewed, deploy weekly', expected: ['deploy'], why: 'negation does not cross a comma' },
    {
      text: 'Merged by someone other than the developer',
      expected: [],
      why: '"other than" hands the duty to someone else',
    },
    {
      text: 'Deploy rights are restricted to the release manager',
      expected: ['deploy'],
      why: '"restricted to" is not a negation',
    },
    {
      text: 'Segregation of duties between developers and deployment is enforced.',
      expected: [],
      why: 'SoD statement sentence',
    },
    {
      text: 'SoD: developers vs deployment. Engineers deploy.',
      expected: ['develop', 'deploy'],
      why: 'only that sentence is ignored',
    },
    {
      text: 'Staff accountants prepare journal entries; the controller approves journal entries',
      expected: ['je-prepare', 'je-approve'],
      why: 'both duties, duty order',
    },
    { text: '', expected: [], why: 'empty' },
    { text: '(.*)+ [deploy]', expected: ['deploy'], why: 'regex metacharacters in text are plain text' },
  ];
  it.each(cases)('$why: "$text"', ({ text, expected }) => {
    expect(matchDuties(text, DUTIES)).toEqual(expected);
  });

  it('treats regex metacharacters in keywords as plain text', () => {
    const tricky = [duty('x', '(.*)+ deploy'), duty('y', 'a|b')];
    expect(matchDuties('anything at all', tricky)).toEqual([]);
    expect(matchDuties('deploy', tricky)).toEqual(['x']);
    expect(matchDuties('a|b', tricky)).toEqual(['y']);
    expect(matchDuties('a b', tricky)).toEqual([]);
  });

  it('lists each duty once, first keyword in catalogue order', () => {
    expect(matchDuties('deploy deploy deployment release manager', DUTIES)).toEqual(['deploy']);
  });
});

describe('createDutyMatcher', () => {
  const cases: { text: string; expected: string[]; why: string }[] = [
    { text: 'Stock leaves the depot', expected: ['depot'], why: 'an accented keyword matches plain ASCII text' },
    { text: 'DÉPÔTS are counted', expected: ['depot'], why: 'and accented text' },
    { text: 'Developers don\u2019t deploy', expected: [], why: 'a curly apostrophe negates like a straight one' },
    { text: 'Managers approve', expected: [], why: 'a phrase cut short at the end of the text' },
    { text: 'changes are approved', expected: ['approve-change'], why: 'passive voice: the words in any order' },
    { text: 'approval of each change', expected: ['approve-change'], why: 'nominal form' },
    { text: 'changes, approved later', expected: [], why: 'not across a comma (two clauses)' },
    { text: 'changes to the wiki and the blog are logged and approved', expected: [], why: 'more than SPAN tokens apart' },
    { text: 'approve\tchanges', expected: ['approve-change'], why: 'a tab is whitespace' },
    { text: 'Sam approves invoices and approves changes', expected: ['approve-change', 'pay'], why: 'shared forms' },
    { text: 'Sam approves invoices', expected: ['pay'], why: '"approves" is a base word and a form of "approve"' },
  ];
  const duties = [...DUTIES, duty('depot', 'Dépôt'), duty('pay', 'approves invoices', 'approve payments')];
  it.each(cases)('$why: "$text"', ({ text, expected }) => {
    expect(createDutyMatcher(duties)(text).map((m) => m.duty)).toEqual(expected);
  });

  it('reports the first keyword in catalogue order, at its first position, as written', () => {
    const match = createDutyMatcher(DUTIES);
    expect(match('The release manager deploys; Deploy again')).toEqual([
      { duty: 'deploy', keyword: 'deploy', text: 'deploys' },
    ]);
    expect(match('Merge to main, then the release manager signs off')).toEqual([
      { duty: 'deploy', keyword: 'release manager', text: 'release manager' },
    ]);
  });

  it('gives the same answer for a repeated text, as fresh objects', () => {
    const match = createDutyMatcher(DUTIES);
    const first = match('Engineers deploy');
    const firstMatch = first[0];
    if (firstMatch) firstMatch.text = 'changed';
    first.pop();
    expect(match('Engineers deploy')).toEqual([
      { duty: 'develop', keyword: 'engineer', text: 'Engineers' },
      { duty: 'deploy', keyword: 'deploy', text: 'deploy' },
    ]);
    expect(match('engineers DEPLOY')).toEqual([
      { duty: 'develop', keyword: 'engineer', text: 'engineers' },
      { duty: 'deploy', keyword: 'deploy', text: 'DEPLOY' },
    ]);
  });
});

describe('lemmaKey', () => {
  // the rule in lemma.ts: inflections stripped, then final -e; nominals only from the closed list
  const same: [string, string][] = [
    ['approve', 'approves'], ['approve', 'approved'], ['approve', 'approving'], ['approve', 'approval'], ['approve', 'approver'],
    ['approve', 'approvals'], ['provision', 'provisioned'], ['provision', 'provisioning'], ['provision', 'provisions'],
    ['deploy', 'deployment'], ['deploy', 'deployments'], ['deploy', 'deployed'], ['commit', 'committed'], ['commit', 'committing'],
    ['run', 'running'], ['apply', 'applies'], ['apply', 'applied'], ['apply', 'application'], ['entry', 'entries'],
    ['change', 'changes'], ['change', 'changed'], ['process', 'processes'], ['uar', 'uars'], ['review', 'reviewer'], ['access', 'accesses'],
    ['authorize', 'authorisation'], ['create', 'creation'], ['listing', 'listings'], ['list', 'listings'],
  ];
  it.each(same)('%s = %s', (a, b) => expect(lemmaKey(b)).toBe(lemmaKey(a)));
  const different: [string, string][] = [
    ['deploy', 'deployable'], ['deploy', 'redeploy'], ['commit', 'commitment'], ['commit', 'committee'], ['cab', 'cabinet'],
    ['access', 'acces'], ['engineer', 'engine'], ['post', 'poster'], ['enter', 'entry'],
  ];
  it.each(different)('%s != %s', (a, b) => expect(lemmaKey(b)).not.toBe(lemmaKey(a)));
});

describe('controlDuties', () => {
  it('credits control text to every owner and role text to that owner only', () => {
    const c = control({
      title: 'Change deployment',
      description: 'Engineers deploy their own changes.',
      owners: [owner('Dana Lee (Release Manager)', 'Dana Lee', 'Release Manager'), owner('Sam Fox', 'Sam Fox')],
    });
    const ev = controlDuties(c, DUTIES).map((e) => [e.duty, e.via, e.owner]);
    expect(ev).toEqual([
      ['develop', 'control', null],
      ['deploy', 'control', null],
      ['deploy', 'owner-role', 0],
    ]);
  });

  it('reads a role-only owner as role text', () => {
    const c = control({
      description: 'Quarterly review.',
      owners: [owner('Staff Accountant', null, 'Staff Accountant')],
    });
    expect(controlDuties(c, DUTIES).map((e) => [e.duty, e.owner])).toEqual([['je-prepare', 0]]);
  });

  it('does not read a person name as role text', () => {
    const c = control({ owners: [owner('Dana Deploy', 'Dana Deploy')] });
    expect(controlDuties(c, DUTIES)).toEqual([]);
  });

  it('finds a duty written in the title alone or in the description alone, and quotes the title when both say it', () => {
    const only = (title: string, description: string) =>
      controlDuties(control({ title, description }), DUTIES).map((e) => [e.duty, e.text]);
    expect(only('The team deploys changes', 'Reviewed monthly.')).toEqual([['deploy', 'deploys']]);
    expect(only('Change control', 'The team deploys changes.')).toEqual([['deploy', 'deploys']]);
    expect(only('Deployed weekly', 'The team deploys changes.')).toEqual([['deploy', 'Deployed']]);
  });

  it('reads each owner cell on its own terms, even when two cells are written alike', () => {
    const asRole = control({ owners: [owner('Staff Accountant', null, 'Staff Accountant')] });
    const asName = control({ owners: [owner('Staff Accountant', 'Staff Accountant')] });
    expect(controlDuties(asRole, DUTIES).map((e) => e.duty)).toEqual(['je-prepare']);
    expect(controlDuties(asName, DUTIES).map((e) => e.duty)).toEqual(['je-prepare']);
    const person = control({ owners: [owner('Dana Deploy', 'Dana Deploy')] });
    const team = control({ owners: [owner('Dana Deploy', null, 'Deploy team')] });
    expect(controlDuties(person, DUTIES)).toEqual([]);
    expect(controlDuties(team, DUTIES).map((e) => e.duty)).toEqual(['deploy']);
  });

  it('keeps the title and the description apart', () => {
    const c = control({ title: 'Monthly pull', description: 'Request access reviews' });
    expect(controlDuties(c, DUTIES)).toEqual([]);
  });
});
