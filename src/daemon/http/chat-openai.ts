// POST /v1/chat/completions: validate at the edge, plan, then hand over to the executor.
import { replaceLastUserTextOpenAi, summarizeOpenAi, validateOpenAiChat } from '../../wire/openai/request.js';
import { decodeOpenAiRequest } from '../../wire/openai/request-decode.js';
import { openAiClient } from '../relay/openai-client.js';
import { openAiFamilyHandler } from './openai-family.js';
import { relayContext } from './relay-context.js';

export const handleOpenAiChat = openAiFamilyHandler({
  clientFormat: 'openai',
  validate: validateOpenAiChat,
  summarize: summarizeOpenAi,
  withLastUserText: replaceLastUserTextOpenAi,
  client: (request, summary, rt, decision) => openAiClient(request, summary.wantsUsage, relayContext(rt, decision.decisionId)),
  canonical: decodeOpenAiRequest,
});
