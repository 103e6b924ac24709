// On first start the server seeds a demo engagement (templates/demo/acme-cloud-soc2.json) so that a newcomer sees the
// whole product at once. It goes through the same import and analysis as any upload.
import { readFileSync } from 'node:fs';
import { listEngagements } from '../db/engagements.ts';
import type { ProfileInput } from '../domain/profile.ts';
import type { AppContext } from './context.ts';
import { confirmImport } from './confirm-import.ts';
import { createEngagement } from './manage-engagement.ts';
import { uploadImport } from './preview-import.ts';

interface Demo {
  company: string;
  profile: ProfileInput;
  header: string[];
  rows: string[][];
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export async function seedDemo(ctx: AppContext, templatesDir: string): Promise<string | null> {
  if ((await listEngagements(ctx.db, { includeArchived: true })).length > 0) return null;
  const demo = JSON.parse(readFileSync(`${templatesDir}/demo/acme-cloud-soc2.json`, 'utf8')) as Demo;
  const e = await createEngagement(ctx, { ...demo.profile, companyName: demo.company }, 'system');
  if (!e.ok) throw new Error(`demo engagement: ${e.error.message}`);
  const csv = [demo.header, ...demo.rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
  const bytes = new TextEncoder().encode(csv);
  const preview = await uploadImport(ctx, { engagementId: e.value.id, workspaceId: e.value.workspaceId, client: demo.company, fileName: 'acme-cloud-soc2-matrix.csv', bytes, actor: 'system' });
  if (!preview.ok) throw new Error(`demo import: ${preview.error.message}`);
  const done = await confirmImport(ctx, { engagementId: e.value.id, importId: preview.value.importId, actor: 'system' });
  if (!done.ok) throw new Error(`demo analysis: ${done.error.message}`);
  return e.value.id;
}
