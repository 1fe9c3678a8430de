// OpenAI's reasoning models (o1, o3, o4-mini…, the gpt-5 family) take max_completion_tokens and
// only the default temperature/top_p: max_tokens or a set temperature is a 400 (PROTOCOLS 1.2).
// Decided by the model, not by the provider type: compatible servers (Azure, OpenRouter, LiteLLM,
// a house gateway) serve the same models under the same names.
import type { Json } from '../canonical.js';

/** catalogReasoning: the catalog's `reasoning` flag for this target, when it has an entry. */
export function isReasoningModel(model: string, catalogReasoning: boolean | undefined): boolean {
  // "openai/o3-mini" through an aggregator is still o3-mini.
  const name = model.slice(model.lastIndexOf('/') + 1).toLowerCase();
  // Claude, Gemini and DeepSeek behind an OpenAI-compatible gateway: the built-in catalog marks them
  // `reasoning` because they can think, but their APIs take max_tokens and temperature.
  if (/^(?:claude|gemini|deepseek)-/.test(name)) return false;
  if (catalogReasoning === true) return true;
  if (/^o\d+(?:-|$)/.test(name)) return true;
  // gpt-5-chat-latest is the non-reasoning member of the family and takes temperature.
  return /^gpt-5(?:\.\d+)?(?:-|$)/.test(name) && !name.includes('-chat');
}

/** A client's OpenAI body made acceptable to a reasoning model: max_tokens renamed, sampling left at the defaults. */
export function fitForReasoningModel<T extends Json>(body: T): T {
  const out: Json = { ...body };
  if (out.max_tokens !== undefined && out.max_tokens !== null) {
    out.max_completion_tokens ??= out.max_tokens;
  }
  delete out.max_tokens;
  delete out.temperature;
  delete out.top_p;
  return out as T;
}
