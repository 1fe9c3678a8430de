// The request path shared by the two OpenAI-shaped endpoints (Chat Completions and Responses):
// validate at the edge, plan, then hand over to the executor. Errors use OpenAI's body; only the
// codec functions and the client side differ per endpoint.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestFacts } from '../../engine/facts.js';
import type { PlanOk } from '../../engine/plan.js';
import type { ClientFormat } from '../../engine/types.js';
import { openAiErrorBody, type ClientError } from '../../wire/errors.js';
import type { RequestSummary } from '../../wire/summary.js';
import type { Validation } from '../../wire/validation.js';
import type { CanonicalRequest } from '../../wire/canonical.js';
import type { Caller } from '../keys/caller.js';
import type { ClientSide } from '../relay/types.js';
import { newDecisionId, type Runtime } from '../runtime.js';
import type { ParsedBody } from './json-body.js';
import { planInDaemon, servePlanned } from './planned.js';
import { sendError } from './respond.js';

export interface OpenAiFamilyEndpoint<Req extends { model: string }> {
  clientFormat: ClientFormat;
  validate(body: unknown): Validation<Req>;
  summarize(req: Req): RequestSummary;
  /** The request whose last user message reads `text` (a stripped `@shortcut` prefix). */
  withLastUserText(req: Req, text: string): Req;
  client(req: Req, summary: RequestSummary, rt: Runtime, decision: PlanOk): ClientSide;
  /** The request in canonical form (the response cache's key). */
  canonical(req: Req): CanonicalRequest;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, parsed: ParsedBody, rt: Runtime, caller: Caller) => Promise<void>;

export function openAiFamilyHandler<Req extends { model: string }>(endpoint: OpenAiFamilyEndpoint<Req>): Handler {
  return async (req, res, parsed, rt, caller) => {
    const startedAt = rt.clock();
    const refuse = (e: ClientError) => sendError(res, openAiErrorBody(e));
    if (!parsed.ok) return refuse({ status: 400, type: 'invalid_request_error', message: parsed.message });
    const valid = endpoint.validate(parsed.body);
    if (!valid.ok) return refuse({ status: 400, type: 'invalid_request_error', message: valid.message, param: valid.param });

    const summary = endpoint.summarize(valid.req);
    const facts = requestFacts(valid.req.model, summary, req.headers, endpoint.clientFormat);
    const decisionId = newDecisionId(startedAt);
    const decision = planInDaemon(rt, facts, startedAt, decisionId);
    if (!decision.ok) {
      const hint = decision.suggestions.length ? ` Did you mean: ${decision.suggestions.join(', ')}?` : '';
      return refuse({
        status: decision.status,
        type: decision.status === 404 ? 'not_found_error' : 'invalid_request_error',
        code: decision.code,
        message: decision.message + hint,
        param: 'model',
      });
    }
    rt.recorder.decision(decision, facts.model);
    const request = decision.shortcut ? endpoint.withLastUserText(valid.req, decision.shortcut.strippedText) : valid.req;
    await servePlanned(
      {
        caller,
        plan: decision,
        facts,
        summary,
        startedAt,
        client: endpoint.client(request, summary, rt, decision),
        res,
        canonical: () => endpoint.canonical(request),
        refuse,
      },
      rt,
    );
  };
}
