// `previous_response_id` for translated upstreams (config `responses.store`): the items of each
// finished response are kept in router.db under the id the router returned, and a follow-up that
// names it is expanded with them before translation, so any provider can continue it. Writes are
// queued (no I/O on the request path); the read is one prepared statement; pruning runs on a timer.
import type { Config } from '../../config/schema.js';
import type { ConversationsRepo } from '../../store/types.js';
import type { ResponsesItem, ResponsesRequest } from '../../wire/responses/types.js';
import { WireError } from '../../wire/wire-error.js';
import type { Logger } from '../log.js';

export interface Conversations {
  repo: ConversationsRepo;
  config(): Config;
  now(): number;
}

/** The request's input as items: a bare string is one user message. */
export function inputItems(input: ResponsesRequest['input']): ResponsesItem[] {
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  return input ?? [];
}

/**
 * The request a translated upstream should see: with previous_response_id, the stored items of
 * that response followed by this request's input. Throws a WireError (400, param
 * previous_response_id) when the store is off or the id is unknown or expired.
 */
export function continued(req: ResponsesRequest, conversations: Conversations | undefined): ResponsesRequest {
  const previous = req.previous_response_id;
  if (typeof previous !== 'string') return req;
  const settings = conversations?.config().responses;
  if (conversations === undefined || settings?.store !== true) {
    throw new WireError(
      'unsupported',
      `previous_response_id needs an upstream that serves the Responses API (providers.<id>.responses) or the router's conversation store (responses.store: true); this target does not serve it and the store is off, so send the whole conversation in input instead`,
      'previous_response_id',
    );
  }
  const stored = conversations.repo.get(previous, conversations.now() - settings.ttlSeconds * 1000);
  if (stored === null) {
    throw new WireError(
      'unsupported',
      `previous_response_id ${previous} is unknown or has expired: the router keeps a response's conversation for responses.ttlSeconds (${settings.ttlSeconds} s, at most responses.maxEntries = ${settings.maxEntries}) and only for responses it translated; send the whole conversation in input instead`,
      'previous_response_id',
    );
  }
  const expanded: ResponsesRequest = { ...req, input: [...(JSON.parse(stored) as ResponsesItem[]), ...inputItems(req.input)] };
  delete expanded.previous_response_id;
  return expanded;
}

/** Keeps a finished response's items (input, then output) under its id, unless the client said store: false. */
export function remember(conversations: Conversations | undefined, req: ResponsesRequest, responseId: string, outputJson: string): void {
  if (conversations === undefined || conversations.config().responses.store !== true || req.store === false) return;
  const items = [...inputItems(req.input), ...(JSON.parse(outputJson) as ResponsesItem[])];
  conversations.repo.put({ responseId, ts: conversations.now(), items: JSON.stringify(items) });
}

const PRUNE_EVERY_MS = 60_000;

/** Prunes expired and surplus conversations once a minute, off the request path. Returns the stop function. */
export function startConversationPruning(conversations: Conversations, log: Logger): () => void {
  const timer = setInterval(() => {
    const { ttlSeconds, maxEntries } = conversations.config().responses;
    const deleted = conversations.repo.prune(conversations.now() - ttlSeconds * 1000, maxEntries);
    if (deleted > 0) log.info('responses.pruned', { rowsDeleted: deleted });
  }, PRUNE_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
