// zod schemas for the JSON files in templates/. Objects are strict so that a misspelt field in an advisor's edit is
// reported rather than ignored.
import { z } from 'zod';
import {
  ASSERTIONS,
  CYCLES,
  FREQUENCIES,
  INDICATORS,
  LIKELIHOODS,
  METHODS,
  NATURES,
  REASON_CODES,
  RELATIONSHIPS,
  TARGET_CATEGORIES,
  TSC_CATEGORIES,
} from '../domain/catalog.ts';

const text = z.string().trim().min(1, 'must not be empty');
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, dash or underscore only');

export const tscFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    criteria: z.array(
      z
        .object({
          id: z.string().regex(/^(CC|A|C|PI|P)\d+\.\d+$/, 'a TSC 2017 id such as CC6.1'),
          category: z.enum(TSC_CATEGORIES),
          family: z.string().regex(/^(CC|A|C|PI|P)\d+$/),
          name: text,
          description: text,
        })
        .strict(),
    ),
  })
  .strict();

export const cosoFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    components: z.array(z.object({ name: text, principles: z.array(z.number().int().min(1).max(17)) }).strict()),
    principles: z.array(
      z
        .object({
          principle: z.number().int().min(1).max(17),
          component: text,
          name: text,
          tsc: z.string().regex(/^CC\d+\.\d+$/),
          source: text,
        })
        .strict(),
    ),
  })
  .strict();

export const targetSchema = z
  .object({
    id,
    title: text,
    description: text,
    category: z.enum(TARGET_CATEGORIES),
    coso: z.array(z.number().int().min(1).max(17)).min(1, 'every target maps to at least one COSO principle'),
    assertions: z.array(z.enum(ASSERTIONS)),
    frequency: z.enum(FREQUENCIES),
    nature: z.enum(NATURES),
    method: z.enum(METHODS),
    key: z.boolean(),
    satisfiedBy: z.array(z.object({ tsc: z.string(), relationship: z.enum(RELATIONSHIPS) }).strict()),
    intent: z
      .object({
        note: text,
        core: z.array(text).min(1, 'every target names at least one core term'),
        support: z.array(text),
        exclude: z.array(text),
      })
      .strict(),
    soxRequires: z.array(z.object({ code: z.enum(REASON_CODES), text }).strict()),
    effort: z.object({ days: z.number().positive(), leadTimeWeeks: z.number().min(0) }).strict(),
    source: text,
  })
  .strict();

export const programFileSchema = z
  .object({ $comment: z.string().optional(), source: text, targets: z.array(z.unknown()) })
  .strict();

export const sodFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    duties: z.array(z.unknown()),
    rules: z.array(z.unknown()),
  })
  .strict();

export const dutySchema = z
  .object({ id, label: text, keywords: z.array(z.string().trim().toLowerCase().min(2)).min(1) })
  .strict();

export const sodRuleSchema = z
  .object({
    id,
    cycle: z.enum([...CYCLES, 'itgc']),
    duties: z.tuple([id, id]),
    risk: text,
    severity: z.enum(['critical', 'high', 'medium', 'low']),
    compensatingControl: text,
    source: text,
  })
  .strict();

export const phasesFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    phases: z.array(z.unknown()),
  })
  .strict();

export const phaseSchema = z
  .object({
    id,
    order: z.number().int().min(0),
    name: text,
    defaultWeeks: z.number().min(0),
    completeWhen: text,
    source: text,
  })
  .strict();

const frequencyDefaults = z
  .object({
    sampleSize: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }).strict(),
    minOperatingDays: z.number().int().min(0),
    source: text,
  })
  .strict();

export const testingFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    note: text,
    byFrequency: z
      .object(Object.fromEntries(FREQUENCIES.map((f) => [f, frequencyDefaults])) as Record<
        (typeof FREQUENCIES)[number],
        typeof frequencyDefaults
      >)
      .strict(),
    automatedMinOperatingDays: z.number().int().min(0),
    remediationOperatingMonths: z.object({ min: z.number().min(0), max: z.number().min(0) }).strict(),
    automatedSampleSize: z.number().int().min(1),
    automatedSampleSource: text,
    tolerableExceptions: z.number().int().min(0),
    tolerableExceptionsSource: text,
  })
  .strict();

const phrase = z.string().trim().toLowerCase().min(2);

export const checksFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    checks: z.array(
      z
        .object({
          code: z.enum(REASON_CODES),
          computed: text,
          met: z.array(phrase),
          unmet: z.array(phrase),
          whenSilent: z.enum(['met', 'unmet', 'unknown']),
          sodRules: z.array(z.string()).optional(),
          source: text,
        })
        .strict(),
    ),
  })
  .strict();

export const inferenceFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    rules: z.array(z.object({ phrases: z.array(phrase).min(1), tsc: z.array(z.string()).min(1) }).strict()),
  })
  .strict();

export const planDefaultsSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    remediationWindowMonthsBeforeYearEnd: z.number().int().min(0).max(11),
    toeQuarters: z.number().int().min(1).max(4),
    s302OperatedMonthsBefore: z.number().int().min(0).max(12),
    testingDays: z.number().int().min(1),
    rollForwardDaysAfterYearEnd: z.number().int().min(0),
    designShare: z.number().min(0.05).max(0.95),
    enhanceEffortShare: z.number().min(0.05).max(1),
    ownerCapacityDaysPerMonth: z.number().positive(),
    ownerCapacityByRole: z.record(z.string(), z.number().positive()),
    ownerCapacitySource: text,
    defaultOwners: z.record(z.string(), text),
  })
  .strict();

const indicatorSchema = z.object({ id: z.enum(INDICATORS), text, source: text }).strict();

export const severityFileSchema = z
  .object({
    $comment: z.string().optional(),
    source: text,
    definitions: z.object({ deficiency: text, 'significant-deficiency': text, 'material-weakness': text }).strict(),
    indicators: z.array(indicatorSchema).min(1),
    significantShareOfMateriality: z.number().gt(0).lt(1),
    significantShareSource: text,
    componentWeaknessCount: z.number().int().min(2),
    componentWeaknessSource: text,
    componentAggregationExcludes: z.array(text),
    componentAggregationExcludesSource: text,
    likelihoodDefault: z.enum(LIKELIHOODS),
    likelihoodDefaultSource: text,
  })
  .strict();
