// The question's shape as learned-score features (model format 4): counted during the score's own
// scan of the prompt, through the helpers here, then turned into shape tokens by its hash.
/** A count as a log2 bucket (0 for none, at most 16). */
export const log2Bucket = (n: number): number => (n <= 0 ? 0 : Math.min(16, 1 + Math.floor(Math.log2(n))));

/** Models of this format and later also see the question's shape (older ones are scored as trained). */
export const questionShapeFormat = 4;

/**
 * The question's shape, counted in the same scan: option lines ("A. …" to "J. …" after a newline)
 * and, in the stem before the first of them, math symbols, numbers, `|` and sentence ends. Measured
 * (README, Routing quality): unlike topic words, these carry over to task families the model never
 * saw, so they are features of their own rather than left to n-grams. Both scans of learned-score.ts keep it in
 * this one object through the helpers that follow, so they cannot count it differently.
 */
export interface QuestionShape {
  /** Still before the first option line. */
  inStem: boolean;
  /** Chars before the first option line (all scanned chars when there is none). */
  stemChars: number;
  math: number;
  numbers: number;
  bars: number;
  sentences: number;
  options: number;
  optionChars: number;
  optionMin: number;
  optionMax: number;
  /** Options with no letter after their label: numeric answers. */
  numericOptions: number;
  /** Where the open option line's text starts (-1: none open), and the letters seen before it. */
  optionFrom: number;
  lettersAtOption: number;
}

export const questionShape = (n: number): QuestionShape => ({
  inStem: true,
  stemChars: n,
  math: 0,
  numbers: 0,
  bars: 0,
  sentences: 0,
  options: 0,
  optionChars: 0,
  optionMin: n,
  optionMax: 0,
  numericOptions: 0,
  optionFrom: -1,
  lettersAtOption: 0,
});

/** The open option line ends at `end`; `letters` is the scan's letter count so far (the label is one). */
function closeOption(q: QuestionShape, end: number, letters: number): void {
  if (q.optionFrom < 0) return;
  const chars = end - q.optionFrom;
  q.options++;
  q.optionChars += chars;
  q.optionMin = Math.min(q.optionMin, chars);
  q.optionMax = Math.max(q.optionMax, chars);
  if (letters - q.lettersAtOption <= 1) q.numericOptions++;
  q.optionFrom = -1;
}

/** A newline at `i`: the open option line ends; one starts if a capital A–J, `.` or `)` and a space follow. */
export function questionNewline(q: QuestionShape, text: string, i: number, n: number, letters: number): void {
  closeOption(q, i, letters);
  const label = text.charCodeAt(i + 1);
  const dot = text.charCodeAt(i + 2);
  if (i + 3 < n && label >= 65 && label <= 74 && (dot === 46 || dot === 41) && text.charCodeAt(i + 3) === 32) {
    if (q.inStem) q.stemChars = i;
    q.inStem = false;
    q.optionFrom = i + 4;
    q.lettersAtOption = letters;
  }
}

/** A char that is no letter, digit, space or newline: in the stem, a sentence end, `|` or math (= + * / ^ < >). */
export function questionMark(q: QuestionShape, text: string, i: number, n: number, raw: number): void {
  if (!q.inStem) return;
  if (raw === 46 || raw === 33 || raw === 63) {
    const next = i + 1 < n ? text.charCodeAt(i + 1) : 32;
    if (next === 32 || next === 10) q.sentences++;
  } else if (raw === 124) q.bars++;
  else if (raw === 61 || raw === 43 || raw === 42 || raw === 47 || raw === 94 || raw === 60 || raw === 62) q.math++;
}

/** The shape tokens once the scan has ended at `n`. */
/** `shape` hashes a (kind, bucket) pair into a feature, as learned-score.ts does for its own. */
export function questionShapeTokens(
  q: QuestionShape,
  n: number,
  letters: number,
  shape: (kind: number, bucket: number) => number,
): number[] {
  closeOption(q, n, letters);
  const tokens = [
    shape(8, Math.min(8, q.options)),
    shape(12, log2Bucket(q.math)),
    shape(13, log2Bucket(q.numbers)),
    shape(14, log2Bucket(q.sentences)),
  ];
  if (q.bars > 0) tokens.push(shape(15, Math.min(3, q.bars)));
  if (q.options > 0) {
    const mean = q.optionChars / q.options;
    tokens.push(
      shape(9, log2Bucket(Math.round(mean))),
      shape(10, Math.min(6, Math.floor(2 * Math.log2((q.optionMax + 1) / (q.optionMin + 1))))),
      shape(11, Math.round((4 * q.numericOptions) / q.options)),
      shape(16, log2Bucket(Math.round(q.stemChars / Math.max(1, mean)))),
    );
  }
  return tokens;
}
