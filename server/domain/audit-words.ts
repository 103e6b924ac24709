// Audit entries as people read them: "Alex Morgan uploaded the NetSuite user listing". The action code stays in the
// log (and in the filter); the history shows this sentence. An action without words here reads as its label.
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface AuditLike {
  actor: string;
  action: string;
  entityId: string | null;
  field: string | null;
  before: Json;
  after: Json;
}

const obj = (v: Json): { [k: string]: Json } => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
const str = (v: Json | undefined) => (typeof v === 'string' && v.trim() !== '' ? v : null);
const list = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const systemsOf = (v: Json | undefined) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const file = (e: AuditLike) => str(obj(e.after).fileName) ?? str(obj(e.before).fileName);
const named = (what: string, e: AuditLike) => (file(e) ? `${what} ${file(e)}` : what);
const listing = (v: Json) => {
  const systems = systemsOf(obj(v).systems);
  return systems.length ? `the ${list(systems)} user listing` : 'a user listing';
};
const task = (e: AuditLike) => (e.entityId ? `task ${e.entityId}` : 'a task');

const FIELD: Record<string, string> = { title: 'title', owner: 'owner', start: 'start date', end: 'due date', effortDays: 'effort', status: 'status', dependsOn: 'dependencies', notes: 'notes' };

export const AUDIT_ACTIONS: Record<string, { label: string; sentence: (e: AuditLike) => string }> = {
  'engagement.create': { label: 'Engagement created', sentence: () => 'created the engagement' },
  'engagement.update': { label: 'Profile changed', sentence: (e) => (e.field ? `changed the ${e.field.replace(/([A-Z])/g, ' $1').toLowerCase()} of the profile` : 'changed the profile') },
  'engagement.archive': { label: 'Engagement archived', sentence: () => 'archived the engagement' },
  'import.upload': { label: 'Matrix uploaded', sentence: (e) => `uploaded ${named('the control matrix', e)}` },
  'import.remap': { label: 'Columns re-mapped', sentence: () => 'changed how the columns of the matrix are read' },
  'import.confirm': { label: 'Import confirmed', sentence: (e) => `confirmed the import${file(e) ? ` of ${file(e)}` : ''}` },
  'analysis.run': { label: 'Analysis run', sentence: () => 'ran the analysis' },
  'task.update': { label: 'Task changed', sentence: (e) => `changed the ${e.field ? (FIELD[e.field] ?? e.field) : 'details'} of ${task(e)}` },
  'task.create': { label: 'Task added', sentence: (e) => `added ${task(e)}` },
  'task.delete': { label: 'Task deleted', sentence: (e) => `deleted ${task(e)}` },
  'export.create': { label: 'Workbook exported', sentence: (e) => `exported ${named('the plan workbook', e)}` },
  'reimport.diff': { label: 'Edited workbook compared', sentence: (e) => `compared ${named('an edited workbook', e)} with its export` },
  'reimport.apply': { label: 'Re-import applied', sentence: () => 'applied the changes of an edited workbook' },
  'access.listing.upload': { label: 'User listing uploaded', sentence: (e) => `uploaded ${listing(e.after)}` },
  'access.listing.delete': { label: 'User listing removed', sentence: (e) => `removed ${listing(e.before)}` },
  'access.roster.upload': { label: 'HR roster uploaded', sentence: () => 'uploaded the HR roster' },
  'access.duty-map.update': { label: 'Duty map changed', sentence: () => 'changed which duties the roles and permissions grant' },
  'access.duty-map.template.save': { label: 'Duty map saved', sentence: () => 'saved the duty map for reuse' },
  'access.resolution.record': { label: 'Conflict decision recorded', sentence: (e) => `recorded a decision on ${e.entityId ? `conflict ${e.entityId}` : 'an access conflict'}` },
  'access.resolution.reopen': { label: 'Conflict reopened', sentence: (e) => `reopened ${e.entityId ? `conflict ${e.entityId}` : 'an access conflict'}` },
  'review.comment': { label: 'Comment added', sentence: () => 'commented' },
  'review.mark': { label: 'Marked reviewed', sentence: () => 'marked it reviewed' },
  'member.add': { label: 'Member added', sentence: () => 'added a member' },
  'member.remove': { label: 'Member removed', sentence: () => 'removed a member' },
  'member.role': { label: 'Role changed', sentence: () => "changed a member's role" },
  'member.invite': { label: 'Member invited', sentence: () => 'invited a member' },
  'member.invite-revoked': { label: 'Invitation withdrawn', sentence: () => 'withdrew an invitation' },
  'member.join': { label: 'Member joined', sentence: () => 'joined' },
  'member.invite-refused': { label: 'Invitation refused', sentence: () => 'used an invitation for a disabled account; nothing was granted' },
  'import.expire': { label: 'Unconfirmed upload deleted', sentence: (e) => `deleted ${named('an upload', e)} that was never confirmed` },
  'scenarios.save': { label: 'Scenarios saved', sentence: () => 'saved the what-if scenarios' },
  'scenario.adopt': { label: 'Scenario adopted', sentence: (e) => `adopted ${e.entityId ? `scenario ${e.entityId}` : 'a scenario'} as the profile` },
  'soc1.register.update': { label: 'SOC 1 register changed', sentence: () => 'changed the SOC 1 register of the service organisations' },
  'user.add': { label: 'User added', sentence: () => 'added a user' },
  'user.disable': { label: 'User disabled', sentence: () => 'disabled a user account' },
  'user.enable': { label: 'User enabled', sentence: () => 'enabled a user account again' },
  'user.password-reset': { label: 'Password reset', sentence: () => 'reset a password with a one-time link' },
  'user.reset-requested': { label: 'Password reset link made', sentence: () => 'made a one-time password reset link' },
  'workspace.create': { label: 'Workspace created', sentence: () => 'created a workspace' },
  'workspace.rename': { label: 'Workspace renamed', sentence: () => 'renamed a workspace' },
  accept: { label: 'Risk accepted', sentence: () => 'accepted the risk' },
  mitigate: { label: 'Mitigation recorded', sentence: () => 'recorded a mitigation' },
  remediate: { label: 'Remediation recorded', sentence: () => 'recorded a remediation' },
};

export function auditLabel(action: string): string {
  return AUDIT_ACTIONS[action]?.label ?? action.replace(/[.-]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

// "Alex Morgan uploaded the NetSuite user listing"
export function auditSentence(e: AuditLike): string {
  const words = AUDIT_ACTIONS[e.action];
  const did = words ? words.sentence(e) : `did: ${auditLabel(e.action).toLowerCase()}`;
  return `${e.actor || 'Someone'} ${did}`;
}
