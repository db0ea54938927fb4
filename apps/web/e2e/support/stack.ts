/**
 * The SPA of the browser e2e: built against the real API (the BUILT one, started by global-setup with
 * `@gatehouse/api/testing`) and served by `vite preview`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type PreviewServer, preview } from 'vite';

const webDir = resolve(import.meta.dirname, '../..');

/** Builds the SPA for this API (local mode, no .env files) and serves it with SPA fallback. */
export async function buildAndServeSpa({
  apiUrl,
  port,
  outDir,
}: {
  apiUrl: string;
  port: number;
  outDir: string;
}) {
  const emptyEnvDir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-env-'));
  process.env.VITE_API_URL = apiUrl;
  delete process.env.VITE_CLERK_PUBLISHABLE_KEY;
  delete process.env.VITE_CLERK_TOKEN_TEMPLATE;
  // Vitest sets NODE_ENV=test, and Vite would then build React's development bundles: build what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webDir,
      mode: 'production',
      envDir: emptyEnvDir,
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
    await rm(emptyEnvDir, { recursive: true, force: true });
  }
  const server: PreviewServer = await preview({
    root: webDir,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
