import { defineConfig } from 'vitest/config';

// The browser e2e: builds and starts the real API and SPA, then drives Chromium (see e2e/).
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    // `expect.poll` waits for what the browser shows after the API answered: vitest's 1 s default is
    // shorter than a busy 2-core machine can take, and the wait ends as soon as the page says so.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
  },
});
