import { describe, expect, it } from 'vitest';
import type { UpstreamFailure } from '../../src/engine/classify.js';
import { clientErrorOf } from '../../src/engine/client-error.js';
import type { ErrorClass } from '../../src/engine/types.js';
import type { ClientError } from '../../src/wire/errors.js';

describe('clientErrorOf', () => {
  it.each<[ErrorClass, UpstreamFailure, number | undefined, number | undefined, ClientError]>([
    ['rate_limit', { status: 429 }, 429, 7000, { status: 429, type: 'rate_limit_error', message: 'm', retryAfterSec: 7 }],
    ['overloaded', { status: 529 }, 529, undefined, { status: 529, type: 'overloaded_error', message: 'm', retryAfterSec: undefined }],
    [
      'invalid_request',
      { status: 422, errorCode: 'bad_temperature' },
      422,
      undefined,
      { status: 422, type: 'invalid_request_error', message: 'm', code: 'bad_temperature' },
    ],
    ['invalid_request', {}, undefined, undefined, { status: 400, type: 'invalid_request_error', message: 'm', code: null }],
    [
      'context_length',
      { status: 400, contextOverflow: true },
      400,
      undefined,
      { status: 400, type: 'invalid_request_error', message: 'm', code: 'context_length_exceeded' },
    ],
    ['not_found', { status: 404 }, 404, undefined, { status: 404, type: 'not_found_error', message: 'm' }],
    ['billing', { status: 429, errorCode: 'insufficient_quota' }, 429, undefined, { status: 402, type: 'billing_error', message: 'm' }],
    ['timeout', { network: 'timeout' }, undefined, undefined, { status: 504, type: 'timeout_error', message: 'upstream timed out: m' }],
    ['auth', { status: 401 }, 401, undefined, { status: 502, type: 'api_error', message: "upstream rejected the router's credentials: m" }],
    ['server', { status: 500 }, 500, 2000, { status: 502, type: 'api_error', message: 'upstream failed: m', retryAfterSec: 2 }],
  ])('%s (%j)', (errorClass, failure, status, retryMs, expected) => {
    expect(clientErrorOf(errorClass, failure, 'm', status, retryMs)).toEqual(expected);
  });
});
