// Escalation: an answer too short, or one carrying the configured marker (the model saying it is out
// of its depth, as instructed by the user's system prompt), is retried on the next, stronger target.
import type { Config } from '../config/schema.js';

export interface EscalationVerdict {
  escalate: boolean;
  reason?: string;
}

export type Escalation = NonNullable<Config['failover']['escalate']>;

/** Escalation is opt-in per route and only for whole (non-streamed) answers. */
export function escalationFor(route: string | null, stream: boolean, config: Config): Escalation | undefined {
  const r = route === null ? undefined : config.routes[route];
  return !stream && r?.escalate ? config.failover.escalate : undefined;
}

export function shouldEscalate(answerText: string, outputTokens: number, escalate: Config['failover']['escalate']): EscalationVerdict {
  if (!escalate) return { escalate: false };
  if (escalate.marker !== undefined && escalate.marker !== '' && answerText.includes(escalate.marker)) {
    return { escalate: true, reason: `answer contains the marker "${escalate.marker}"` };
  }
  if (escalate.minTokens !== undefined && outputTokens < escalate.minTokens) {
    return { escalate: true, reason: `answer has ${outputTokens} tokens, fewer than ${escalate.minTokens}` };
  }
  return { escalate: false };
}
