import { z } from 'zod';

/**
 * Environment of live updates (`tasks.onChange`). Spread into `envSchema` (src/env.ts). Live updates
 * cross replicas through Redis pub/sub when REDIS_URL is set (src/http/env.ts); otherwise they stay
 * in the one process, with nothing to configure.
 */
export const liveEnv = {
  /**
   * Prefix of the Redis channels (`<prefix>tasks:<orgId>`). Deployments (or test runs) sharing one
   * Redis must use different prefixes, or they would ring each other's doorbells.
   */
  LIVE_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'LIVE_REDIS_PREFIX: 1-64 letters, digits, _ : . -')
    .default('gatehouse:live:'),
  /**
   * Concurrent `tasks.onChange` streams one caller (user, or machine subject; else client IP) may hold;
   * the next is refused 429 `too-many-streams`. Counted across replicas in Redis when REDIS_URL is set.
   */
  LIVE_MAX_STREAMS_PER_CALLER: z.coerce.number().int().min(1).max(1_000).default(10),
};
