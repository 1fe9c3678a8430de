// POST /v1/messages/count_tokens (?beta=true): answered locally for every route from the engine's
// estimate, so it never costs an upstream call and never marks a target unhealthy. Claude Code
// calls it often; without it, its context meter falls back to a cruder guess.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { estimateTokens } from '../../engine/estimate.js';
import { summarizeAnthropic, validateAnthropicMessages } from '../../wire/anthropic/request.js';
import { anthropicErrorBody } from '../../wire/errors.js';
import { newDecisionId, type Runtime } from '../runtime.js';
import type { ParsedBody } from './json-body.js';
import { sendError, sendJson } from './respond.js';

export async function handleAnthropicCountTokens(
  _req: IncomingMessage,
  res: ServerResponse,
  parsed: ParsedBody,
  rt: Runtime,
): Promise<void> {
  const requestId = newDecisionId(rt.clock());
  if (!parsed.ok)
    return sendError(res, anthropicErrorBody({ status: 400, type: 'invalid_request_error', message: parsed.message }, requestId));
  const valid = validateAnthropicMessages(parsed.body, { countTokens: true });
  if (!valid.ok)
    return sendError(
      res,
      anthropicErrorBody({ status: 400, type: 'invalid_request_error', message: valid.message, param: valid.param }, requestId),
    );
  sendJson(res, 200, { input_tokens: estimateTokens(summarizeAnthropic(valid.req)).input }, { 'request-id': requestId });
}
