// A labelled set of columns, each with the field it holds, labelled by hand from the file (the header, the values,
// and what the column means to an auditor), never from the importer's output. The test reads every file through the
// real reader and intake, compares the column mapping with the labels and reports the accuracy; it must be >= 0.95.
// null means "not one of the control's fields: kept as an extra attribute".
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSpreadsheet } from '../../server/excel/read.ts';
import type { ControlField } from '../../server/domain/control.ts';
import { columnLetter } from '../../server/domain/grid.ts';
import { runIntake } from '../../server/intake/intake.ts';
import {
  crosswalkWorkbook,
  englishSoxRcm,
  groupRowsMapping,
  hierarchyLibrary,
  koreanRcm,
  languageMatrix,
  mappingWorkbook,
} from '../fixtures/unusual-matrices.ts';
import { TSC } from './grid-builder.ts';

type Label = [letter: string, field: ControlField | null, reason: string];
interface Labelled {
  file: string;
  sheet: string; // the sheet whose table the labels describe
  bytes: () => Promise<Uint8Array>;
  labels: Label[];
}

const real = (name: string) => async () => new Uint8Array(readFileSync(new URL(`../fixtures/real/${name}`, import.meta.url)));
const X = null;

const LANGUAGE_LABELS: Label[] = [
  ['A', 'controlId', 'control number header, unique short codes'],
  ['B', 'title', 'control name header, short unique names'],
  ['C', 'description', 'description header, the sentences of the control activity'],
  ['D', 'owner', 'responsible person header, names'],
  ['E', 'frequency', 'frequency header, frequency words in the language'],
  ['F', 'nature', 'preventive/detective header and values'],
  ['G', 'method', 'automation header, manual/automated words'],
];

