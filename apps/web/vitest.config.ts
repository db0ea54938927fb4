import react from '@vitejs/plugin-react';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared';

// Component tests (happy-dom). The browser e2e has its own config: vitest.e2e.config.ts.
export default mergeConfig(
  sharedConfig,
  defineConfig({
    plugins: [react()],
    test: {
      environment: 'happy-dom',
      include: ['test/**/*.test.{ts,tsx}'],
    },
  }),
);
