// Owner-based segregation of duties: a conflict exists when one owner (one resolved person, or one role) holds both
// duties of a rule through the controls they own. Both sides may come from the same control when its text shows
// both duties ("Engineers approve and deploy their own changes"). Duty evidence comes from duties.ts (control text
// is credited to every owner of the control; owner role text to that owner), identities from owners.ts.
// This is a first-pass signal from a SOC 2 matrix, not an access review: it sees what owners are written down as
// doing, not what the systems let them do.
import { plural } from './words.ts';
import type { SocControl } from './control.ts';
import type { IntakeIssue } from './grid.ts';
import type { Severity, SodRule } from './catalog.ts';
import type { TextReader } from './clause-match.ts';
import { controlDuties, createDutyMatcher } from './duties.ts';
import { resolveOwners, type OwnerBasis, type ResolvedOwners } from './owners.ts';
import { ruleSetDuties } from './rule-tables.ts';

export interface SodControlRef {
  id: string;
  sheet: string;
  row: number;
  via: 'control' | 'owner-role'; // where the duty was read: the control's text, or the owner's role text
  keyword: string; // the catalogue keyword that matched
  text: string; // the words as written
}

export interface SodSide {
  duty: string;
  label: string;
  controls: SodControlRef[];
}

export interface SodConflict {
  rule: string;
  severity: Severity;
  owner: string; // display name
  ownerKey: string;
  basis: OwnerBasis;
  controls: string[]; // every control id involved, both sides, unique
  sides: [SodSide, SodSide];
  risk: string;
  compensatingControl: string;
  explanation: string;
}

// What the owner SoD looked at, so that "no conflict" is never said when nothing could have been found.
export interface SodScope {
  controls: number; // controls read
  controlsWithDuties: number; // controls whose text or owner role names at least one duty of the rule set
  controlsWithOwnerAndDuties: number; // of those, the ones with a resolved owner (the only ones that can conflict)
  owners: number; // distinct owners holding at least one duty
  duties: string[]; // duty ids found, in rule-set order
  rules: number; // rules checked
}

export interface SodAnalysis {
  conflicts: SodConflict[];
  issues: IntakeIssue[];
  scope: SodScope;
}

