// SIGTERM (what systemd sends) and `router daemon stop` end the same way: the drain lets streams go
// on for limits.drainMs, then what outlasts it is cut with an in-stream error for the client and a
// ledger row (outcome aborted), and background services stop before the store closes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ledgerEntry } from '../helpers/ledger.js';
import { cli, startDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
const config = `providers:\n  slow: { type: simulated, simulate: { text: "${words}", tokensPerSecond: 20 } }\nroutes:\n  r: { targets: [slow/m] }\nlimits: { drainMs: 500 }\n`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.each([
  ['SIGTERM', (d: { pid: number }) => void process.kill(d.pid, 'SIGTERM')],
  ['router daemon stop', (d: { home: string }) => void cli(d.home, ['daemon', 'stop'])],
])('%s with a stream longer than the drain', (_name, stop) => {
  it.each([
    [
      'openai',
      '/v1/chat/completions',
      { model: 'auto', stream: true, messages: [{ role: 'user', content: 'hi' }] },
      /data: \{"error":\{[^\n]*shutting down/,
    ],
    [
      'anthropic',
      '/v1/messages',
      { model: 'auto', stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] },
      /event: error\ndata: \{[^\n]*shutting down/,
    ],
  ])('%s client: cut with an in-stream error, a ledger row, and a clean log', async (_format, path, body, errorFrame) => {
    const d = await startDaemon(config);
    const res = await fetch(`${d.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const decision = res.headers.get('x-router-decision')!;
    let text = '';
    const decoder = new TextDecoder();
    const ended = (async () => {
      try {
        for await (const chunk of res.body!) text += decoder.decode(chunk, { stream: true });
      } catch {
        // a cut socket
      }
    })();
    await waitFor(() => text.includes('w1'));
    stop(d);
    await ended;
    await waitFor(() => !alive(d.pid), 15_000);
    expect(text).toMatch(errorFrame);
    expect(text).not.toContain('data: [DONE]');
    expect(text).not.toContain('w199');
    const entry = await ledgerEntry(d.home, decision, 2000);
    expect(entry).not.toBeNull();
    expect(entry!.attempts.map((a) => a.outcome)).toEqual(['aborted']);
    const log = readFileSync(join(d.home, 'routerd.log'), 'utf8');
    expect(log).toContain('daemon.stopped');
    expect(log).not.toMatch(/database connection is not open|uncaught|unhandled/i);
  });
});
