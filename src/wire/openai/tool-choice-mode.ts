// OpenAI's string tool_choice modes, the same in Chat Completions and Responses: `required` is the
// canonical (Anthropic) `any`. Named-tool choices differ in shape per API and stay with each codec.
import type { ToolChoice } from '../canonical.js';

export type OpenAiToolMode = 'auto' | 'none' | 'required';

/** The canonical choice for a string mode, or undefined for anything else. */
export function toolChoiceOfMode(mode: unknown): ToolChoice | undefined {
  if (mode === 'auto') return { type: 'auto' };
  if (mode === 'none') return { type: 'none' };
  if (mode === 'required') return { type: 'any' };
  return undefined;
}

/** The string mode for a canonical choice, or undefined for a named tool (or no choice). */
export function modeOfToolChoice(c: ToolChoice | undefined): OpenAiToolMode | undefined {
  switch (c?.type) {
    case 'auto':
      return 'auto';
    case 'none':
      return 'none';
    case 'any':
      return 'required';
    default:
      return undefined;
  }
}