// One sentence saying what the owner SoD looked at and what it means that it found no conflict.
export function sodScopeSentence(scope: SodScope, conflicts: number): string {
  if (scope.controlsWithDuties === 0)
    return `Not checked: none of the ${scope.controls} controls names an SoD duty in its text or owner role, so owner segregation of duties could not be assessed from the matrix.`;
  if (scope.controlsWithOwnerAndDuties === 0)
    return `Not checked: ${plural(scope.controlsWithDuties, 'control')} ${scope.controlsWithDuties === 1 ? 'names' : 'name'} SoD duties but none names an owner.`;
  const looked = `${scope.controlsWithOwnerAndDuties} of ${scope.controls} controls name SoD duties (${scope.duties.length} distinct), held by ${plural(scope.owners, 'owner')}, checked against ${plural(scope.rules, 'rule')}`;
  return conflicts === 0 ? `No owner holds two conflicting duties: ${looked}.` : `${plural(conflicts, 'owner conflict')}: ${looked}.`;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const refCmp = (a: SodControlRef, b: SodControlRef) => cmp(a.sheet, b.sheet) || a.row - b.row || cmp(a.id, b.id);

export function analyseOwnerSod(
  controls: readonly SocControl[],
  rules: readonly SodRule[],
  owners: ResolvedOwners = resolveOwners(controls),
  // The text reader shared with the delta's intent reader of the same analysis, and that reader (`alongside`, called
  // for each control right after its duties): each control text is tokenised once and its tokens die young.
  shared: { read?: TextReader; alongside?: (control: SocControl, index: number) => unknown } = {},
): SodAnalysis {
  const { read, alongside } = shared;
  const dutyList = ruleSetDuties(rules);
  const duties = new Map(dutyList.map((d) => [d.id, d]));
  const match = createDutyMatcher(dutyList, read);
  const issues: IntakeIssue[] = [...owners.issues];

  // owner key -> duty id -> control index -> evidence (control text wins over role text for the same control)
  const holdings = new Map<string, Map<string, Map<number, SodControlRef>>>();
  let controlsWithDuties = 0;
  let controlsWithOwnerAndDuties = 0;
  const found = new Set<string>();
  for (let ci = 0; ci < controls.length; ci++) {
    const control = controls[ci]!;
    const evidence = controlDuties(control, match);
    alongside?.(control, ci);
    read?.release(control); // (read by both, or its matches were known: its tokens are not needed again)
    if (evidence.length === 0) continue;
    controlsWithDuties++;
    for (let k = 0; k < evidence.length; k++) found.add(evidence[k]!.duty);
    const keys = owners.byControl[ci] ?? [];
    if (!keys.some((k) => k !== null)) {
      const names = [...new Set(evidence.map((e) => duties.get(e.duty)?.label ?? e.duty))];
      issues.push({
        code: 'sod-owner-missing',
        severity: 'info',
        sheet: control.source.sheet,
        row: control.source.row,
        column: null,
        message: `Control ${control.id} shows duties (${names.join('; ')}) but names no owner; segregation of duties cannot be checked for it.`,
      });
      continue;
    }
    controlsWithOwnerAndDuties++;
    for (let oi = 0; oi < keys.length; oi++) {
      const key = keys[oi];
      if (key === null || key === undefined) continue;
      for (let k = 0; k < evidence.length; k++) {
        const e = evidence[k]!;
        if (e.owner !== null && e.owner !== oi) continue;
        let byDuty = holdings.get(key);
        if (!byDuty) holdings.set(key, (byDuty = new Map<string, Map<number, SodControlRef>>()));
        let byControl = byDuty.get(e.duty);
        if (!byControl) byDuty.set(e.duty, (byControl = new Map<number, SodControlRef>()));
        const prev = byControl.get(ci);
        if (prev && (prev.via === 'control' || e.via !== 'control')) continue;
        const { sheet, row } = control.source;
        byControl.set(ci, { id: control.id, sheet, row, via: e.via, keyword: e.keyword, text: e.text });
      }
    }
  }

  const people = new Map(owners.people.map((p) => [p.key, p]));
  const conflicts: SodConflict[] = [];
  for (const [key, byDuty] of holdings) {
    const person = people.get(key);
    // a duty takes part in several rules: sort its evidence once
    const sorted = new Map<string, SodControlRef[]>();
    const refs = (duty: string) => {
      let list = sorted.get(duty);
      if (!list) sorted.set(duty, (list = [...(byDuty.get(duty)?.values() ?? [])].sort(refCmp)));
      return list;
    };
    for (const rule of rules) {
      const [a, b] = rule.duties;
      if (a.id === b.id) continue;
      const [left, right] = [[...refs(a.id)], [...refs(b.id)]];
      if (left.length === 0 || right.length === 0) continue;
      const owner = person?.display ?? key;
      const basis: OwnerBasis = person?.basis ?? (key.startsWith('role:') ? 'role' : 'person');
      const all = [...left, ...right].sort(refCmp);
      const where = (refs: SodControlRef[]) => refs.map((r) => `${r.id} (${r.sheet}!${r.row})`).join(', ');
      conflicts.push({
        rule: rule.id,
        severity: rule.severity,
        owner,
        ownerKey: key,
        basis,
        controls: [...new Set(all.map((r) => r.id))],
        sides: [
          { duty: a.id, label: a.label, controls: left },
          { duty: b.id, label: b.label, controls: right },
        ],
        risk: rule.risk,
        compensatingControl: rule.compensatingControl,
        explanation:
          `${rule.id}: ${basis === 'role' ? `the role "${owner}"` : owner} holds "${a.label}" through ${where(left)} ` +
          `and "${b.label}" through ${where(right)}.` +
          (basis === 'role' ? ' A role may be held by several people: confirm who performs each side.' : ''),
      });
    }
  }
  conflicts.sort(
    (x, y) =>
      SEVERITY_ORDER[x.severity] - SEVERITY_ORDER[y.severity] ||
      cmp(x.rule, y.rule) ||
      cmp(x.owner, y.owner) ||
      cmp(x.ownerKey, y.ownerKey),
  );
  const scope: SodScope = {
    controls: controls.length,
    controlsWithDuties,
    controlsWithOwnerAndDuties,
    owners: holdings.size,
    duties: dutyList.map((d) => d.id).filter((id) => found.has(id)),
    rules: rules.length,
  };
  return { conflicts, issues, scope };
}
