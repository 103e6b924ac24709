// Phrase matching for the rule tables in templates/ (attribute checks, criteria inference, SoD duties). A phrase
// matches where it starts at a word boundary, so a stem like 'reconcil' matches 'reconciles'; it is never turned into
// a RegExp, so text from templates or clients cannot inject a pattern.

export function normaliseText(text: string): string {
  return ` ${text.toLowerCase().replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ')} `;
}

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

// `text` must come from normaliseText; `phrase` is lower-case.
export function containsPhrase(text: string, phrase: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(phrase, from);
    if (at < 0) return false;
    if (!isWordChar(text[at - 1]) || !isWordChar(phrase[0])) return true;
    from = at + 1;
  }
}

export function firstMatch(text: string, phrases: readonly string[]): string | null {
  for (const p of phrases) if (containsPhrase(text, p)) return p;
  return null;
}
