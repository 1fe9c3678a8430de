// Drill (c), mixed fault storm: requests at a bounded rate for a bounded time through a route of two
// targets whose upstreams play a seeded mix of faults (503, 429, reset before headers, a stall, a
// malformed event, a cut stream, an end without [DONE], a half JSON body). Every answer is graded
// from what the client got: whole, an honest error (HTTP error, in-stream error, a cut connection),
// or a wrong success (a 200 whose body is not the whole answer, or a stream that ends like a
// complete one without being whole). Wrong successes must be 0, and every request needs a ledger row.
import { answerText, startFaultUpstream, type Fault } from '../helpers/fault-upstream.js';
import {
  chatBody,
  formatFigures,
  isAlive,
  missingFromLedger,
  post,
  size,
  unhandledLines,
  type Exchange,
  type Figure,
} from '../helpers/drill-kit.js';
import { startDaemon } from '../helpers/router.js';
import { textOf } from './open-streams.js';
import { seededRandom } from '../../src/learn/routers.js';

export type Verdict = 'whole' | 'honest-error' | 'wrong-success';

const WHOLE = answerText();

/** The grade of one answer, from the client's side only. */
export function grade(r: Exchange, stream: boolean): Verdict {
  if (r.status !== 200) return 'honest-error';
  if (!r.ended) return 'honest-error'; // the router cut the connection: no client takes that for a success
  if (stream) {
    if (/^data: \{"error"/m.test(r.body)) return 'honest-error';
    return r.body.trimEnd().endsWith('data: [DONE]') && textOf(r.body) === WHOLE ? 'whole' : 'wrong-success';
  }
  try {
    const body = JSON.parse(r.body) as { choices?: Array<{ message?: { content?: string } }> };
    return body.choices?.[0]?.message?.content === WHOLE ? 'whole' : 'wrong-success';
  } catch {
    return 'wrong-success';
  }
}

const FAULTS: Fault[] = [
  { kind: 'ok' },
  { kind: 'ok' },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429 },
  { kind: 'reset' },
  { kind: 'stall', after: 20, closeAfterMs: 800 },
  { kind: 'bad-event', at: 10 },
  { kind: 'cut', after: 30 },
  { kind: 'no-done' },
  { kind: 'cut-json' },
];

export interface FaultStormResult {
  requests: number;
  counts: Record<Verdict, number>;
  missingRows: number;
  noDecision: number;
  unhandled: number;
  alive: boolean;
}

export async function runFaultStorm(rate = size(40, 200), seconds = size(5, 60)): Promise<FaultStormResult> {
  const random = seededRandom(13);
  const total = rate * seconds;
  const script = () => Array.from({ length: total * 2 }, () => FAULTS[Math.floor(random() * FAULTS.length)] as Fault);
  const [a, b] = await Promise.all([startFaultUpstream('openai'), startFaultUpstream('openai')]);
  a.script(...script(), { kind: 'ok' });
  b.script(...script(), { kind: 'ok' });
  const d = await startDaemon(
    [
      'providers:',
      `  a: { type: openai-compatible, baseUrl: "${a.url}", firstTokenTimeoutMs: 500, streamIdleTimeoutMs: 400, retry: { attempts: 2, maxWaitSeconds: 1, backoffMs: 20 } }`,
      `  b: { type: openai-compatible, baseUrl: "${b.url}", firstTokenTimeoutMs: 500, streamIdleTimeoutMs: 400, retry: { attempts: 2, maxWaitSeconds: 1, backoffMs: 20 } }`,
      'routes:',
      '  main: { strategy: ordered, targets: [a/fault-model, b/fault-model] }',
      'cooldowns: { serverErrorSeconds: 0.2, rateLimitSeconds: 0.2, timeoutSeconds: 0.2 }',
      'circuit: { failures: 5, windowSeconds: 5, openSeconds: 0.3 }',
      '',
    ].join('\n'),
  );
  try {
    const started = Date.now();
    const inFlight: Array<Promise<{ r: Exchange; stream: boolean }>> = [];
    // Paced: request i leaves at i / rate seconds, whatever the answers do.
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / rate - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const stream = i % 3 !== 0;
      inFlight.push(post(d.url, '/v1/chat/completions', chatBody('main', stream), { timeoutMs: 30_000 }).then((r) => ({ r, stream })));
    }
    const results = await Promise.all(inFlight);
    const counts: Record<Verdict, number> = { whole: 0, 'honest-error': 0, 'wrong-success': 0 };
    for (const { r, stream } of results) counts[grade(r, stream)]++;
    const ids = results.map(({ r }) => r.decision);
    const missing = await missingFromLedger(d.home, ids, 10_000);
    const unhandled = unhandledLines(d.home).length;
    const alive = isAlive(d.pid);
    const figures: Figure[] = [
      { name: 'requests', value: total },
      { name: 'whole answers', value: counts.whole },
      { name: 'honest errors', value: counts['honest-error'] },
      { name: 'wrong successes', value: counts['wrong-success'], bar: '0', ok: counts['wrong-success'] === 0 },
      { name: 'answers without a decision id', value: ids.filter((id) => id === '').length, bar: '0', ok: ids.every((id) => id !== '') },
      { name: 'missing ledger rows', value: missing.length, bar: '0', ok: missing.length === 0 },
      { name: 'unhandled errors in routerd.log', value: unhandled, bar: '0', ok: unhandled === 0 },
      { name: 'daemon alive', value: alive ? 'yes' : 'no', bar: 'yes', ok: alive },
    ];
    console.log(`\n${formatFigures(`fault storm: ${rate} req/s for ${seconds} s, two faulty targets`, figures)}\n`);
    return { requests: total, counts, missingRows: missing.length, noDecision: ids.filter((id) => id === '').length, unhandled, alive };
  } finally {
    await d.stop();
    await Promise.all([a.close(), b.close()]);
  }
}
