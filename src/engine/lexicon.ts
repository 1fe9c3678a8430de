// Word-bounded keyword scoring for intent and difficulty, in one pass over the text without
// allocating a string per word: words are hashed as they are read and checked against a table.
// Whole words only, so "api" does not fire on "rapid" and "500" not on "1500 ms" (a peer's
// substring matching did both).

export interface KeywordGroup {
  category: number;
  weight: number;
  /** Lower-case words or phrases; a space in a phrase matches any short run of non-word characters. */
  words: readonly string[];
  /** Only as the first word of the text (greetings). */
  atStart?: boolean;
  /** Only right after "name." (file extensions: "load.ts"). */
  afterDot?: boolean;
}

interface Keyword {
  id: number;
  category: number;
  weight: number;
  head: string;
  rest: string[];
  atStart: boolean;
  afterDot: boolean;
}

export interface Lexicon {
  heads: ReadonlyMap<number, readonly Keyword[]>;
  size: number;
  categories: number;
}

/** Each keyword counts at most this often, so one repeated word cannot dominate. */
const maxHitsPerKeyword = 3;
/** Separators allowed between the words of a phrase ("trade-off", "step by step", "pros & cons"). */
const maxGap = 3;

/** ASCII word characters; everything from U+00C0 up counts as a letter too (accents, CJK). */
const asciiWord = new Uint8Array(128).map((_, c) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? 1 : 0,
);

function isWordChar(c: number): boolean {
  return c < 128 ? asciiWord[c] === 1 : c >= 0xc0;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

// Kept within 30 bits so V8 stores it as a small integer: no boxing, fast Map keys.
function step(h: number, c: number): number {
  return (h * 31 + c) & 0x3fffffff;
}

function hashWord(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = step(h, lower(word.charCodeAt(i)));
  return h;
}

export function buildLexicon(groups: readonly KeywordGroup[]): Lexicon {
  const heads = new Map<number, Keyword[]>();
  let id = 0;
  let categories = 0;
  for (const g of groups) {
    categories = Math.max(categories, g.category + 1);
    for (const phrase of g.words) {
      const [head = '', ...rest] = phrase.split(' ');
      const kw: Keyword = {
        id: id++,
        category: g.category,
        weight: g.weight,
        head,
        rest,
        atStart: g.atStart ?? false,
        afterDot: g.afterDot ?? false,
      };
      const key = hashWord(head);
      const list = heads.get(key);
      if (list) list.push(kw);
      else heads.set(key, [kw]);
    }
  }
  return { heads, size: id, categories };
}

function sameWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** Does the phrase continue with `rest` after position `pos`? */
function restMatches(text: string, pos: number, rest: readonly string[]): boolean {
  let at = pos;
  for (const word of rest) {
    let gap = 0;
    while (at < text.length && !isWordChar(text.charCodeAt(at)) && gap <= maxGap) {
      at++;
      gap++;
    }
    if (gap === 0 || gap > maxGap) return false;
    const start = at;
    while (at < text.length && isWordChar(text.charCodeAt(at))) at++;
    if (!sameWord(text, start, at, word)) return false;
  }
  return true;
}

function accepts(kw: Keyword, text: string, start: number, end: number, first: boolean): boolean {
  if (kw.atStart && !first) return false;
  if (kw.afterDot && !(start >= 2 && text.charCodeAt(start - 1) === 46 && isWordChar(text.charCodeAt(start - 2)))) return false;
  return sameWord(text, start, end, kw.head) && (kw.rest.length === 0 || restMatches(text, end, kw.rest));
}

export interface TextScan {
  /** Weighted hit totals per category. */
  scores: number[];
  /** Code fences (```) seen. */
  fences: number;
  /** Code operators seen: => === !== -> :: */
  operators: number;
}

/** Symbols are checked only between words, so prose pays almost nothing for them. */
function symbolAt(text: string, i: number, c: number): 'fence' | 'operator' | undefined {
  const next = text.charCodeAt(i + 1);
  if (c === 96) return next === 96 && text.charCodeAt(i + 2) === 96 ? 'fence' : undefined;
  if (c === 61) return next === 62 || (next === 61 && text.charCodeAt(i + 2) === 61) ? 'operator' : undefined;
  if (c === 45) return next === 62 ? 'operator' : undefined;
  if (c === 58) return next === 58 ? 'operator' : undefined;
  if (c === 33) return next === 61 && text.charCodeAt(i + 2) === 61 ? 'operator' : undefined;
  return undefined;
}

function timesSeen(hits: readonly number[], id: number): number {
  let n = 0;
  for (const h of hits) if (h === id) n++;
  return n;
}

/** `hits` lists keyword ids once per hit: short prompts hit a handful, so a list beats a table per call. */
function addHits(
  candidates: readonly Keyword[],
  text: string,
  start: number,
  end: number,
  first: boolean,
  hits: number[],
  scores: number[],
): void {
  for (let k = 0; k < candidates.length; k++) {
    const kw = candidates[k] as Keyword;
    if (timesSeen(hits, kw.id) >= maxHitsPerKeyword || !accepts(kw, text, start, end, first)) continue;
    hits.push(kw.id);
    scores[kw.category] = (scores[kw.category] ?? 0) + kw.weight;
  }
}

export function scanText(input: string, lex: Lexicon): TextScan {
  // One native lower-casing pass beats lower-casing every character in the loop.
  const text = input.toLowerCase();
  const scores = new Array<number>(lex.categories).fill(0);
  const hits: number[] = [];
  let fences = 0;
  let operators = 0;
  let i = 0;
  let first = true;
  const length = text.length;
  while (i < length) {
    let c = text.charCodeAt(i);
    if (!isWordChar(c)) {
      if (c > 32) {
        const symbol = symbolAt(text, i, c);
        if (symbol === 'fence') {
          fences++;
          i += 2;
        } else if (symbol === 'operator') operators++;
      }
      i++;
      continue;
    }
    const start = i;
    let h = 0;
    while (i < length) {
      c = text.charCodeAt(i);
      if (!isWordChar(c)) break;
      h = step(h, c);
      i++;
    }
    const candidates = lex.heads.get(h);
    if (candidates !== undefined) addHits(candidates, text, start, i, first, hits, scores);
    first = false;
  }
  return { scores, fences, operators };
}

/** The head and tail of a long prompt carry the instruction; the middle is usually pasted material. */
export function analysisWindow(text: string, edge = 600): string {
  return text.length <= edge * 2 ? text : `${text.slice(0, edge)}\n${text.slice(-edge)}`;
}

export function confidence(top: number, runnerUp: number): number {
  return Math.round((top / (top + runnerUp + 2)) * 100) / 100;
}
