// What the hardening drills share: the profile (short in CI, full by hand), a daemon's memory read
// from /proc, its log and ledger read from its home, a streaming HTTP client that can hang up at a
// chosen moment, and the figures table every drill prints.
import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** `DRILLS_PROFILE=full npm run drills` for the sizes; CI runs the short one. */
export const FULL = process.env.DRILLS_PROFILE === 'full';
export const size = (short: number, full: number): number => (FULL ? full : short);

/** Current and peak resident memory of a process, in MB (Linux /proc). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The daemon's JSON log lines (a detached daemon writes routerd.log in its home). */
export function logLines(home: string): Array<{ level: string; msg: string; [k: string]: unknown }> {
  let text = '';
  try {
    text = readFileSync(join(home, 'routerd.log'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as { level: string; msg: string };
      } catch {
        return { level: 'raw', msg: l };
      }
    });
}

/** Log lines that mean something went wrong in the daemon itself (not a client's or an upstream's fault). */
export const unhandledLines = (home: string) =>
  logLines(home).filter((l) => l.level === 'error' || l.level === 'raw' || /unhandled|uncaught/i.test(l.msg));

/** Decision ids in the ledger (read-only, beside the running daemon). */
export function ledgerIds(home: string): Set<string> {
  const db = new Database(join(home, 'router.db'), { readonly: true, fileMustExist: true });
  try {
    return new Set((db.prepare('select decision_id from requests').all() as Array<{ decision_id: string }>).map((r) => r.decision_id));
  } finally {
    db.close();
  }
}

/** Waits until every id is in the ledger or the deadline passes; returns the ids still missing. */
export async function missingFromLedger(home: string, ids: readonly string[], timeoutMs = 5000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const have = ledgerIds(home);
    const missing = ids.filter((id) => id !== '' && !have.has(id));
    if (missing.length === 0 || Date.now() > deadline) return missing;
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface Exchange {
  status: number;
  decision: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The response ended normally (not reset, not cut by us). */
  ended: boolean;
  error?: string;
}

// One agent with no pooling limit: a drill's concurrency is the drill's, not the client's.
const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

export interface PostOptions {
  headers?: Record<string, string>;
  /** Hang up once this many body bytes arrived (0: right after the headers). */
  hangUpAfterBytes?: number;
  /** Give up (and hang up) after this long. */
  timeoutMs?: number;
  /** Called for every body chunk: lets a drill see that a stream is open. */
  onChunk?: () => void;
}

/** A POST to the daemon; resolves with what the client saw, never rejects. */
export function post(base: string, path: string, body: string, opts: PostOptions = {}): Promise<Exchange> {
  const url = new URL(path, base);
  return new Promise((resolve) => {
    const out: Exchange = { status: 0, decision: '', headers: {}, body: '', ended: false };
    let done = false;
    const finish = (error?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error !== undefined) out.error = error;
      resolve(out);
    };
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...opts.headers } },
      (res) => {
        out.status = res.statusCode ?? 0;
        out.headers = res.headers;
        out.decision = String(res.headers['x-router-decision'] ?? '');
        const chunks: Buffer[] = [];
        let bytes = 0;
        const hangUp = () => {
          req.destroy();
          out.body = Buffer.concat(chunks).toString('utf8');
          finish('hung up');
        };
        if (opts.hangUpAfterBytes === 0) return hangUp();
        res.on('data', (d: Buffer) => {
          chunks.push(d);
          bytes += d.length;
          opts.onChunk?.();
          if (opts.hangUpAfterBytes !== undefined && bytes >= opts.hangUpAfterBytes) hangUp();
        });
        res.on('end', () => {
          out.body = Buffer.concat(chunks).toString('utf8');
          out.ended = res.complete;
          finish();
        });
        res.on('error', (e) => {
          out.body = Buffer.concat(chunks).toString('utf8');
          finish(e.message);
        });
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish('client timeout');
    }, opts.timeoutMs ?? 30_000);
    req.on('error', (e) => finish(e.message));
    req.end(body);
  });
}

export const chatBody = (model: string, stream: boolean, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model,
    stream,
    messages: [{ role: 'user', content: 'count for me' }],
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    ...extra,
  });

export async function healthy(base: string): Promise<boolean> {
  try {
    const r = await fetch(new URL('/healthz', base), { signal: AbortSignal.timeout(5000) });
    return r.status === 200;
  } catch {
    return false;
  }
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T, R>(items: readonly T[], limit: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export interface Figure {
  name: string;
  value: string | number;
  /** The bar the project holds, as text ("0", "≤ 150 MB"). */
  bar?: string;
  ok?: boolean;
}

export function formatFigures(title: string, figures: readonly Figure[]): string {
  const width = Math.max(...figures.map((f) => f.name.length));
  const rows = figures.map(
    (f) =>
      `  ${f.name.padEnd(width)}  ${String(f.value).padStart(10)}  ${(f.bar ?? '').padEnd(12)}  ${f.ok === undefined ? '' : f.ok ? 'ok' : 'FAIL'}`,
  );
  return [`${title}${FULL ? ' (full profile)' : ' (short profile)'}`, ...rows].join('\n');
}

export const mb = (n: number) => `${n.toFixed(1)} MB`;
