// Canonical request -> Gemini generateContent body (PROTOCOLS 6.2, 3.7). Roles become user/model
// with same-role turns merged, tool results go back as functionResponse parts named by function
// (their images as inlineData parts right after), and every functionCall in history carries a
// thoughtSignature (the real one when known).
import type { CanonicalBlock, CanonicalMessage, CanonicalRequest, Json, MediaSource, TextBlock } from '../canonical.js';
import { toolNamesById } from '../tool-names.js';
import { WireError } from '../wire-error.js';
import { cleanGeminiSchema } from './schema-clean.js';

export type GeminiPart = Json;
export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}
export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: Json[];
  toolConfig?: Json;
  generationConfig?: Json;
}

export interface GeminiRequestOptions {
  /** Signatures remembered from earlier Gemini answers, by tool-call id. */
  thoughtSignatureFor?: (toolCallId: string) => string | undefined;
  /** 'parameters' cleans schemas to Gemini's subset; 'parametersJsonSchema' sends them untouched. */
  schemaMode?: 'parameters' | 'parametersJsonSchema';
}

// Google's documented placeholder for function calls in history that Gemini did not produce.
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const imageMime: Record<string, string> = { png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf' };

function mediaPart(s: MediaSource, at: string): GeminiPart {
  switch (s.kind) {
    case 'base64':
      return { inlineData: { mimeType: s.mediaType, data: s.data } };
    case 'url': {
      const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(s.url)?.[1]?.toLowerCase() ?? '';
      return { fileData: { mimeType: imageMime[ext] ?? 'image/jpeg', fileUri: s.url } };
    }
    case 'text':
      return { text: s.data };
    case 'file':
      throw new WireError('unsupported', `${at}: file ids cannot be sent to Gemini`, at);
  }
}

function resultPayload(content: string | CanonicalBlock[], isError: boolean): Json {
  const text = typeof content === 'string' ? content : content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
  return isError ? { error: text } : { result: text };
}

/**
 * Images and documents inside a tool result: a functionResponse holds only JSON, so they travel as
 * inlineData (or fileData for URLs, as in user turns) parts of the same user turn, after the
 * function responses. A file id cannot be sent and is a WireError, never a silent loss.
 */
function resultMedia(content: string | CanonicalBlock[], at: string): GeminiPart[] {
  if (typeof content === 'string') return [];
  return content.flatMap((b, k) => (b.type === 'image' || b.type === 'document' ? [mediaPart(b.source, `${at}.content[${k}]`)] : []));
}

function parts(m: CanonicalMessage, i: number, names: Map<string, string>, opts: GeminiRequestOptions): GeminiPart[] {
  const out: GeminiPart[] = [];
  let firstCall = true;
  // Tool-result media waits until the run of function responses ends: those stay together, first.
  let carried: GeminiPart[] = [];
  m.content.forEach((b, j) => {
    const at = `messages[${i}].content[${j}]`;
    if (b.type !== 'tool_result' && carried.length > 0) {
      out.push(...carried);
      carried = [];
    }
    switch (b.type) {
      case 'text':
        if (b.text !== '') out.push({ text: b.text });
        break;
      case 'image':
      case 'document':
        out.push(mediaPart(b.source, at));
        break;
      case 'audio':
        out.push({ inlineData: { mimeType: `audio/${b.format}`, data: b.data } });
        break;
      case 'tool_use': {
        const part: GeminiPart = { functionCall: { name: b.name, args: b.input, id: b.id } };
        const sig = b.thoughtSignature ?? opts.thoughtSignatureFor?.(b.id);
        // Gemini checks the signature of the first call of a step; later parallel calls may omit it.
        if (sig !== undefined) part.thoughtSignature = sig;
        else if (firstCall) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
        firstCall = false;
        out.push(part);
        break;
      }
      case 'tool_result':
        out.push({
          functionResponse: { name: names.get(b.toolUseId) ?? '', id: b.toolUseId, response: resultPayload(b.content, b.isError === true) },
        });
        carried.push(...resultMedia(b.content, at));
        break;
      default:
        break;
    }
  });
  out.push(...carried);
  return out;
}

function toolConfig(c: CanonicalRequest): Json | undefined {
  switch (c.toolChoice?.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'any':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [c.toolChoice.name] } };
    default:
      return undefined;
  }
}

function generationConfig(c: CanonicalRequest, opts: GeminiRequestOptions): Json {
  const g: Json = {};
  if (c.temperature !== undefined) g.temperature = c.temperature;
  if (c.topP !== undefined) g.topP = c.topP;
  if (c.topK !== undefined) g.topK = c.topK;
  if (c.maxTokens !== undefined) g.maxOutputTokens = c.maxTokens;
  if (c.stopSequences !== undefined && c.stopSequences.length > 0) g.stopSequences = c.stopSequences;
  if (c.n !== undefined) g.candidateCount = c.n;
  const rf = c.responseFormat;
  if (rf?.type === 'json_object' || rf?.type === 'json_schema') g.responseMimeType = 'application/json';
  if (rf?.type === 'json_schema' && rf.schema !== undefined) {
    if (opts.schemaMode === 'parametersJsonSchema') g.responseJsonSchema = rf.schema;
    else g.responseSchema = cleanGeminiSchema(rf.schema);
  }
  if (c.thinking?.type === 'enabled' && typeof c.thinking.budget_tokens === 'number')
    g.thinkingConfig = { thinkingBudget: c.thinking.budget_tokens, includeThoughts: true };
  else if (c.thinking?.type === 'disabled' || c.effort === 'none') g.thinkingConfig = { thinkingBudget: 0 };
  else if (c.effort !== undefined)
    g.thinkingConfig = {
      thinkingLevel: c.effort === 'minimal' || c.effort === 'low' ? 'low' : c.effort === 'medium' ? 'medium' : 'high',
      includeThoughts: true,
    };
  return g;
}

export function encodeGeminiRequest(c: CanonicalRequest, opts: GeminiRequestOptions = {}): GeminiRequest {
  const names = toolNamesById(c.messages);
  const system: string[] = (c.system ?? []).map((b: TextBlock) => b.text);
  const contents: GeminiContent[] = [];
  c.messages.forEach((m, i) => {
    if (m.role === 'system') {
      for (const b of m.content) if (b.type === 'text') system.push(b.text);
      return;
    }
    const role = m.role === 'assistant' ? 'model' : 'user';
    const ps = parts(m, i, names, opts);
    if (ps.length === 0) return;
    const prev = contents[contents.length - 1];
    if (prev?.role === role) prev.parts.push(...ps);
    else contents.push({ role, parts: ps });
  });
  const out: GeminiRequest = { contents };
  const sys = system.filter((t) => t !== '');
  if (sys.length > 0) out.systemInstruction = { parts: sys.map((text) => ({ text })) };
  const decls = (c.tools ?? []).flatMap((t) => {
    if (t.kind !== 'function') return [];
    const d: Json = { name: t.name };
    if (t.description !== undefined) d.description = t.description;
    if (t.inputSchema !== undefined && Object.keys(t.inputSchema).length > 0) {
      if (opts.schemaMode === 'parametersJsonSchema') d.parametersJsonSchema = t.inputSchema;
      else d.parameters = cleanGeminiSchema(t.inputSchema);
    }
    return [d];
  });
  if (decls.length > 0) {
    out.tools = [{ functionDeclarations: decls }];
    const tc = toolConfig(c);
    if (tc !== undefined) out.toolConfig = tc;
  }
  const g = generationConfig(c, opts);
  if (Object.keys(g).length > 0) out.generationConfig = g;
  return out;
}
