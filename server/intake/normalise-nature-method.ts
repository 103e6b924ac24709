// Control nature (preventive / detective) and method (manual / automated / IT-dependent manual) from cell text.
import type { Method, Nature } from '../domain/catalog.ts';
import { plainWords, wordMatcher } from './plain-text.ts';

export interface NatureResult {
  nature: Nature | null;
  both: boolean; // the cell names both natures
}

const PREVENTIVE = /\bprevent(?:ive|ative|ion)?\b|^p$/;
const DETECTIVE = /\bdetect(?:ive|ion)?\b|^d$/;

function plain(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// A cell naming both ('Detective/ Preventive', 'Preventive & Detective') keeps the first-written nature: it is the
// client's own emphasis, and SOX testing treats a control by its primary nature. 'Both' alone gives null.
// Korean, Japanese, German, French, Spanish and Portuguese words for each nature (accents dropped).
const PREVENTIVE_WORDS = ['예방', '예방적', '予防', '予防的', 'praventiv', 'vorbeugend', 'preventif', 'preventive', 'preventivo', 'preventiva'];
const DETECTIVE_WORDS = ['적발', '적발적', '탐지', '발견', '発見', '発見的', '検出', 'detektiv', 'aufdeckend', 'detectif', 'detective', 'detectivo', 'detectiva', 'detetivo', 'detetiva'];
// Natures outside preventive/detective that a nature column still holds: they tell the column apart, not the control.
const OTHER_NATURES = /\b(?:corrective|directive|compensating|deterrent|recovery|correctivo|correctif|korrektiv|corretivo)\b|시정|교정|是正/;

const PREVENTIVE_MATCH = wordMatcher(PREVENTIVE_WORDS);
const DETECTIVE_MATCH = wordMatcher(DETECTIVE_WORDS);

// Whether a cell is a nature word at all (preventive, detective, corrective, ...): what a nature column holds.
export function isNatureWord(text: string): boolean {
  return normaliseNature(text).nature !== null || OTHER_NATURES.test(plainWords(text));
}

export function normaliseNature(text: string): NatureResult {
  const t = plain(text);
  let p: { index: number } | null = PREVENTIVE.exec(t);
  let d: { index: number } | null = DETECTIVE.exec(t);
  if (!p && !d) {
    const w = plainWords(text);
    const pw = PREVENTIVE_MATCH(w);
    const dw = DETECTIVE_MATCH(w);
    if (pw) p = { index: w.indexOf(pw) };
    if (dw) d = { index: w.indexOf(dw) };
  }
  if (p && d) return { nature: p.index <= d.index ? 'preventive' : 'detective', both: true };
  if (p) return { nature: 'preventive', both: false };
  if (d) return { nature: 'detective', both: false };
  return { nature: null, both: t === 'both' };
}

const IT_DEPENDENT =
  /\b(?:semi ?auto(?:mated|matic)?|it ?dependent(?: manual)?|itdm|itdmc|hybrid|partially automated|partly automated|system assisted|tool assisted|manual with system|it supported)\b/;
const AUTOMATED =
  /\b(?:auto(?:mated|matic|mation)?|system (?:enforced|configured)|application control|itac|programmed)\b/;
const MANUAL = /\bmanual(?:ly)?\b/;

// Whole-cell codes (M/A/ITDM) and the words of other languages (accents dropped).
const METHOD_CODES: [string, Method][] = [
  ['m', 'manual'],
  ['a', 'automated'],
  ['itdm', 'it-dependent-manual'],
  ['itdmc', 'it-dependent-manual'],
  ['itgc', 'automated'],
  ['sa', 'it-dependent-manual'],
];
const ITDM_WORDS = ['반자동', '半自動', 'halbautomatisch', 'teilautomatisiert', 'semi automatique', 'semiautomatico', 'semi automatico', 'semiautomatizado'];
const AUTOMATED_WORDS = ['자동', '自動', 'automatisiert', 'automatisch', 'automatique', 'automatise', 'automatico', 'automatizado', 'automatica', 'automatizada'];
const MANUAL_WORDS = ['수동', '手動', 'manuell', 'manuel', 'manuelle', 'manual', 'manuais'];

export function normaliseMethod(text: string): Method | null {
  const t = plain(text);
  for (const [code, m] of METHOD_CODES) if (t === code) return m;
  return englishMethod(t) ?? foreignMethod(text);
}

const ITDM_MATCH = wordMatcher(ITDM_WORDS);
const AUTOMATED_MATCH = wordMatcher(AUTOMATED_WORDS);
const MANUAL_MATCH = wordMatcher(MANUAL_WORDS);

function foreignMethod(text: string): Method | null {
  const w = plainWords(text);
  if (w === '') return null;
  if (ITDM_MATCH(w)) return 'it-dependent-manual';
  const a = AUTOMATED_MATCH(w);
  const m = MANUAL_MATCH(w);
  if (a && m) return 'it-dependent-manual';
  if (a) return 'automated';
  if (m) return 'manual';
  return null;
}

function englishMethod(t: string): Method | null {
  if (t === '') return null;
  if (IT_DEPENDENT.test(t)) return 'it-dependent-manual';
  const a = AUTOMATED.test(t);
  const m = MANUAL.test(t);
  if (a && m) return 'it-dependent-manual';
  if (a) return 'automated';
  if (m) return 'manual';
  return null;
}
