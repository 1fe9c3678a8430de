// A planned request, from the caller's checks to its answer: the key's limits (403 / 402 / 429,
// cache hit or not, so a cached answer never skips them), then the response cache, then the
// executor. Shared by every endpoint; each only says how to refuse and how to decode.
import type { ServerResponse } from 'node:http';
import type { Config } from '../../config/schema.js';
import { plan, type PlanOk } from '../../engine/plan.js';
import type { RequestFacts } from '../../engine/types.js';
import type { CanonicalRequest } from '../../wire/canonical.js';
import type { ClientError } from '../../wire/errors.js';
import type { RequestSummary } from '../../wire/summary.js';
import { estimateTokens } from '../../engine/estimate.js';
import { lookUp, routeCaches } from '../cache/lookup.js';
import { replayHit } from '../cache/replay.js';
import { execute, type Exchange } from '../executor.js';
import { admitKey, type KeyTicket } from '../keys/admission.js';
import type { Caller } from '../keys/caller.js';
import type { ClientSide } from '../relay/types.js';
import type { Runtime } from '../runtime.js';

/** plan() with what the daemon holds: its routing state and config, the learned model, the bandit's posteriors. */
export function planInDaemon(rt: Runtime, facts: RequestFacts, startedAt: number, decisionId: string): ReturnType<typeof plan> {
  return plan(facts, rt.state.current, rt.config(), startedAt, decisionId, { learned: rt.learned?.(), bandit: rt.bandit?.() });
}

export interface Planned {
  caller: Caller;
  plan: PlanOk;
  facts: RequestFacts;
  summary: RequestSummary;
  startedAt: number;
  client: ClientSide;
  forwardHeaders?: Record<string, string>;
  res: ServerResponse;
  /** The request in canonical form, decoded only when the cache needs it. */
  canonical: () => CanonicalRequest;
  refuse: (e: ClientError) => void;
}

/**
 * The default path (no key to check, a route without the cache) goes straight to the executor
 * without async frames of its own: they cost ~4 % of the CPU of a plain JSON request (bench/ab.js,
 * B/A 0.95-0.98 over four reps).
 */
export function servePlanned(p: Planned, rt: Runtime): Promise<void> {
  if (!rt.keys || p.caller.kind === 'anonymous') return answer(p, rt, undefined);
  return serveKeyed(p, rt, rt.keys);
}

async function serveKeyed(p: Planned, rt: Runtime, keys: NonNullable<Runtime['keys']>): Promise<void> {
  const size = { inputTokens: estimateTokens(p.facts).input, maxOutputTokens: p.summary.maxOutputTokens };
  const admitted = await admitKey(p.caller, p.plan, size, rt.config(), keys.counters, p.startedAt);
  if (!admitted.ok) return refused(p, rt, admitted.error);
  const ticket = admitted.ticket;
  if (!ticket) return answer(p, rt, undefined);
  try {
    await answer(p, rt, ticket);
  } finally {
    // The recorder settled it with the real cost; this only frees a reservation a failure left open.
    ticket.finish(0, 0);
  }
}

/** A key's refusal is answered, and recorded under the key (stats --by key counts it), with no attempt. */
function refused(p: Planned, rt: Runtime, error: ClientError): void {
  p.refuse(error);
  const keyName = p.caller.kind === 'key' ? p.caller.policy.name : undefined;
  const x = { plan: p.plan, facts: p.facts, startedAt: p.startedAt, stream: p.summary.stream, keyName };
  rt.recorder.request(x, [], error.status, false);
}

function answer(p: Planned, rt: Runtime, ticket: KeyTicket | undefined): Promise<void> {
  const config = rt.config();
  const x: Exchange = {
    plan: p.plan,
    facts: p.facts,
    startedAt: p.startedAt,
    stream: p.summary.stream,
    client: p.client,
    forwardHeaders: p.forwardHeaders,
    res: p.res,
    keyName: ticket?.keyName,
    onRecorded: ticket && ((costUsd, tokens) => ticket.finish(costUsd, tokens)),
  };
  if (!routeCaches(rt.cache, config, p.plan.route)) return execute(x, rt);
  return answerThroughCache(x, p, rt, config);
}

async function answerThroughCache(x: Exchange, p: Planned, rt: Runtime, config: Config): Promise<void> {
  const cache = await lookUp(rt.cache, config, p.plan.route, p.canonical, rt.clock, rt.log);
  if (cache.kind === 'hit') {
    x.cache = 'hit';
    x.cacheTarget = cache.answer.target;
    x.extraHeaders = { 'x-router-cache': 'hit' };
    if (replayHit(x, cache.answer.response, cache.answer.target)) return rt.recorder.request(x, [], 200, false);
    // The stored answer does not fit this client: it is served live instead.
  }
  if (cache.kind !== 'skip') {
    x.cache = 'miss';
    x.cacheTarget = undefined;
    x.extraHeaders = { 'x-router-cache': 'miss' };
    if (cache.kind === 'miss') x.cacheFill = (answer, target) => cache.fill(answer, target.id);
  }
  await execute(x, rt);
}
