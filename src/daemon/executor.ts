// Tries a plan's attempts in the order the engine's nextAttempt() picks them. Failover is allowed
// only until the first content byte has gone to the client; after that the client is committed to
// that target and a failure is reported inside the stream. Every attempt feeds the state reducers
// and lands in the ledger.
import { attemptDefaults, type Target } from '../config/schema.js';
import { escalationFor } from '../engine/escalate.js';
import { nextAttempt, type Tried } from '../engine/next-attempt.js';
import { catalogEntry } from '../engine/prepare.js';
import type { ClientError } from '../wire/errors.js';
import type { Failed } from './attempt-book.js';
import { outcomeOf, runAttempt } from './attempt.js';
import { sendError, sendJson, streamHeaders } from './client-reply.js';
import type { Exchange, ExecutorDeps, Run } from './exchange.js';
import { finalError } from './failure-report.js';
import { ClientGone } from './providers/types.js';
import { pause } from './pause.js';
import { mayRescue, rescue } from './rescue.js';

export type { Exchange, ExecutorDeps } from './exchange.js';

/** The last valid answer kept back for escalation: it goes back when nothing stronger does better. */
interface Held {
  body: string;
  seq: number;
  target: Target;
}

export async function execute(x: Exchange, deps: ExecutorDeps): Promise<void> {
  const gone = new ClientGone();
  const onClose = () => {
    if (!x.res.writableFinished) gone.abort();
  };
  x.res.on('close', onClose);
  // Headers sent for a keep-alive cannot name the target or the attempts yet: `router explain` has them.
  const keepAlive = x.stream ? deps.keepAlives.watch(x.res, x.client.keepAlive, () => streamHeaders(x, null, null)) : undefined;
  const config = deps.config();
  const run: Run = { x, deps, config, results: [], gone, keepAlive, recordStreams: mayRescue({ x, config }) || x.cacheFill !== undefined };
  const recorded = deps.cutoff?.enter(() => cut(run));
  // The status the client was told: an error after keep-alives went out travels inside the stream.
  let status: number | undefined;
  try {
    status = await attemptInTurn(run);
  } finally {
    keepAlive?.stop();
    x.res.off('close', onClose);
    deps.recorder.request(x, run.results, status ?? x.res.statusCode, gone.aborted);
    recorded?.();
  }
}

/**
 * The shutdown's drain is over and this request still runs: its client is told (in the stream when
 * it is open, else a 503), then the upstream is cancelled like for a client that left, so the attempt
 * lands in the ledger as aborted.
 */
function cut(run: Run): void {
  if (run.gone.aborted || run.x.res.writableEnded) return;
  run.keepAlive?.stop();
  const message = 'the router is shutting down: this answer was cut when the drain (limits.drainMs) ended; retry it';
  sendError(run.x, { status: 503, type: 'overloaded_error', message }, run.results.length);
  run.gone.abort();
}

/** Asks the engine for the next target until it says stop, then answers; returns an error status it sent. */
async function attemptInTurn(run: Run): Promise<number | undefined> {
  const { x, config } = run;
  const escalation = escalationFor(x.plan.route, x.stream, config);
  const entryOf = (t: Target) => catalogEntry(config, t);
  const retryOf = (t: Target) => ({ ...attemptDefaults.retry, ...config.providers[t.provider]?.retry });
  const tried: Tried[] = [];
  const failures: Failed[] = [];
  let held: Held | undefined;
  let refused: ClientError | undefined;
  for (;;) {
    const next = nextAttempt({
      attempts: x.plan.attempts,
      tried,
      entryOf,
      escalation: escalation !== undefined,
      retryOf,
      random: run.deps.random ?? Math.random,
    });
    x.plan.trace.notes.push(...next.notes);
    if (next.kind === 'stop') break;
    if (next.kind === 'retry') await pause(next.afterMs, run.gone);
    if (run.gone.aborted) return undefined;
    const target = x.plan.attempts[next.index] as Target;
    const end = await runAttempt(run, target, next.kind === 'try' && next.mayEscalate ? escalation : undefined);
    if (end.kind === 'broken') await rescue(run, end, next.index, new Set(tried.map((t) => t.index)));
    tried.push({ index: next.index, outcome: outcomeOf(end) });
    if (end.kind === 'held') held = { body: end.body, seq: end.seq, target };
    else if (end.kind === 'failed') failures.push(end);
    else if (end.kind === 'refused') refused = end.error;
  }
  const last = tried.at(-1)?.outcome;
  if (run.gone.aborted || last?.kind === 'answered' || (last?.kind === 'failed' && last.errorClass === 'client_closed')) return undefined;
  // Nothing stronger answered better: the last valid answer goes back, never an error.
  if (held) return void sendJson(x, held.body, held.seq, held.target);
  return sendError(x, refused ?? finalError(failures), run.results.length);
}
