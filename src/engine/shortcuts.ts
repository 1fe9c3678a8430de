// Prompt shortcuts: "@reasoning @swe @long @vision @fast" at the very start of the last user message.
import type { Tier } from '../config/schema.js';
import type { Requirements } from './requirements.js';

export const shortcutNames = ['reasoning', 'swe', 'long', 'vision', 'fast'] as const;
export type ShortcutName = (typeof shortcutNames)[number];

export interface ShortcutEffect {
  require: Requirements;
  tier?: Tier;
  /** @fast: order by measured latency whatever the route's strategy. */
  fastest?: boolean;
  intent?: 'code';
}

export const shortcutHelp: Readonly<Record<ShortcutName, string>> = {
  reasoning: 'a reasoning model, strong tier or above',
  swe: 'software engineering: a reasoning model, strong tier, code intent',
  long: 'a context window of at least 100k tokens (or the request size, if larger)',
  vision: 'a model that reads images',
  fast: 'the fastest healthy target by measured latency',
};

/** @long asks for at least this much context even for a short prompt (a big paste may follow). */
export const longContextFloor = 100_000;

export interface ParsedShortcuts {
  names: ShortcutName[];
  strippedText: string;
}

const leading = /^\s*@([a-z]+)(?=\s|$)\s*/i;
const known: ReadonlySet<string> = new Set(shortcutNames);

/** Undefined when the text does not start with a known shortcut; "@longer" or an email is left alone. */
export function parseShortcuts(text: string): ParsedShortcuts | undefined {
  const names: ShortcutName[] = [];
  let rest = text;
  for (;;) {
    const m = leading.exec(rest);
    const word = m?.[1]?.toLowerCase();
    if (!m || word === undefined || !known.has(word)) break;
    if (!names.includes(word as ShortcutName)) names.push(word as ShortcutName);
    rest = rest.slice(m[0].length);
  }
  return names.length === 0 ? undefined : { names, strippedText: rest };
}

export function shortcutEffect(names: readonly ShortcutName[], estimatedTokens: number): ShortcutEffect {
  const effect: ShortcutEffect = { require: {} };
  for (const name of names) {
    switch (name) {
      case 'reasoning':
        effect.require.reasoning = true;
        effect.tier = 'strong';
        break;
      case 'swe':
        effect.require.reasoning = true;
        effect.tier = 'strong';
        effect.intent = 'code';
        break;
      case 'long':
        effect.require.minContext = Math.max(estimatedTokens, longContextFloor);
        break;
      case 'vision':
        effect.require.vision = true;
        break;
      case 'fast':
        effect.fastest = true;
        break;
    }
  }
  return effect;
}
