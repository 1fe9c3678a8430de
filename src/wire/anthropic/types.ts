// Anthropic Messages wire shapes (@anthropic-ai/sdk 0.137 / 1.x field names). Index signatures
// keep unknown fields for pass-through.
import type { AnthropicUsage } from '../usage.js';

type Json = Record<string, unknown>;

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: Json | null;
  citations?: unknown;
  [k: string]: unknown;
}

export type AnthropicSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  | { type: 'file'; file_id: string }
  | { type: 'text'; media_type: string; data: string };

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Json;
  cache_control?: Json | null;
  [k: string]: unknown;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: string | AnthropicBlock[];
  is_error?: boolean;
  cache_control?: Json | null;
  [k: string]: unknown;
}

export type AnthropicBlock =
  | AnthropicTextBlock
  | { type: 'image'; source: AnthropicSource; cache_control?: Json | null; [k: string]: unknown }
  | {
      type: 'document';
      source: AnthropicSource;
      title?: string | null;
      context?: string | null;
      citations?: unknown;
      cache_control?: Json | null;
      [k: string]: unknown;
    }
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | { type: 'thinking'; thinking: string; signature: string; [k: string]: unknown }
  | { type: 'redacted_thinking'; data: string; [k: string]: unknown }
  | { type: string; [k: string]: unknown };

export interface AnthropicMessage {
  role: 'user' | 'assistant' | 'system';
  content: string | AnthropicBlock[];
}

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema?: Json;
  type?: string;
  cache_control?: Json | null;
  strict?: boolean;
  [k: string]: unknown;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

export interface AnthropicRequest {
  model: string;
  messages: AnthropicMessage[];
  max_tokens?: number;
  system?: string | AnthropicTextBlock[];
  stop_sequences?: string[];
  stream?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: Json;
  metadata?: { user_id?: string | null; [k: string]: unknown };
  output_config?: { effort?: string; format?: { type: 'json_schema'; schema: Json; [k: string]: unknown } | null; [k: string]: unknown };
  cache_control?: Json | null;
  [k: string]: unknown;
}

export interface AnthropicResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicBlock[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: AnthropicUsage;
  [k: string]: unknown;
}
