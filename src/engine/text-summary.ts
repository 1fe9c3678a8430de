// What replay keeps of a request's text by default: only what plan() derived from it (shortcut
// names, the script mix behind the token estimate, the word-list scores, the learned score, and
// whether the live config's systemMatches patterns matched), never the text itself. Replay re-plans
// from it exactly for any config change that does not need the text; what it cannot re-evaluate
// (a new systemMatches pattern, another learned model) it reports as a gap. Pure.
import type { Config } from '../config/schema.js';
import { estimateWith } from './estimate.js';
import type { LearnedModel } from './learned-score.js';
import { learnedScore } from './learned-score.js';
import { prepare } from './prepare.js';
import { systemMatchChars } from './rules.js';
import type { ShortcutName } from './shortcuts.js';
import type { Signals } from './signals.js';
import { signalsFrom } from './signals.js';
import type { TextScores } from './text-scores.js';
import { scoreText } from './text-scores.js';
import type { RequestFacts } from './types.js';

export interface TextSummary {
  /** Shortcut names at the head of the last user message. */
  shortcuts?: ShortcutName[];
  /** Length of the last user text after shortcuts (a short prompt leans easy). */
  chars: number;
  /** What the token estimate divided by, from the text's script mix. */
  charsPerToken: number;
  /** Word-list scores of the text: intent and difficulty are derived from them. */
  scores: TextScores;
  /** The learned model's score of the text, and which model gave it (learnedTag). */
  learned?: { score: number; model: string };
  /** Length of the system text; with 0, any pattern is tested exactly (against ''). */
  systemChars: number;
  /** For each systemMatches pattern of the config in force (regexKey): did the system text's head match. */
  system?: Record<string, boolean>;
}

/** The planning inputs replay could not re-evaluate for one decision (e.g. a systemMatches rule without text). */
export type Gaps = string[];

export const regexKey = (re: RegExp): string => `/${re.source}/${re.flags}`;

const tags = new WeakMap<LearnedModel, string>();
/** Names a learned model by its content (the store's version number does not travel with the model). */
export function learnedTag(model: LearnedModel): string {
  let tag = tags.get(model);
  if (tag === undefined) {
    tag = `${model.version}:${model.bits}:${model.threshold}:${model.heads.map((h) => h.bias).join(',')}`;
    tags.set(model, tag);
  }
  return tag;
}

const patternsOf = new WeakMap<Config, RegExp[]>();
/** Every distinct compiled systemMatches pattern of a config (global and route rules). */
function systemPatterns(config: Config): RegExp[] {
  let out = patternsOf.get(config);
  if (!out) {
    const byKey = new Map<string, RegExp>();
    for (const set of prepare(config).rules.values()) for (const c of set.rules) if (c.system) byKey.set(regexKey(c.system), c.system);
    out = [...byKey.values()];
    patternsOf.set(config, out);
  }
  return out;
}

/**
 * After the request: the summary from what plan() already computed, and what it skipped because the
 * config in force did not need it (scores, the learned score), so a future config that does can be replayed.
 */
export function summariseText(facts: RequestFacts, signals: Signals, config: Config, learned?: LearnedModel): TextSummary {
  const text = signals.shortcuts ? signals.shortcuts.strippedText : facts.lastUserText;
  const summary: TextSummary = {
    chars: signals.textLength,
    charsPerToken: signals.estimate.charsPerToken,
    scores: signals.scores ?? scoreText(text),
    systemChars: facts.systemText.length,
  };
  if (signals.shortcuts) summary.shortcuts = signals.shortcuts.names;
  if (learned) {
    const d = signals.difficulty;
    const score = d?.source === 'learned' && d.score !== undefined ? d.score : learnedScore(learned, text);
    summary.learned = { score, model: learnedTag(learned) };
  }
  const patterns = facts.systemText.length === 0 ? [] : systemPatterns(config);
  if (patterns.length > 0) {
    const head = facts.systemText.length > systemMatchChars ? facts.systemText.slice(0, systemMatchChars) : facts.systemText;
    const system: Record<string, boolean> = {};
    for (const re of patterns) system[regexKey(re)] = re.test(head);
    summary.system = system;
  }
  return summary;
}

/**
 * At replay: the signals from the summary. `text`: the redacted text kept with `ledger.capturePrompts`
 * (already without shortcuts), which lets a different learned model score it.
 */
export function summarySignals(
  facts: RequestFacts,
  s: TextSummary,
  analyzeText: boolean,
  learned: LearnedModel | undefined,
  quality: number | undefined,
  text: string | undefined,
  gaps: Gaps,
): Signals {
  return signalsFrom(
    facts,
    {
      shortcuts: s.shortcuts ? { names: s.shortcuts, strippedText: '' } : undefined,
      textLength: s.chars,
      estimate: estimateWith(facts, s.charsPerToken),
      scores: analyzeText ? s.scores : undefined,
      learnedScore: (model) => {
        if (s.learned?.model === learnedTag(model)) return s.learned.score;
        if (text !== undefined) return learnedScore(model, text);
        gaps.push(s.learned ? 'learned model differs from the one recorded' : 'no learned score recorded');
        return undefined;
      },
    },
    learned,
    quality,
  );
}

/**
 * At replay, for a rule's systemMatches: true/false when known, undefined when it cannot be told
 * (a pattern the recording config did not have, and no text kept). `text`: the kept system head.
 */
export function replaySystemMatch(re: RegExp, s: TextSummary, text: string | undefined): boolean | undefined {
  if (s.systemChars === 0) return re.test('');
  // The recorded verdict first: it was read from the real text, the kept one is redacted.
  const known = s.system?.[regexKey(re)];
  if (known !== undefined) return known;
  return text === undefined ? undefined : re.test(text);
}
