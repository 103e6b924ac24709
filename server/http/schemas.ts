// zod schemas at the HTTP boundary; the OpenAPI document is generated from them.
import { z } from '@hono/zod-openapi';
import { CONTROL_FIELDS } from '../domain/control.ts';
import { TASK_STATUSES } from '../domain/plan.ts';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const ErrorBody = z
  .object({ error: z.object({ code: z.string(), reason: z.string().optional(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error');

export const ProfileBody = z
  .object({
    companyName: z.string().max(200).optional(),
    ipoDate: isoDate.optional(),
    fiscalYearEnd: z.string().regex(/^(\d{2}-\d{2}|(last|nearest)-[a-z]{3,9}-\d{2})$/i, 'MM-DD, last-<weekday>-MM or nearest-<weekday>-MM').optional(),
    egc: z.boolean().optional(),
    filerStatus: z.enum(['non-accelerated', 'accelerated', 'large-accelerated']).optional(),
    egcEndsFiscalYear: z.number().int().nullable().optional(),
    s1PeriodEnd: isoDate.nullable().optional(),
    firstSale: isoDate.nullable().optional(),
    quarterEnds: z.array(isoDate).max(200).optional(),
    publicFloat: z.record(z.string().regex(/^\d{4}$/, 'a fiscal year such as 2028'), z.number().nonnegative()).optional(),
    revenue: z.record(z.string().regex(/^\d{4}$/, 'a fiscal year such as 2028'), z.number().nonnegative()).optional(),
    planStart: isoDate.optional(),
    financialSystems: z.array(z.string().max(200)).max(100).optional(),
    cyclesInScope: z.array(z.string()).max(20).optional(),
    serviceOrganizations: z.array(z.string().max(200)).max(100).optional(),
    materiality: z.number().positive().nullable().optional(),
    ownerCapacity: z.record(z.string().max(200), z.number().positive().max(31)).optional(),
  })
  .strict()
  .openapi('Profile');

export const IdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
export const ImportParam = IdParam.extend({ importId: z.string().min(1).max(100).openapi({ param: { name: 'importId', in: 'path' } }) });
export const TaskParam = IdParam.extend({ taskId: z.string().min(1).max(100).openapi({ param: { name: 'taskId', in: 'path' } }) });
export const ReimportParam = IdParam.extend({ reimportId: z.string().min(1).max(100).openapi({ param: { name: 'reimportId', in: 'path' } }) });
export const ExportParam = IdParam.extend({ exportId: z.string().min(1).max(100).openapi({ param: { name: 'exportId', in: 'path' } }) });
export const JobParam = z.object({ jobId: z.string().min(1).max(100).openapi({ param: { name: 'jobId', in: 'path' } }) });
export const WaitQuery = z.object({ wait: z.enum(['true', 'false']).optional() });

export const UploadForm = z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) });

export const MappingBody = z
  .object({
    sheets: z.array(z.string().max(100)).max(50).default([]),
    overrides: z
      .array(z.object({ sheet: z.string().max(100), column: z.number().int().min(1).max(1000), field: z.enum(CONTROL_FIELDS).nullable() }).strict())
      .max(500)
      .default([]),
    profileId: z.string().max(100).optional(),
  })
  .strict()
  .openapi('Mapping');

export const ConfirmBody = z.object({ saveProfileAs: z.string().max(100).optional() }).strict();

export const TaskPatchBody = z
  .object({
    title: z.string().min(1).max(500).optional(),
    owner: z.string().max(200).optional(),
    start: isoDate.optional(),
    due: isoDate.optional(),
    effortDays: z.number().min(0).max(10000).optional(),
    status: z.enum(TASK_STATUSES as [string, ...string[]]).optional(),
    notes: z.string().max(5000).optional(),
  })
  .strict()
  .openapi('TaskPatch');

export const ApplyBody = z
  .object({
    changes: z.union([z.literal('all'), z.array(z.string())]).default('all'),
    added: z.union([z.literal('all'), z.array(z.number().int())]).default('all'),
    deleted: z.array(z.string()).default([]),
    resolutions: z.record(z.string(), z.enum(['workbook', 'soxbridge'])).default({}),
  })
  .strict()
  .openapi('ApplyDecision');
export type ApplyRequestBody = z.infer<typeof ApplyBody>;

