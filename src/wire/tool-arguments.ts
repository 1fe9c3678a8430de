// Tool arguments cross between OpenAI (a JSON string) and Anthropic (a JSON object). Anthropic
// rejects anything but an object, so text that is not an object is wrapped, never sent raw.
import type { Json } from './canonical.js';
import { isObj } from './json-object.js';

export function argumentsToInput(args: string | undefined | null): Json {
  if (args === undefined || args === null || args.trim() === '') return {};
  try {
    const v: unknown = JSON.parse(args);
    if (isObj(v)) return v as Json;
  } catch {
    // fall through: truncated or hand-written arguments
  }
  return { raw_arguments: args };
}

export function inputToArguments(input: Json): string {
  return JSON.stringify(input);
}
