// Difficulty of a request: easy / standard / hard, from word-bounded cues and size.
// The x-router-difficulty header overrides the guess.
import { confidence } from './lexicon.js';
import type { TextScores } from './text-scores.js';
import { scoreText } from './text-scores.js';

export type Difficulty = 'easy' | 'standard' | 'hard';

export interface DifficultyResult {
  difficulty: Difficulty;
  confidence: number;
  source: 'header' | 'estimate' | 'learned';
  /** The learned model's probability that the strong model gains (source 'learned'). */
  score?: number;
  /** The threshold the score was compared with (source 'learned'), and the route quality that chose it. */
  threshold?: number;
  quality?: number;
}

/** Prompts this big are rarely easy, however they are phrased. */
const bigPromptTokens = 8_000;
const hugePromptTokens = 32_000;
const shortPromptChars = 80;

const levels: ReadonlySet<string> = new Set(['easy', 'standard', 'hard']);

export interface SizeFacts {
  textLength: number;
  inputTokens: number;
  toolCount: number;
}

/** x-router-difficulty, when it names a level. */
export function headerDifficulty(header: string | undefined): DifficultyResult | undefined {
  const forced = header?.trim().toLowerCase();
  return forced !== undefined && levels.has(forced) ? { difficulty: forced as Difficulty, confidence: 1, source: 'header' } : undefined;
}

export function difficultyFromScores(s: TextScores, size: SizeFacts, header?: string): DifficultyResult {
  const forced = headerDifficulty(header);
  if (forced) return forced;
  let hard = s.hard;
  let easy = s.easy;
  if (size.inputTokens >= hugePromptTokens) hard += 4;
  else if (size.inputTokens >= bigPromptTokens) hard += 1;
  if (size.toolCount >= 10) hard += 1;
  if (size.textLength <= shortPromptChars && size.inputTokens < bigPromptTokens) easy += 1;
  if (hard >= 3 && hard > easy) return { difficulty: 'hard', confidence: confidence(hard, easy), source: 'estimate' };
  if (easy >= 3 && hard === 0) return { difficulty: 'easy', confidence: confidence(easy, hard), source: 'estimate' };
  return { difficulty: 'standard', confidence: 0.5, source: 'estimate' };
}

/**
 * From the learned score: at or above the model's threshold (picked by `router learn` for its target
 * quality) the request is hard; under half of it, easy; standard between.
 */
export function learnedDifficulty(score: number, threshold: number, quality?: number): DifficultyResult {
  const difficulty: Difficulty = score >= threshold ? 'hard' : score < threshold / 2 ? 'easy' : 'standard';
  const r: DifficultyResult = {
    difficulty,
    confidence: Math.abs(score - threshold) / Math.max(threshold, 1 - threshold),
    source: 'learned',
    score,
    threshold,
  };
  if (quality !== undefined) r.quality = quality;
  return r;
}

export function assessDifficulty(text: string, inputTokens: number, toolCount: number, header?: string): DifficultyResult {
  return difficultyFromScores(scoreText(text), { textLength: text.length, inputTokens, toolCount }, header);
}
