import { defineConfig } from 'vitest/config';

/**
 * Test settings every package shares. The timeouts are safety nets, not assertions: CI runs the
 * packages' suites side by side on 2 cores, where starting an embedded Postgres or a built API can take
 * several seconds; a hung test still fails, just not on a busy machine's first hiccup.
 */
export const sharedConfig = defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
