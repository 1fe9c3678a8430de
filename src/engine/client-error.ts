// What the client is told when an attempt failed: one mapping from an error class to the client
// error taxonomy (rendered later in the client's own format by src/wire/errors.ts).
import type { ClientError } from '../wire/errors.js';
import type { UpstreamFailure } from './classify.js';
import type { ErrorClass } from './types.js';

export function clientErrorOf(
  errorClass: ErrorClass,
  f: UpstreamFailure,
  message: string,
  status: number | undefined,
  retryMs: number | undefined,
): ClientError {
  const retryAfterSec = retryMs === undefined ? undefined : retryMs / 1000;
  switch (errorClass) {
    case 'rate_limit':
      return { status: 429, type: 'rate_limit_error', message, retryAfterSec };
    case 'overloaded':
      return { status: 529, type: 'overloaded_error', message, retryAfterSec };
    case 'invalid_request':
      return { status: status ?? 400, type: 'invalid_request_error', message, code: f.errorCode ?? null };
    case 'context_length':
      return { status: 400, type: 'invalid_request_error', message, code: 'context_length_exceeded' };
    case 'not_found':
      return { status: 404, type: 'not_found_error', message };
    case 'billing':
      return { status: 402, type: 'billing_error', message };
    case 'timeout':
      return { status: 504, type: 'timeout_error', message: `upstream timed out: ${message}` };
    case 'auth':
      // The client's key to the router is fine; the router's key to the provider is not.
      return { status: 502, type: 'api_error', message: `upstream rejected the router's credentials: ${message}` };
    default:
      return { status: 502, type: 'api_error', message: `upstream failed: ${message}`, retryAfterSec };
  }
}
