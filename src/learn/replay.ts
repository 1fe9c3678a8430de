// `router replay`: re-plan recorded decisions from their stored facts under another config, with no
// upstream call, and tally what changes. Pure over the rows it is given; the CLI reads them.
import type { Config, Target } from '../config/schema.js';
import { costUsd } from '../engine/cost.js';
import type { LearnedModel } from '../engine/learned-score.js';
import { plan } from '../engine/plan.js';
import { catalogEntry } from '../engine/prepare.js';
import { readStoredFacts, replayOptionOf } from '../engine/replay-facts.js';
import { providerOf } from '../engine/types.js';
import type { ReplayDTO } from '../protocol/learning-dto.js';

export interface ReplayInput {
  decisionId: string;
  ts: number;
  planned: string | null;
  tokensIn: number;
  tokensOut: number;
  tokensCached: number;
  costUsd: number;
  facts: string;
}

const NONE = '(none)';
const EXAMPLES = 5;

export class ReplayTally {
  private decisions = 0;
  private skipped = 0;
  private changed = 0;
  private unevaluated = 0;
  private readonly gaps = new Map<string, number>();
  private readonly before = new Map<string, number>();
  private readonly after = new Map<string, number>();
  private recordedUsd = 0;
  private beforeUsd = 0;
  private afterUsd = 0;
  private unpriced = 0;
  private beforeLatency = { sum: 0, n: 0 };
  private afterLatency = { sum: 0, n: 0 };
  private unmeasured = 0;
  private readonly examples: ReplayDTO['examples'] = [];
  private readonly targets = new Map<string, Target>();

  constructor(
    private readonly config: Config,
    /** Mean measured latency per target in the window. */
    private readonly latency: ReadonlyMap<string, number>,
    /** The learned difficulty model the daemon plans with (the newest stored), if any. */
    private readonly learned?: LearnedModel,
  ) {}

  add(row: ReplayInput): void {
    const stored = readStoredFacts(JSON.parse(row.facts) as unknown);
    if (!stored) {
      this.skipped += 1;
      return;
    }
    const next = plan(stored.facts, stored.state, this.config, row.ts, row.decisionId, {
      tzOffsetMinutes: stored.tz,
      bandit: stored.bandit,
      learned: this.learned,
      replay: replayOptionOf(stored),
    });
    if (next.ok && next.gaps?.length) {
      this.unevaluated += 1;
      for (const gap of new Set(next.gaps)) bump(this.gaps, gap);
    }
    const before = row.planned ?? NONE;
    const after = next.ok ? (next.attempts[0]?.id ?? NONE) : NONE;
    this.decisions += 1;
    bump(this.before, before);
    bump(this.after, after);
    if (before !== after) {
      this.changed += 1;
      if (this.examples.length < EXAMPLES) this.examples.push({ decisionId: row.decisionId, before, after });
    }
    this.recordedUsd += row.costUsd;
    this.beforeUsd += this.price(before, row);
    this.afterUsd += this.price(after, row);
    this.chargeLatency(before, this.beforeLatency, false);
    this.chargeLatency(after, this.afterLatency, true);
  }

  private price(id: string, row: ReplayInput): number {
    if (id === NONE) return 0;
    const target = this.target(id);
    const provider = this.config.providers[target.provider];
    if ((target.billing ?? provider?.billing) === 'subscription') return 0;
    const entry = catalogEntry(this.config, target);
    if (!entry?.price) {
      // Local targets cost nothing per token (as the adaptive order counts them); others are unknown.
      if (provider?.type !== 'ollama' && provider?.type !== 'simulated') this.unpriced += 1;
      return 0;
    }
    return costUsd(
      { inputTokens: row.tokensIn, outputTokens: row.tokensOut, cacheReadTokens: row.tokensCached, cacheWriteTokens: 0 },
      entry,
    );
  }

  private chargeLatency(id: string, into: { sum: number; n: number }, countMissing: boolean): void {
    const ms = this.latency.get(id);
    if (ms === undefined) {
      if (countMissing && id !== NONE) this.unmeasured += 1;
      return;
    }
    into.sum += ms;
    into.n += 1;
  }

  private target(id: string): Target {
    let t = this.targets.get(id);
    if (!t) {
      const provider = providerOf(id);
      t = { id, provider, model: id.slice(provider.length + 1) };
      this.targets.set(id, t);
    }
    return t;
  }

  result(meta: { config: string; since: string; route: string | null }): ReplayDTO {
    const mean = (l: { sum: number; n: number }) => (l.n === 0 ? null : l.sum / l.n);
    return {
      ...meta,
      decisions: this.decisions,
      skipped: this.skipped,
      changed: this.changed,
      changedPct: this.decisions === 0 ? 0 : (this.changed / this.decisions) * 100,
      unevaluated: this.unevaluated,
      gaps: Object.fromEntries(this.gaps),
      before: Object.fromEntries(this.before),
      after: Object.fromEntries(this.after),
      cost: { recordedUsd: this.recordedUsd, beforeUsd: this.beforeUsd, afterUsd: this.afterUsd, unpriced: this.unpriced },
      latency: { beforeMs: mean(this.beforeLatency), afterMs: mean(this.afterLatency), unmeasured: this.unmeasured },
      examples: this.examples,
    };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
