// POST /v1/responses (and /responses): Responses API clients such as Codex CLI. Validate at the
// edge, plan with the same engine as the other formats, then hand over to the same executor.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestFacts } from '../../engine/facts.js';
import { plan } from '../../engine/plan.js';
import { openAiErrorBody, type ClientError } from '../../wire/errors.js';
import { replaceLastUserTextResponses, summarizeResponses, validateResponses } from '../../wire/responses/request.js';
import { execute } from '../executor.js';
import { responsesClient } from '../relay/responses-client.js';
import { newDecisionId, type Runtime } from '../runtime.js';
import { parseJsonBody } from './json-body.js';
import { relayContext } from './relay-context.js';
import { sendError } from './respond.js';

export async function handleResponses(req: IncomingMessage, res: ServerResponse, bodyText: string, rt: Runtime): Promise<void> {
  const startedAt = rt.clock();
  const refuse = (e: ClientError) => sendError(res, openAiErrorBody(e));
  const parsed = parseJsonBody(bodyText);
  if (!parsed.ok) return refuse({ status: 400, type: 'invalid_request_error', message: parsed.message });
  const valid = validateResponses(parsed.body);
  if (!valid.ok) return refuse({ status: 400, type: 'invalid_request_error', message: valid.message, param: valid.param });

  const summary = summarizeResponses(valid.req);
  // The engine knows two client families; a Responses client is of the OpenAI one.
  const facts = requestFacts(valid.req.model, summary, req.headers, 'openai');
  const decisionId = newDecisionId(startedAt);
  const decision = plan(facts, rt.state.current, rt.config(), startedAt, decisionId, { learned: rt.learned?.() });
  if (!decision.ok) {
    const hint = decision.suggestions.length ? ` Did you mean: ${decision.suggestions.join(', ')}?` : '';
    return refuse({ status: decision.status, type: decision.status === 404 ? 'not_found_error' : 'invalid_request_error', code: decision.code, message: decision.message + hint, param: 'model' });
  }
  rt.recorder.decision(decision, facts.model);
  const request = decision.shortcut ? replaceLastUserTextResponses(valid.req, decision.shortcut.strippedText) : valid.req;
  const ctx = { ...relayContext(rt, decisionId), note: (text: string) => void decision.trace.notes.push(text) };
  await execute({ plan: decision, facts, startedAt, stream: summary.stream, client: responsesClient(request, ctx), res }, rt);
}
