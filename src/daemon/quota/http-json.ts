// GET a JSON document over undici, with retries and exponential backoff. Used only by background
// refreshers (quota, balance), never on the request path.
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

export class FetchFailed extends Error {
  constructor(
    message: string,
    /** HTTP status, when the server answered. */
    readonly status?: number,
    /** False for answers that will not change on retry (401, 403, 404, bad JSON). */
    readonly retryable = true,
  ) {
    super(message);
    this.name = 'FetchFailed';
  }
}

export type FetchJson = (url: string, headers: Record<string, string>) => Promise<unknown>;

export interface FetchOptions {
  timeoutMs?: number;
  /** Tries in all (first try included). */
  tries?: number;
  /** Wait before the first retry; doubles each time. */
  backoffMs?: number;
  maxBackoffMs?: number;
  wait?: (ms: number) => Promise<unknown>;
}

const MAX_BODY_CHARS = 1_000_000;

async function getOnce(url: string, headers: Record<string, string>, timeoutMs: number): Promise<unknown> {
  let res: Awaited<ReturnType<typeof request>>;
  try {
    res = await request(url, {
      method: 'GET',
      headers: { accept: 'application/json', ...headers },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
  } catch (err) {
    throw new FetchFailed(`${new URL(url).host}: ${(err as Error).message}`);
  }
  const text = await res.body.text().catch(() => '');
  if (res.statusCode >= 400) {
    const retryable = res.statusCode === 408 || res.statusCode === 429 || res.statusCode >= 500;
    throw new FetchFailed(`${new URL(url).host} answered HTTP ${res.statusCode}`, res.statusCode, retryable);
  }
  if (text.length > MAX_BODY_CHARS)
    throw new FetchFailed(`${new URL(url).host}: response larger than ${MAX_BODY_CHARS} characters`, res.statusCode, false);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FetchFailed(`${new URL(url).host}: response is not JSON`, res.statusCode, false);
  }
}

/** A FetchJson that retries connection errors, 408, 429 and 5xx: backoffMs, then doubling. */
export function createFetchJson(opts: FetchOptions = {}): FetchJson {
  const tries = Math.max(1, opts.tries ?? 3);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const wait = opts.wait ?? ((ms: number) => sleep(ms, undefined, { ref: false }));
  return async (url, headers) => {
    let delay = opts.backoffMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        return await getOnce(url, headers, timeoutMs);
      } catch (err) {
        if (attempt >= tries || (err instanceof FetchFailed && !err.retryable)) throw err;
        await wait(delay);
        delay = Math.min(delay * 2, opts.maxBackoffMs ?? 8_000);
      }
    }
  };
}
