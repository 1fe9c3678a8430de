// POST /v1/chat/completions: validate at the edge, plan, then hand over to the executor.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { plan } from '../../engine/plan.js';
import { openAiErrorBody } from '../../wire/errors.js';
import { replaceLastUserTextOpenAi, summarizeOpenAi, validateOpenAiChat } from '../../wire/openai/request.js';
import { execute } from '../executor.js';
import { openAiClient } from '../relay/openai-client.js';
import { newDecisionId, type Runtime } from '../runtime.js';
import { requestFacts } from '../../engine/facts.js';
import { parseJsonBody } from './json-body.js';
import { relayContext } from './relay-context.js';
import { sendError } from './respond.js';

export async function handleOpenAiChat(req: IncomingMessage, res: ServerResponse, bodyText: string, rt: Runtime): Promise<void> {
  const startedAt = rt.clock();
  const parsed = parseJsonBody(bodyText);
  if (!parsed.ok) return sendError(res, openAiErrorBody({ status: 400, type: 'invalid_request_error', message: parsed.message }));
  const valid = validateOpenAiChat(parsed.body);
  if (!valid.ok) return sendError(res, openAiErrorBody({ status: 400, type: 'invalid_request_error', message: valid.message, param: valid.param }));

  const summary = summarizeOpenAi(valid.req);
  const facts = requestFacts(valid.req.model, summary, req.headers, 'openai');
  const decisionId = newDecisionId(startedAt);
  const decision = plan(facts, rt.state.current, rt.config(), startedAt, decisionId, { learned: rt.learned?.() });
  if (!decision.ok) {
    const hint = decision.suggestions.length ? ` Did you mean: ${decision.suggestions.join(', ')}?` : '';
    return sendError(res, openAiErrorBody({ status: decision.status, type: decision.status === 404 ? 'not_found_error' : 'invalid_request_error', code: decision.code, message: decision.message + hint, param: 'model' }));
  }
  rt.recorder.decision(decision, facts.model);
  const request = decision.shortcut ? replaceLastUserTextOpenAi(valid.req, decision.shortcut.strippedText) : valid.req;
  await execute(
    { plan: decision, facts, startedAt, stream: summary.stream, client: openAiClient(request, summary.wantsUsage, relayContext(rt, decisionId)), res },
    rt,
  );
}
