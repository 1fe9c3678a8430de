import { defineConfig } from 'vitest/config';

// Two projects (see README "Tests"): `unit` is pure code (engine, wire, store, config), every file in
// one worker without per-file isolation (module imports are paid once: ~6 s instead of ~12 s);
// `integration` starts real daemons and CLIs, one process per file, two at a time on this 2-core
// machine. vitest runs the groups one after the other (sequence.groupOrder).
export default defineConfig({
  test: {
    // Real daemons and SDK clients: give them room on a 2-core box.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/{engine,wire,store,config}/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
          maxWorkers: 1,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/{daemon,cli}/**/*.test.ts'],
          // Forks: real processes (signals, process.title, native modules). Not isolated: a worker runs file
          // after file, paying its start-up and the SDK imports once; the in-process CLI runner
          // (test/helpers/router.ts) restores every piece of process state it touches after each call.
          pool: 'forks',
          isolate: false,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
          // oclif wraps help and errors at the terminal's width; a spawned CLI (stdout a pipe) uses 80.
          env: { OCLIF_COLUMNS: '80' },
        },
      },
    ],
  },
});
