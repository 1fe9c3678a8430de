import { describe, expect, it } from 'vitest';
import type { UpstreamFailure } from '../../src/engine/classify.js';
import { classifyFailure, parseDuration, retryAfterMs } from '../../src/engine/classify.js';

describe('classifyFailure', () => {
  it.each<[string, UpstreamFailure, string, boolean]>([
    ['429 rate limit (OpenAI)', { status: 429, errorType: 'requests', errorCode: 'rate_limit_exceeded' }, 'rate_limit', true],
    ['429 rate_limit_error (Anthropic)', { status: 429, errorType: 'rate_limit_error' }, 'rate_limit', true],
    ['429 bare', { status: 429 }, 'rate_limit', true],
    [
      '429 insufficient_quota type',
      { status: 429, errorType: 'insufficient_quota', errorCode: 'credit_balance_exhausted' },
      'billing',
      true,
    ],
    ['429 insufficient_quota code', { status: 429, errorType: 'requests', errorCode: 'insufficient_quota' }, 'billing', true],
    [
      '400 billing_hard_limit_reached code',
      { status: 400, errorType: 'invalid_request_error', errorCode: 'billing_hard_limit_reached' },
      'billing',
      true,
    ],
    [
      '429 quota type beats a rate-limit code',
      { status: 429, errorType: 'insufficient_quota', errorCode: 'rate_limit_exceeded' },
      'billing',
      true,
    ],
    ['402 billing_error', { status: 402, errorType: 'billing_error' }, 'billing', true],
    ['402 bare', { status: 402 }, 'billing', true],
    ['401 authentication_error', { status: 401, errorType: 'authentication_error' }, 'auth', true],
    ['401 invalid_api_key', { status: 401, errorType: 'invalid_request_error', errorCode: 'invalid_api_key' }, 'auth', true],
    ['403 permission_error', { status: 403, errorType: 'permission_error' }, 'auth', true],
    ['403 bare', { status: 403 }, 'auth', true],
    ['400 invalid request', { status: 400, errorType: 'invalid_request_error' }, 'invalid_request', false],
    [
      '400 context_length_exceeded',
      { status: 400, errorType: 'invalid_request_error', errorCode: 'context_length_exceeded' },
      'context_length',
      false,
    ],
    ['400 contextOverflow flag', { status: 400, errorType: 'invalid_request_error', contextOverflow: true }, 'context_length', false],
    ['400 Gemini INVALID_ARGUMENT', { status: 400, errorType: 'INVALID_ARGUMENT' }, 'invalid_request', false],
    ['404 not_found_error', { status: 404, errorType: 'not_found_error' }, 'not_found', false],
    ['404 model_not_found', { status: 404, errorCode: 'model_not_found' }, 'not_found', false],
    ['408', { status: 408 }, 'timeout', true],
    ['409 conflict', { status: 409, errorType: 'conflict_error' }, 'server', true],
    ['413 request_too_large', { status: 413, errorType: 'request_too_large' }, 'invalid_request', false],
    ['422', { status: 422 }, 'invalid_request', false],
    ['500 api_error', { status: 500, errorType: 'api_error' }, 'server', true],
    ['502', { status: 502 }, 'server', true],
    ['503', { status: 503 }, 'server', true],
    ['504 timeout_error', { status: 504, errorType: 'timeout_error' }, 'timeout', true],
    ['504 bare', { status: 504 }, 'server', true],
    ['529 overloaded_error', { status: 529, errorType: 'overloaded_error' }, 'overloaded', true],
    ['529 bare', { status: 529 }, 'overloaded', true],
    ['503 server_is_overloaded', { status: 503, errorCode: 'server_is_overloaded' }, 'overloaded', true],
    ['Gemini RESOURCE_EXHAUSTED', { status: 429, errorType: 'RESOURCE_EXHAUSTED' }, 'rate_limit', true],
    ['Gemini UNAVAILABLE', { status: 503, errorType: 'UNAVAILABLE' }, 'overloaded', true],
    ['connect refused', { network: 'connect' }, 'connect', true],
    ['connection reset', { network: 'reset' }, 'connect', true],
    ['network timeout', { network: 'timeout' }, 'timeout', true],
    ['stream broke after 200', { status: 200, streamBroken: true }, 'stream_broken', true],
    ['stream broke, no status', { streamBroken: true }, 'stream_broken', true],
    ['client went away', { clientClosed: true, network: 'reset' }, 'client_closed', false],
    ['unknown type on 400 stays 400', { status: 400, errorType: 'something_new' }, 'invalid_request', false],
  ])('%s', (_name, failure, errorClass, retryable) => {
    expect(classifyFailure(failure)).toEqual({ errorClass, retryable });
  });

  it('never reads message text: a 400 whose message mentions 500 or rate limits stays invalid_request', () => {
    const f = { status: 400, errorType: 'invalid_request_error', message: 'took 1500 ms; rate limit 429' } as UpstreamFailure;
    expect(classifyFailure(f).errorClass).toBe('invalid_request');
  });
});

describe('parseDuration', () => {
  it.each<[string, number | undefined]>([
    ['12ms', 12],
    ['1s', 1000],
    ['6m0s', 360_000],
    ['1h2m3s', 3_723_000],
    ['0.5s', 500],
    ['2.5', 2500],
    ['30s', 30_000],
    ['', undefined],
    ['soon', undefined],
    ['5 minutes', undefined],
  ])('%j -> %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('retryAfterMs', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0);
  it.each<[string, Record<string, string>, number | undefined]>([
    ['nothing', {}, undefined],
    ['retry-after-ms wins', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['retry-after seconds', { 'retry-after': '7' }, 7000],
    ['retry-after fractional', { 'retry-after': '1.5' }, 1500],
    ['retry-after HTTP date', { 'retry-after': 'Wed, 01 Jan 2025 12:00:30 GMT' }, 30_000],
    ['retry-after date in the past', { 'retry-after': 'Wed, 01 Jan 2025 11:00:00 GMT' }, undefined],
    ['retry-after zero falls through to resets', { 'retry-after': '0', 'x-ratelimit-reset-requests': '2s' }, 2000],
    ['retry-after garbage', { 'retry-after': 'later' }, undefined],
    ['OpenAI resets: the larger', { 'x-ratelimit-reset-requests': '12ms', 'x-ratelimit-reset-tokens': '6m0s' }, 360_000],
    [
      'OpenAI resets: the exhausted window',
      {
        'x-ratelimit-reset-requests': '1s',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-tokens': '6m0s',
        'x-ratelimit-remaining-tokens': '5000',
      },
      1000,
    ],
    ['Azure placeholder -1 ignored', { 'x-ratelimit-reset-requests': '-1' }, undefined],
    ['Anthropic RFC 3339 reset', { 'anthropic-ratelimit-requests-reset': '2025-01-01T12:00:20Z' }, 20_000],
    [
      'Anthropic: exhausted window beats the larger',
      {
        'anthropic-ratelimit-requests-reset': '2025-01-01T12:00:05Z',
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-tokens-reset': '2025-01-01T12:01:00Z',
        'anthropic-ratelimit-tokens-remaining': '12000',
      },
      5000,
    ],
    [
      'unified windows ignored while allowed',
      { 'anthropic-ratelimit-unified-status': 'allowed', 'anthropic-ratelimit-unified-5h-reset': '2025-01-01T14:00:00Z' },
      undefined,
    ],
    [
      'unified window used when rejected',
      { 'anthropic-ratelimit-unified-status': 'rejected', 'anthropic-ratelimit-unified-5h-reset': '1735736400' },
      3_600_000,
    ],
  ])('%s', (_name, headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });
});
