// An editor mid-save leaves an empty or truncated config.yaml: the running daemon refuses it like any
// invalid config and keeps serving on its last good one (before, it swapped to "0 routes" and 404ed).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startDaemon, type RunningDaemon } from '../helpers/router.js';

let d: RunningDaemon;
let rpc: DaemonClient;

beforeAll(async () => {
  d = await startDaemon('providers:\n  sim: { type: simulated }\nroutes:\n  main: { targets: [sim/echo] }\ndefaultRoute: main\n');
  rpc = await DaemonClient.connect(d.socket);
});
afterAll(async () => {
  rpc?.close();
  await d?.stop();
});

describe('reloading an unfinished config file', () => {
  it.each([
    ['empty', '', 'the config file is empty'],
    ['truncated before providers and routes', 'version: 1\nlisten: 127.0.0.1:4141\n', 'neither `providers:` nor `routes:`'],
  ])('%s: refused, and traffic keeps its routes', async (_name, text, problem) => {
    writeFileSync(join(d.home, 'config.yaml'), text);
    const r = await rpc.call('config.reload');
    expect(r).toMatchObject({ ok: false, routes: 1 });
    expect(r.problems.join('\n')).toContain(problem);
    const res = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'main', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-router-target')).toBe('sim/echo');
  });
});
