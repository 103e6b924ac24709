// Frequency words as control matrices write them, mapped to the catalogue's Frequency. The first phrase found wins,
// so 'Conduct review annually or upon significant change' is annual (the stated minimum), not event-driven.
import type { Frequency } from '../domain/catalog.ts';
import { plainWords, wordMatcher } from './plain-text.ts';

// Whole-cell codes: only safe when the cell holds nothing else ('Q' in prose is not quarterly).
const CODES: [string, Frequency][] = [
  ['q', 'quarterly'],
  ['qtr', 'quarterly'],
  ['qtrly', 'quarterly'],
  ['m', 'monthly'],
  ['mo', 'monthly'],
  ['mthly', 'monthly'],
  ['w', 'weekly'],
  ['wk', 'weekly'],
  ['d', 'daily'],
  ['a', 'annual'],
  ['y', 'annual'],
  ['yr', 'annual'],
  ['sa', 'semi-annual'],
  ['s', 'semi-annual'],
  ['h', 'semi-annual'],
  ['c', 'continuous'],
  // 'O' (other, on occurrence: Korean 수시) closes the A/S/Q/M/W/D/O cycle codes of Korean and Japanese RCMs
  ['o', 'event-driven'],
  // one-character Korean and Japanese cycle words
  ['연', 'annual'],
  ['년', 'annual'],
  ['월', 'monthly'],
  ['주', 'weekly'],
  ['일', 'daily'],
  ['年', 'annual'],
  ['月', 'monthly'],
  ['週', 'weekly'],
  ['日', 'daily'],
];

// Frequency words of Korean, Japanese, German, French, Spanish and Portuguese matrices (accents dropped, as
// plainWords leaves them), in the same order of precedence as the English phrases below.
const FOREIGN: [Frequency, string[]][] = [
  ['semi-annual', ['반기', '반기별', '半期', '半年', '半年毎', 'halbjahrlich', 'semestriel', 'semestrielle', 'semestral', 'semestralmente']],
  ['quarterly', ['분기', '분기별', '四半期', 'vierteljahrlich', 'quartalsweise', 'quartalsmassig', 'quartalsmaßig', 'trimestriel', 'trimestrielle', 'trimestral', 'trimestralmente']],
  ['monthly', ['월간', '매월', '월별', '月次', '毎月', '月1回', 'monatlich', 'mensuel', 'mensuelle', 'mensual', 'mensualmente', 'mensal', 'mensalmente']],
  ['weekly', ['주간', '매주', '주별', '週次', '毎週', 'wochentlich', 'hebdomadaire', 'semanal', 'semanalmente']],
  ['daily', ['일간', '매일', '일별', '日次', '毎日', 'taglich', 'quotidien', 'quotidienne', 'journalier', 'journaliere', 'diario', 'diaria', 'diariamente']],
  ['annual', ['연간', '매년', '연별', '年次', '毎年', '年1回', 'jahrlich', 'annuel', 'annuelle', 'annuellement', 'anual', 'anualmente']],
  ['continuous', ['상시', '수시 자동', '常時', '継続的', 'laufend', 'kontinuierlich', 'continu', 'en continu', 'continuo', 'continua', 'tiempo real', 'tempo real']],
  ['event-driven', ['수시', '발생시', '발생 시', '随時', '都度', '発生時', 'bei bedarf', 'anlassbezogen', 'ereignisbezogen', 'ponctuel', 'au besoin', 'a la demande', 'segun sea necesario', 'bajo demanda', 'por evento', 'conforme necessario', 'sob demanda']],
];

