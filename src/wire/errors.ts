// One client-facing error taxonomy, rendered in whichever format the client spoke
// (PROTOCOLS 1.7, 2.9, 4.3), and one reader for upstream error bodies of every provider format.
import { isObj, type Obj } from './json-object.js';

export type ClientErrorType =
  | 'invalid_request_error'
  | 'rate_limit_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'overloaded_error'
  | 'api_error'
  | 'billing_error'
  | 'timeout_error'
  | 'request_too_large';

export interface ClientError {
  status: number;
  type: ClientErrorType | (string & {});
  message: string;
  code?: string | null;
  param?: string | null;
  retryAfterSec?: number;
}

export interface RenderedError {
  status: number;
  body: object;
  headers: Record<string, string>;
}

export type UpstreamFormat = 'openai' | 'anthropic' | 'gemini' | 'ollama' | 'responses';

export interface UpstreamError {
  status: number;
  /** The provider's own type/status word: OpenAI error.type, Anthropic error.type, Gemini error.status. */
  errorType?: string;
  errorCode?: string;
  message: string;
  contextOverflow: boolean;
}

function retryHeaders(e: ClientError): Record<string, string> {
  if (e.retryAfterSec === undefined || !(e.retryAfterSec >= 0)) return {};
  return { 'retry-after': String(Math.ceil(e.retryAfterSec)), 'retry-after-ms': String(Math.round(e.retryAfterSec * 1000)) };
}

const openAiTypes: Record<string, { type: string; code?: string }> = {
  overloaded_error: { type: 'server_error', code: 'server_is_overloaded' },
  api_error: { type: 'server_error' },
  timeout_error: { type: 'server_error', code: 'timeout' },
  billing_error: { type: 'insufficient_quota', code: 'insufficient_quota' },
  rate_limit_error: { type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  authentication_error: { type: 'authentication_error', code: 'invalid_api_key' },
  not_found_error: { type: 'invalid_request_error', code: 'model_not_found' },
  request_too_large: { type: 'invalid_request_error', code: 'request_too_large' },
};

/** OpenAI shape. Overload becomes 503: OpenAI clients do not know 529. */
export function openAiErrorBody(e: ClientError): RenderedError {
  const mapped = openAiTypes[e.type];
  const status = e.type === 'overloaded_error' || e.status === 529 ? 503 : e.status;
  return {
    status,
    body: {
      error: {
        message: e.message,
        type: mapped?.type ?? e.type,
        param: e.param ?? null,
        code: e.code ?? mapped?.code ?? null,
      },
    },
    headers: retryHeaders(e),
  };
}

const anthropicTypes: Record<string, string> = {
  server_error: 'api_error',
  insufficient_quota: 'billing_error',
};

/** Anthropic shape. Overload becomes 529 overloaded_error, which the SDK retries. */
export function anthropicErrorBody(e: ClientError, requestId?: string): RenderedError {
  const type = anthropicTypes[e.type] ?? e.type;
  const status = type === 'overloaded_error' ? 529 : e.status;
  const body: { type: 'error'; error: { type: string; message: string }; request_id?: string } = {
    type: 'error',
    error: { type, message: e.message },
  };
  if (requestId !== undefined) body.request_id = requestId;
  const headers = retryHeaders(e);
  if (requestId !== undefined) headers['request-id'] = requestId;
  return { status, body, headers };
}

/** The payload of an in-stream error event (`data: {"error":…}` / `event: error`). */
export function openAiStreamErrorPayload(e: ClientError): object {
  return openAiErrorBody(e).body;
}

export function anthropicStreamErrorPayload(e: ClientError): object {
  const { type, error } = anthropicErrorBody(e).body as { type: string; error: object };
  return { type, error };
}

function record(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Gemini reports context overflow only as INVALID_ARGUMENT prose ("The input token count (N)
// exceeds the maximum number of tokens allowed (M)"): the one place a message is inspected.
const geminiTokenLimit = /token count.*exceeds|exceeds the maximum number of tokens|too many tokens/i;

export function parseUpstreamError(status: number, bodyText: string, format: UpstreamFormat): UpstreamError {
  const json = parseJson(bodyText);
  const root = record(json);
  const errObj = record(root?.error);
  const fallback = bodyText.trim().slice(0, 500) || `upstream answered HTTP ${status}`;
  const out: UpstreamError = { status, message: fallback, contextOverflow: false };
  if (format === 'ollama' || (errObj === undefined && typeof root?.error === 'string')) {
    out.message = str(root?.error) ?? str(root?.message) ?? fallback;
    return out;
  }
  if (errObj === undefined) {
    out.message = str(root?.message) ?? str(root?.detail) ?? fallback;
    return out;
  }
  out.message = str(errObj.message) ?? fallback;
  if (format === 'gemini') {
    const gStatus = str(errObj.status);
    if (gStatus !== undefined) out.errorType = gStatus;
    const reason = geminiReason(errObj.details);
    if (reason !== undefined) out.errorCode = reason;
    out.contextOverflow = gStatus === 'INVALID_ARGUMENT' && geminiTokenLimit.test(out.message);
    return out;
  }
  const type = str(errObj.type);
  if (type !== undefined) out.errorType = type;
  const code = str(errObj.code) ?? str(record(errObj.details)?.error_code);
  if (code !== undefined) out.errorCode = code;
  if (format === 'anthropic') {
    out.contextOverflow = type === 'invalid_request_error' && /prompt is too long/i.test(out.message);
  } else {
    out.contextOverflow = code === 'context_length_exceeded';
  }
  return out;
}

function geminiReason(details: unknown): string | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const d of details) {
    const reason = str(record(d)?.reason);
    if (reason !== undefined) return reason;
  }
  return undefined;
}
