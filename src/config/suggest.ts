// Did-you-mean for unknown keys and names: a typo of a letter or two, or a shortened name.

/** Edit distance where swapping two neighbouring letters ("tpye") counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Infinity;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const candidate = name.toLowerCase();
    const distance = editDistance(lower, candidate);
    // Two edits turn any short name into any other; demand that most of the word survives.
    const isTypo = distance <= 2 && distance * 2 < Math.max(lower.length, candidate.length);
    const isPrefix = lower.length >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate));
    if (!isTypo && !isPrefix) continue;
    const score = isTypo ? distance : 3;
    if (best === undefined || score < best.score) best = { name, score };
  }
  return best?.name;
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestName(word, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
