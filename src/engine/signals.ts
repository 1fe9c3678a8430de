// Everything plan() learns from the request text and size, before looking at targets.
import type { Tier } from '../config/schema.js';
import type { Difficulty, DifficultyResult } from './difficulty.js';
import { difficultyFromScores, headerDifficulty, learnedDifficulty } from './difficulty.js';
import type { LearnedModel } from './learned-score.js';
import { learnedScore } from './learned-score.js';
import { thresholdFor } from './learned-blend.js';
import type { ContextClass, TokenEstimate } from './estimate.js';
import { contextClass, estimateTokens } from './estimate.js';
import type { IntentResult } from './intent.js';
import { intentFromScores } from './intent.js';
import type { Requirements } from './requirements.js';
import { mergeRequirements } from './requirements.js';
import type { ParsedShortcuts, ShortcutEffect } from './shortcuts.js';
import { parseShortcuts, shortcutEffect } from './shortcuts.js';
import type { TextScores } from './text-scores.js';
import { scoreText } from './text-scores.js';
import type { RequestFacts } from './types.js';

export interface Signals {
  shortcuts?: ParsedShortcuts;
  shortcut: ShortcutEffect;
  estimate: TokenEstimate;
  contextClass: ContextClass;
  /** Undefined when nothing needed the prompt analysed (no rule looks at intent/difficulty/tier). */
  intent?: IntentResult;
  difficulty?: DifficultyResult;
  /** What the request itself needs: images -> vision, tools -> tools, size -> context, max tokens -> output. */
  requirements: Requirements;
  /** From a shortcut, or implied by difficulty; rule `tier` conditions compare against it. */
  tier?: Tier;
  /** The word-list scores of the text (when it was analysed): what replay stores instead of the text. */
  scores?: TextScores;
  /** Length of the last user text after shortcuts. */
  textLength: number;
}

/** What the text gave, however it was read: live from the text, or from a replay's stored summary. */
export interface TextReading {
  shortcuts: ParsedShortcuts | undefined;
  textLength: number;
  estimate: TokenEstimate;
  scores: TextScores | undefined;
  /** The learned score of the text, asked only when the learned model decides difficulty; undefined: use the word lists. */
  learnedScore: ((model: LearnedModel) => number | undefined) | undefined;
}

const tierOfDifficulty: Readonly<Record<Difficulty, Tier>> = { easy: 'basic', standard: 'standard', hard: 'strong' };

/** `analyzeText`: score the prompt for intent and difficulty (skipped when nothing will read them). */
/** `learned`: the stored model (`router learn`); when present it decides difficulty instead of the word lists. */
/** `quality`: the route's target quality (`routes.<id>.quality`), which picks the learned threshold. */
export function readSignals(facts: RequestFacts, analyzeText: boolean, learned?: LearnedModel, quality?: number): Signals {
  const shortcuts = parseShortcuts(facts.lastUserText);
  const text = shortcuts ? shortcuts.strippedText : facts.lastUserText;
  return signalsFrom(
    facts,
    {
      shortcuts,
      textLength: text.length,
      estimate: estimateTokens(facts),
      scores: analyzeText ? scoreText(text) : undefined,
      learnedScore: learned && ((model) => learnedScore(model, text)),
    },
    learned,
    quality,
  );
}

export function signalsFrom(facts: RequestFacts, r: TextReading, learned: LearnedModel | undefined, quality: number | undefined): Signals {
  const { shortcuts, estimate, scores } = r;
  const shortcut = shortcutEffect(shortcuts?.names ?? [], estimate.input);
  const intent = shortcut.intent ? { intent: shortcut.intent, confidence: 1 } : scores && intentFromScores(scores);
  const forced = headerDifficulty(facts.difficultyHeader);
  let difficulty = forced;
  if (!difficulty && scores) {
    const score = learned && r.learnedScore?.(learned);
    difficulty =
      learned && score !== undefined
        ? learnedDifficulty(score, thresholdFor(learned.calibration, learned.threshold, quality), quality)
        : difficultyFromScores(scores, { textLength: r.textLength, inputTokens: estimate.input, toolCount: facts.toolCount });
  }
  const needed = estimate.input + (facts.maxOutputTokens ?? 0);
  const fromRequest: Requirements = { minContext: needed };
  if (facts.imageCount > 0) fromRequest.vision = true;
  if (facts.toolCount > 0) fromRequest.tools = true;
  if (facts.maxOutputTokens !== undefined) fromRequest.minOutput = facts.maxOutputTokens;
  return {
    shortcuts,
    shortcut,
    estimate,
    contextClass: contextClass(estimate.input),
    intent,
    difficulty,
    requirements: mergeRequirements(fromRequest, shortcut.require),
    tier: shortcut.tier ?? (difficulty ? tierOfDifficulty[difficulty.difficulty] : undefined),
    scores,
    textLength: r.textLength,
  };
}
