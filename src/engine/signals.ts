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
}

const tierOfDifficulty: Readonly<Record<Difficulty, Tier>> = { easy: 'basic', standard: 'standard', hard: 'strong' };

/** `analyzeText`: score the prompt for intent and difficulty (skipped when nothing will read them). */
/** `learned`: the stored model (`router learn`); when present it decides difficulty instead of the word lists. */
/** `quality`: the route's target quality (`routes.<id>.quality`), which picks the learned threshold. */
export function readSignals(facts: RequestFacts, analyzeText: boolean, learned?: LearnedModel, quality?: number): Signals {
  const shortcuts = parseShortcuts(facts.lastUserText);
  const text = shortcuts ? shortcuts.strippedText : facts.lastUserText;
  const estimate = estimateTokens(facts);
  const shortcut = shortcutEffect(shortcuts?.names ?? [], estimate.input);
  const scores = analyzeText ? scoreText(text) : undefined;
  const intent = shortcut.intent ? { intent: shortcut.intent, confidence: 1 } : scores && intentFromScores(scores);
  const size = { textLength: text.length, inputTokens: estimate.input, toolCount: facts.toolCount };
  const forced = headerDifficulty(facts.difficultyHeader);
  const difficulty =
    forced ??
    (scores
      ? learned
        ? learnedDifficulty(learnedScore(learned, text), thresholdFor(learned.calibration, learned.threshold, quality), quality)
        : difficultyFromScores(scores, size)
      : undefined);
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
  };
}
