import type { DatabaseHandle } from '@gatehouse/db';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { pingRedis } from '../redis';

export interface ReadinessDeps {
  database: DatabaseHandle;
  /** Checked only when configured (REDIS_URL): replicas share rate-limit counters and live updates through it. */
  redis?: Redis | null;
  /** True once shutdown began: not ready, whatever the dependencies say. */
  isDraining?: () => boolean;
}

/** What still works, and what does not, while Redis is away (the API serves on; see docs/reliability.md). */
export const REDIS_OUTAGE_EFFECTS = ['rate-limits-fail-open', 'live-updates-this-replica-only'] as const;

/**
 * Readiness. The database is required: without it, 503 (a load balancer stops routing here). Redis
 * is not: while it is away this replica still serves, with its rate limits failing open and live
 * updates reaching only its own streams, so it answers 200 `degraded` and names those effects (503
 * would take every replica out of rotation at once over a dependency none of them needs to answer).
 * Each probe has its own timeout; causes go to the log, never to the caller.
 */
export function readyz({ database, redis = null, isDraining = () => false }: ReadinessDeps): RequestHandler {
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
    res.set('cache-control', 'no-store');
    if (isDraining()) {
      res.status(503).json({ status: 'shutting-down', checks: report });
    } else if (report.database !== 'ok') {
      res.status(503).json({ status: 'unavailable', checks: report });
    } else if (report.redis === 'unavailable') {
      res.json({ status: 'degraded', checks: report, degraded: REDIS_OUTAGE_EFFECTS });
    } else {
      res.json({ status: 'ready', checks: report });
    }
  };
}
