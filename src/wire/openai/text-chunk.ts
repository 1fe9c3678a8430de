// The shapes of nearly every OpenAI stream chunk: one text delta with nothing else that matters,
// and the finish chunk (an empty delta and a finish reason). Matching them exactly (anchored; every
// other field known and inert) lets the decoder and the pass-through watcher skip JSON.parse, which
// is most of what reading a stream costs. Any other chunk, spacing or field order takes the full path.

const INERT_FIELD = String.raw`"(?:id|object|model|system_fingerprint|service_tier|obfuscation)":(?:"[^"\\]*"|null)|"created":\d+|"usage":null`;

/** An anchored chunk: inert fields around one choice at index 0 with the given delta and finish reason (regex source). */
const oneChoice = (delta: string, finish: string): RegExp =>
  new RegExp(
    String.raw`^\{(?:(?:${INERT_FIELD}),)*"choices":\[\{"index":0,"delta":${delta}(?:,"logprobs":null)?,"finish_reason":${finish}\}\](?:,(?:${INERT_FIELD}))*\}$`,
  );

const TEXT_CHUNK = oneChoice(String.raw`\{(?:"role":"assistant",)?"content":"((?:[^"\\\x00-\x1f]|\\.)*)"\}`, 'null');
const FINISH_CHUNK = oneChoice(String.raw`\{\}`, String.raw`"([a-z_]+)"`);

/** The finish reason of a plain finish chunk (empty delta, no usage), or undefined when the chunk needs the full decoder. */
export function plainFinish(data: string): string | undefined {
  return FINISH_CHUNK.exec(data)?.[1];
}

/** The text of a plain text-delta chunk, or undefined when the chunk needs the full decoder. */
export function plainText(data: string): string | undefined {
  const m = TEXT_CHUNK.exec(data);
  if (m === null) return undefined;
  const raw = m[1] as string;
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}
