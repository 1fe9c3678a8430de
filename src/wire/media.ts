// data: URLs (OpenAI) <-> base64 sources (Anthropic). Anthropic accepts only four image types.
import type { MediaSource } from './canonical.js';

const dataUrl = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

export function sourceFromUrl(url: string): MediaSource {
  const m = dataUrl.exec(url);
  if (m !== null) return { kind: 'base64', mediaType: (m[1] as string).toLowerCase(), data: m[2] as string };
  return { kind: 'url', url };
}

export function sourceToUrl(source: MediaSource): string {
  switch (source.kind) {
    case 'base64':
    case 'text':
      return `data:${source.mediaType};base64,${source.kind === 'text' ? encodeUtf8Base64(source.data) : source.data}`;
    case 'url':
      return source.url;
    case 'file':
      return source.fileId;
  }
}

export const anthropicImageTypes: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** base64 of UTF-8 text without Buffer (the wire room is pure). */
export function encodeUtf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += alphabet[a >> 2];
    out += alphabet[((a & 3) << 4) | ((b ?? 0) >> 4)];
    out += b === undefined ? '=' : alphabet[((b & 15) << 2) | ((c ?? 0) >> 6)];
    out += c === undefined ? '=' : alphabet[c & 63];
  }
  return out;
}
