/**
 * The SPA as shipped, for the browser e2e and the screenshots: built against the real API (the BUILT
 * one, started with `@gatehouse/api/testing`) and served by `vite preview`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startBuiltApi } from '@gatehouse/api/testing';
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

/**
 * The built API (local auth mode, embedded database in a temp folder) and the SPA built for it. The
 * SPA's port is chosen first, since the API's CORS origin names it. `close` stops both and deletes the
 * temp data.
 */
export async function startShippedStack(name: string) {
  const workDir = await mkdtemp(join(tmpdir(), `gatehouse-${name}-`));
  const spaPort = await freePort();
  const api = await startBuiltApi({
    cwd: workDir,
    env: {
      NODE_ENV: 'development',
      AUTH_MODE: 'local',
      DATA_DIR: workDir,
      CORS_ORIGINS: `http://127.0.0.1:${spaPort}`,
    },
  });
  let spa: Awaited<ReturnType<typeof buildAndServeSpa>>;
  try {
    spa = await buildAndServeSpa({ apiUrl: api.url, port: spaPort, outDir: join(workDir, 'spa') });
  } catch (error) {
    await api.stop();
    throw error;
  }
  return {
    api,
    spaUrl: spa.url,
    async close() {
      await spa.close();
      await api.stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
