// Gemini 3 rejects tool-call history without the thoughtSignature it issued, and clients never send
// it back: the daemon keeps it. A config reload rebuilds every adapter, and must not forget them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let gm: FakeGemini;
let d: RunningDaemon;
let rpc: DaemonClient;

const config = (extra = '') => `
providers:
  gm: { type: gemini, baseUrl: "${gm.url}", apiKey: gemini-key }
routes:
  gemini: { strategy: ordered, targets: [gm/gemini-fake] }
${extra}
defaultRoute: gemini
`;

beforeAll(async () => {
  gm = await startFakeGemini();
  d = await startDaemon(config());
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await gm?.close();
});

const ask = { role: 'user', content: 'What is the weather in Oslo?' };
const weatherTool = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

async function chat(body: object): Promise<{
  status: number;
  json: { choices: { message: { tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[] } }[] };
}> {
  const res = await fetch(`${d.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as never };
}

describe('Gemini thought signatures', () => {
  it.each([
    ['non-streaming', false],
    ['streaming', true],
  ])('survive a config reload between the tool call and its result (%s first turn)', async (_n, stream) => {
    const signature = `sig-survives-${stream ? 'stream' : 'json'}`;
    gm.script({ kind: 'call', name: 'get_weather', args: { city: 'Oslo' }, thoughtSignature: signature }, { kind: 'text', text: 'Sunny.' });
    let call: { id: string; type: string; function: { name: string; arguments: string } };
    if (stream) {
      const res = await fetch(`${d.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gemini', stream: true, messages: [ask], tools: [weatherTool] }),
      });
      const text = await res.text();
      const first = text.split('\n').find((l) => l.includes('"tool_calls"'))!;
      const fragment = (
        JSON.parse(first.slice('data: '.length)) as { choices: { delta: { tool_calls: { id: string; function: { name: string } }[] } }[] }
      ).choices[0]!.delta.tool_calls[0]!;
      call = { id: fragment.id, type: 'function', function: { name: fragment.function.name, arguments: '{"city":"Oslo"}' } };
    } else {
      const first = await chat({ model: 'gemini', messages: [ask], tools: [weatherTool] });
      expect(first.status).toBe(200);
      call = first.json.choices[0]!.message.tool_calls![0]!;
    }

    // The user edits the config (a new route) and reloads: every adapter is rebuilt.
    writeFileSync(join(d.home, 'config.yaml'), config(`  extra-${stream ? 's' : 'j'}: { targets: [gm/gemini-other] }`));
    expect(await rpc.call('config.reload')).toMatchObject({ ok: true });

    const second = await chat({
      model: 'gemini',
      tools: [weatherTool],
      messages: [ask, { role: 'assistant', content: null, tool_calls: [call] }, { role: 'tool', tool_call_id: call.id, content: 'sunny' }],
    });
    expect(second.status).toBe(200);
    expect(gm.received.at(-1)!.body.contents).toEqual([
      { role: 'user', parts: [{ text: 'What is the weather in Oslo?' }] },
      {
        role: 'model',
        parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' }, id: call.id }, thoughtSignature: signature }],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call.id, response: { result: 'sunny' } } }] },
    ]);
  });
});
