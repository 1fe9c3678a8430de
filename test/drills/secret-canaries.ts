// Drill (g), secret canaries: every provider's apiKey is a canary string, and the upstreams quote the
// credentials they were sent back in their errors (HTTP error bodies and in-stream error events), as
// some providers do. Across every error path (auth, server, rate limit, in-stream, reset, cut,
// malformed) and both client formats, streamed and not, the canary must never appear in a response
// body or header, in routerd.log, in router.db (its WAL included), or in `router explain`.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFaultUpstream, type Fault } from '../helpers/fault-upstream.js';
import { chatBody, formatFigures, isAlive, missingFromLedger, post, type Figure } from '../helpers/drill-kit.js';
import { cli, startDaemon } from '../helpers/router.js';

const FAULTS: Fault[] = [
  { kind: 'echo-auth', status: 401 },
  { kind: 'echo-auth', status: 403 },
  { kind: 'echo-auth', status: 500 },
  { kind: 'echo-auth', status: 429 },
  { kind: 'echo-auth', status: 400 },
  { kind: 'echo-auth-in-stream', after: 0 },
  { kind: 'echo-auth-in-stream', after: 5 },
  { kind: 'status', status: 503 },
  { kind: 'reset' },
  { kind: 'cut', after: 10 },
  { kind: 'bad-event', at: 3 },
];

export interface CanaryResult {
  requests: number;
  hits: Record<string, number>;
  total: number;
  alive: boolean;
}

export async function runCanaryDrill(): Promise<CanaryResult> {
  const canary = `sk-canary-${randomBytes(12).toString('hex')}`;
  const [a, b] = await Promise.all([startFaultUpstream('openai'), startFaultUpstream('anthropic')]);
  const d = await startDaemon(
    [
      'providers:',
      `  a: { type: openai-compatible, baseUrl: "${a.url}", apiKey: "${canary}", retry: { attempts: 1 } }`,
      `  b: { type: anthropic, baseUrl: "${b.url}", apiKey: "${canary}", retry: { attempts: 1 } }`,
      'routes:',
      '  solo: { targets: [a/fault-model] }',
      '  both: { strategy: ordered, targets: [a/fault-model, b/fault-model] }',
      'cooldowns: { serverErrorSeconds: 0.01, rateLimitSeconds: 0.01, timeoutSeconds: 0.01, authSeconds: 0.01 }',
      'circuit: { failures: 1000, windowSeconds: 1, openSeconds: 0.01 }',
      '',
    ].join('\n'),
  );
  const hits: Record<string, number> = {
    'response bodies': 0,
    'response headers': 0,
    'routerd.log': 0,
    'router.db': 0,
    'router explain': 0,
  };
  const count = (where: string, text: string) => (hits[where] = (hits[where] ?? 0) + text.split(canary).length - 1);
  const ids: string[] = [];
  let quoted = 0;
  let stopped = false;
  try {
    for (const fault of FAULTS) {
      for (const route of ['solo', 'both']) {
        for (const client of ['openai', 'anthropic'] as const) {
          for (const stream of [false, true]) {
            a.script(fault);
            b.script(fault);
            const r =
              client === 'openai'
                ? await post(d.url, '/v1/chat/completions', chatBody(route, stream), { timeoutMs: 20_000 })
                : await post(
                    d.url,
                    '/v1/messages',
                    JSON.stringify({ model: route, max_tokens: 100, stream, messages: [{ role: 'user', content: 'count for me' }] }),
                    { timeoutMs: 20_000 },
                  );
            count('response bodies', r.body);
            if (/Incorrect API key provided|upstream failed for key/.test(r.body)) quoted++;
            count('response headers', JSON.stringify(r.headers));
            ids.push(r.decision);
          }
        }
      }
    }
    const alive = isAlive(d.pid);
    await missingFromLedger(d.home, ids, 5000);
    for (const id of ids.slice(0, 12)) count('router explain', (await cli(d.home, ['explain', id])).stdout);
    count('router explain', (await cli(d.home, ['status', '--json'])).stdout);
    await d.stop();
    stopped = true;
    count('routerd.log', readFileSync(join(d.home, 'routerd.log'), 'utf8'));
    for (const f of ['router.db', 'router.db-wal', 'router.db-shm'])
      if (existsSync(join(d.home, f))) count('router.db', readFileSync(join(d.home, f)).toString('latin1'));
    // The upstreams did receive the key: the canary is live, so zero hits mean something.
    const sent = a.received.length + b.received.length;
    const total = Object.values(hits).reduce((x, y) => x + y, 0);
    const figures: Figure[] = [
      { name: 'requests across error paths', value: ids.length },
      { name: 'upstream calls carrying the canary', value: sent },
      { name: "answers quoting the upstream's (scrubbed) message", value: quoted },
      ...Object.entries(hits).map(([where, n]) => ({ name: `canary hits in ${where}`, value: n, bar: '0', ok: n === 0 })),
      { name: 'daemon alive through the run', value: alive ? 'yes' : 'no', bar: 'yes', ok: alive },
    ];
    console.log(`\n${formatFigures('secret canaries', figures)}\n`);
    return { requests: ids.length, hits, total, alive };
  } finally {
    if (!stopped) await d.stop();
    await Promise.all([a.close(), b.close()]);
  }
}
