// "Did you mean" for unknown models and routes. Only runs on the error path.

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** Names within a small edit distance, or sharing a prefix / containing the query, closest first. */
export function closeMatches(query: string, names: Iterable<string>, limit = 5): string[] {
  const q = query.toLowerCase();
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    const n = name.toLowerCase();
    const distance = editDistance(q, n);
    const related =
      q.length >= 2 && (n.startsWith(q) || q.startsWith(n) || n.includes(q) || (n.includes('/') && n.slice(n.indexOf('/') + 1) === q));
    if (distance <= Math.max(2, Math.floor(q.length / 3)) || related)
      scored.push({ name, score: related ? Math.min(distance, 1) : distance });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, limit).map((s) => s.name);
}
