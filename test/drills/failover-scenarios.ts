// The failover drill: the 16 scenarios of the public failover benchmark (S01–S16: a primary with
// the fault, a healthy fallback), played with fast timings against fault-injecting fake upstreams
// through a real daemon, each graded from what the client actually received:
//   pass     the whole answer (or, for S13, the provider's rejection as it was), as the scenario asks
//   partial  the whole answer, but something the scenario asks for is missing (model, usage, recovery)
//   safe     an honest error (HTTP error or in-stream error), never a truncated success
//   fail     anything presented as a success that is not the whole answer
// Run it with `npm run drills:failover`; test/drills/failover-drill.test.ts asserts on it.
import { answerText, startFaultUpstream, times, type Fault, type FaultUpstream } from '../helpers/fault-upstream.js';
import { chatStream, type StreamResult } from '../helpers/failover-client.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

export type Grade = 'pass' | 'partial' | 'safe' | 'fail';

export interface ScenarioResult {
  id: string;
  title: string;
  grade: Grade;
  detail: string;
}

interface Scenario {
  id: string;
  title: string;
  primary: Fault[];
  fallback?: Fault[];
  /** Grades the client's view; the default wants the whole answer. */
  run?: (ctx: Ctx) => Promise<{ grade: Grade; detail: string }>;
}

interface Ctx {
  d: RunningDaemon;
  route: string;
  primary: FaultUpstream;
  fallback: FaultUpstream;
}

const WHOLE = answerText();

/** The default grading: whole answer = pass, honest error = safe, anything else = fail. */
export function gradeStream(r: StreamResult): { grade: Grade; detail: string } {
  const by = r.headers.get('x-router-target') ?? '-';
  if (r.error !== undefined)
    return {
      grade: r.text === '' || WHOLE.startsWith(r.text) ? 'safe' : 'fail',
      detail: `error after ${r.text.length} chars: ${r.error.message}`,
    };
  if (r.text === WHOLE) return { grade: 'pass', detail: `whole answer (x-router-target ${by})` };
  return { grade: 'fail', detail: `success with ${r.text.length}/${WHOLE.length} chars` };
}

const scenarios: Scenario[] = [
  { id: 'S01', title: '429 with Retry-After: 2, once', primary: [{ kind: 'status', status: 429, retryAfter: 2 }, { kind: 'ok' }] },
  { id: 'S02', title: '429 without Retry-After, every time', primary: [{ kind: 'status', status: 429 }] },
  { id: 'S03', title: '500 once, then healthy', primary: [{ kind: 'status', status: 500 }, { kind: 'ok' }] },
  { id: 'S04', title: '503 every time', primary: [{ kind: 'status', status: 503 }] },
  { id: 'S05', title: 'TCP reset before headers, once', primary: [{ kind: 'reset' }, { kind: 'ok' }] },
  { id: 'S06', title: 'accepts and never answers', primary: [{ kind: 'hang' }] },
  { id: 'S07', title: 'headers at once, first token after a long pause', primary: [{ kind: 'slow-first', pauseMs: 3000, pingMs: 100 }] },
  { id: 'S08', title: 'cut after 40 of 60 tokens, no terminating chunk', primary: [{ kind: 'cut', after: 40 }] },
  { id: 'S09', title: 'stall after 20 tokens, silent, then closes', primary: [{ kind: 'stall', after: 20, closeAfterMs: 2000 }] },
  { id: 'S10', title: 'the 10th SSE event is invalid JSON', primary: [{ kind: 'bad-event', at: 10 }] },
  { id: 'S11', title: 'complete stream without data: [DONE]', primary: [{ kind: 'no-done' }] },
  {
    id: 'S12',
    title: '400 context_length_exceeded',
    primary: [{ kind: 'context-length' }],
    async run(ctx) {
      const r = await chatStream(ctx.d.url, 'openai', ctx.route);
      const g = gradeStream(r);
      if (g.grade !== 'pass') return g;
      const by = r.headers.get('x-router-target') ?? '';
      return by.startsWith('f')
        ? { grade: 'pass', detail: `answered by the larger window ${by}` }
        : { grade: 'partial', detail: `answered by ${by}` };
    },
  },
  {
    id: 'S13',
    title: '400 content_policy_violation',
    primary: [{ kind: 'content-policy' }],
    async run(ctx) {
      const before = ctx.fallback.received.length + ctx.primary.received.length;
      const r = await chatStream(ctx.d.url, 'openai', ctx.route);
      const tries = ctx.fallback.received.length + ctx.primary.received.length - before;
      if (r.status === 400 && /safety system/.test(r.error?.message ?? '') && tries === 1)
        return { grade: 'pass', detail: 'the rejection as the provider gave it, tried once' };
      if (r.error !== undefined) return { grade: 'safe', detail: `${r.status}: ${r.error.message} (${tries} upstream calls)` };
      return { grade: 'fail', detail: 'a filtered request presented as a success' };
    },
  },
  {
    id: 'S14',
    title: 'cut as S08, the fallback rejects assistant prefill',
    primary: [{ kind: 'cut', after: 40 }],
    fallback: [{ kind: 'reject-prefill' }],
    async run(ctx) {
      const r = await chatStream(ctx.d.url, 'openai', ctx.route);
      const g = gradeStream(r);
      if (g.grade === 'safe' && /prefill/i.test(r.error?.message ?? ''))
        return { grade: 'partial', detail: `the error names the prefill 400, not the original failure: ${r.error?.message}` };
      return g;
    },
  },
  {
    id: 'S15',
    title: '503 for a while, then recovers (20 requests over time)',
    primary: times(3, { kind: 'status', status: 503 }, { kind: 'ok' }),
    async run(ctx) {
      const served: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await chatStream(ctx.d.url, 'openai', ctx.route);
        const g = gradeStream(r);
        if (g.grade !== 'pass') return { grade: g.grade, detail: `request ${i + 1}: ${g.detail}` };
        served.push(r.headers.get('x-router-target') ?? '?');
        await new Promise((res) => setTimeout(res, 100));
      }
      // The primary's traffic back for good: the run of primary answers after the fallback's last.
      const back = served.findLastIndex((s) => s.startsWith('f')) + 1;
      const recovered = back > 0 && back < served.length;
      return recovered
        ? {
            grade: 'pass',
            detail: `20/20 whole; ${served.filter((x) => x.startsWith('f')).length} by the fallback, back on the primary from request ${back + 1}`,
          }
        : { grade: 'partial', detail: `20/20 whole, but the primary never got traffic back` };
    },
  },
  {
    id: 'S16',
    title: "503 every time; the answer reports the fallback's model and usage",
    primary: [{ kind: 'status', status: 503 }],
    async run(ctx) {
      const r = await chatStream(ctx.d.url, 'openai', ctx.route);
      const g = gradeStream(r);
      if (g.grade !== 'pass') return g;
      const ok = r.model === 'large' && (r.usage?.completion_tokens ?? 0) > 0;
      return ok
        ? { grade: 'pass', detail: `model ${r.model}, ${r.usage?.completion_tokens} output tokens` }
        : { grade: 'partial', detail: `model ${r.model}, usage ${JSON.stringify(r.usage)}` };
    },
  },
];

