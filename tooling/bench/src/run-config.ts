import { clerk } from './tokens';

/**
 * The API's environment in every bench run: Clerk mode with the bench's key, the embedded database in
 * `dataDir` (or `databaseUrl`), and rate limits set high, not off, so the limiters run on every request
 * (their cost is part of it) but never answer 429. The live-stream scenario opens its 1,000 streams as
 * one caller, so the per-caller stream bound is raised to its maximum (1,000).
 */
export function benchApiEnv(dataDir: string, databaseUrl?: string): Record<string, string> {
  return {
    ...clerk.apiEnv,
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_AUTH_FAILURE_MAX: '1000000000',
    LIVE_MAX_STREAMS_PER_CALLER: '1000',
  };
}
