// OpenAI Responses API wire shapes (openai 6.x field names, PROTOCOLS 8). Index signatures keep
// unknown fields so a pass-through request loses nothing.

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
  [k: string]: unknown;
}
export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations?: unknown[];
  [k: string]: unknown;
}
export interface ResponsesRefusal {
  type: 'refusal';
  refusal: string;
  [k: string]: unknown;
}
export interface ResponsesInputImage {
  type: 'input_image';
  image_url?: string | null;
  file_id?: string | null;
  detail?: string;
  [k: string]: unknown;
}
export interface ResponsesInputFile {
  type: 'input_file';
  file_data?: string;
  file_id?: string | null;
  file_url?: string;
  filename?: string;
  [k: string]: unknown;
}
export type ResponsesContentPart =
  | ResponsesInputText
  | ResponsesOutputText
  | ResponsesRefusal
  | ResponsesInputImage
  | ResponsesInputFile
  | { type: string; [k: string]: unknown };

export type ResponsesRole = 'user' | 'assistant' | 'system' | 'developer';

export interface ResponsesMessageItem {
  type?: 'message';
  id?: string;
  role: ResponsesRole;
  content: string | ResponsesContentPart[];
  status?: string;
  [k: string]: unknown;
}

export interface ResponsesFunctionCallItem {
  type: 'function_call';
  id?: string;
  call_id: string;
  name: string;
  arguments: string;
  namespace?: string;
  status?: string;
  [k: string]: unknown;
}

export interface ResponsesFunctionCallOutputItem {
  type: 'function_call_output';
  id?: string;
  call_id: string;
  output: string | ResponsesContentPart[];
  status?: string;
  [k: string]: unknown;
}

export interface ResponsesReasoningItem {
  type: 'reasoning';
  id?: string;
  summary?: { type: 'summary_text'; text: string }[];
  content?: { type: string; text: string }[] | null;
  encrypted_content?: string | null;
  [k: string]: unknown;
}

export type ResponsesItem =
  | ResponsesMessageItem
  | ResponsesFunctionCallItem
  | ResponsesFunctionCallOutputItem
  | ResponsesReasoningItem
  | { type: string; [k: string]: unknown };

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
  [k: string]: unknown;
}

export interface ResponsesNamespaceTool {
  type: 'namespace';
  name: string;
  description?: string;
  tools: ResponsesTool[];
  [k: string]: unknown;
}

/** function, namespace, or a hosted tool (web_search, file_search, …) only Responses upstreams run. */
export type ResponsesTool = ResponsesFunctionTool | ResponsesNamespaceTool | { type: string; [k: string]: unknown };

export type ResponsesToolChoice =
  | 'none'
  | 'auto'
  | 'required'
  | { type: 'function'; name: string; [k: string]: unknown }
  | { type: 'allowed_tools'; mode: 'auto' | 'required'; tools: unknown[] }
  | { type: string; [k: string]: unknown };

export type ResponsesTextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name?: string; description?: string; schema?: Record<string, unknown>; strict?: boolean | null };

export interface ResponsesRequest {
  model: string;
  input?: string | ResponsesItem[];
  instructions?: string | null;
  stream?: boolean;
  tools?: ResponsesTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  reasoning?: { effort?: string | null; summary?: string | null; [k: string]: unknown } | null;
  text?: { format?: ResponsesTextFormat; [k: string]: unknown } | null;
  store?: boolean | null;
  include?: string[] | null;
  previous_response_id?: string | null;
  prompt_cache_key?: string;
  user?: string;
  safety_identifier?: string;
  [k: string]: unknown;
}

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; [k: string]: unknown };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number; [k: string]: unknown };
  total_tokens: number;
  [k: string]: unknown;
}

export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: 'completed' | 'incomplete' | 'failed' | 'in_progress';
  model: string;
  output: ResponsesItem[];
  usage: ResponsesUsage | null;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  [k: string]: unknown;
}
