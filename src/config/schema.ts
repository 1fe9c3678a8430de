// The one source of truth for config.yaml: the zod schema gives validation, defaults and the
// TypeScript types together. Strict objects everywhere so a typo is an error, not a silent no-op.
import { z } from 'zod';
import { authSchema, cacheSchema, providerLimitFields } from './team-schema.js';
import { experimentSchema, weightsSchema, type ArmConfig, type ExperimentConfig } from './experiment-schema.js';
import { clusterSchema } from './cluster-schema.js';
import { telemetrySchema } from './telemetry-schema.js';

const usd = z.number().nonnegative();
const seconds = z.number().nonnegative();
const targetRef = z.string().regex(/^[^/\s]+\/\S+$/, 'expected "provider/model"');

export const providerTypes = ['openai', 'anthropic', 'gemini', 'ollama', 'openai-compatible', 'simulated'] as const;
export type ProviderType = (typeof providerTypes)[number];

const simulateFault = z.strictObject({
  // Answer with this HTTP status instead of a completion (e.g. 429, 503).
  status: z.number().int().min(400).max(599).optional(),
  // Fraction of requests that fail (1 = always).
  rate: z.number().min(0).max(1).default(1),
  retryAfter: seconds.optional(),
  // Drop the connection after some content has been streamed.
  midStream: z.boolean().default(false),
});

const simulate = z.strictObject({
  text: z.string().default('Hello from the simulated provider. It answers locally, with no keys and no network.'),
  latencyMs: z.number().int().nonnegative().default(0),
  tokensPerSecond: z.number().positive().optional(),
  fault: simulateFault.optional(),
});

const quotaSource = z.strictObject({
  url: z.string().url(),
  token: z.string().optional(),
  windows: z.array(z.string()).optional(),
});

const balanceSource = z.strictObject({
  url: z.string().url(),
  token: z.string().optional(),
  path: z.string().optional(),
});

export const providerSchema = z.strictObject({
  type: z.enum(providerTypes),
  baseUrl: z.string().url().optional(),
  apiKey: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  billing: z.enum(['per-token', 'subscription']).default('per-token'),
  // The older name of streamIdleTimeoutMs, still read when that is not set.
  timeoutMs: z.number().int().positive().optional(),
  connectTimeoutMs: z.number().int().positive().default(10_000),
  firstByteTimeoutMs: z.number().int().positive().default(120_000),
  // Open connections to this provider at most (default 1000, sized for agents). A request waiting
  // for one counts toward firstByteTimeoutMs, so a full pool fails over instead of queueing.
  connections: z.number().int().positive().optional(),
  // No content token by then: the attempt fails over (nothing reached the client). Unset: firstByteTimeoutMs.
  firstTokenTimeoutMs: z.number().int().positive().optional(),
  // Silence between stream events (or in a whole body) this long: the attempt is broken.
  streamIdleTimeoutMs: z.number().int().positive().optional(),
  // Same-target retries of fast retryable failures (5xx, reset before headers, 429 with a short Retry-After).
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(10).optional(),
      maxWaitSeconds: seconds.optional(),
      backoffMs: z.number().int().nonnegative().optional(),
    })
    .optional(),
  balance: balanceSource.optional(),
  quota: quotaSource.optional(),
  simulate: simulate.optional(),
  // Serves the Responses API (/responses) too: Responses clients are passed through to it. Default
  // true for type openai, false otherwise; `only` for upstreams (or models) with no Chat Completions.
  // Read for types openai and openai-compatible only.
  responses: z.union([z.boolean(), z.literal('only')]).optional(),
  ...providerLimitFields,
});

// Defaults for the optional attempt-policy keys above (kept optional so a provider object stays
// the same shape everywhere it is built): an agent's first token can take a minute on a long prompt.
export const attemptDefaults = { streamIdleTimeoutMs: 60_000, retry: { attempts: 1, maxWaitSeconds: 5, backoffMs: 250 } } as const;

export const tiers = ['basic', 'standard', 'strong', 'premium'] as const;
export type Tier = (typeof tiers)[number];

export const modelSchema = z.strictObject({
  contextWindow: z.number().int().positive().optional(),
  maxOutput: z.number().int().positive().optional(),
  reasoning: z.boolean().optional(),
  vision: z.boolean().optional(),
  tools: z.boolean().optional(),
  tier: z.enum(tiers).optional(),
  // The model continues a trailing assistant message (mid-stream rescue can splice its answer).
  prefill: z.boolean().optional(),
  price: z.strictObject({ input: usd, output: usd, cacheRead: usd.optional(), cacheWrite: usd.optional() }).optional(),
});

