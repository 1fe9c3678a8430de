// One daemon over fault-injecting upstreams for a test file: upstreams and daemon start before all
// tests; before each, routing state is reset and every upstream is scripted healthy again; all of it
// stops after. Tests script the faults they want and read `rig.ups`, `rig.d` and `rig.rpc`.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DaemonClient } from '../../src/cli/client.js';
import { startFaultUpstream, type FaultUpstream } from './fault-upstream.js';
import { startDaemon, type RunningDaemon } from './router.js';

export interface FaultRig<K extends string> {
  ups: Record<K, FaultUpstream>;
  d: RunningDaemon;
  rpc: DaemonClient;
}

/** `formats`: each upstream's name and wire format; `config`: the daemon's YAML from their URLs. */
export function faultRig<K extends string>(
  formats: Record<K, 'openai' | 'anthropic'>,
  config: (url: Record<K, string>) => string,
): FaultRig<K> {
  const rig = {} as FaultRig<K>;
  const names = Object.keys(formats) as K[];
  beforeAll(async () => {
    const started = await Promise.all(names.map((k) => startFaultUpstream(formats[k])));
    rig.ups = Object.fromEntries(names.map((k, i) => [k, started[i]])) as Record<K, FaultUpstream>;
    rig.d = await startDaemon(config(Object.fromEntries(names.map((k) => [k, rig.ups[k].url])) as Record<K, string>));
    rig.rpc = await DaemonClient.connect(rig.d.socket);
  });
  afterAll(async () => {
    rig.rpc?.close();
    await rig.d?.stop();
    await Promise.all(Object.values<FaultUpstream>(rig.ups ?? {}).map((u) => u.close()));
  });
  beforeEach(async () => {
    await rig.rpc.call('state.reset');
    for (const u of Object.values<FaultUpstream>(rig.ups)) u.script({ kind: 'ok' });
  });
  return rig;
}
