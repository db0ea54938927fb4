import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startBuiltApi } from '@gatehouse/api/testing';
import type { TestProject } from 'vitest/node';
import { buildAndServeSpa } from './support/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    spaUrl: string;
  }
}

/**
 * Starts the API and the SPA once for all e2e files; tears both down and deletes the temp data. The API
 * is the built one (local auth mode, embedded database in the temp folder); the SPA's port is chosen
 * first, since the API's CORS origin names it.
 */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-'));
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
  let spa: Awaited<ReturnType<typeof buildAndServeSpa>> | undefined;
  try {
    spa = await buildAndServeSpa({ apiUrl: api.url, port: spaPort, outDir: join(workDir, 'spa') });
  } catch (error) {
    await api.stop();
    throw error;
  }
  project.provide('apiUrl', api.url);
  project.provide('spaUrl', spa.url);

  return async () => {
    await spa?.close();
    await api.stop();
    await rm(workDir, { recursive: true, force: true });
  };
}
