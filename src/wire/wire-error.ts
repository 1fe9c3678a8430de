// A typed failure of the wire layer, so callers branch on `code`, never on message text.
export type WireErrorCode = 'malformed_json' | 'malformed_ndjson' | 'invalid_request' | 'unsupported' | 'stream_broken';

export class WireError extends Error {
  override readonly name = 'WireError';
  constructor(
    readonly code: WireErrorCode,
    message: string,
    readonly param?: string,
  ) {
    super(message);
  }
}
