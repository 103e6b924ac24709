// Header texts real control matrices use for each field. Matching is on a normalised header (lower case, words
// only) held in arrays: header text is client data and never becomes an object key.
import type { ControlField } from '../domain/control.ts';
import { INTL_STRONG } from './header-synonyms-intl.ts';

// [field, synonym, confidence when the header equals it]
const SYNONYMS: [ControlField, string, number][] = [
  ...strong('controlId', [
    'control id',
    'control ids',
    'control ref',
    'control reference',
    'control no',
    'control number',
    'control #',
    'control identifier',
    'control code',
    'ctrl id',
    'ctrl ref',
    'control key',
    'control ref #',
    'control ref no',
  ]),
  ...weak('controlId', ['id', 'ref', 'ref #', 'ref no', 'reference', 'identifier', 'code', 'key', 'no', 'number', '#']),
  ...strong('title', [
    'control name',
    'control title',
    'title',
    'name',
    'short name',
    'control summary',
    'control short name',
  ]),
  ...weak('title', ['control', 'summary', 'control heading']),
  ...strong('description', [
    'description',
    'descriptions',
    'control description',
    'control activity',
    'control activities',
    'activity',
    'activities',
    'control narrative',
    'narrative',
    'control text',
    'control statement',
    'control details',
    'control detail',
    'control procedure',
    'control activity description',
    'key activities',
  ]),
  ...weak('description', ['details', 'procedure', 'statement', 'requirement', 'controls', 'company controls']),
  ...strong('criteria', [
    'criteria',
    'tsc',
    'tsc ref',
    'tsc reference',
    'tsc mapping',
    'tsc criteria',
    'tsc id',
    'tscs',
    'trust services criteria',
    'trust service criteria',
    'soc 2',
    'soc2',
    'soc 2 criteria',
    'soc2 criteria',
    'soc 2 mapping',
    'soc 2 reference',
    'soc 2 tsc',
    'common criteria',
    'criteria mapping',
    'mapped criteria',
    'criterion',
    'tsp',
    'tsp 2017',
    'soc 2 tsp 2017',
    'aicpa tsc',
    'soc 2 control',
    'soc2 control',
    'soc 2 ref',
  ]),
  ...weak('criteria', ['mapping', 'framework mapping', 'requirements']),
  ...strong('owner', [
    'owner',
    'owners',
    'control owner',
    'control owners',
    'responsible',
    'responsible party',
    'responsibility',
    'performer',
    'control performer',
    'performed by',
    'accountable',
    'assignee',
    'assigned to',
    'process owner',
    'control operator',
    'operator',
    'responsible person',
    'owner name',
    'owner email',
  ]),
  ...weak('owner', ['who', 'raci', 'contact']),
  ...strong('frequency', [
    'frequency',
    'periodicity',
    'control frequency',
    'operation frequency',
    'operating frequency',
    'cadence',
    'how often',
    'recurrence',
    'test frequency',
    'review frequency',
    'frequency of operation',
  ]),
  ...weak('frequency', ['timing', 'occurrence', 'schedule', 'interval']),
  ...strong('nature', [
    'nature',
    'control nature',
    'preventive detective',
    'detective preventive',
    'preventative detective',
    'prev det',
    'preventive',
    'detective',
    'nature of control',
  ]),
  ...weak('nature', ['control type', 'type', 'classification', 'category']),
  ...strong('method', [
    'method',
    'automation',
    'manual automated',
    'automated manual',
    'manual or automated',
    'automated or manual',
    'control method',
    'automation level',
    'manual automatic',
    'execution method',
    'automated',
    'manual',
  ]),
  ...weak('method', ['control type', 'type', 'mode', 'execution']),
  ...strong('systems', [
    'system',
    'systems',
    'application',
    'applications',
    'tool',
    'tools',
    'system application',
    'systems applications',
    'in scope system',
    'in scope systems',
    'supporting system',
    'supporting systems',
    'it system',
    'it systems',
    'system name',
    'application name',
  ]),
  ...weak('systems', ['platform', 'platforms', 'technology', 'asset', 'assets']),
  ...strong('evidence', [
    'evidence',
    'artifacts',
    'artefacts',
    'artifact',
    'evidence required',
    'audit evidence',
    'evidence location',
    'common evidence',
    'evidence description',
    'evidence examples',
    'sample evidence',
    'evidence artifacts',
  ]),
  ...weak('evidence', ['documentation', 'proof', 'support']),
  ...strong('status', ['status', 'implementation status', 'control status', 'design status', 'testing status']),
  ...weak('status', ['state', 'implemented', 'test result', 'result']),
  ...strong('lastTested', [
    'last tested',
    'test date',
    'last test date',
    'date tested',
    'tested on',
    'last test',
    'tested date',
    'testing date',
    'date of last test',
    'last tested date',
    'last assessed',
    'last reviewed',
    'last review date',
    'testing last tested',
    'testing test date',
  ]),
  ...INTL_STRONG.flatMap(([field, names]) => strong(field, names)),
];

