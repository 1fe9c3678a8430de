// Failure classification by HTTP status and the provider's machine-readable error type/code.
// Never by message text: a peer router retried on "500" found inside "1500 ms".
import type { ErrorClass } from './types.js';

export { retryAfterMs, parseDuration } from './retry-after.js';

export interface UpstreamFailure {
  status?: number;
  /** error.type (OpenAI, Anthropic) or error.status (Gemini, e.g. RESOURCE_EXHAUSTED). */
  errorType?: string;
  /** error.code (OpenAI) or error.details.error_code (Anthropic). */
  errorCode?: string;
  network?: 'connect' | 'reset' | 'timeout';
  /** Malformed or empty stream, or EOF before the terminal event. */
  streamBroken?: boolean;
  /** The adapter recognised a context-window overflow from structured data. */
  contextOverflow?: boolean;
  /** Our own client went away; nobody is waiting for an answer. */
  clientClosed?: boolean;
}

export interface Classification {
  errorClass: ErrorClass;
  /** Fail over to the next attempt of the plan. */
  retryable: boolean;
}

const byType: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>([
  ['insufficient_quota', 'billing'],
  ['billing_error', 'billing'],
  ['credit_balance_exhausted', 'billing'],
  ['project_spend_limit_exceeded', 'billing'],
  ['billing_hard_limit_reached', 'billing'],
  ['authentication_error', 'auth'],
  ['permission_error', 'auth'],
  ['invalid_api_key', 'auth'],
  ['permission_denied', 'auth'],
  ['unauthenticated', 'auth'],
  ['context_length_exceeded', 'context_length'],
  ['overloaded_error', 'overloaded'],
  ['server_is_overloaded', 'overloaded'],
  ['unavailable', 'overloaded'],
  ['rate_limit_error', 'rate_limit'],
  ['rate_limit_exceeded', 'rate_limit'],
  ['resource_exhausted', 'rate_limit'],
  ['timeout_error', 'timeout'],
  ['not_found_error', 'not_found'],
  ['model_not_found', 'not_found'],
]);

/** Whether a failure of this class lets the executor move on to the next attempt. */
const failsOver: Readonly<Record<ErrorClass, boolean>> = {
  rate_limit: true,
  overloaded: true,
  server: true,
  timeout: true,
  connect: true,
  stream_broken: true,
  // The key or account is broken for this provider only; another provider may well answer.
  auth: true,
  billing: true,
  invalid_request: false,
  // Another target with a bigger window could answer, but that is a routing decision, not a retry.
  context_length: false,
  not_found: false,
  client_closed: false,
};

function fromTypeOrCode(f: UpstreamFailure): ErrorClass | undefined {
  // Billing must win over a 429 rate limit: OpenAI sends quota exhaustion as 429 insufficient_quota.
  const code = f.errorCode === undefined ? undefined : byType.get(f.errorCode.toLowerCase());
  const type = f.errorType === undefined ? undefined : byType.get(f.errorType.toLowerCase());
  if (code === 'billing' || type === 'billing') return 'billing';
  return code ?? type;
}

function fromStatus(status: number): ErrorClass {
  if (status === 401 || status === 403) return 'auth';
  if (status === 402) return 'billing';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'server';
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status >= 500) return 'server';
  return 'invalid_request';
}

function errorClassOf(f: UpstreamFailure): ErrorClass {
  if (f.clientClosed) return 'client_closed';
  if (f.contextOverflow) return 'context_length';
  if (f.network === 'timeout') return 'timeout';
  if (f.network === 'connect' || f.network === 'reset') return 'connect';
  const named = fromTypeOrCode(f);
  if (named !== undefined) return named;
  if (f.status !== undefined && f.status >= 400) return fromStatus(f.status);
  // A 2xx whose body or stream broke, or a failure with nothing to go on: the target misbehaved.
  return f.streamBroken ? 'stream_broken' : 'server';
}

export function classifyFailure(f: UpstreamFailure): Classification {
  const errorClass = errorClassOf(f);
  return { errorClass, retryable: failsOver[errorClass] };
}
