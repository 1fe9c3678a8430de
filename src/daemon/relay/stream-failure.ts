// In-stream errors from the wire decoders, in the shape the engine classifies: a broken stream
// is the target misbehaving, anything else carries the provider's own error type and code.
import type { UpstreamFailure } from '../../engine/classify.js';
import type { StreamError } from '../../wire/canonical.js';

export interface StreamFailure {
  failure: UpstreamFailure;
  message: string;
}

export function streamFailure(e: StreamError): StreamFailure {
  if (e.code === 'stream_broken') return { failure: { streamBroken: true }, message: e.message };
  const failure: UpstreamFailure = { errorType: e.type };
  if (e.code !== undefined) failure.errorCode = e.code;
  return { failure, message: e.message };
}

/** The failover commit point: the first event that puts something the user sees on the wire. */
export { isContent } from '../../wire/stream-content.js';
