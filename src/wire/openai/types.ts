// OpenAI Chat Completions wire shapes (openai 6.x field names). Index signatures keep unknown
// fields so a pass-through request loses nothing.

export interface OpenAiTextPart {
  type: 'text';
  text: string;
  [k: string]: unknown;
}
export interface OpenAiImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high'; [k: string]: unknown };
  [k: string]: unknown;
}
export interface OpenAiAudioPart {
  type: 'input_audio';
  input_audio: { data: string; format: string };
  [k: string]: unknown;
}
export interface OpenAiFilePart {
  type: 'file';
  file: { file_data?: string; file_id?: string; filename?: string };
  [k: string]: unknown;
}
export interface OpenAiRefusalPart {
  type: 'refusal';
  refusal: string;
  [k: string]: unknown;
}
export type OpenAiContentPart = OpenAiTextPart | OpenAiImagePart | OpenAiAudioPart | OpenAiFilePart | OpenAiRefusalPart;

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  [k: string]: unknown;
}

export type OpenAiRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';

export interface OpenAiMessage {
  role: OpenAiRole;
  content?: string | OpenAiContentPart[] | null;
  name?: string;
  tool_calls?: OpenAiToolCall[];
  tool_call_id?: string;
  refusal?: string | null;
  reasoning_content?: string | null;
  [k: string]: unknown;
}

export interface OpenAiFunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
  [k: string]: unknown;
}
export interface OpenAiCustomTool {
  type: 'custom';
  custom: { name: string; description?: string; format?: unknown };
  [k: string]: unknown;
}
export type OpenAiTool = OpenAiFunctionTool | OpenAiCustomTool;

export type OpenAiToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; function: { name: string } }
  | { type: 'allowed_tools'; allowed_tools: { mode: 'auto' | 'required'; tools: unknown[] } }
  | { type: 'custom'; custom: { name: string } };

export interface OpenAiChatRequest {
  model: string;
  messages: OpenAiMessage[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean; [k: string]: unknown } | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  tools?: OpenAiTool[];
  tool_choice?: OpenAiToolChoice;
  parallel_tool_calls?: boolean;
  response_format?:
    | { type: 'text' }
    | { type: 'json_object' }
    | {
        type: 'json_schema';
        json_schema: { name: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };
      };
  reasoning_effort?: string | null;
  user?: string;
  safety_identifier?: string;
  [k: string]: unknown;
}

export interface OpenAiResponseMessage {
  role: 'assistant';
  content: string | null;
  refusal?: string | null;
  tool_calls?: OpenAiToolCall[];
  reasoning_content?: string;
  [k: string]: unknown;
}

export interface OpenAiChatResponse {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: { index: number; message: OpenAiResponseMessage; finish_reason: string | null; logprobs: unknown }[];
  usage?: import('../usage.js').OpenAiUsage;
  [k: string]: unknown;
}

export interface OpenAiToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface OpenAiChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: {
    index: number;
    delta: {
      role?: 'assistant';
      content?: string | null;
      refusal?: string | null;
      tool_calls?: OpenAiToolCallDelta[];
      reasoning_content?: string;
    };
    finish_reason: string | null;
    logprobs?: unknown;
  }[];
  usage?: import('../usage.js').OpenAiUsage | null;
  [k: string]: unknown;
}