const SET: Labelled[] = [
  {
    file: 'eramba__templates__internal_controls.csv',
    sheet: '',
    bytes: real('eramba__templates__internal_controls.csv'),
    labels: [
      ['A', 'title', 'short control names'],
      ['B', 'description', 'the control text'],
      ['C', X, 'how an auditor tests it: not a field of the control'],
      ['D', X, 'the policy the control belongs to'],
    ],
  },
  {
    file: 'eramba__templates__mapping_controls_to_requirements.csv',
    sheet: '',
    bytes: real('eramba__templates__mapping_controls_to_requirements.csv'),
    labels: [
      ['A', 'title', 'control names, the join key to internal_controls'],
      ['B', X, 'PCI DSS references'],
      ['C', X, 'ISO 27001 references'],
      ['D', X, 'ISO 27002 references'],
      ['E', 'criteria', 'SOC 2 TSC ids, comma lists'],
      ['F', X, 'NIST 800-53 references'],
      ['G', X, 'CIS references'],
      ['H', X, 'SCF references'],
      ['I', X, 'NIS2 articles'],
      ['J', X, 'ISO 27701 references'],
      ['K', X, 'ISO 45001 references'],
      ['L', X, 'ISO 42001 references'],
      ['M', X, 'ISO 37001 references'],
      ['N', X, 'ISO 9001 references'],
      ['O', X, 'OWASP LLM references'],
      ['P', X, 'NIST AI 600-1 references'],
      ['Q', X, 'EU AI Act articles'],
      ['R', X, 'AESCSF references'],
    ],
  },
  {
    file: 'surveilr__www.surveilr.com__aicpa_soc2_type2_controls.csv',
    sheet: '',
    bytes: real('surveilr__www.surveilr.com__aicpa_soc2_type2_controls.csv'),
    labels: [
      ['A', X, 'row numbers'],
      ['B', 'controlId', 'CC1-0001 style control identifiers'],
      ['C', X, 'a second, tool-internal id (FII-...)'],
      ['D', 'criteria', 'criteria at family level'],
      ['E', X, 'the criterion type, a category'],
      ['F', 'title', 'short control names'],
      ['G', 'description', 'the request text, multi-line'],
    ],
  },
  {
    file: 'robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx',
    sheet: 'SOC2 to NIST Mapping',
    bytes: real('robparker29__SOC2-starter-kit__SOC2_NIST_800-53_Control_Mapping.xlsx'),
    labels: [
      ['A', 'criteria', 'the TSC criterion each NIST control maps to'],
      ['B', X, "the criterion's own text, not the control's"],
      ['C', X, 'TSC category'],
      ['D', 'controlId', 'NIST control ids, the mapped controls'],
      ['E', 'title', 'NIST control names'],
      ['F', X, 'NIST family, a grouping'],
      ['G', X, 'mapping type (Direct/Partial)'],
      ['H', X, 'relationship strength'],
      ['I', 'evidence', 'evidence lists'],
      ['J', X, 'priority'],
      ['K', X, 'industry notes'],
      ['L', X, 'industry notes'],
      ['M', X, 'industry notes'],
      ['N', X, 'industry notes'],
      ['O', X, 'industry notes'],
    ],
  },
  {
    file: 'robparker29__SOC2-starter-kit__SOC2_ISO_27001_Control_Mapping.xlsx',
    sheet: 'SOC2 to ISO Mapping',
    bytes: real('robparker29__SOC2-starter-kit__SOC2_ISO_27001_Control_Mapping.xlsx'),
    labels: [
      ['A', 'criteria', 'the TSC criterion each ISO control maps to'],
      ['B', X, "the criterion's own text"],
      ['C', X, 'TSC category'],
      ['D', 'controlId', 'ISO Annex A control ids, the mapped controls'],
      ['E', 'title', 'ISO control names'],
      ['F', X, 'ISO theme, a grouping'],
      ['G', X, 'ISO 27002 references'],
      ['H', X, 'mapping type'],
      ['I', X, 'relationship strength'],
      ['J', X, 'selection basis'],
      ['K', 'evidence', 'evidence lists'],
      ['L', X, 'priority'],
      ['M', X, 'industry notes'],
      ['N', X, 'industry notes'],
      ['O', X, 'industry notes'],
      ['P', X, 'industry notes'],
      ['Q', X, 'industry notes'],
    ],
  },
  {
    file: 'Mehulchhabra07__Automated-Test-of-Design---Internal-Controls__sample_controls.xlsx',
    sheet: '',
    bytes: real('Mehulchhabra07__Automated-Test-of-Design---Internal-Controls__sample_controls.xlsx'),
    labels: [
      ['A', X, 'risk ids'],
      ['B', X, 'risk text, not the control'],
      ['C', 'controlId', 'C001 style ids'],
      ['D', 'description', 'the control text'],
      ['E', 'method', 'Manual / Automated / Semi-Auto'],
      ['F', 'nature', 'Detective / Preventive'],
      ['G', 'frequency', 'Monthly, Real-time, As needed'],
    ],
  },
  {
    file: 'rcm-ko.xlsx (code-built)',
    sheet: 'RCM',
    bytes: koreanRcm,
    labels: [
      ['A', X, 'process level 1'],
      ['B', X, 'process level 2'],
      ['C', X, 'risk numbers (85 distinct of 93)'],
      ['D', X, 'risk description'],
      ['E', 'controlId', 'control numbers, unique'],
      ['F', 'title', 'control names'],
      ['G', 'description', 'control description sentences'],
      ['H', 'frequency', 'cycle codes A/Q/M/W/D/O under 통제주기'],
      ['I', 'method', 'automated/manual, all M'],
      ['J', 'nature', '예방/적발'],
      ['K', X, 'key-control flag, all Yes'],
      ['L', 'owner', 'control owner names'],
    ],
  },
  {
    file: 'SCF-2025.xlsx (code-built, first 20 of 300 columns)',
    sheet: 'SCF 2025.2',
    bytes: () => crosswalkWorkbook(60),
    labels: [
      ['A', X, 'domain names, a grouping'],
      ['B', 'title', "the framework's own control names"],
      ['C', 'controlId', "the framework's own ids (SCF #)"],
      ['D', 'description', "the framework's own control text"],
      ['E', X, 'weighting numbers 1-10'],
      ['F', 'criteria', 'AICPA TSC ids, multi-line lists'],
      ...Array.from({ length: 14 }, (_, i): Label => [columnLetter(7 + i), X, 'crosswalk references to another framework, sparse, multi-line']),
    ],
  },
  {
    file: 'tsc-nist.xlsx (code-built)',
    sheet: 'TSC to NIST',
    bytes: () => groupRowsMapping(TSC),
    labels: [
      ['A', 'controlId', 'NIST control ids, the mapped controls'],
      ['B', 'title', 'NIST control names'],
      ['C', X, 'relationship (subset of / intersects with / equal)'],
      ['D', X, 'rationale sentences'],
    ],
  },
  {
    file: 'csf-library.xlsx (code-built)',
    sheet: 'library_content',
    bytes: hierarchyLibrary,
    labels: [
      ['A', X, 'urns, machine ids'],
      ['B', X, 'assessable marks'],
      ['C', X, 'hierarchy depth'],
      ['D', 'controlId', 'ref ids (GV.OC-01)'],
      ['E', 'title', 'node names'],
      ['F', 'description', 'requirement text'],
    ],
  },
  {
    file: 'tsc-csf.xlsx (code-built)',
    sheet: 'Mapping',
    bytes: () => mappingWorkbook(TSC),
    labels: [
      ['A', 'criteria', 'TSC ids each subcategory maps to'],
      ['B', X, "the criterion's own text"],
      ['C', X, 'relationship'],
      ['D', X, 'strength'],
      ['E', 'controlId', 'CSF subcategory ids, the mapped controls'],
      ['F', 'description', 'CSF subcategory descriptions'],
    ],
  },
  ...(['ja', 'de', 'fr', 'es', 'pt'] as const).map(
    (lang): Labelled => ({ file: `controls-${lang}.xlsx (code-built)`, sheet: 'Controls', bytes: () => languageMatrix(lang), labels: LANGUAGE_LABELS }),
  ),
  {
    file: 'sox-rcm.xlsx (code-built)',
    sheet: 'RCM',
    bytes: englishSoxRcm,
    labels: [
      ['A', X, 'risk ids, repeating'],
      ['B', X, 'risk text'],
      ['C', 'controlId', 'control refs, unique'],
      ['D', 'title', 'control names'],
      ['E', X, 'key-control Yes/No'],
      ['F', 'nature', 'control_type: Preventive / Detective / Corrective'],
      ['G', 'description', 'control activity sentences'],
      ['H', 'frequency', 'A/Q/M/W/D codes'],
      ['I', 'method', 'M/A/ITDM codes'],
      ['J', 'owner', 'owner names'],
    ],
  },
];

