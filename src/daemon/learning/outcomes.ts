// After each request, what the learning features need: the bandit's observations (each failed
// attempt a failure, the answer a reward, an answer replaced by an escalation no quality credit),
// and the ledger's experiment arm and planning facts.
import { decisionReward } from '../../engine/bandit.js';
import type { Config } from '../../config/schema.js';
import type { KeptText } from '../../engine/replay-facts.js';
import { storedFacts } from '../../engine/replay-facts.js';
import { systemMatchChars } from '../../engine/rules.js';
import { summariseText } from '../../engine/text-summary.js';
import { redactPrompt } from '../../learn/redact.js';
import type { ErrorClass, RouterState } from '../../engine/types.js';
import type { AttemptResult, RecordedExchange } from '../recorder.js';

/** The classes the reducer also leaves out of health (engine/reduce.ts): the request's fault, not the target's. */
const clientSide: ReadonlySet<ErrorClass> = new Set<ErrorClass>(['invalid_request', 'context_length', 'not_found', 'client_closed']);

export interface BanditObserver {
  observe(scope: string, target: string, reward: number): void;
}

export function observeBandit(x: RecordedExchange, results: readonly AttemptResult[], state: RouterState, bandit: BanditObserver): void {
  const trace = x.plan.trace;
  if (trace.banditScope === undefined) return;
  const latencyEwma = (target: string): number | undefined => {
    const l = state.latency[target];
    if (!l || l.samples === 0) return undefined;
    return x.stream && l.ttftEwmaMs > 0 ? l.ttftEwmaMs : l.ewmaMs;
  };
  const lastOk = results.findLastIndex((r) => r.outcome === 'ok');
  results.forEach((r, i) => {
    // A client that hung up, or sent what no target could serve, says nothing about the target.
    if (r.outcome === 'aborted' || (r.errorClass !== undefined && clientSide.has(r.errorClass))) return;
    const ok = r.outcome === 'ok';
    const latencyMs = x.stream && r.ttftMs !== undefined ? r.ttftMs : r.latencyMs;
    const observed = decisionReward(trace, r.target.id, { ok, poorAnswer: ok && i < lastOk, latencyMs }, latencyEwma);
    if (observed) bandit.observe(observed.scope, r.target.id, observed.reward);
  });
}

/**
 * Ledger fields of the learning features: the experiment arm, and the facts unless `ledger.facts: false`.
 * The facts hold no prompt text unless `ledger.capturePrompts` is on, and then only its redacted head.
 */
export function learningFields(x: RecordedExchange, config: Config): { experiment?: string; arm?: string; facts?: unknown } {
  const scope = x.plan.trace.banditScope;
  const arms = scope === undefined ? undefined : x.plan.banditArms;
  return {
    experiment: x.plan.experiment?.id,
    arm: x.plan.experiment?.arm,
    facts:
      config.ledger.facts !== false
        ? storedFacts(
            x.facts,
            x.plan.state,
            x.startedAt,
            0,
            {
              summary: summariseText(x.facts, x.plan.signals, config, x.plan.learned),
              kept: config.ledger.capturePrompts ? keptText(x) : undefined,
            },
            scope !== undefined && arms ? { scope, arms } : undefined,
          )
        : undefined,
  };
}

function keptText(x: RecordedExchange): KeptText {
  const user = x.plan.signals.shortcuts ? x.plan.signals.shortcuts.strippedText : x.facts.lastUserText;
  const system = x.facts.systemText.length > systemMatchChars ? x.facts.systemText.slice(0, systemMatchChars) : x.facts.systemText;
  return { user: redactPrompt(user), system: redactPrompt(system) };
}

/** `router rate`: good is a full reward for the answering target, bad none, in the decision's scope. */
export function observeRating(trace: unknown, target: string, rating: 'good' | 'bad', bandit: BanditObserver): void {
  const scope = (trace as { banditScope?: unknown } | undefined)?.banditScope;
  if (typeof scope === 'string') bandit.observe(scope, target, rating === 'good' ? 1 : 0);
}
