import { defineConfig } from 'vitest/config';

// PGlite boots a WASM Postgres in a few seconds (more on a busy 2-core CI machine).
export default defineConfig({ test: { hookTimeout: 60_000, testTimeout: 20_000 } });