describe('the labelled set of columns', () => {
  it('maps at least 95% of the hand-labelled columns to their field', async () => {
    let total = 0;
    let right = 0;
    const misses: string[] = [];
    for (const item of SET) {
      const read = await readSpreadsheet(await item.bytes(), item.file.split(' ')[0] ?? item.file);
      if (!read.ok) throw new Error(`${item.file}: ${read.error.message}`);
      const r = runIntake(read.value, TSC);
      const table = item.sheet === '' ? r.tables[0] : r.tables.find((t) => t.sheet === item.sheet);
      for (const [letter, field, reason] of item.labels) {
        total++;
        const got = table?.mapping.columns.find((c) => c.letter === letter);
        if ((got?.field ?? null) === field) right++;
        else misses.push(`${item.file} ${letter} '${got?.header ?? '?'}': expected ${field ?? 'extra'} (${reason}), got ${got?.field ?? 'extra'} — ${got?.basis ?? 'no table'}`);
      }
    }
    const accuracy = right / total;
    console.log(`labelled-set mapping accuracy: ${right}/${total} = ${accuracy.toFixed(3)}${misses.length > 0 ? `\n  ${misses.join('\n  ')}` : ''}`);
    expect(total).toBeGreaterThanOrEqual(80);
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
  });
});
