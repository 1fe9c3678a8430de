// What the data plane sees of the daemon: the current config and adapters (swapped atomically on
// reload), the state owner, the recorder and the clock. Built once in main.ts.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema.js';
import type { ClusterStatusDTO } from '../protocol/index.js';
import type { Cutoff } from './cutoff.js';
import type { BanditBook } from '../engine/bandit.js';
import type { LearnedModel } from '../engine/learned-score.js';
import type { KeepAlives } from './keep-alive.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { Adapters } from './providers/registry.js';
import type { Recorder } from './recorder.js';
import type { StateHolder } from './state/holder.js';
import type { Conversations } from './relay/responses-conversations.js';
import type { CacheStore } from './cache/types.js';
import type { KeyService } from './keys/service.js';
import type { ProviderCounters } from './limits/types.js';

export interface Runtime {
  config(): Config;
  adapters(): Adapters;
  state: StateHolder;
  recorder: Recorder;
  keepAlives: KeepAlives;
  /** Requests in flight, cut when the shutdown's drain is over. */
  cutoff?: Cutoff;
  metrics: Metrics;
  log: Logger;
  clock(): number;
  /** Responses API conversations in router.db (previous_response_id on translated upstreams). */
  conversations?: Conversations;
  /** The learned difficulty model (`router learn`), when one is stored. */
  learned?(): LearnedModel | undefined;
  /** Virtual keys and their counters (absent: only config `apiKeys`, no per-key limits). */
  keys?: KeyService;
  /** The exact response cache (absent: nothing is cached). */
  cache?: CacheStore;
  /** Per-provider rpm / tpm / concurrency. */
  providerLimits?: ProviderCounters;
  /** Bandit posteriors for `strategy: bandit` routes. */
  bandit?(): BanditBook;
  /** Config `cluster:`: the Redis link's health, for /healthz. */
  cluster?: { status(): ClusterStatusDTO };
}

// A random per-process prefix keeps ids unique across restarts; the counter keeps them cheap.
const processTag = randomBytes(3).toString('hex');
let sequence = 0;

/** Time-ordered and short enough to type: `router explain d-mwr65pup-3fa9c1-12`. */
export function newDecisionId(now: number): string {
  sequence = (sequence + 1) % 1_000_000_000;
  return `d-${now.toString(36)}-${processTag}-${sequence.toString(36)}`;
}
