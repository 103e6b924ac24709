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
const RING_BUFFER = new Int32Array(RING);
const isWordCode = (code: number) =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 0x80 && isWordChar(String.fromCharCode(code)));

export class PhraseSet {
  private readonly table: Int32Array;
  private readonly out: number[][];
  private readonly phrases: string[];
  private readonly others: string[];
  private readonly list: string[]; // phrases, then others
  private readonly wordStart: Uint8Array; // 1 where the phrase starts with a word character (needs a boundary before)

  constructor(phrases: Iterable<string>) {
    const all = [...new Set(phrases)].filter((p) => p.length > 0);
    const ascii = (p: string) => [...p].every((ch) => ch.charCodeAt(0) > 0 && ch.charCodeAt(0) < SYMBOLS);
    this.phrases = all.filter(ascii);
    this.others = all.filter((p) => !ascii(p));
    this.list = [...this.phrases, ...this.others];
    this.wordStart = Uint8Array.from(this.phrases, (p) => (isWordChar(p[0]) ? 1 : 0));
    // The trie is built in one table sized for the worst case (every character a new node), then completed in place
    // with the failure function's transitions, so the search never backtracks.
    let size = 1;
    for (const p of this.phrases) size += p.length;
    const table = new Int32Array(size * SYMBOLS).fill(-1);
    const out: number[][] = [[]];
    let nodes = 1;
    this.phrases.forEach((p, idx) => {
      let node = 0;
      for (let i = 0; i < p.length; i++) {
        const at = node * SYMBOLS + p.charCodeAt(i);
        if (table[at]! < 0) {
          table[at] = nodes++;
          out.push([]);
        }
        node = table[at]!;
      }
      out[node]!.push(idx);
    });
    const fail = new Int32Array(nodes);
    const queue: number[] = [];
    for (let c = 0; c < SYMBOLS; c++) {
      const to = table[c]!;
      if (to < 0) table[c] = 0;
      else queue.push(to);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi]!;
      const f = fail[node]!;
      if (out[f]!.length > 0) out[node]!.push(...out[f]!);
      for (let c = 0; c < SYMBOLS; c++) {
        const at = node * SYMBOLS + c;
        const to = table[at]!;
        if (to < 0) table[at] = table[f * SYMBOLS + c]!;
        else {
          fail[to] = table[f * SYMBOLS + c]!;
          queue.push(to);
        }
      }
    }
    this.table = table.subarray(0, nodes * SYMBOLS);
    this.out = out;
  }

  // `text` must come from normaliseText.
  find(text: string): Set<string> {
    return this.scan([text]);
  }

  // Scans raw text parts (as written: any case, line breaks, curly quotes) as if they had been joined with a space and
  // passed through normaliseText, without building that string: case, white space and quotes are folded on the fly.
  scan(parts: readonly string[]): Set<string> {
    const ids: number[] = [];
    this.collect(parts, ids);
    return new Set(ids.map((id) => this.list[id]!));
  }

  // Every phrase, numbered: `ids` answers with these numbers.
  get all(): readonly string[] {
    return this.list;
  }

  // The numbers of the phrases one text holds, each once, ascending (the same rule as scan([text])).
  ids(text: string): number[] {
    const ids: number[] = [];
    this.collect([text], ids);
    return ids.length > 1 ? [...new Set(ids)].sort((a, b) => a - b) : ids;
  }

  // Pushes the number of every phrase found (a phrase found twice is pushed twice).
  private collect(parts: readonly string[], found: number[]): void {
    const { table, out, phrases, wordStart } = this;
    const ring = RING_BUFFER; // the normalised characters seen, to check the one before a match (scan is never re-entered)
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
          const id = hits[h]!;
          const before = n - phrases[id]!.length - 1;
          if (before < 0 || wordStart[id] === 0 || !isWordCode(ring[before & RING_MASK]!)) found.push(id);
        }
      }
    }
    if (this.others.length > 0) {
      const joined = normaliseText(parts.join(' '));
      this.others.forEach((p, i) => {
        if (containsPhrase(joined, p)) found.push(phrases.length + i);
      });
    }
  }
}