function configFor(pairs: Array<{ id: string; primary: FaultUpstream; fallback: FaultUpstream }>): string {
  const providers = pairs.flatMap(({ id, primary, fallback }) => [
    // Fast timings: deadlines in hundreds of milliseconds instead of a minute.
    `  p${id}: { type: openai-compatible, baseUrl: "${primary.url}", firstTokenTimeoutMs: 500, streamIdleTimeoutMs: 400, retry: { attempts: 2, maxWaitSeconds: 3, backoffMs: 50 } }`,
    `  f${id}: { type: anthropic, baseUrl: "${fallback.url}", apiKey: sk-drill }`,
  ]);
  const models = pairs.flatMap(({ id }) => [`  "p${id}/small": { contextWindow: 8192 }`, `  "f${id}/large": { contextWindow: 128000 }`]);
  const routes = pairs.map(({ id }) => `  r${id}: { strategy: ordered, targets: [p${id}/small, f${id}/large] }`);
  return [
    'providers:',
    ...providers,
    'models:',
    ...models,
    'routes:',
    ...routes,
    'cooldowns: { serverErrorSeconds: 0.2, rateLimitSeconds: 0.2, timeoutSeconds: 0.2 }',
    'circuit: { failures: 2, windowSeconds: 10, openSeconds: 0.3 }',
    '',
  ].join('\n');
}

export async function runFailoverDrill(only?: readonly string[]): Promise<ScenarioResult[]> {
  const chosen = scenarios.filter((s) => only === undefined || only.includes(s.id));
  const pairs = await Promise.all(
    chosen.map(async (s) => {
      const [primary, fallback] = await Promise.all([startFaultUpstream('openai'), startFaultUpstream('anthropic')]);
      primary.script(...s.primary);
      fallback.script(...(s.fallback ?? [{ kind: 'ok' }]));
      return { id: s.id.slice(1), scenario: s, primary, fallback };
    }),
  );
  const d = await startDaemon(configFor(pairs));
  const results: ScenarioResult[] = [];
  try {
    for (const { id, scenario, primary, fallback } of pairs) {
      const ctx: Ctx = { d, route: `r${id}`, primary, fallback };
      let outcome: { grade: Grade; detail: string };
      try {
        outcome = scenario.run ? await scenario.run(ctx) : gradeStream(await chatStream(d.url, 'openai', ctx.route));
      } catch (err) {
        outcome = { grade: 'safe', detail: `client error: ${(err as Error).message}` };
      }
      results.push({ id: scenario.id, title: scenario.title, ...outcome });
    }
  } finally {
    await d.stop();
    await Promise.all(pairs.flatMap((p) => [p.primary.close(), p.fallback.close()]));
  }
  return results;
}

export function formatTable(results: readonly ScenarioResult[]): string {
  const lines = results.map((r) => `${r.id}  ${r.grade.padEnd(7)}  ${r.title.padEnd(56)}  ${r.detail}`);
  const count = (g: Grade) => results.filter((r) => r.grade === g).length;
  return [...lines, `pass ${count('pass')}  partial ${count('partial')}  safe ${count('safe')}  fail ${count('fail')}`].join('\n');
}