// Phrases searched in order of position in the text; each is matched on word boundaries of a lower-cased text
// whose punctuation became spaces ('semi-annually' -> 'semi annually').
export const FREQUENCY_PHRASES: readonly [RegExp, Frequency][] = [
  [
    /\b(?:semi ?annual(?:ly)?|bi ?annual(?:ly)?|half ?year(?:ly)?|twice (?:a|per|each) year|twice yearly|every (?:six|6) months|(?:six|6) monthly)\b/,
    'semi-annual',
  ],
  [/\b(?:semi ?monthly|twice (?:a|per|each) month|bi ?weekly|fortnightly|every (?:two|2) weeks)\b/, 'semi-monthly'],
  [/\b(?:quarterly|every quarter|per quarter|each quarter|quarter end|every (?:three|3) months)\b/, 'quarterly'],
  [/\b(?:monthly|every month|per month|each month|month end|once a month)\b/, 'monthly'],
  [/\b(?:weekly|every week|per week|each week|once a week)\b/, 'weekly'],
  [/\b(?:daily|every day|each day|per day|nightly|every business day|each business day)\b/, 'daily'],
  [
    /\b(?:annual(?:ly)?|yearly|every year|each year|per year|once a year|year end|every (?:twelve|12) months)\b/,
    'annual',
  ],
  [
    /\b(?:continuous(?:ly)?|real ?time|on ?going|ongoing|multiple times (?:a|per) day|several times (?:a|per) day|always on)\b/,
    'continuous',
  ],
  [
    /\b(?:per change|each change|every change|as needed|as required|when needed|when required|ad ?hoc|event ?driven|event based|upon occurrence|on occurrence|as occurs|upon request|on demand|per (?:event|hire|termination|release|project|request|incident|transaction|occurrence)|each (?:hire|termination|release|incident|occurrence)|upon (?:hire|termination|change|deployment)|following (?:each|every) (?:significant |serious )?(?:incident|change)|after each|when (?:a|an) [a-z]+ (?:occurs|is))\b/,
    'event-driven',
  ],
];

function plain(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function normaliseFrequency(text: string): Frequency | null {
  const t = plain(text);
  if (t === '') return foreignFrequency(text);
  for (const [code, f] of CODES) if (t === code) return f;
  // 'Bi-monthly' means twice a month to some and every two months to others: ask rather than guess.
  if (/\bbi ?monthly\b/.test(t)) return null;
  // The earliest phrase wins, and at one position the first listed: exactly what one alternation finds.
  const m = ANY_PHRASE.exec(t);
  if (!m) return foreignFrequency(text);
  for (let g = 1; g < m.length; g++) if (m[g] !== undefined) return FREQUENCY_PHRASES[g - 1]![1];
  return null;
}

const FOREIGN_MATCHERS = FOREIGN.map(([f, words]) => [f, wordMatcher(words)] as const);

function foreignFrequency(text: string): Frequency | null {
  const t = plainWords(text);
  if (t === '') return null;
  for (const [code, f] of CODES) if (t === code) return f;
  // The longest word found wins: '四半期' (quarterly) holds '半期' (half-year).
  let best: { f: Frequency; length: number } | null = null;
  for (const [f, match] of FOREIGN_MATCHERS) {
    const w = match(t);
    if (w !== null && (best === null || w.length > best.length)) best = { f, length: w.length };
  }
  return best?.f ?? null;
}

// The phrases as one RegExp, group g + 1 for phrase g (their own groups are non-capturing): one scan per text.
const ANY_PHRASE = new RegExp(FREQUENCY_PHRASES.map(([re]) => `(${re.source})`).join('|'));

// Frequency stated in a narrative ('... Conduct review at minimum quarterly.'): the last sentence that names a
// frequency is usually the instruction, earlier ones describe history ('accounts with no login in 45 days').
export function frequencyFromProse(text: string): { frequency: Frequency; sentence: string } | null {
  const sentences = text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (let i = sentences.length - 1; i >= 0; i--) {
    const sentence = sentences[i] ?? '';
    if (!/\b(conduct|perform|review|reviewed|performed|at minimum|at least|run|test)/i.test(sentence)) continue;
    const frequency = normaliseFrequency(sentence);
    if (frequency) return { frequency, sentence };
  }
  return null;
}
