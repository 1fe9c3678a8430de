// The shapes one request carries through the executor and its attempts.
import type { ServerResponse } from 'node:http';
import type { Config, Target } from '../config/schema.js';
import type { UpstreamFormat } from '../wire/errors.js';
import type { ProviderCounters } from './limits/types.js';
import type { Cutoff } from './cutoff.js';
import type { KeepAliveHandle, KeepAlives } from './keep-alive.js';
import type { ClientGone } from './providers/types.js';
import type { Adapters } from './providers/registry.js';
import type { AttemptResult, RecordedExchange, Recorder } from './recorder.js';
import type { ClientSide } from './relay/types.js';
import type { StateHolder } from './state/holder.js';

export interface ExecutorDeps {
  adapters: () => Adapters;
  config: () => Config;
  state: StateHolder;
  recorder: Recorder;
  keepAlives: KeepAlives;
  clock: () => number;
  /** The shutdown's view of requests in flight (absent in unit tests). */
  cutoff?: Cutoff;
  /** In [0, 1): backoff jitter (tests inject a fixed one). */
  random?: () => number;
  /** Per-provider rpm / tpm / concurrency (absent: no provider has limits, as in unit tests). */
  providerLimits?: ProviderCounters;
}

/** An upstream's whole answer, handed to the response cache on a miss. */
export interface UpstreamAnswer {
  format: UpstreamFormat;
  json?: string;
  chunks?: readonly string[];
}

export interface Exchange extends RecordedExchange {
  client: ClientSide;
  /** Client headers an upstream of the same family should see (anthropic-beta). */
  forwardHeaders?: Record<string, string>;
  res: ServerResponse;
  /** A cacheable request the cache did not have: its answer, once whole and sent, is stored here. */
  cacheFill?: (answer: UpstreamAnswer, target: Target) => void;
  /** Extra response headers (x-router-cache). */
  extraHeaders?: Record<string, string>;
}

/** One request in flight: what every attempt reads and appends to. */
export interface Run {
  x: Exchange;
  deps: ExecutorDeps;
  /** The config the plan was made with; every attempt of the request uses it. */
  config: Config;
  /** Ledger rows, one per attempt sent (or skipped for want of an adapter or translation). */
  results: AttemptResult[];
  gone: ClientGone;
  keepAlive: KeepAliveHandle | undefined;
  /** A broken stream may be continued elsewhere, so attempts keep the upstream's text (see rescue.ts). */
  recordStreams: boolean;
}
