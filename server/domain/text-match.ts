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

// Finds which of many phrases occur in a text in one pass, with the same rule as containsPhrase: a phrase counts
// where it starts at a word boundary. Built once per rule table as an Aho–Corasick automaton compiled to a dense
// table over ASCII (one array read per character); characters outside ASCII never occur in a phrase's path, so they
// send the automaton back to its root. Phrases with non-ASCII characters are matched with containsPhrase instead.
const SYMBOLS = 128;
const RING = 1024; // longer than any phrase; a power of two
const RING_MASK = RING - 1;
const isWordCode = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 0x80 && isWordChar(String.fromCharCode(code)));

export class PhraseSet {
  private readonly table: Int32Array;
  private readonly out: number[][];
  private readonly phrases: string[];
  private readonly others: string[];

  constructor(phrases: Iterable<string>) {
    const all = [...new Set(phrases)].filter((p) => p.length > 0);
    const ascii = (p: string) => [...p].every((ch) => ch.charCodeAt(0) > 0 && ch.charCodeAt(0) < SYMBOLS);
    this.phrases = all.filter(ascii);
    this.others = all.filter((p) => !ascii(p));
    const goto: Int32Array[] = [new Int32Array(SYMBOLS).fill(-1)];
    const out: number[][] = [[]];
    this.phrases.forEach((p, idx) => {
      let node = 0;
      for (let i = 0; i < p.length; i++) {
        const code = p.charCodeAt(i);
        let to = goto[node]![code]!;
        if (to < 0) {
          to = goto.length;
          goto.push(new Int32Array(SYMBOLS).fill(-1));
          out.push([]);
          goto[node]![code] = to;
        }
        node = to;
      }
      out[node]!.push(idx);
    });
    // Breadth-first: complete every transition with the failure function's, so the search never backtracks.
    const table = new Int32Array(goto.length * SYMBOLS);
    const fail = new Int32Array(goto.length);
    const queue: number[] = [];
    for (let c = 0; c < SYMBOLS; c++) {
      const to = goto[0]![c]!;
      table[c] = to < 0 ? 0 : to;
      if (to > 0) queue.push(to);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi]!;
      out[node]!.push(...out[fail[node]!]!);
      for (let c = 0; c < SYMBOLS; c++) {
        const to = goto[node]![c]!;
        if (to < 0) table[node * SYMBOLS + c] = table[fail[node]! * SYMBOLS + c]!;
        else {
          table[node * SYMBOLS + c] = to;
          fail[to] = table[fail[node]! * SYMBOLS + c]!;
          queue.push(to);
        }
      }
    }
    this.table = table;
    this.out = out;
  }

  // `text` must come from normaliseText.
  find(text: string): Set<string> {
    return this.scan([text]);
  }

  // Scans raw text parts (as written: any case, line breaks, curly quotes) as if they had been joined with a space and
  // passed through normaliseText, without building that string: case, white space and quotes are folded on the fly.
  scan(parts: readonly string[]): Set<string> {
    const found = new Set<string>();
    const { table, out, phrases } = this;
    const ring = new Int32Array(RING); // the normalised characters seen, to check the one before a match
    ring[0] = 32;
    let n = 1; // normalised characters so far (a leading space)
    let node = 0;
    for (let k = 0; k <= parts.length; k++) {
      const text = k < parts.length ? parts[k]! : '';
      const len = k < parts.length ? text.length + 1 : 0; // each part is followed by one space
      for (let i = 0; i < len; i++) {
        let code = i < text.length ? text.charCodeAt(i) : 32;
        if (code >= 65 && code <= 90) code += 32;
        else if (code < 33) code = code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12 ? 32 : code;
        else if (code >= 0x80) {
          // Outside ASCII (rare): fold the real character's case and white space.
          const ch = String.fromCharCode(code);
          code = code === 0x2018 || code === 0x2019 ? 39 : /\s/.test(ch) ? 32 : ch.toLowerCase().charCodeAt(0);
        }
        if (code === 32 && ring[(n - 1) & RING_MASK] === 32) continue;
        ring[n & RING_MASK] = code;
        n++;
        node = code < SYMBOLS ? table[node * SYMBOLS + code]! : 0;
        const hits = out[node]!;
        for (let h = 0; h < hits.length; h++) {
          const p = phrases[hits[h]!]!;
          const before = n - p.length - 1;
          if (before < 0 || !isWordCode(ring[before & RING_MASK]!) || !isWordChar(p[0])) found.add(p);
        }
      }
    }
    if (this.others.length > 0) {
      const joined = normaliseText(parts.join(' '));
      for (const p of this.others) if (containsPhrase(joined, p)) found.add(p);
    }
    return found;
  }
}
