// The router's folder and its database hold prompts, spend and keys' hashes: owner-only, even when
// the folder or the file was there before (mkdir's mode only applies to a folder it creates).
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, tempHome } from '../helpers/router.js';

const home = tempHome();
let pid = 0;
afterAll(async () => {
  const s = await cli(home, ['daemon', 'stop']);
  if (s.exitCode !== 0 && pid) process.kill(pid, 'SIGKILL');
});

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('ROUTER_HOME permissions', () => {
  it('tightens an existing 0755 home, a 0644 router.db and its WAL files to owner-only', async () => {
    mkdirSync(home, { recursive: true });
    chmodSync(home, 0o755);
    writeFileSync(join(home, 'router.db'), '');
    chmodSync(join(home, 'router.db'), 0o644);
    writeFileSync(join(home, 'routerd.log'), '');
    chmodSync(join(home, 'routerd.log'), 0o644);
    writeFileSync(
      join(home, 'config.yaml'),
      'providers:\n  sim: { type: simulated }\nroutes:\n  main: { targets: [sim/echo] }\ndefaultRoute: main\n',
    );
    const r = await cli(home, ['daemon', 'start', '--listen', '127.0.0.1:0', '--json']);
    expect(r.exitCode).toBe(0);
    pid = (JSON.parse(r.stdout) as { pid: number }).pid;
    expect(mode(home)).toBe('700');
    expect(mode(join(home, 'router.db'))).toBe('600');
    expect(mode(join(home, 'routerd.log'))).toBe('600');
    for (const side of ['router.db-wal', 'router.db-shm']) if (existsSync(join(home, side))) expect(mode(join(home, side))).toBe('600');
    expect(existsSync(join(home, 'router.db-wal'))).toBe(true);
  });
});
