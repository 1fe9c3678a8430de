// Ollama and Gemini key tool results by function name, not id: the name of each call is found
// in the assistant turns of the same history.
import type { CanonicalMessage } from './canonical.js';

export function toolNamesById(messages: readonly CanonicalMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) for (const b of m.content) if (b.type === 'tool_use') names.set(b.id, b.name);
  return names;
}
