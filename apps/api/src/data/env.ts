import { isDatabaseUrl } from '@gatehouse/db';
import { z } from 'zod';

/**
 * Environment of the data layer. Spread into `envSchema` (src/env.ts); `.env.example` documents each.
 * An empty value counts as unset (`loadEnv`), so `DATABASE_URL=` in a .env file means "embedded database".
 */

export const dataEnv = {
  /** Unset: embedded PGlite under DATA_DIR (in memory under NODE_ENV=test). */
  DATABASE_URL: z
    .string()
    .trim()
    .refine(isDatabaseUrl, 'DATABASE_URL must be a postgres:// or postgresql:// URL (or memory://)')
    .optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * Postgres `statement_timeout` for the API's connections: a statement running longer is cancelled
   * and the request answers 503 (retry) instead of holding a pooled connection. 0: no limit.
   */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(15_000),
  /** Local state (embedded database, local issuer key); relative to the API's working directory. */
  DATA_DIR: z.string().trim().min(1).default('.data'),
  /** Unset: POST /webhooks/clerk answers 503 webhooks-not-configured (Svix retries meanwhile). */
  CLERK_WEBHOOK_SIGNING_SECRET: z
    .string()
    .trim()
    .regex(
      /^whsec_[A-Za-z0-9+/]+={0,2}$/,
      'CLERK_WEBHOOK_SIGNING_SECRET must be the whsec_… secret from Clerk',
    )
    .optional(),
};
