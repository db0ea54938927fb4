import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildAndServeSpa, freePort, startApi } from './support/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    spaUrl: string;
  }
}

/** Starts the API and the SPA once for all e2e files; tears both down and deletes the temp data. */
export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-'));
  const [apiPort, spaPort] = [await freePort(), await freePort()];
  const spaOrigin = `http://127.0.0.1:${spaPort}`;
  const api = await startApi({ port: apiPort, spaOrigin, dataDir: workDir });
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
