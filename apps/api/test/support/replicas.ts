import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DRIVERS } from '@gatehouse/db/testing';
import { buildApi, type ServerProcess, startBuiltApi } from './built-api';

export interface Replicas {
  a: ServerProcess;
  b: ServerProcess;
  databaseUrl: string;
  /** Stops both, drops the database, deletes the data folder. */
  stop(): Promise<void>;
}

/**
 * Two BUILT API processes (plain `node`, NODE_ENV=production) as behind a load balancer: one bundle of
 * the test's own (`name`), one fresh Postgres database, the Redis of TEST_REDIS_URL, and `env` (auth
 * mode, Redis key prefixes…). Needs TEST_DATABASE_URL and TEST_REDIS_URL.
 */
export async function startReplicas(name: string, env: Record<string, string>): Promise<Replicas> {
  const postgres = TEST_DRIVERS.find((driver) => driver.name === 'postgres')!;
  const [entry, database] = await Promise.all([buildApi(name), postgres.createTarget()]);
  const dataDir = mkdtempSync(join(tmpdir(), `gatehouse-${name}-`));
  const replicaEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL!,
    DATA_DIR: dataDir,
    ...env,
  };
  // Started together: both migrate the empty database at once (they queue on an advisory lock).
  const started = await Promise.allSettled([0, 1].map(() => startBuiltApi({ entry, env: replicaEnv })));
  const stop = async () => {
    await Promise.all(started.map((result) => result.status === 'fulfilled' && result.value.stop()));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const [a, b] = started;
  if (a?.status !== 'fulfilled' || b?.status !== 'fulfilled') {
    await stop();
    throw started.find((result) => result.status === 'rejected')?.reason;
  }
  return { a: a.value, b: b.value, databaseUrl: database.url, stop };
}
