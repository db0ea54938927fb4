import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.ts';

// Component tests (happy-dom), against the real API in-process (test/support/test-api.ts).
// The browser e2e has its own config: vitest.e2e.config.ts.
export default defineConfig({
  plugins: [react()],
  test: {
    ...sharedTestOptions,
    environment: './test/support/dom-environment.ts',
    include: ['test/**/*.test.{ts,tsx}'],
    setupFiles: ['./test/support/setup.ts'],
  },
});
