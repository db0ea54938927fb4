/**
 * Test settings every package's vitest config spreads in. The timeouts are safety nets, not
 * assertions: CI runs suites side by side on 2 cores, where starting an embedded Postgres or a built API
 * can take several seconds; a hung test still fails, just not on a busy machine's first hiccup.
 * (A plain object: the root has no vitest of its own to import types from.)
 */
export const sharedTestOptions = {
  testTimeout: 30_000,
  hookTimeout: 90_000,
};
