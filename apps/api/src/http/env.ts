import { z } from 'zod';

/**
 * Environment of the production-hardening layer: limits, timeouts, proxy trust, logging, Redis and
 * rate limits. Spread into `envSchema` (src/env.ts); `.env.example` documents every variable.
 */

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

/**
 * Express `trust proxy`: `false` (default: the socket peer is the client), a hop count (`1` behind one
 * load balancer), or a comma list of addresses/subnets/`loopback`/`uniquelocal`. `true` is refused:
 * it trusts any `X-Forwarded-For`, so every client could pick its own IP and escape the rate limit.
 */
const trustProxy = z
  .string()
  .trim()
  .default('false')
  .refine((value) => value !== 'true', {
    message: 'TRUST_PROXY=true lets clients spoof their IP; give a hop count (e.g. 1) or a subnet list',
  })
  .transform((value): boolean | number | string[] => {
    if (value === 'false') return false;
    if (/^\d+$/.test(value)) return Number(value);
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  });

const redisUrl = z
  .url({ protocol: /^rediss?$/, error: 'REDIS_URL must be a redis:// or rediss:// URL' })
  .optional();

export const hardeningEnv = {
  TRUST_PROXY: trustProxy,
  /** Unset: `info`, or `error` when NODE_ENV=test. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** `json` (one object per line, for machines); `pretty` is for a terminal, and `pnpm dev` sets it. */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  REDIS_URL: redisUrl,

  MAX_BODY_BYTES: positiveInt(1_048_576),
  MAX_BATCH_SIZE: positiveInt(20),
  MAX_HEADER_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(16_384),
  HEADERS_TIMEOUT_MS: positiveInt(10_000),
  REQUEST_TIMEOUT_MS: positiveInt(30_000),
  KEEP_ALIVE_TIMEOUT_MS: positiveInt(5_000),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),

  RATE_LIMIT_WINDOW_MS: positiveInt(60_000),
  /** 0 disables a bucket (e.g. for a load test); every other value is requests per window. */
  RATE_LIMIT_MAX: nonNegativeInt(300),
  RATE_LIMIT_AUTH_FAILURE_MAX: nonNegativeInt(20),
  RATE_LIMIT_WEBHOOK_MAX: nonNegativeInt(120),
  RATE_LIMIT_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'RATE_LIMIT_REDIS_PREFIX: 1-64 letters, digits, _ : . -')
    .default('gatehouse:rl:'),
};

/** Cross-field rules Node would otherwise reject at `createServer` time with a less clear message. */
export function hardeningEnvProblems(env: {
  HEADERS_TIMEOUT_MS: number;
  REQUEST_TIMEOUT_MS: number;
}): string[] {
  const problems: string[] = [];
  if (env.HEADERS_TIMEOUT_MS > env.REQUEST_TIMEOUT_MS) {
    problems.push('  HEADERS_TIMEOUT_MS: must not exceed REQUEST_TIMEOUT_MS');
  }
  return problems;
}
