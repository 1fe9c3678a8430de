// One SSE event's data as a JSON object, or why the stream is broken: the first check of every
// JSON-per-event decoder, with the same error whichever upstream sent the bad event.
import type { StreamError } from './canonical.js';
import { isObj, type Obj } from './json-object.js';

export type StreamObject = { ok: true; value: Obj } | { ok: false; error: StreamError };

export function streamObject(data: string): StreamObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return { ok: false, error: { type: 'api_error', code: 'stream_broken', message: 'upstream sent malformed stream data' } };
  }
  if (!isObj(parsed))
    return { ok: false, error: { type: 'api_error', code: 'stream_broken', message: 'upstream sent a non-object stream event' } };
  return { ok: true, value: parsed };
}
