import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real daemons and SDK clients: give them room on a 2-core box, and keep them apart.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
