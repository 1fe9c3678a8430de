// Seeded randomness for the engine's draws (bandit) and hashing for stable assignment
// (experiments). Pure: the caller owns the seed, so a decision can be re-drawn exactly in replay.

/** A small seeded generator (mulberry32): runs repeat run to run, and a decision's draws repeat in replay. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a over UTF-16 code units: cheap, well spread for short keys, the same in every process. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV's low bits are weak for keys that differ only at the end ("s-1", "s-2"): one avalanche round.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}