const targetObject = z.strictObject({
  target: targetRef,
  label: z.string().optional(),
  billing: z.enum(['per-token', 'subscription']).optional(),
  weight: z.number().positive().optional(),
});

const requireSchema = z.strictObject({
  reasoning: z.boolean().optional(),
  vision: z.boolean().optional(),
  tools: z.boolean().optional(),
  minContext: z.number().int().positive().optional(),
});

export const ruleSchema = z.strictObject({
  name: z.string().optional(),
  priority: z.number().int().default(100),
  final: z.boolean().default(false),
  when: z
    .strictObject({
      intent: z.union([z.string(), z.array(z.string())]).optional(),
      tier: z.union([z.enum(tiers), z.array(z.enum(tiers))]).optional(),
      route: z.union([z.string(), z.array(z.string())]).optional(),
      model: z.union([z.string(), z.array(z.string())]).optional(),
      header: z.record(z.string(), z.string()).optional(),
      tokensOver: z.number().int().nonnegative().optional(),
      tokensUnder: z.number().int().positive().optional(),
      hasTools: z.boolean().optional(),
      hasImages: z.boolean().optional(),
      difficulty: z.union([z.enum(['easy', 'standard', 'hard']), z.array(z.enum(['easy', 'standard', 'hard']))]).optional(),
      systemMatches: z.string().optional(),
      hours: z
        .string()
        .regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/, 'expected "HH:MM-HH:MM"')
        .optional(),
      days: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).optional(),
      ratingBelow: z.number().min(0).max(1).optional(),
    })
    .default({}),
  then: z.strictObject({
    route: z.string().optional(),
    target: targetRef.optional(),
    tier: z.enum(tiers).optional(),
    preferProviders: z.array(z.string()).optional(),
    excludeProviders: z.array(z.string()).optional(),
    requireProvider: z.string().optional(),
    billing: z.enum(['per-token', 'subscription']).optional(),
    require: requireSchema.optional(),
  }),
});

export const strategies = ['adaptive', 'ordered', 'cheapest', 'fastest', 'bandit'] as const;

export const routeSchema = z.strictObject({
  name: z.string().optional(),
  strategy: z.enum(strategies).default('adaptive'),
  targets: z.array(z.union([targetRef, targetObject])).min(1, 'a route needs at least one target'),
  rules: z.array(ruleSchema).optional(),
  escalate: z.boolean().default(false),
  midStream: z.enum(['continue', 'error']).optional(),
  // Target quality for the learned difficulty on this route: its threshold comes from the stored model's curve.
  quality: z.number().gt(0).lte(1).optional(),
  // Answers of this route are kept in the exact response cache (config `cache`).
  cache: z.boolean().optional(),
  // Steer the adaptive and bandit strategies (docs/config.md, "Weights").
  weights: weightsSchema.optional(),
});

