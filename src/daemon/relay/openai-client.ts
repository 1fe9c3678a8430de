// The OpenAI client side: errors in OpenAI's shape, and the relay for each upstream format.
import { openAiErrorBody, openAiStreamErrorPayload } from '../../wire/errors.js';
import type { OpenAiChatRequest } from '../../wire/openai/types.js';
import { openAiPassthrough } from './openai-passthrough.js';
import type { ClientSide } from './types.js';

export function openAiClient(req: OpenAiChatRequest, wantsUsage: boolean): ClientSide {
  return {
    format: 'openai',
    contentType: 'application/json',
    relayFor: (upstream) => (upstream === 'openai' ? openAiPassthrough(req, wantsUsage) : null),
    errorResponse: openAiErrorBody,
    streamError: (e) => `data: ${JSON.stringify(openAiStreamErrorPayload(e))}\n\n`,
  };
}
