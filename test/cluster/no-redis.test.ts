// A daemon whose cluster's Redis never answers: it starts and serves on local state, says degraded in
// status and /healthz, retries with a bounded backoff and logs one line for it, not one per retry.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusDTO } from '../../src/protocol/index.js';
import { freePort } from '../helpers/redis.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';

let d: RunningDaemon;
let port: number;
const config = (name: string) => `
providers:
  sim: { type: simulated }
routes:
  main: { targets: [sim/a] }
cluster: { redis: "redis://:hunter2@127.0.0.1:${port}", name: ${name} }
`;

describe('cluster with no Redis listening', () => {
  beforeAll(async () => {
    port = await freePort();
    d = await startDaemon(config('lonely'));
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('serves, says degraded (without the password), and logs once', async () => {
    const r = await fetch(`${d.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(r.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const s = await cli(d.home, ['status', '--json']);
    const status = JSON.parse(s.stdout) as StatusDTO;
    expect(status.cluster).toMatchObject({ name: 'lonely', state: 'degraded', redis: `redis://:***@127.0.0.1:${port}` });
    expect(status.cluster?.error).toMatch(/ECONNREFUSED/);
    expect(status.cluster?.daemon).toMatch(/^[A-Za-z0-9_.-]+-[0-9a-f]{6}$/);
    const line = await cli(d.home, ['status']);
    expect(line.stdout).toContain('cluster lonely degraded (serving on local state since');
    const health = await fetch(`${d.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'degraded', cluster: { state: 'degraded' } });
    const log = readFileSync(join(d.home, 'routerd.log'), 'utf8');
    expect(log.match(/"msg":"cluster\./g)).toEqual(['"msg":"cluster.'] as string[]);
    expect(log).toContain('cluster.redis_unreachable');
    expect(log).not.toContain('hunter2');
  });

  it('a changed cluster: in a reloaded config waits for a restart, and status says so', async () => {
    writeFileSync(join(d.home, 'config.yaml'), config('renamed'));
    expect((await cli(d.home, ['reload', '--json'])).exitCode).toBe(0);
    const status = JSON.parse((await cli(d.home, ['status', '--json'])).stdout) as StatusDTO;
    expect(status.cluster).toMatchObject({ name: 'lonely', restartPending: true });
    expect((await cli(d.home, ['status'])).stdout).toContain('config changed: router daemon restart applies it');
  });
});
