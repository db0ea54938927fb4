import type { DatabaseHandle } from '@gatehouse/db';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { pingRedis } from '../redis';

export interface ReadinessDeps {
  database: DatabaseHandle;
  /** Checked only when configured (REDIS_URL): replicas then share their rate-limit counters through it. */
  redis?: Redis | null;
}

/**
 * Readiness: 200 when every dependency answers (each probe has its own timeout), else 503, so a load
 * balancer stops routing here while one is away. Causes go to the log, never to the caller.
 */
export function readyz({ database, redis = null }: ReadinessDeps): RequestHandler {
  const checks: Record<string, () => Promise<void>> = { database: () => database.ping() };
  if (redis) checks.redis = () => pingRedis(redis);
  const names = Object.keys(checks);

  return async (req, res) => {
    const outcomes = await Promise.allSettled(names.map((name) => checks[name]!()));
    const report: Record<string, 'ok' | 'unavailable'> = {};
    outcomes.forEach((outcome, index) => {
      const name = names[index]!;
      report[name] = outcome.status === 'fulfilled' ? 'ok' : 'unavailable';
      if (outcome.status === 'rejected')
        req.log.warn({ err: outcome.reason, check: name }, 'readiness check failed');
    });
    const ready = outcomes.every((outcome) => outcome.status === 'fulfilled');
    res.set('cache-control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks: report });
  };
}
