// The engine's public surface: the daemon and CLI import from here.
export * from './types.js';
export { classifyFailure, retryAfterMs, parseDuration } from './classify.js';
export type { UpstreamFailure, Classification } from './classify.js';
export { reduce, isAvailable, prune } from './reduce.js';
export type { Availability } from './reduce.js';
export { plan } from './plan.js';
export type { PlanOk, PlanErr, PlanOptions } from './plan.js';
export type { DecisionTrace, CandidateTrace, RuleFired, ResolutionKind, Verdict, TraceSignals } from './trace.js';
export { catalogEntry } from './prepare.js';
export { costUsd } from './cost.js';
export type { TokenUsage } from './cost.js';
export { shouldEscalate } from './escalate.js';
export type { EscalationVerdict } from './escalate.js';
export { parseShortcuts, shortcutNames, shortcutHelp } from './shortcuts.js';
export type { ShortcutName } from './shortcuts.js';
export { estimateTokens, contextClass } from './estimate.js';
export { classifyIntent } from './intent.js';
export { assessDifficulty } from './difficulty.js';
