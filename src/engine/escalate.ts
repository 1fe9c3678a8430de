// Escalation: an answer too short, or one carrying the configured marker (the model saying it is out
// of its depth, as instructed by the user's system prompt), is retried on the next, stronger target.
import type { Config } from '../config/schema.js';

export interface EscalationVerdict {
  escalate: boolean;
  reason?: string;
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
