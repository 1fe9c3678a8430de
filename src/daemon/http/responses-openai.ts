// POST /v1/responses (and /responses): Responses API clients such as Codex CLI. Validate at the
// edge, plan with the same engine as the other formats, then hand over to the same executor.
import { replaceLastUserTextResponses, summarizeResponses, validateResponses } from '../../wire/responses/request.js';
import { decodeResponsesRequest } from '../../wire/responses/request-decode.js';
import { responsesClient } from '../relay/responses-client.js';
import { openAiFamilyHandler } from './openai-family.js';
import { relayContext } from './relay-context.js';

export const handleResponses = openAiFamilyHandler({
  clientFormat: 'responses',
  validate: validateResponses,
  summarize: summarizeResponses,
  withLastUserText: replaceLastUserTextResponses,
  client: (request, _summary, rt, decision) =>
    responsesClient(
      request,
      relayContext(rt, decision.decisionId, (text) => void decision.trace.notes.push(text)),
      rt.conversations,
    ),
  canonical: decodeResponsesRequest,
});
