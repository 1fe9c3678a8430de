// Turns a decoded request summary plus the HTTP headers into the engine's RequestFacts.
import type { IncomingHttpHeaders } from 'node:http';
import type { ClientFormat, RequestFacts } from '../../engine/types.js';
import type { RequestSummary } from '../../wire/summary.js';

export function requestFacts(model: string, summary: RequestSummary, headers: IncomingHttpHeaders, clientFormat: ClientFormat): RequestFacts {
  return {
    ...summary,
    model,
    routeHeader: headers['x-router-route'] as string | undefined,
    difficultyHeader: headers['x-router-difficulty'] as string | undefined,
    // Node lower-cases names and joins repeated headers; only set-cookie stays an array, and
    // clients do not send it, so the object is used as it is rather than copied per request.
    headers: headers as Record<string, string>,
    clientFormat,
  };
}
