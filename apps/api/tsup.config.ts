import { defineConfig } from 'tsup';

// Workspace packages ship TypeScript source (no build step for the editor); the API bundles them,
// and leaves registry dependencies external so `pnpm deploy` can install them for production.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@gatehouse\//],
});
