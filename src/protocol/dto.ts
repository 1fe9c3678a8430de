// Data shapes that cross the control socket. Plain JSON: ISO strings for times, no class instances.
import type { ClusterStatusDTO } from './cluster-dto.js';
import type { TelemetryStatusDTO } from './telemetry-dto.js';

export interface HelloResult {
  protocolVersion: number;
  version: string;
  pid: number;
}

export interface ConfigErrorDTO {
  at: string;
  /** Each problem as "file:line:col message", warnings included, in file order. */
  problems: string[];
  /** The first error among them: why the config was refused. */
  firstError: string;
}

export interface CooldownDTO {
  key: string;
  until: string;
  reason: string;
}

export interface StatusDTO {
  pid: number;
  version: string;
  protocolVersion: number;
  startedAt: string;
  uptimeSeconds: number;
  /** The file in use; null while the built-in demo config runs. */
  configPath: string | null;
  /** Where the daemon reads (or, on the demo config, waits for) its config file; watched. */
  configWatched: string;
  /** The --config and --listen the daemon was started with (null: not given), for `daemon restart`. */
  launch: { config: string | null; listen: string | null };
  listen: string;
  /** A `listen:` from a reloaded config that only a restart applies; null when none is pending. */
  listenPending: string | null;
  socket: string;
  db: string;
  routes: number;
  activeRoute: string | null;
  currentTarget: string | null;
  configError: ConfigErrorDTO | null;
  warnings: string[];
  cooldowns: CooldownDTO[];
  openCircuits: string[];
  shadow: boolean;
  uvi: { enabled: boolean; hard: boolean };
  inFlight: number;
  /** Providers at >= 80% of a daily or monthly budget, one line each. */
  budgetWarnings?: string[];
  /** UVI verdicts in force (providers not listed are normal). */
  pressure?: Record<string, 'promoted' | 'normal' | 'demoted' | 'blocked'>;
  /** Present when the config has `cluster:`. */
  cluster?: ClusterStatusDTO;
  /** Trace export (telemetry.otlp); absent when it is off. */
  telemetry?: TelemetryStatusDTO;
}

export interface ReloadResult {
  ok: boolean;
  configPath: string | null;
  routes: number;
  /** Every problem as "file:line:col message", warnings included, in file order. */
  problems: string[];
  /** How many of them are errors (what refused the config). */
  errors: number;
  /** A `listen:` that only a restart applies (as in StatusDTO), null when none. */
  listenPending: string | null;
  warnings: string[];
}

export interface StopResult {
  pid: number;
  stopping: true;
  /** Requests still being answered; the daemon waits for them up to drainMs. */
  inFlight: number;
  drainMs: number;
}

/** One notification of `events.subscribe`; in a cluster, `daemon` names the daemon that made it. */
export type RouterEvent = RouterEventBody & { daemon?: string };

type RouterEventBody =
  | { type: 'decision'; at: string; decisionId: string; route: string | null; model: string; planned: string[] }
  | {
      type: 'attempt';
      at: string;
      decisionId: string;
      seq: number;
      target: string;
      outcome: 'ok' | 'failed' | 'aborted';
      errorClass?: string;
      status?: number;
      latencyMs: number;
    }
  | {
      type: 'request';
      at: string;
      decisionId: string;
      target: string | null;
      status: number;
      latencyMs: number;
      /** All attempts together; absent from daemons before the dashboard. */
      costUsd?: number;
      attempts?: number;
    }
  | { type: 'config.reloaded'; at: string; routes: number }
  | { type: 'config.rejected'; at: string; problems: string[] };

export interface TargetView {
  id: string;
  provider: string;
  model: string;
  label?: string;
  available: boolean;
  /** Why the target is unavailable right now (cooldown, open circuit, no adapter). */
  why?: string;
  contextWindow?: number;
  maxOutput?: number;
  tier?: string;
  reasoning?: boolean;
  vision?: boolean;
  tools?: boolean;
  price?: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
}

export interface RuleView {
  /** "global" or the route id that owns the rule. */
  scope: string;
  name: string;
  priority: number;
  final: boolean;
  when: Record<string, unknown>;
  then: Record<string, unknown>;
}

export interface RouteView {
  id: string;
  name?: string;
  strategy: string;
  active: boolean;
  isDefault: boolean;
  targets: TargetView[];
  rules: number;
}

export interface ConfigView {
  configPath: string | null;
  activeRoute: string | null;
  /** What `router switch` set, when it is not a route id (an alias or a provider/model). */
  switchedTo: string | null;
  defaultRoute: string | null;
  /** Configured provider ids: a provider/model of any other provider cannot be served. */
  providers: string[];
  routes: RouteView[];
  aliases: Array<{ name: string; to: string | string[] }>;
  rules: RuleView[];
}

export interface AttemptDTO {
  seq: number;
  at: string;
  target: string;
  outcome: string;
  errorClass?: string;
  status?: number;
  ttftMs?: number;
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface DecisionDTO {
  decisionId: string;
  at: string;
  route: string | null;
  clientFormat: string;
  requestedModel: string;
  stream: boolean;
  target: string | null;
  status: number;
  outcome: string;
  attempts: AttemptDTO[];
  latencyMs: number;
  costUsd: number;
  /** The engine's DecisionTrace as recorded (see src/engine/trace.ts). */
  trace: unknown;
  /** `router rate` given to this decision. */
  rating?: { rating: 'good' | 'bad'; comment?: string };
  /** Current ratings of the candidates (target id -> counts), for `router explain`. */
  ratings?: Record<string, { good: number; bad: number }>;
}

export interface CircuitDTO {
  target: string;
  state: 'closed' | 'open' | 'half-open';
  recentFailures: number;
  openUntil?: string;
}

export interface FlagsDTO {
  shadow: boolean;
  uvi: { enabled: boolean; hard: boolean };
}
