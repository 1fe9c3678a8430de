// The canonical internal form: a superset of OpenAI Chat Completions and Anthropic Messages, so
// either client format decodes into it and re-encodes without losing what its own upstream needs.
// Anthropic's block model is the backbone (it is the richer one); OpenAI-only details ride along
// as hints (`asString`, `refusal`, `arguments`) and per-format `extras`.
import type { Usage } from './usage.js';

export type Json = Record<string, unknown>;
export type WireFormat = 'openai' | 'anthropic' | 'responses';

export type MediaSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string }
  | { kind: 'file'; fileId: string }
  | { kind: 'text'; mediaType: string; data: string };

export interface TextBlock {
  type: 'text';
  text: string;
  cacheControl?: Json;
  citations?: unknown;
  /** An OpenAI refusal (refusal part or message.refusal) rather than ordinary text. */
  refusal?: boolean;
}

export interface ImageBlock {
  type: 'image';
  source: MediaSource;
  /** OpenAI image_url.detail. */
  detail?: string;
  cacheControl?: Json;
}

export interface DocumentBlock {
  type: 'document';
  source: MediaSource;
  title?: string;
  context?: string;
  filename?: string;
  citations?: unknown;
  cacheControl?: Json;
}

/** OpenAI input_audio: no Anthropic equivalent. */
export interface AudioBlock {
  type: 'audio';
  data: string;
  format: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  /** The client's original id; encoders make it safe for their format. */
  id: string;
  name: string;
  /** Always a JSON object (unparseable arguments are wrapped as {raw_arguments}). */
  input: Json;
  /** The exact OpenAI arguments text when the call came from OpenAI, re-sent byte for byte. */
  arguments?: string;
  /** Gemini thoughtSignature of this call; Gemini 3 rejects history without it (PROTOCOLS 3.7). */
  thoughtSignature?: string;
  cacheControl?: Json;
}

export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string | CanonicalBlock[];
  isError?: boolean;
  cacheControl?: Json;
}

export interface ThinkingBlock {
  type: 'thinking';
  thinking: string;
  /** Only Anthropic can make one; absent for reasoning text from other providers. */
  signature?: string;
}

export interface RedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** A block only its own format understands (server tools, search results…): passed through there, dropped elsewhere. */
export interface RawBlock {
  type: 'raw';
  format: WireFormat;
  value: Json;
}

export type CanonicalBlock =
  TextBlock | ImageBlock | DocumentBlock | AudioBlock | ToolUseBlock | ToolResultBlock | ThinkingBlock | RedactedThinkingBlock | RawBlock;

export interface CanonicalMessage {
  /** 'system' messages are mid-conversation system/developer turns (OpenAI, Anthropic API 2026-10-21). */
  role: 'system' | 'user' | 'assistant';
  content: CanonicalBlock[];
  /** OpenAI developer role (kept for OpenAI upstreams, system everywhere else). */
  developer?: boolean;
  /** The content arrived as a plain string; encoders may send it back as one. */
  asString?: boolean;
  name?: string;
}

export interface FunctionTool {
  kind: 'function';
  name: string;
  description?: string;
  /** JSON Schema; undefined means "no parameters". */
  inputSchema?: Json;
  strict?: boolean;
  cacheControl?: Json;
  /** Anthropic-only custom-tool fields (type, defer_loading, input_examples, eager_input_streaming…). */
  anthropicExtra?: Json;
  /**
   * A Responses `namespace` group this function belongs to. `name` is then the flattened
   * `<namespace>__<function>` that other formats see; the Responses encoder regroups it.
   */
  namespace?: { name: string; description?: string };
}

/** Server tools (web_search_…), OpenAI custom tools: only their own format can use them. */
export interface RawTool {
  kind: 'raw';
  format: WireFormat;
  value: Json;
}

export type CanonicalTool = FunctionTool | RawTool;

export type ToolChoice = { type: 'auto' } | { type: 'any' } | { type: 'none' } | { type: 'tool'; name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name?: string; description?: string; schema?: Json; strict?: boolean };

export interface CanonicalRequest {
  model: string;
  /** Top-level system (Anthropic `system`); OpenAI system messages stay in `messages`. */
  system?: TextBlock[];
  systemAsString?: boolean;
  messages: CanonicalMessage[];
  maxTokens?: number;
  /** Which OpenAI field carried maxTokens, so an OpenAI round trip keeps it. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  stream?: boolean;
  tools?: CanonicalTool[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  /** Anthropic `thinking` object as sent ({type:"enabled", budget_tokens} | adaptive | disabled …). */
  thinking?: Json;
  /** OpenAI reasoning_effort / Anthropic output_config.effort. */
  effort?: string;
  responseFormat?: ResponseFormat;
  userId?: string;
  n?: number;
  /** Top-level cache_control (Anthropic automatic breakpoint). */
  cacheControl?: Json;
  /** Fields with no counterpart, re-emitted only by the same format's encoder. */
  extras?: { openai?: Json; anthropic?: Json; responses?: Json };
}

/** Anthropic's stop reasons are the richer set, so they are canonical. */
export type StopReason =
  'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

export interface CanonicalResponse {
  id: string;
  model: string;
  content: CanonicalBlock[];
  stopReason: StopReason | null;
  stopSequence?: string | null;
  usage: Usage;
}

export type StreamBlockStart =
  | { type: 'text' }
  | { type: 'thinking' }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; thoughtSignature?: string }
  | { type: 'raw'; format: WireFormat; value: Json };

export interface StreamError {
  /** Client taxonomy type: overloaded_error, rate_limit_error, api_error, … */
  type: string;
  message: string;
  code?: string;
}

/**
 * Canonical stream events. Decoders guarantee: one `start` first; block indices 0,1,2… in start
 * order; a block is started, gets its deltas and is stopped before the next starts; `finish`
 * then `end` on success, or a single `error` and nothing after it.
 */
export type CanonicalStreamEvent =
  | { type: 'start'; id: string; model: string; usage?: Usage }
  | { type: 'block_start'; index: number; block: StreamBlockStart }
  | { type: 'text_delta'; index: number; text: string }
  | { type: 'thinking_delta'; index: number; thinking: string }
  | { type: 'signature_delta'; index: number; signature: string }
  | { type: 'tool_args_delta'; index: number; json: string }
  | { type: 'block_stop'; index: number }
  | { type: 'finish'; stopReason: StopReason; stopSequence?: string | null; usage?: Usage }
  | { type: 'end' }
  | { type: 'ping' }
  | { type: 'error'; error: StreamError };
