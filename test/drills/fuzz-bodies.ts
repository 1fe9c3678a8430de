// Drill (e), fuzzed bodies: N request bodies from a small seeded generator (valid Chat, Messages,
// Responses and count_tokens bodies, then mutated: values swapped for other types, keys dropped,
// bytes flipped, the text cut short, deep nesting, huge strings) sent to the daemon's endpoints.
// Every answer must be a 4xx or a valid 200 (never a 5xx), the daemon must stay up, and its memory
// must come back near where it started.
import { startFaultUpstream } from '../helpers/fault-upstream.js';
import { formatFigures, isAlive, mb, memoryOf, pool, post, size, unhandledLines, type Figure } from '../helpers/drill-kit.js';
import { startDaemon } from '../helpers/router.js';
import { seededRandom } from '../../src/learn/routers.js';

const ENDPOINTS: Array<{ path: string; base: () => Record<string, unknown> }> = [
  {
    path: '/v1/chat/completions',
    base: () => ({
      model: 'main',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { a: { type: 'string' } } } } }],
    }),
  },
  {
    path: '/v1/messages',
    base: () => ({
      model: 'main',
      max_tokens: 100,
      system: 'be brief',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      tools: [{ name: 'f', input_schema: { type: 'object', properties: {} } }],
    }),
  },
  {
    path: '/v1/responses',
    base: () => ({ model: 'main', input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }], instructions: 'be brief' }),
  },
  { path: '/v1/messages/count_tokens', base: () => ({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }) },
];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

// Deep nesting is spliced in as text: JSON.stringify itself cannot write 10,000 levels.
const NEST = '__nest__';
const nested = (depth: number): string => `${NEST}${depth}`;
const unnest = (text: string): string =>
  text.replace(
    new RegExp(`"${NEST}(\\d+)"`, 'g'),
    (_, n: string) => (Number(n) % 2 ? '[' : '{"a":').repeat(Number(n)) + '1' + (Number(n) % 2 ? ']' : '}').repeat(Number(n)),
  );

function randomValue(r: Rand): unknown {
  return pick(r, [
    () => null,
    () => r() * 1e308 * (r() < 0.5 ? -1 : 1),
    () => Math.floor(r() * 2 ** 53),
    () => r() < 0.5,
    () => '',
    () => 'x'.repeat(Math.floor(r() * 100_000)),
    () => '\u0000\ud800\uffff💥',
    () => [],
    () => [randomValue(r), randomValue(r)],
    () => ({}),
    () => ({ role: 'tool', content: randomValue(r) }),
    () => nested(Math.floor(r() * 12_000)),
  ])();
}

/** Every path to a value inside `v` (object keys and array indices). */
function paths(v: unknown, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function mutate(r: Rand, body: Record<string, unknown>): string {
  const kind = Math.floor(r() * 6);
  const all = paths(body).filter((p) => p.length > 0);
  const target = pick(r, all);
  const parent = target.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], body) as Record<
    string | number,
    unknown
  >;
  const key = target.at(-1) as string | number;
  if (kind <= 1) parent[key] = randomValue(r);
  else if (kind === 2) delete parent[key];
  else if (kind === 3) parent[`extra${Math.floor(r() * 100)}`] = randomValue(r);
  let text = unnest(JSON.stringify(body));
  if (kind === 4) {
    const bytes = Buffer.from(text);
    for (let i = 0; i < 1 + r() * 4; i++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
    text = bytes.toString('latin1');
  }
  if (kind === 5) text = text.slice(0, Math.floor(r() * text.length));
  return text;
}

/** A 200 is valid when its body is JSON, or a stream that ends with its terminal event. */
function validOk(body: string): boolean {
  try {
    JSON.parse(body);
    return true;
  } catch {
    return /data: \[DONE\]\s*$|event: message_stop|event: response\.(completed|failed|incomplete)|"type":"error"|data: \{"error"/.test(
      body,
    );
  }
}

export interface FuzzResult {
  bodies: number;
  ok: number;
  invalidOk: number;
  clientErrors: number;
  serverErrors: number;
  noAnswer: number;
  alive: boolean;
  baselineMb: number;
  peakMb: number;
  afterMb: number;
  unhandled: number;
}

export async function runFuzzDrill(bodies = size(1500, 10_000)): Promise<FuzzResult> {
  const upstream = await startFaultUpstream('openai');
  upstream.script({ kind: 'ok', words: 5 });
  const d = await startDaemon(
    `providers:\n  p: { type: openai-compatible, baseUrl: "${upstream.url}" }\nroutes:\n  main: { targets: [p/fault-model] }\n`,
  );
  try {
    const r = seededRandom(4242);
    for (const e of ENDPOINTS) await post(d.url, e.path, JSON.stringify(e.base()));
    const baselineMb = memoryOf(d.pid).rssMb;
    const cases = Array.from({ length: bodies }, () => {
      const e = pick(r, ENDPOINTS);
      return { path: e.path, text: mutate(r, e.base()) };
    });
    const out = await pool(cases, 8, (c) => post(d.url, c.path, c.text, { timeoutMs: 30_000 }));
    const serverErrors = out.filter((x) => x.status >= 500);
    const figuresFrom = memoryOf(d.pid);
    const res: FuzzResult = {
      bodies,
      ok: out.filter((x) => x.status === 200 && validOk(x.body)).length,
      invalidOk: out.filter((x) => x.status >= 200 && x.status < 300 && !validOk(x.body)).length,
      clientErrors: out.filter((x) => x.status >= 400 && x.status < 500).length,
      serverErrors: serverErrors.length,
      noAnswer: out.filter((x) => x.status === 0).length,
      alive: isAlive(d.pid),
      baselineMb,
      peakMb: figuresFrom.peakMb,
      afterMb: figuresFrom.rssMb,
      unhandled: unhandledLines(d.home).length,
    };
    const figures: Figure[] = [
      { name: 'bodies sent', value: bodies },
      { name: 'valid 200', value: res.ok },
      { name: '4xx', value: res.clientErrors },
      { name: '5xx', value: res.serverErrors, bar: '0', ok: res.serverErrors === 0 },
      { name: '200 with an invalid body', value: res.invalidOk, bar: '0', ok: res.invalidOk === 0 },
      { name: 'no answer (connection dropped)', value: res.noAnswer, bar: '0', ok: res.noAnswer === 0 },
      { name: 'unhandled errors in routerd.log', value: res.unhandled, bar: '0', ok: res.unhandled === 0 },
      { name: 'daemon alive', value: res.alive ? 'yes' : 'no', bar: 'yes', ok: res.alive },
      { name: 'RSS before', value: mb(baselineMb) },
      { name: 'peak RSS', value: mb(res.peakMb) },
      { name: 'RSS after', value: mb(res.afterMb) },
    ];
    console.log(`\n${formatFigures(`fuzzed bodies: ${bodies} mutated requests`, figures)}\n`);
    for (const x of serverErrors.slice(0, 3)) console.log(`5xx: ${x.status} ${x.body.slice(0, 200)}`);
    return res;
  } finally {
    await d.stop();
    await upstream.close();
  }
}
