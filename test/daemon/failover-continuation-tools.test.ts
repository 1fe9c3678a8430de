// Only text is continued: a stream that breaks inside a tool call ends with the in-stream error,
// and no target is asked to continue it, even one that could prefill.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startFaultUpstream, type FaultUpstream } from '../helpers/fault-upstream.js';
import { chatStream } from '../helpers/failover-client.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { startScriptedUpstream, sse, type ScriptedUpstream } from '../helpers/scripted-upstream.js';

let tools: ScriptedUpstream;
let fallback: FaultUpstream;
let d: RunningDaemon;
let rpc: DaemonClient;

const chunk = (delta: object) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm1', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

beforeAll(async () => {
  tools = await startScriptedUpstream(() =>
    sse(
      [
        chunk({ role: 'assistant', content: '' }),
        chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":"Par' } }] }),
      ],
      { finish: 'reset' },
    ),
  );
  fallback = await startFaultUpstream('anthropic');
  d = await startDaemon(`
providers:
  t: { type: openai-compatible, baseUrl: "${tools.origin}/v1" }
  fa: { type: anthropic, baseUrl: "${fallback.url}", apiKey: sk-test }
routes:
  main: { strategy: ordered, targets: [t/m1, fa/m2] }
defaultRoute: main
`);
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
  await Promise.all([tools?.close(), fallback?.close()]);
});

// The first break cools the target down; each case starts from a healthy one.
beforeEach(async () => {
  await rpc.call('state.reset');
});

describe('a broken tool call', () => {
  it.each(['openai', 'anthropic'] as const)(
    'ends the %s stream with the in-stream error; nobody is asked to continue it',
    async (client) => {
      const before = fallback.received.length;
      const r = await chatStream(d.url, client);
      expect(r.headers.get('x-router-target')).toBe('t/m1');
      expect(r.error?.message).toMatch(/upstream failed mid-stream/);
      expect(fallback.received.length).toBe(before);
      const explain = await cli(d.home, ['explain', r.decision]);
      expect(String(explain.stdout)).toContain('t/m1 broke inside a tool call or thinking block: only text can be continued');
    },
  );
});
