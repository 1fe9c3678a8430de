// Intent of the last user message: code / creative / analysis / general, with a confidence.
import { confidence } from './lexicon.js';
import type { TextScores } from './text-scores.js';
import { scoreText } from './text-scores.js';

export type Intent = 'code' | 'creative' | 'analysis' | 'general';

export interface IntentResult {
  intent: Intent;
  confidence: number;
}

export function intentFromScores(s: TextScores): IntentResult {
  let top: Intent = 'code';
  let best = s.code;
  let second = -1;
  for (const [intent, value] of [
    ['creative', s.creative],
    ['analysis', s.analysis],
  ] as const) {
    if (value > best) {
      second = best;
      best = value;
      top = intent;
    } else if (value > second) second = value;
  }
  // A single weak hit ("data" in passing) or a tie is not enough to leave 'general'.
  if (best < 3 || best === second) return { intent: 'general', confidence: best === 0 ? 0.5 : 0.3 };
  return { intent: top, confidence: confidence(best, second) };
}

export function classifyIntent(text: string): IntentResult {
  return intentFromScores(scoreText(text));
}
