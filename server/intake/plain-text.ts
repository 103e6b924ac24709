// Cell text reduced to its words for vocabulary look-ups: lower case, Latin accents dropped ('Trimestriel',
// 'Diário' -> 'diario'), punctuation a space, other scripts kept ('분기', '四半期'). ASCII text takes the short path.
export function plainWords(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) {
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }
  return text
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const CJK = /^[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+$/u;
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// A matcher for a word list, compiled once: it finds a word of the list in a plainWords text as a whole word, or,
// for Korean and Japanese words (written without spaces between a word and its endings), anywhere in it. It returns
// the longest word found, or null.
export function wordMatcher(words: readonly string[]): (plain: string) => string | null {
  const cjk = words.filter((w) => CJK.test(w) && w.length >= 2);
  const latin = words.filter((w) => !cjk.includes(w));
  const re = latin.length > 0 ? new RegExp(`(?:^| )(${latin.map(escape).sort((a, b) => b.length - a.length).join('|')})(?= |$)`) : null;
  return (plain) => {
    let best: string | null = null;
    const m = re?.exec(plain);
    if (m?.[1]) best = m[1];
    for (const w of cjk) if ((best === null || w.length > best.length) && plain.includes(w)) best = w;
    return best;
  };
}
