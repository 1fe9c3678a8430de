// Bandit posteriors across a cluster: observations one daemon makes on a bandit route reach the
// other, which applies the same update and saves it to its own router.db, without serving a request
// of that route itself. Real daemons, real Redis (random cluster name, keys deleted after).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusDTO } from '../../src/protocol/index.js';
import { connectRedis, deleteKeys, REDIS_URL, redisMissing } from '../helpers/redis.js';
import { cli, startDaemon, type RunningDaemon } from '../helpers/router.js';
import { waitFor } from '../helpers/wait.js';

const missing = await redisMissing();
const name = `t-${randomBytes(4).toString('hex')}`;
const daemons: RunningDaemon[] = [];

const config = (daemon: string) => `
providers:
  good: { type: simulated, simulate: { text: "fine" } }
  bad: { type: simulated, simulate: { fault: { status: 500 } } }
routes:
  learn: { strategy: bandit, targets: [bad/m, good/m] }
cluster: { redis: "${REDIS_URL}", name: ${name}, daemon: ${daemon} }
`;

interface ArmRow {
  target: string;
  s: number;
  f: number;
}
function arms(d: RunningDaemon): ArmRow[] {
  const db = new Database(join(d.home, 'router.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT target, s, f FROM bandit_arms WHERE scope = 'learn' ORDER BY target").all() as ArmRow[];
  } finally {
    db.close();
  }
}

describe.skipIf(missing)('bandit posteriors across two daemons', () => {
  beforeAll(async () => {
    for (const id of ['b1', 'b2']) daemons.push(await startDaemon(config(id)));
    for (const d of daemons)
      await waitFor(async () => (JSON.parse((await cli(d.home, ['status', '--json'])).stdout) as StatusDTO).cluster?.state === 'ok');
  });
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
    const redis = await connectRedis();
    if (redis) {
      await deleteKeys(redis, `router:${name}:`);
      redis.destroy();
    }
  });

  it("one daemon's observations update the other's posteriors, saved in its router.db", async () => {
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${daemons[0]!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'learn', messages: [{ role: 'user', content: `q${i}` }] }),
      });
      expect(r.status).toBe(200);
      await r.arrayBuffer();
    }
    // Both save about once a second; the second daemon served nothing on this route.
    await waitFor(() => {
      const [mine, theirs] = [arms(daemons[0]!), arms(daemons[1]!)];
      return mine.length === 2 && JSON.stringify(theirs) === JSON.stringify(mine);
    }, 5000);
    const [bad, good] = arms(daemons[1]!);
    expect(bad!.target).toBe('bad/m');
    expect(bad!.f).toBeGreaterThan(0);
    expect(good!.s).toBeGreaterThan(0);
  });
});