export const configSchema = z.strictObject({
  version: z.literal(1).default(1),
  listen: z
    .string()
    .regex(/^(\[[0-9a-fA-F:]+\]|[^:\s]+):\d{1,5}$/, 'expected "HOST:PORT"')
    .default('127.0.0.1:4141'),
  apiKeys: z.array(z.string().min(1)).default([]),
  auth: authSchema,
  cache: cacheSchema,
  defaultRoute: z.string().optional(),
  providers: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'provider ids use letters, digits, _ . -'), providerSchema).default({}),
  models: z.record(targetRef, modelSchema).default({}),
  routes: z.record(z.string(), routeSchema).default({}),
  aliases: z.record(z.string(), z.union([z.string(), z.array(targetRef)])).default({}),
  rules: z.array(ruleSchema).default([]),
  budgets: z.record(z.string(), z.strictObject({ daily: usd.optional(), monthly: usd.optional() })).default({}),
  uvi: z.strictObject({ enabled: z.boolean().default(false), hard: z.boolean().default(false) }).default({ enabled: false, hard: false }),
  failover: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(20).default(3),
      strategy: z.enum(['priority', 'same-model', 'none']).default('priority'),
      escalate: z.strictObject({ minTokens: z.number().int().nonnegative().optional(), marker: z.string().optional() }).optional(),
      // A stream that breaks after content reached the client: continue it on a target that can prefill, or end with an error.
      // Unset: continue.
      midStream: z.enum(['continue', 'error']).optional(),
    })
    .default({ maxAttempts: 3, strategy: 'priority' }),
  cooldowns: z
    .strictObject({
      rateLimitSeconds: seconds.default(30),
      serverErrorSeconds: seconds.default(15),
      timeoutSeconds: seconds.default(15),
      authSeconds: seconds.default(3600),
      maxSeconds: seconds.default(3600),
    })
    .default({ rateLimitSeconds: 30, serverErrorSeconds: 15, timeoutSeconds: 15, authSeconds: 3600, maxSeconds: 3600 }),
  circuit: z
    .strictObject({ failures: z.number().int().min(1).default(5), windowSeconds: seconds.default(60), openSeconds: seconds.default(30) })
    .default({ failures: 5, windowSeconds: 60, openSeconds: 30 }),
  shadow: z.strictObject({ enabled: z.boolean().default(false) }).default({ enabled: false }),
  // capturePrompts: keep the redacted last user message with each ledger row, for `router learn --from-ledger`.
  ledger: z
    .strictObject({
      retainDays: z.number().int().positive().default(90),
      capturePrompts: z.boolean().default(false),
      // Store each decision's planning facts for `router replay`. Unset: true.
      facts: z.boolean().optional(),
    })
    .default({ retainDays: 90, capturePrompts: false }),
  // A/B tests of a route's targets, strategy or weights (docs/config.md, "Experiments").
  experiments: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'experiment ids use letters, digits, _ . -'), experimentSchema).optional(),
  // Responses API conversations kept for `previous_response_id` on translated upstreams (off: a 400 says why).
  responses: z
    .strictObject({
      store: z.boolean().default(false),
      ttlSeconds: z.number().positive().default(86_400),
      maxEntries: z.number().int().positive().default(10_000),
    })
    .default({ store: false, ttlSeconds: 86_400, maxEntries: 10_000 }),
  limits: z
    .strictObject({
      maxBodyBytes: z
        .number()
        .int()
        .positive()
        .default(10 * 1024 * 1024),
      // A stream with no content for this long gets keep-alives (see daemon/keep-alive.ts); 0: never.
      keepAliveMs: z.number().int().nonnegative().default(15_000),
      // A request body must arrive in full within this long (408 otherwise): a crawling upload cannot hold a connection.
      bodyTimeoutMs: z.number().int().positive().default(30_000),
      // How long `daemon stop` lets in-flight requests finish before it cuts them.
      drainMs: z.number().int().nonnegative().default(10_000),
    })
    .default({ maxBodyBytes: 10 * 1024 * 1024, keepAliveMs: 15_000, bodyTimeoutMs: 30_000, drainMs: 10_000 }),
  // Several daemons on one Redis act as one router (src/daemon/cluster/).
  cluster: clusterSchema.optional(),
  telemetry: telemetrySchema,
});

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type ModelEntry = z.output<typeof modelSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type Rule = z.output<typeof ruleSchema>;
export type Strategy = (typeof strategies)[number];

/** A route target after normalisation: always an object, split into provider and model. */
export interface Target {
  /** "provider/model", the key used everywhere (state, ledger, headers). */
  id: string;
  provider: string;
  /** Everything after the first slash; model ids may contain slashes. */
  model: string;
  label?: string;
  billing?: 'per-token' | 'subscription';
  weight?: number;
}

export interface Route extends Omit<RouteConfig, 'targets'> {
  id: string;
  targets: Target[];
}

export interface Arm extends Omit<ArmConfig, 'targets'> {
  targets?: Target[];
}

export interface Experiment extends Omit<ExperimentConfig, 'arms'> {
  id: string;
  arms: Record<string, Arm>;
  /** `until` as ms epoch (absent: runs until removed). */
  untilMs?: number;
}

/** The validated, normalised config the daemon and engine run on. */
export interface Config extends Omit<ParsedConfig, 'routes' | 'experiments'> {
  routes: Record<string, Route>;
  experiments?: Record<string, Experiment>;
  /** Built-in catalog merged with `models:`; keyed by "provider/model". */
  catalog: Record<string, ModelEntry>;
  /** Absolute path of the file this came from, or null for built-in defaults. */
  source: string | null;
}
