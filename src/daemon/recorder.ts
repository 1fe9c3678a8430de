// After each request: ledger rows (queued, written in batches by the store), metrics and live
// events. Runs once per request, after the response is finished or abandoned.
import type { Config, Target } from '../config/schema.js';
import { costUsd } from '../engine/cost.js';
import { catalogEntry } from '../engine/prepare.js';
import type { PlanOk } from '../engine/plan.js';
import type { ErrorClass, RequestFacts } from '../engine/types.js';
import type { RouterEvent } from '../protocol/index.js';
import type { AttemptRecord, Ledger } from '../store/types.js';
import type { Usage } from '../wire/usage.js';
import { redactPrompt } from '../learn/redact.js';
import { reportedFailure } from './failure-report.js';
import type { Metrics } from './metrics.js';
import { attemptEvent, iso } from './router-events.js';
import { learningFields, observeBandit, type BanditObserver } from './learning/outcomes.js';
import type { RouterState } from '../engine/types.js';

export interface AttemptResult {
  seq: number;
  target: Target;
  startedAt: number;
  latencyMs: number;
  ttftMs?: number;
  outcome: 'ok' | 'failed' | 'aborted';
  errorClass?: ErrorClass;
  status?: number;
  usage: Usage | null;
  /** The upstream's stop reason and answering model, when it said them (trace export only). */
  finishReason?: string;
  responseModel?: string;
}

export interface RecordedExchange {
  plan: PlanOk;
  startedAt: number;
  stream: boolean;
  facts: RequestFacts;
  /** The key that made the request (ledger key_name, `router stats --by key`). */
  keyName?: string;
  /** Looked up in the response cache: answered from it (hit) or stored after (miss). */
  cache?: 'hit' | 'miss';
  /** On a hit: the target that first gave the answer. */
  cacheTarget?: string;
  /** Told the request's real cost and tokens once it is recorded (a key's budget and tpm settle). */
  onRecorded?: (costUsd: number, tokens: number) => void;
}

export interface RecorderDeps {
  ledger: Ledger | null;
  metrics: Metrics;
  config: () => Config;
  broadcast: (e: RouterEvent) => void;
  /** Events are only built when someone listens. */
  listening: () => boolean;
  clock: () => number;
  /** Bandit routes learn from each finished request; state gives the latencies it is charged against. */
  bandit?: BanditObserver;
  state?: () => RouterState;
  /** Trace export (telemetry.otlp): handed each finished request; queues it and returns. */
  traces?: { request(x: RecordedExchange, results: readonly AttemptResult[], status: number, aborted: boolean, now: number): void };
}

export type Recorder = ReturnType<typeof createRecorder>;

