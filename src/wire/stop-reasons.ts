// Stop/finish reason mapping (PROTOCOLS 3.4). Tool calls decide over the upstream's word, except
// that truncation always wins: a cut-off tool call reported as tool_use breaks clients.
import type { StopReason } from './canonical.js';

export function stopFromOpenAi(finish: string | null | undefined, hasToolCalls: boolean): StopReason | null {
  switch (finish) {
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'stop':
      return hasToolCalls ? 'tool_use' : 'end_turn';
    case null:
    case undefined:
      return null;
    default:
      return hasToolCalls ? 'tool_use' : 'end_turn';
  }
}

export function stopToOpenAi(stop: StopReason | null): string | null {
  switch (stop) {
    case 'end_turn':
    case 'stop_sequence':
    case 'pause_turn':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return null;
  }
}

const anthropicStops: ReadonlySet<string> = new Set([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

/** Unknown future reasons degrade to end_turn rather than breaking the response. */
export function stopFromAnthropic(stop: unknown): StopReason | null {
  if (typeof stop !== 'string') return null;
  return anthropicStops.has(stop) ? (stop as StopReason) : 'end_turn';
}
