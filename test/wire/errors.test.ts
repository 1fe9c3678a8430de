import { describe, expect, it } from 'vitest';
import {
  anthropicErrorBody,
  anthropicStreamErrorPayload,
  openAiErrorBody,
  openAiStreamErrorPayload,
  parseUpstreamError,
  type ClientError,
  type UpstreamError,
  type UpstreamFormat,
} from '../../src/wire/errors.js';

describe('openAiErrorBody', () => {
  it.each<[string, ClientError, number, object, Record<string, string>]>([
    [
      'context overflow keeps code',
      { status: 400, type: 'invalid_request_error', message: 'too long', code: 'context_length_exceeded', param: 'messages' },
      400,
      { error: { message: 'too long', type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
      {},
    ],
    [
      'overloaded becomes 503',
      { status: 529, type: 'overloaded_error', message: 'Overloaded' },
      503,
      { error: { message: 'Overloaded', type: 'server_error', param: null, code: 'server_is_overloaded' } },
      {},
    ],
    [
      'rate limit keeps 429 and retry-after',
      { status: 429, type: 'rate_limit_error', message: 'slow down', retryAfterSec: 7 },
      429,
      { error: { message: 'slow down', type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } },
      { 'retry-after': '7', 'retry-after-ms': '7000' },
    ],
    [
      'billing',
      { status: 402, type: 'billing_error', message: 'no credit' },
      402,
      { error: { message: 'no credit', type: 'insufficient_quota', param: null, code: 'insufficient_quota' } },
      {},
    ],
    [
      'api error',
      { status: 500, type: 'api_error', message: 'x' },
      500,
      { error: { message: 'x', type: 'server_error', param: null, code: null } },
      {},
    ],
  ])('%s', (_n, e, status, body, headers) => {
    expect(openAiErrorBody(e)).toEqual({ status, body, headers });
  });

  it('stream payload is the same body', () => {
    expect(openAiStreamErrorPayload({ status: 500, type: 'api_error', message: 'dropped' })).toEqual({
      error: { message: 'dropped', type: 'server_error', param: null, code: null },
    });
  });
});

describe('anthropicErrorBody', () => {
  it.each<[string, ClientError, number, string]>([
    ['overloaded becomes 529', { status: 503, type: 'overloaded_error', message: 'Overloaded' }, 529, 'overloaded_error'],
    ['rate limit', { status: 429, type: 'rate_limit_error', message: 'm' }, 429, 'rate_limit_error'],
    [
      'context overflow',
      { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 300000 tokens > 200000 maximum' },
      400,
      'invalid_request_error',
    ],
    ['openai server_error maps to api_error', { status: 500, type: 'server_error', message: 'm' }, 500, 'api_error'],
    ['auth', { status: 401, type: 'authentication_error', message: 'bad key' }, 401, 'authentication_error'],
  ])('%s', (_n, e, status, type) => {
    const r = anthropicErrorBody(e);
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ type: 'error', error: { type, message: e.message } });
  });

  it('carries request id and retry-after', () => {
    expect(anthropicErrorBody({ status: 429, type: 'rate_limit_error', message: 'm', retryAfterSec: 7 }, 'req_1')).toEqual({
      status: 429,
      body: { type: 'error', error: { type: 'rate_limit_error', message: 'm' }, request_id: 'req_1' },
      headers: { 'retry-after': '7', 'retry-after-ms': '7000', 'request-id': 'req_1' },
    });
  });

  it('stream payload has no request id', () => {
    expect(anthropicStreamErrorPayload({ status: 529, type: 'overloaded_error', message: 'Overloaded' })).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
  });
});

describe('parseUpstreamError', () => {
  it.each<[string, number, string, UpstreamFormat, UpstreamError]>([
    [
      'OpenAI context overflow',
      400,
      '{"error":{"message":"This model\'s maximum context length is 8192","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}',
      'openai',
      {
        status: 400,
        errorType: 'invalid_request_error',
        errorCode: 'context_length_exceeded',
        message: "This model's maximum context length is 8192",
        contextOverflow: true,
      },
    ],
    [
      'OpenAI insufficient quota',
      429,
      '{"error":{"message":"quota","type":"insufficient_quota","code":"insufficient_quota"}}',
      'openai',
      { status: 429, errorType: 'insufficient_quota', errorCode: 'insufficient_quota', message: 'quota', contextOverflow: false },
    ],
    [
      'OpenAI 400 mentioning context without the code is not overflow',
      400,
      '{"error":{"message":"context length 1500 ms","type":"invalid_request_error","code":null}}',
      'openai',
      { status: 400, errorType: 'invalid_request_error', message: 'context length 1500 ms', contextOverflow: false },
    ],
    [
      'Anthropic prompt too long',
      400,
      '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      'anthropic',
      {
        status: 400,
        errorType: 'invalid_request_error',
        message: 'prompt is too long: 210000 tokens > 200000 maximum',
        contextOverflow: true,
      },
    ],
    [
      'Anthropic overloaded',
      529,
      '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      'anthropic',
      { status: 529, errorType: 'overloaded_error', message: 'Overloaded', contextOverflow: false },
    ],
    [
      'Gemini token limit',
      400,
      '{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}',
      'gemini',
      {
        status: 400,
        errorType: 'INVALID_ARGUMENT',
        message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
        contextOverflow: true,
      },
    ],
    [
      'Gemini rate limit with QuotaFailure reason',
      429,
      '{"error":{"code":429,"message":"Resource has been exhausted","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED"}]}}',
      'gemini',
      {
        status: 429,
        errorType: 'RESOURCE_EXHAUSTED',
        errorCode: 'RATE_LIMIT_EXCEEDED',
        message: 'Resource has been exhausted',
        contextOverflow: false,
      },
    ],
    [
      'Gemini other invalid argument',
      400,
      '{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \\"const\\"","status":"INVALID_ARGUMENT"}}',
      'gemini',
      {
        status: 400,
        errorType: 'INVALID_ARGUMENT',
        message: 'Invalid JSON payload received. Unknown name "const"',
        contextOverflow: false,
      },
    ],
    [
      'Ollama',
      404,
      '{"error":"model \\"x\\" not found, try pulling it first"}',
      'ollama',
      { status: 404, message: 'model "x" not found, try pulling it first', contextOverflow: false },
    ],
    [
      'HTML from a gateway',
      502,
      '<html>Bad Gateway</html>',
      'openai',
      { status: 502, message: '<html>Bad Gateway</html>', contextOverflow: false },
    ],
    ['empty body', 503, '', 'anthropic', { status: 503, message: 'upstream answered HTTP 503', contextOverflow: false }],
    ['compatible server with error string', 500, '{"error":"boom"}', 'openai', { status: 500, message: 'boom', contextOverflow: false }],
  ])('%s', (_n, status, body, format, expected) => {
    expect(parseUpstreamError(status, body, format)).toEqual(expected);
  });
});
