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

// Finds which of many phrases occur in a text in one pass (Aho–Corasick), with the same rule as containsPhrase:
// a phrase counts where it starts at a word boundary. Built once per rule table; scanning is linear in the text.
export class PhraseSet {
  private readonly next: Map<string, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];
  private readonly phrases: string[];

  constructor(phrases: Iterable<string>) {
    this.phrases = [...new Set(phrases)].filter((p) => p.length > 0);
    this.phrases.forEach((p, idx) => {
      let node = 0;
      for (const ch of p) {
        let to = this.next[node]!.get(ch);
        if (to === undefined) {
          to = this.next.length;
          this.next.push(new Map());
          this.fail.push(0);
          this.out.push([]);
          this.next[node]!.set(ch, to);
        }
        node = to;
      }
      this.out[node]!.push(idx);
    });
    const queue: number[] = [];
    for (const to of this.next[0]!.values()) queue.push(to);
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi]!;
      for (const [ch, to] of this.next[node]!) {
        let f = this.fail[node]!;
        while (f !== 0 && !this.next[f]!.has(ch)) f = this.fail[f]!;
        const target = this.next[f]!.get(ch);
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        this.out[to]!.push(...this.out[this.fail[to]!]!);
        queue.push(to);
      }
    }
  }

  // `text` must come from normaliseText.
  find(text: string): Set<string> {
    const found = new Set<string>();
    let node = 0;
    let i = 0;
    for (const ch of text) {
      while (node !== 0 && !this.next[node]!.has(ch)) node = this.fail[node]!;
      node = this.next[node]!.get(ch) ?? 0;
      i += ch.length;
      for (const idx of this.out[node]!) {
        const p = this.phrases[idx]!;
        const start = i - p.length;
        if (!isWordChar(text[start - 1]) || !isWordChar(p[0])) found.add(p);
      }
    }
    return found;
  }
}
