import { join } from 'node:path';
import { type DatabaseTarget, IN_MEMORY } from './client';

/** The variables that choose the database; the API validates them with zod, the CLI with `isDatabaseUrl`. */
export interface TargetEnv {
  DATABASE_URL?: string | undefined;
  /** Local state folder; the embedded database lives in `<DATA_DIR>/pglite`. */
  DATA_DIR: string;
  NODE_ENV?: string | undefined;
  DATABASE_POOL_MAX?: number | undefined;
  DATABASE_STATEMENT_TIMEOUT_MS?: number | undefined;
}

/** `postgres://…` / `postgresql://…` (a server) or `memory://` (throwaway embedded database). */
export function isDatabaseUrl(value: string): boolean {
  if (value === IN_MEMORY) return true;
  return /^postgres(ql)?:\/\//.test(value) && URL.canParse(value);
}

/**
 * DATABASE_URL wins; without it the embedded database persists under DATA_DIR, except under
 * NODE_ENV=test where it lives in memory: test files run in parallel and must not share one directory.
 */
export function resolveTarget(env: TargetEnv): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (url === IN_MEMORY || (!url && env.NODE_ENV === 'test')) return { driver: 'pglite', dataDir: IN_MEMORY };
  if (url)
    return {
      driver: 'postgres',
      url,
      poolMax: env.DATABASE_POOL_MAX,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    };
  return { driver: 'pglite', dataDir: join(env.DATA_DIR, 'pglite') };
}
