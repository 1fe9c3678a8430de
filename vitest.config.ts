import { defineConfig } from 'vitest/config';

// Two projects (see README, Development): `unit` is pure code (engine, wire, store, config) in worker
// threads without per-file isolation; `integration` starts real daemons and CLIs in forked workers.
// Both share two workers (this machine has 2 cores): measured, that beats running the projects one
// after the other (57 s against 83 s of vitest time on a loaded machine), because the unit files fill
// the gaps while daemons start. `npm run test:unit` (mode "unit") runs the unit project alone in a
// single worker: its imports are paid once (~7 s against ~13 s with two workers).
export default defineConfig(({ mode }) => ({
  test: {
    // Real daemons and SDK clients: give them room on a 2-core box.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A temp folder of the run's own, removed at its end (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/{engine,wire,store,config,learn,ui}/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
          ...(mode === 'unit' ? { maxWorkers: 1 } : {}),
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
          // oclif wraps help and errors at the terminal's width; a spawned CLI (stdout a pipe) uses 80.
          env: { OCLIF_COLUMNS: '80' },
        },
      },
      // Drills (`npm run drills`, and CI after the tests) run whole scenarios against a real daemon and
      // print their figures; they stay out of `npm test` to keep it fast.
      ...(mode === 'drills'
        ? [{ extends: true, test: { name: 'drills', include: ['test/drills/**/*.test.ts'], pool: 'forks' as const } }]
        : []),
      // The dashboard in headless Chromium (`npm run test:browser`, CI after the tests); skipped without Chromium.
      ...(mode === 'browser'
        ? [{ extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], pool: 'forks' as const } }]
        : []),
      // Several daemons on one Redis (`npm run test:cluster`, and CI after the drills): real daemons in numbers.
      ...(mode === 'cluster'
        ? [{ extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], pool: 'forks' as const, maxWorkers: 1 } }]
        : []),
    ],
  },
}));
