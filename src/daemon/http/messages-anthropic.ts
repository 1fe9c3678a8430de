// POST /v1/messages (and /messages, ?beta=true): Anthropic clients such as Claude Code. Validate at
// the edge, plan with the same engine as OpenAI clients, then hand over to the same executor.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { estimateTokens } from '../../engine/estimate.js';
import { requestFacts } from '../../engine/facts.js';
import { replaceLastUserTextAnthropic, summarizeAnthropic, validateAnthropicMessages } from '../../wire/anthropic/request.js';
import { anthropicErrorBody, type ClientError } from '../../wire/errors.js';
import { decodeAnthropicRequest } from '../../wire/anthropic/request-decode.js';
import type { Caller } from '../keys/caller.js';
import { planInDaemon, servePlanned } from './planned.js';
import { anthropicClient } from '../relay/anthropic-client.js';
import { newDecisionId, type Runtime } from '../runtime.js';
import type { ParsedBody } from './json-body.js';
import { relayContext } from './relay-context.js';
import { sendError } from './respond.js';

/** Headers that only an Anthropic upstream should see, forwarded byte for byte (gateway contract). */
export function anthropicForwardHeaders(headers: IncomingMessage['headers']): Record<string, string> | undefined {
  const version = headers['anthropic-version'];
  const beta = headers['anthropic-beta'];
  if (version === undefined && beta === undefined) return undefined;
  const out: Record<string, string> = {};
  if (typeof version === 'string') out['anthropic-version'] = version;
  if (typeof beta === 'string') out['anthropic-beta'] = beta;
  return out;
}

export async function handleAnthropicMessages(
  req: IncomingMessage,
  res: ServerResponse,
  parsed: ParsedBody,
  rt: Runtime,
  caller: Caller,
): Promise<void> {
  const startedAt = rt.clock();
  const decisionId = newDecisionId(startedAt);
  const refuse = (e: ClientError) => sendError(res, anthropicErrorBody(e, decisionId));
  if (!parsed.ok) return refuse({ status: 400, type: 'invalid_request_error', message: parsed.message });
  const valid = validateAnthropicMessages(parsed.body);
  if (!valid.ok) return refuse({ status: 400, type: 'invalid_request_error', message: valid.message, param: valid.param });

  const summary = summarizeAnthropic(valid.req);
  const facts = requestFacts(valid.req.model, summary, req.headers, 'anthropic');
  const decision = planInDaemon(rt, facts, startedAt, decisionId);
  if (!decision.ok) {
    const hint = decision.suggestions.length ? ` Did you mean: ${decision.suggestions.join(', ')}?` : '';
    return refuse({
      status: decision.status,
      type: decision.status === 404 ? 'not_found_error' : 'invalid_request_error',
      message: decision.message + hint,
    });
  }
  rt.recorder.decision(decision, facts.model);
  const request = decision.shortcut ? replaceLastUserTextAnthropic(valid.req, decision.shortcut.strippedText) : valid.req;
  const client = anthropicClient(request, relayContext(rt, decisionId), estimateTokens(summary).input);
  await servePlanned(
    {
      caller,
      plan: decision,
      facts,
      summary,
      startedAt,
      client,
      forwardHeaders: anthropicForwardHeaders(req.headers),
      res,
      canonical: () => decodeAnthropicRequest(request),
      refuse,
    },
    rt,
  );
}
