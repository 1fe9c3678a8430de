// The shapes of nearly every OpenAI stream chunk: one text delta with nothing else that matters,
// and the finish chunk (an empty delta and a finish reason). Matching them exactly (anchored; every
// other field known and inert) lets the decoder and the pass-through watcher skip JSON.parse, which
// is most of what reading a stream costs. Any other chunk, spacing or field order takes the full path.

const INERT_FIELD = String.raw`"(?:id|object|model|system_fingerprint|service_tier|obfuscation)":(?:"[^"\\]*"|null)|"created":\d+|"usage":null`;
const TEXT_CHUNK = new RegExp(
  String.raw`^\{(?:(?:${INERT_FIELD}),)*"choices":\[\{"index":0,"delta":\{(?:"role":"assistant",)?"content":"((?:[^"\\\x00-\x1f]|\\.)*)"\}(?:,"logprobs":null)?,"finish_reason":null\}\](?:,(?:${INERT_FIELD}))*\}$`,
);

const FINISH_CHUNK = new RegExp(
  String.raw`^\{(?:(?:${INERT_FIELD}),)*"choices":\[\{"index":0,"delta":\{\}(?:,"logprobs":null)?,"finish_reason":"([a-z_]+)"\}\](?:,(?:${INERT_FIELD}))*\}$`,
);

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
