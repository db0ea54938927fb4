/**
 * The SPA as `pnpm dev` serves it — Vite's dev server, React's development build, StrictMode — against
 * a built API of its own that a test may stop and start again on the same port and data (an API
 * restart), so the shared API of the other e2e files is never touched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, type ServerProcess, startBuiltApi } from '@gatehouse/api/testing';
import { createServer } from 'vite';

const webDir = resolve(import.meta.dirname, '../..');

export async function startDevStack() {
  const workDir = await mkdtemp(join(tmpdir(), 'gatehouse-dev-e2e-'));
  const [apiPort, spaPort] = [await freePort(), await freePort()];
  const spaUrl = `http://127.0.0.1:${spaPort}`;
  const startApi = () =>
    startBuiltApi({
      cwd: workDir,
      env: {
        NODE_ENV: 'development',
        AUTH_MODE: 'local',
        DATA_DIR: workDir,
        CORS_ORIGINS: spaUrl,
        PORT: String(apiPort),
      },
    });
  let api: ServerProcess | null = await startApi();

  const emptyEnvDir = await mkdtemp(join(tmpdir(), 'gatehouse-dev-e2e-env-'));
  process.env.VITE_API_URL = api.url;
  delete process.env.VITE_CLERK_PUBLISHABLE_KEY;
  delete process.env.VITE_CLERK_TOKEN_TEMPLATE;
  const vite = await createServer({
    root: webDir,
    envDir: emptyEnvDir,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: spaPort, strictPort: true },
  });
  await vite.listen();

  return {
    spaUrl,
    apiUrl: api.url,
    /** Stops the API (SIGTERM, as a deploy or Ctrl-C does); the port stays free for `startApi`. */
    async stopApi() {
      await api?.stop();
      api = null;
    },
    async startApi() {
      api = await startApi();
    },
    async close() {
      await vite.close();
      await api?.stop();
      await rm(workDir, { recursive: true, force: true });
      await rm(emptyEnvDir, { recursive: true, force: true });
    },
  };
}
