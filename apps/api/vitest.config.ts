import { defineConfig } from 'vitest/config';

// Tests start the real server: it boots the embedded database (PGlite, a WASM Postgres: seconds, more on
// a busy 2-core CI machine) and runs the migrations before listening.
export default defineConfig({ test: { hookTimeout: 60_000 } });
