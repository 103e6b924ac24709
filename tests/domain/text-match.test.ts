import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPhrase, normaliseText, PhraseSet } from '../../server/domain/text-match.ts';

describe('phrase matching', () => {
  const cases: [string, string, boolean][] = [
    ['Balances are reconciled monthly', 'reconcil', true],
    ['Irreconcilable differences', 'reconcil', false],
    ['User ACCESS REVIEWS are done', 'access review', true],
    ['Reviews of privileged  activity', 'privileged activity', true],
    ['SOC 2 reports are read', 'soc 2 report', true],
    ['nothing here', 'soc 2 report', false],
    ['within 24 hours', 'within 24', true],
    ['$ over $5,000', 'over $', true],
  ];
  it.each(cases)('%s ~ %s → %s', (text, phrase, expected) => {
    const norm = normaliseText(text);
    expect(containsPhrase(norm, phrase)).toBe(expected);
    expect(new PhraseSet([phrase, 'zzz']).find(norm).has(phrase)).toBe(expected);
  });

  it('PhraseSet finds exactly what containsPhrase finds, for any text and phrases', () => {
    const word = fc.constantFrom('re', 'recon', 'reconcil', 'access', 'review', 'cess', 'a', 'ab', 'b', 'ba', 'of');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), fc.array(fc.array(word, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), fc.constantFrom(' ', '', '-'), (ws, ps, sep) => {
        const text = normaliseText(ws.join(sep));
        const phrases = ps.map((p) => p.join(' '));
        const set = new PhraseSet(phrases).find(text);
        for (const p of phrases) expect(set.has(p), `${p} in "${text}"`).toBe(containsPhrase(text, p));
      }),
      { numRuns: 300 },
    );
  });
});

describe('scanning raw text parts', () => {
  it('finds exactly what find() finds on the normalised join, for any text', () => {
    const piece = fc.constantFrom('Access', 'REVIEW', 'review', 're', 'Reconciles', ' ', '  ', '\n', '\t', '’s', "'s", '-', 'é', 'ÉTÉ', 'of', 'a', 'b', 'SOC 2', '.', ',');
    const phrases = ['access review', 'reconcil', 're', "review's", 'soc 2', 'a b', 'été', 'of a'];
    const set = new PhraseSet(phrases);
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 12 }).map((xs) => xs.join('')), { maxLength: 4 }), (parts) => {
        expect([...set.scan(parts)].sort()).toEqual([...set.find(normaliseText(parts.join(' ')))].sort());
      }),
      { numRuns: 500 },
    );
  });
});