export function createRecorder(d: RecorderDeps) {
  return {
    decision(plan: PlanOk, model: string) {
      if (d.listening())
        d.broadcast({
          type: 'decision',
          at: iso(d.clock()),
          decisionId: plan.decisionId,
          route: plan.route,
          model,
          planned: plan.attempts.map((t) => t.id),
        });
    },

    request(x: RecordedExchange, results: AttemptResult[], status: number, aborted: boolean) {
      const now = d.clock();
      const config = d.config();
      const attempts: AttemptRecord[] = results.map((r) => attemptRecord(x.plan.decisionId, r, config));
      // The answer the client got: the last successful attempt (an escalated answer is followed by a
      // stronger one), else the last attempt made.
      const final = results.findLast((r) => r.outcome === 'ok') ?? results[results.length - 1];
      const usage = final?.usage;
      const route = x.plan.route ?? '';
      for (const a of attempts) {
        d.metrics.attempts.inc(a.provider, a.model, a.outcome);
        if (a.errorClass) d.metrics.errors.inc(a.errorClass);
        if (a.costUsd > 0) d.metrics.spend.add(a.costUsd, a.provider, a.model);
        if (a.tokensIn > 0) d.metrics.tokens.add(a.tokensIn, a.provider, a.model, 'input');
        if (a.tokensOut > 0) d.metrics.tokens.add(a.tokensOut, a.provider, a.model, 'output');
        if (d.listening()) d.broadcast(attemptEvent(a));
      }
      d.metrics.requests.inc(route, `${Math.floor(status / 100)}xx`);
      if (final && final.outcome === 'ok') {
        const { provider, model } = final.target;
        d.metrics.latency.observe((now - x.startedAt) / 1000, provider, model, route);
        if (final.ttftMs !== undefined) d.metrics.ttft.observe(final.ttftMs / 1000, provider, model, route);
        if (final.target.id !== x.plan.attempts[0]?.id) d.metrics.failovers.inc(route);
      }
      const ok = final?.outcome === 'ok' || x.cache === 'hit';
      const costUsd = attempts.reduce((sum, a) => sum + a.costUsd, 0);
      x.onRecorded?.(costUsd, (usage?.inputTokens ?? 0) + (usage?.outputTokens ?? 0));
      if (d.bandit && d.state) observeBandit(x, results, d.state(), d.bandit);
      // Built only for a ledger to keep (the facts are the costly part).
      const learned = d.ledger ? learningFields(x, config) : undefined;
      d.ledger?.enqueue(
        {
          decisionId: x.plan.decisionId,
          ts: x.startedAt,
          route: x.plan.route,
          clientFormat: x.facts.clientFormat,
          requestedModel: x.facts.model,
          stream: x.stream,
          target: final?.target.id ?? x.cacheTarget ?? null,
          status,
          outcome: aborted ? 'aborted' : ok && status < 400 ? 'ok' : 'error',
          // The class of the error the client was told (the executor picks it the same way), or the hang-up.
          errorClass: ok ? undefined : aborted ? final?.errorClass : reportedFailure(results)?.errorClass,
          attempts: results.length,
          latencyMs: now - x.startedAt,
          ttftMs: final?.ttftMs,
          tokensIn: usage?.inputTokens ?? 0,
          tokensOut: usage?.outputTokens ?? 0,
          tokensCached: usage?.cacheReadTokens ?? 0,
          costUsd,
          trace: x.plan.trace,
          keyName: x.keyName,
          cache: x.cache,
          // Opt-in (ledger.capturePrompts): what `router learn --from-ledger` trains on.
          prompt: config.ledger.capturePrompts ? redactPrompt(x.facts.lastUserText) : undefined,
          promptChars: config.ledger.capturePrompts ? x.facts.lastUserText.length : undefined,
          // Named, not spread: a spread adds its keys to the literal through V8's slow path.
          experiment: learned?.experiment,
          arm: learned?.arm,
          facts: learned?.facts,
        },
        attempts,
      );
      d.traces?.request(x, results, status, aborted, now);
      if (d.listening())
        d.broadcast({
          type: 'request',
          at: iso(now),
          decisionId: x.plan.decisionId,
          target: final?.target.id ?? null,
          status,
          latencyMs: now - x.startedAt,
          costUsd,
          attempts: results.length,
        });
    },
  };
}

function attemptRecord(decisionId: string, r: AttemptResult, config: Config): AttemptRecord {
  const u = r.usage;
  return {
    decisionId,
    seq: r.seq,
    ts: r.startedAt,
    target: r.target.id,
    provider: r.target.provider,
    model: r.target.model,
    outcome: r.outcome,
    errorClass: r.errorClass,
    status: r.status,
    ttftMs: r.ttftMs,
    latencyMs: r.latencyMs,
    tokensIn: u?.inputTokens ?? 0,
    tokensOut: u?.outputTokens ?? 0,
    tokensCached: u?.cacheReadTokens ?? 0,
    tokensCacheWrite: u?.cacheWriteTokens ?? 0,
    // The engine's lookup, so a direct provider/model is charged at the price plan() ordered it by.
    costUsd: u ? costUsd(u, catalogEntry(config, r.target)) : 0,
  };
}
