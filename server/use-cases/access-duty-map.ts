// The duty map of a stored engagement: which duties each role and permission of its listings grants (confirmed
// entries, the templates layered under them, the suggestions still to confirm), its edit, and saving it as a template
// for the workspace.
import {
  findDutyMapTemplate,
  getEngagementDutyMap,
  listDutyMapTemplates,
  saveDutyMapTemplate,
  saveEngagementDutyMap,
} from '../db/access.ts';
import { appendAudit, type JsonValue } from '../db/audit-log.ts';
import { inTransaction } from '../db/support.ts';
import { parseDutyMap } from '../catalog/load-duty-maps.ts';
import { formatProblem } from '../catalog/load-catalog.ts';
import type { DutyMapEntry } from '../domain/duty-map.ts';
import { err, ok } from '../domain/result.ts';
import { engagementOr404, load } from './access-load.ts';
import { ruleDuties } from './access-sod.ts';
import { appError } from './app-error.ts';
import type { AppContext } from './context.ts';

export async function getDutyMap(ctx: AppContext, engagementId: string) {
  const e = await engagementOr404(ctx, engagementId);
  if (!e.ok) return e;
  const l = await load(ctx, engagementId);
  if (!l.ok) return l;
  const saved = await listDutyMapTemplates(ctx.db, e.value.workspaceId);
  const a = l.value.result.analysis;
  return ok({
    entries: l.value.dutyMap?.entries ?? [],
    templates: l.value.dutyMap?.templates ?? [],
    updatedAt: l.value.dutyMap?.updatedAt ?? null,
    updatedBy: l.value.dutyMap?.updatedBy ?? null,
    // every role and permission in the listings with the duties it grants now and why; basis other than
    // 'override' is a suggestion to confirm
    applied: a.dutyMap.map((d) => ({ ...d, confirmed: d.basis === 'override' })),
    unmapped: a.unmapped,
    duties: ruleDuties(ctx.catalog).map((d) => ({ id: d.id, label: d.label })),
    savedTemplates: saved.map((t) => ({
      id: t.id,
      name: t.name,
      systems: t.systems,
      entries: t.entries.length,
      updatedAt: t.updatedAt,
      updatedBy: t.updatedBy,
    })),
    fileTemplates: ctx.catalog.dutyMaps.map((t) => ({
      id: t.id,
      name: t.name,
      systems: t.systems,
      entries: t.entries.length,
    })),
  });
}

export async function putDutyMap(
  ctx: AppContext,
  input: { engagementId: string; entries: unknown[]; templates: string[]; actor: string },
) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const dutyIds = new Set(ruleDuties(ctx.catalog).map((d) => d.id));
  const parsed = parseDutyMap(
    {
      id: 'engagement',
      name: 'Engagement duty map',
      source: `engagement ${input.engagementId}`,
      entries: input.entries,
    },
    'duty map',
    dutyIds,
    'override',
  );
  if (!parsed.ok)
    return err(
      appError(
        'invalid-input',
        'duty-map-invalid',
        `the duty map is invalid: ${parsed.error.slice(0, 3).map(formatProblem).join('; ')}`,
        { problems: parsed.error },
      ),
    );
  for (const id of input.templates)
    if (!(await findDutyMapTemplate(ctx.db, e.value.workspaceId, { id })))
      return err(appError('invalid-input', 'unknown-template', `no saved duty-map template ${id}`));
  const entries: DutyMapEntry[] = parsed.value.entries;
  await inTransaction(ctx.db, async (trx) => {
    const before = await getEngagementDutyMap(trx, input.engagementId);
    await saveEngagementDutyMap(trx, {
      engagementId: input.engagementId,
      workspaceId: e.value.workspaceId,
      entries,
      templates: input.templates,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.duty-map.update',
      entity: 'access-duty-map',
      entityId: input.engagementId,
      before: before ? ({ entries: before.entries, templates: before.templates } as unknown as JsonValue) : null,
      after: { entries, templates: input.templates } as unknown as JsonValue,
    });
  });
  return getDutyMap(ctx, input.engagementId);
}

export async function saveTemplate(ctx: AppContext, input: { engagementId: string; name: string; actor: string }) {
  const e = await engagementOr404(ctx, input.engagementId);
  if (!e.ok) return e;
  const name = input.name.trim();
  if (!name)
    return err(appError('invalid-input', 'template-name', 'a template needs a name, e.g. "NetSuite standard roles"'));
  const map = await getEngagementDutyMap(ctx.db, input.engagementId);
  if (!map || map.entries.length === 0)
    return err(
      appError(
        'invalid-input',
        'empty-duty-map',
        'this engagement has no confirmed mappings yet: confirm at least one role or permission before saving the map as a template',
      ),
    );
  const t = await inTransaction(ctx.db, async (trx) => {
    const before = await findDutyMapTemplate(trx, e.value.workspaceId, { name });
    const saved = await saveDutyMapTemplate(trx, {
      workspaceId: e.value.workspaceId,
      name,
      source: `saved from engagement ${input.engagementId}`,
      entries: map.entries,
      actor: input.actor,
      at: ctx.now().toISOString(),
    });
    await appendAudit(trx, {
      engagementId: input.engagementId,
      actor: input.actor,
      action: 'access.duty-map.template.save',
      entity: 'access-duty-map-template',
      entityId: saved.id,
      before: before ? { name, entries: before.entries.length } : null,
      after: { name, entries: saved.entries.length, systems: saved.systems },
    });
    return saved;
  });
  return ok({ id: t.id, name: t.name, systems: t.systems, entries: t.entries, updatedAt: t.updatedAt });
}
