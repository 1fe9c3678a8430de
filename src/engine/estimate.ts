// A token estimate from character counts: no tokenizer on the request path (a peer loses 4 ms per
// 32 KB prompt to one). Calibrated against o200k/cl100k and Claude counts on mixed English and code,
// erring on the high side so context checks stay safe.
import type { RequestFacts } from './types.js';

/** English prose and code average ~3.7-4.2 chars per token; 3.5 over-counts a little on purpose. */
const latinCharsPerToken = 3.5;
/** CJK scripts run close to one token per character. */
const wideCharsPerToken = 1.1;
/** Tool JSON schemas are punctuation-heavy and tokenize denser than prose. */
const toolCharsPerToken = 3;
const tokensPerTool = 10;
/** Anthropic bills up to ~1,600 tokens for a full-size image; OpenAI high detail is lower. */
const tokensPerImage = 1_600;
/** How much of the text we look at to decide the script mix; enough to be representative, cheap to scan. */
const sampleChars = 512;

export interface TokenEstimate {
  /** Everything sent: text, images and tool definitions. */
  input: number;
  text: number;
  images: number;
  tools: number;
  charsPerToken: number;
}

export type ContextClass = 'short' | 'medium' | 'long' | 'huge';

const anyWide = /[\u2e80-\uffff]/;

function wideShare(text: string): number {
  const n = Math.min(text.length, sampleChars);
  const sample = text.length > n ? text.slice(0, n) : text;
  // Most prompts have no wide characters at all; one native scan proves it.
  if (n === 0 || !anyWide.test(sample)) return 0;
  let wide = 0;
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) >= 0x2e80) wide++;
  return wide / n;
}

export function estimateTokens(
  facts: Pick<RequestFacts, 'lastUserText' | 'systemText' | 'textChars' | 'imageCount' | 'toolCount' | 'toolsChars'>,
): TokenEstimate {
  return estimateWith(facts, charsPerTokenOf(facts.lastUserText.length > 0 ? facts.lastUserText : facts.systemText));
}

/** From the script mix of the text's head: what replay stores instead of the text. */
export function charsPerTokenOf(text: string): number {
  const share = wideShare(text);
  return Math.round((latinCharsPerToken * (1 - share) + wideCharsPerToken * share) * 100) / 100;
}

/** The estimate from sizes and a known chars-per-token (replay has no text to measure it from). */
export function estimateWith(
  facts: Pick<RequestFacts, 'textChars' | 'imageCount' | 'toolCount' | 'toolsChars'>,
  charsPerToken: number,
): TokenEstimate {
  // The epsilon keeps float noise (2300 / 2.3 = 1000.0000000000001) from adding a token.
  const text = Math.max(0, Math.ceil(facts.textChars / charsPerToken - 1e-9));
  const images = facts.imageCount * tokensPerImage;
  const tools = facts.toolCount === 0 ? 0 : Math.ceil(facts.toolsChars / toolCharsPerToken) + facts.toolCount * tokensPerTool;
  return { input: text + images + tools, text, images, tools, charsPerToken };
}

export function contextClass(tokens: number): ContextClass {
  if (tokens < 8_000) return 'short';
  if (tokens < 32_000) return 'medium';
  if (tokens < 128_000) return 'long';
  return 'huge';
}
