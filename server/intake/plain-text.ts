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

// Whether a word list holds `word` as a whole word of `plain` (words separated by single spaces), or, for Korean
// and Japanese (written without spaces between a word and its endings), anywhere in it.
export function hasWord(plain: string, words: readonly string[]): string | null {
  const padded = ` ${plain} `;
  for (const w of words) {
    if (/^[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+$/u.test(w) && w.length >= 2) {
      if (plain.includes(w)) return w;
    } else if (padded.includes(` ${w} `)) return w;
  }
  return null;
}