function strong(field: ControlField, names: string[]): [ControlField, string, number][] {
  return names.map((n) => [field, n, 0.95]);
}
function weak(field: ControlField, names: string[]): [ControlField, string, number][] {
  return names.map((n) => [field, n, 0.7]);
}

// Headers naming another framework ('NIST_Control', 'ISO 27001:2022') are crosswalk columns, not the company's own
// id, title or criteria: they stay extra attributes.
export const OTHER_FRAMEWORK =
  /\b(nist|iso|pci|cis|hipaa|cobit|scf|gdpr|nis2|csf|fedramp|cmmc|hitrust|ccm|csa|owasp|aescsf|800 53|27001|27002|27701|42001|eu ai act|ai act|dora|sox 404)\b/;
const SOC2 = /\b(soc ?2|tsc|tsp|trust services?)\b/;

// Lower case, words only, in any script: Latin accents are dropped ('Fréquence' -> 'frequence', 'Häufigkeit' ->
// 'haufigkeit'), full-width forms folded ('ＩＤ' -> 'id'), Korean and Japanese kept as they are ('통제주기').
export function normaliseHeader(text: string): string {
  const ascii = /^[\x20-\x7e]*$/.test(text);
  const folded = ascii ? text : text.normalize('NFKC').normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
  return folded
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(ascii ? /[^a-z0-9#]+/g : /[^\p{L}\p{N}#]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// A header naming another framework read without the framework's name: 'SCF #' is '#', 'Secure Controls Framework
// (SCF) Control Description' is 'control description'. Whether such a column is that framework's references or the
// workbook's own field is decided by its values (map-columns.ts), not by the name.
export function headerBesideFramework(header: string): string {
  return normaliseHeader(header)
    .replace(new RegExp(OTHER_FRAMEWORK.source, 'g'), ' ')
    .replace(/\b(?:secure controls framework|controls framework|framework|rev ?\d+|r\d|v\d+(?: \d+)?|\d{4})\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isOtherFramework(header: string): boolean {
  const h = normaliseHeader(header);
  return OTHER_FRAMEWORK.test(h) && !SOC2.test(h);
}

export interface HeaderMatch {
  field: ControlField;
  confidence: number;
  synonym: string;
  exact: boolean;
}

// Synonyms padded for whole-word search, with their word counts, and listed under their first word: a synonym can
// only match a header that has its first word, so a header is compared with a handful of synonyms, not all of them.
const PREPARED = SYNONYMS.map(([field, synonym, confidence], order) => ({
  order,
  field,
  synonym,
  confidence,
  padded: ` ${synonym} `,
  words: synonym.split(' ').length,
  containable: synonym !== '#' && synonym.length > 2,
}));
type Prepared = (typeof PREPARED)[number];
const BY_FIRST_WORD = new Map<string, Prepared[]>();
for (const p of PREPARED) {
  const first = p.synonym.split(' ')[0] ?? '';
  const list = BY_FIRST_WORD.get(first);
  if (list) list.push(p);
  else BY_FIRST_WORD.set(first, [p]);
}

function candidatesFor(words: string[]): Prepared[] {
  const seen = new Set<string>();
  const out: Prepared[] = [];
  for (const w of words) {
    if (seen.has(w)) continue;
    seen.add(w);
    for (const p of BY_FIRST_WORD.get(w) ?? []) out.push(p);
  }
  // Synonym order decides ties between equally confident matches, as a scan of the whole list would.
  return out.sort((a, b) => a.order - b.order);
}

// Every field the header could mean, best first. An exact synonym beats a header that merely contains one; a
// contained synonym scores higher the more of the header it explains.
export function matchHeader(header: string, besideFramework = false): HeaderMatch[] {
  const h = besideFramework ? headerBesideFramework(header) : normaliseHeader(header);
  if (h === '' || (!besideFramework && OTHER_FRAMEWORK.test(h) && !SOC2.test(h))) return [];
  const padded = ` ${h} `;
  const headerWords = h.split(' ');
  const words = headerWords.length;
  const best: HeaderMatch[] = [];
  for (const s of candidatesFor(headerWords)) {
    let m: HeaderMatch | null = null;
    if (h === s.synonym) m = { field: s.field, confidence: s.confidence, synonym: s.synonym, exact: true };
    else if (s.containable && padded.includes(s.padded)) {
      const share = s.words / words;
      m = {
        field: s.field,
        confidence: Math.min(0.85, s.confidence - 0.25 + 0.25 * share),
        synonym: s.synonym,
        exact: false,
      };
    }
    if (!m) continue;
    const field = m.field;
    const prior = best.find((b) => b.field === field);
    if (!prior) best.push(m);
    else if (m.confidence > prior.confidence) Object.assign(prior, m);
  }
  return best.sort((a, b) => b.confidence - a.confidence);
}

export function isHeaderLike(text: string): boolean {
  return matchHeader(text).length > 0;
}
