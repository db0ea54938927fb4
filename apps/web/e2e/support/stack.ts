/**
 * The real stack for the browser e2e: the BUILT API (`node apps/api/dist/index.js`, local auth mode,
 * embedded database in a temp DATA_DIR) and the SPA built against it and served by `vite preview`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type PreviewServer, preview } from 'vite';

const webDir = resolve(import.meta.dirname, '../..');
const apiEntry = resolve(webDir, '../api/dist/index.js');

/** A port the OS just handed out (both servers need to know each other's origin up front). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface RunningApi {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

export async function startApi({
  port,
  spaOrigin,
  dataDir,
}: {
  port: number;
  spaOrigin: string;
  dataDir: string;
}) {
  if (!existsSync(apiEntry)) {
    throw new Error(`${apiEntry} is missing: build the API first (pnpm turbo run e2e builds it for you).`);
  }
  // A clean environment: nothing from the developer's shell (DATABASE_URL, Clerk keys…) leaks in.
  const child: ChildProcess = spawn(process.execPath, [apiEntry], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      PORT: String(port),
      AUTH_MODE: 'local',
      DATA_DIR: dataDir,
      CORS_ORIGINS: spaOrigin,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(`${url}/readyz`, exited, () => output);
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  } satisfies RunningApi;
}

/** Polls readiness (a condition, not a fixed sleep); fails at once if the process dies. */
async function waitUntilReady(url: string, exited: Promise<number | null>, output: () => string) {
  const deadline = Date.now() + 60_000;
  let died: number | null | undefined;
  void exited.then((code) => (died = code));
  while (Date.now() < deadline) {
    if (died !== undefined)
      throw new Error(`The API exited (code ${died}) before it was ready:\n${output()}`);
    const ready = await fetch(url).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((next) => setTimeout(next, 100));
  }
  throw new Error(`The API was not ready at ${url} within 60 s:\n${output()}`);
}

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
