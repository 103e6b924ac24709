// Control nature (preventive / detective) and method (manual / automated / IT-dependent manual) from cell text.
import type { Method, Nature } from '../domain/catalog.ts';

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
export function normaliseNature(text: string): NatureResult {
  const t = plain(text);
  const p = PREVENTIVE.exec(t);
  const d = DETECTIVE.exec(t);
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

export function normaliseMethod(text: string): Method | null {
  const t = plain(text);
  if (t === '') return null;
  if (IT_DEPENDENT.test(t)) return 'it-dependent-manual';
  const a = AUTOMATED.test(t);
  const m = MANUAL.test(t);
  if (a && m) return 'it-dependent-manual';
  if (a) return 'automated';
  if (m) return 'manual';
  return null;
}
