// Reasoning models (o-series, the gpt-5 family, or `reasoning: true` in the catalog) reject
// max_tokens and any non-default temperature/top_p (PROTOCOLS 1.2, 3.2). The field choice follows
// the model, on `openai` and `openai-compatible` providers alike, for translated Anthropic
// clients and for OpenAI clients on the pass-through path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let oai: FakeUpstream;
let compat: FakeUpstream;
let d: RunningDaemon;

beforeAll(async () => {
  [oai, compat] = await Promise.all([startFakeUpstream(), startFakeUpstream()]);
  d = await startDaemon(`
providers:
  oai: { type: openai, baseUrl: "${oai.url}", apiKey: sk-test }
  compat: { type: openai-compatible, baseUrl: "${compat.url}" }
models:
  "compat/house-thinker": { reasoning: true }
routes:
  oai-o3: { targets: [oai/o3] }
  oai-gpt41: { targets: [oai/gpt-4.1] }
  compat-o4: { targets: [compat/o4-mini] }
  compat-gpt5: { targets: [compat/gpt-5-mini] }
  compat-thinker: { targets: [compat/house-thinker] }
  compat-plain: { targets: [compat/llama-plain] }
defaultRoute: compat-plain
`);
});
afterAll(async () => {
  await d?.stop();
  await Promise.all([oai?.close(), compat?.close()]);
});

async function post(path: string, body: object, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${d.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

const fromAnthropic = (model: string) =>
  post(
    '/v1/messages',
    { model, max_tokens: 300, temperature: 0.2, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }] },
    { 'anthropic-version': '2023-06-01' },
  );
const fromOpenAi = (model: string) =>
  post('/v1/chat/completions', { model, max_tokens: 300, temperature: 0.2, top_p: 0.9, messages: [{ role: 'user', content: 'hi' }] });

const sampling = (body: Record<string, unknown>) => ({
  max_tokens: body.max_tokens,
  max_completion_tokens: body.max_completion_tokens,
  temperature: body.temperature,
  top_p: body.top_p,
});
const reasoningShape = { max_tokens: undefined, max_completion_tokens: 300, temperature: undefined, top_p: undefined };

describe('Anthropic client -> OpenAI-format upstream', () => {
  it.each([
    ['o-series on openai', 'oai-o3', () => oai],
    ['o-series on openai-compatible', 'compat-o4', () => compat],
    ['gpt-5 family on openai-compatible', 'compat-gpt5', () => compat],
    ['catalog reasoning: true on openai-compatible', 'compat-thinker', () => compat],
  ])('%s: max_completion_tokens, no temperature/top_p', async (_n, route, up) => {
    expect(await fromAnthropic(route)).toBe(200);
    expect(sampling(up().received.at(-1)!.body)).toEqual(reasoningShape);
  });

  it('a non-reasoning model on openai-compatible keeps max_tokens and sampling', async () => {
    expect(await fromAnthropic('compat-plain')).toBe(200);
    expect(sampling(compat.received.at(-1)!.body)).toEqual({
      max_tokens: 300,
      max_completion_tokens: undefined,
      temperature: 0.2,
      top_p: 0.9,
    });
  });

  it('a non-reasoning model on openai gets max_completion_tokens and keeps sampling', async () => {
    expect(await fromAnthropic('oai-gpt41')).toBe(200);
    expect(sampling(oai.received.at(-1)!.body)).toEqual({
      max_tokens: undefined,
      max_completion_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
    });
  });
});

describe('OpenAI client -> OpenAI-format upstream (pass-through)', () => {
  it.each([
    ['o-series on openai', 'oai-o3', () => oai],
    ['o-series on openai-compatible', 'compat-o4', () => compat],
    ['catalog reasoning: true on openai-compatible', 'compat-thinker', () => compat],
  ])('%s: max_tokens becomes max_completion_tokens, temperature/top_p dropped', async (_n, route, up) => {
    expect(await fromOpenAi(route)).toBe(200);
    expect(sampling(up().received.at(-1)!.body)).toEqual(reasoningShape);
  });

  it('a non-reasoning model keeps the request as the client wrote it', async () => {
    expect(await fromOpenAi('compat-plain')).toBe(200);
    expect(compat.received.at(-1)!.body).toEqual({
      model: 'llama-plain',
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      messages: [{ role: 'user', content: 'hi' }],
    });
  });
});
