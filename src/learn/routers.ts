// The baseline routers `router eval` always shows beside the learned one, on the same items.
// Each turns items into scores (higher = send to the strong model).
import { scoreText } from '../engine/text-scores.js';
import { difficultyFromScores } from '../engine/difficulty.js';
import { estimateTokens } from '../engine/estimate.js';
import type { OutcomeTable } from './curve.js';

/** Longer prompts go strong first. */
export const lengthScores = (prompts: readonly string[]): Float64Array => Float64Array.from(prompts, (p) => p.length);

/** Strong only where it helps: the weak model fails and the strong one succeeds. */
export function oracleScores(table: OutcomeTable): Float64Array {
  return Float64Array.from({ length: table.strong.length }, (_, i) => table.strong[i]! - table.weak[i]!);
}

/** A fresh uniform score per item from the injected source (seeded in eval, so runs repeat). */
export const randomScores = (n: number, rng: () => number): Float64Array => Float64Array.from({ length: n }, () => rng());

/**
 * Today's difficulty signal (src/engine/difficulty.ts), made continuous: the level first (hard over
 * standard over easy), then its lexicon margin, so the sweep can split a level as the planner cannot.
 */
export function heuristicScores(prompts: readonly string[]): Float64Array {
  return Float64Array.from(prompts, (text) => {
    const s = scoreText(text);
    const inputTokens = promptTokens(text);
    const d = difficultyFromScores(s, { textLength: text.length, inputTokens, toolCount: 0 });
    const level = d.difficulty === 'hard' ? 2 : d.difficulty === 'standard' ? 1 : 0;
    return level * 1_000 + (s.hard - s.easy);
  });
}

// The generator lives in the engine (bandit draws use it too); re-exported for the learn room's callers.
export { seededRandom } from '../engine/random.js';

/** Input tokens of a prompt sent alone as one user message. */
export const promptTokens = (text: string): number =>
  estimateTokens({ lastUserText: text, systemText: '', textChars: text.length, imageCount: 0, toolCount: 0, toolsChars: 0 }).input;
