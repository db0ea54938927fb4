/** The fault tests' API: the built API as deployed, on a Postgres database of its own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDriver, TestTarget } from '@gatehouse/db/testing';
import { afterAll, beforeAll } from 'vitest';
import { clerk } from '../live/support';
import { buildApi, type ServerProcess, startBuiltApi } from '../support/built-api';
import { RATE_LIMITS_OFF } from '../support/test-server';

export interface BuiltApiOnPostgres {
  /** Both set once the suite's `beforeAll` has run. */
  readonly api: ServerProcess;
  readonly database: TestTarget;
}

/**
 * For a `describeOnPostgres` suite: builds the API (plain `node`, NODE_ENV=production, Clerk mode, rate
 * limits off) into a directory named after `name`, starts it on a new database with `env` on top, and
 * stops it and drops the database after the suite (hooks the suite registers later run before these).
 */
export function useBuiltApiOnPostgres(
  driver: TestDriver,
  name: string,
  env: Record<string, string> = {},
): BuiltApiOnPostgres {
  const dataDir = mkdtempSync(join(tmpdir(), `gatehouse-${name}-`));
  let api: ServerProcess | undefined;
  let database: TestTarget | undefined;

  beforeAll(async () => {
    const [entry, created] = await Promise.all([buildApi(name), driver.createTarget()]);
    database = created;
    api = await startBuiltApi({
      entry,
      env: {
        NODE_ENV: 'production',
        ...clerk.apiEnv,
        ...RATE_LIMITS_OFF,
        DATABASE_URL: created.url,
        DATA_DIR: dataDir,
        ...env,
      },
    });
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useBuiltApiOnPostgres: used before its beforeAll ran');
    return value;
  };
  return {
    get api() {
      return started(api);
    },
    get database() {
      return started(database);
    },
  };
}
