// The shutdown stops the spend service before it closes the store: a recompute the last requests
// scheduled must not run afterwards (it read the closed database: "The database connection is not open").
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/daemon/log.js';
import { SpendService } from '../../src/daemon/spend/service.js';
import { StateHolder } from '../../src/daemon/state/holder.js';
import { openStore } from '../../src/store/store.js';
import { makeConfig } from '../engine/config-fixture.js';
import { attempt, request, tempDbFile } from '../store/fixtures.js';

describe('spend service stop', () => {
  it('drops a recompute scheduled by the last request', async () => {
    const tmp = tempDbFile();
    const store = openStore(tmp.file);
    const config = makeConfig();
    const state = new StateHolder(store.state, () => config, Date.now);
    const spend = new SpendService({ store, state, config: () => config, clock: Date.now, log: silentLogger, env: {} });
    spend.start();
    const errors: unknown[] = [];
    const onError = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onError);
    try {
      // The last request of the drain is recorded: a recompute is scheduled for the next turn...
      spend.watch(store.ledger).enqueue(request({ decisionId: 'last' }), [attempt({ decisionId: 'last' })]);
      // ...and the shutdown stops the service and closes the store in this one.
      spend.stop();
      state.persist();
      store.close();
      // The recompute runs on setImmediate (no earlier run to space it from): two turns cover it.
      for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
      expect(errors.map(String)).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      tmp.cleanup();
    }
  });
});
