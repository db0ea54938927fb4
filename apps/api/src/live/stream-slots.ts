import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Env } from '../env';

/** A held stream slot; `release` is idempotent. */
export interface StreamSlot {
  release(): void;
}

/** Bounds how many live streams one caller holds at once. */
export interface StreamSlots {
  /** A slot for `caller`, or null when it already holds the maximum. */
  acquire(caller: string): Promise<StreamSlot | null>;
}

/** This process's count: the bound without Redis, and the fallback while Redis is away. */
export function localStreamSlots(max: number): StreamSlots & { held(caller: string): number } {
  const counts = new Map<string, number>();
  const held = (caller: string) => counts.get(caller) ?? 0;
  return {
    held,
    async acquire(caller) {
      if (held(caller) >= max) return null;
      counts.set(caller, held(caller) + 1);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          const left = held(caller) - 1;
          if (left > 0) counts.set(caller, left);
          else counts.delete(caller);
        },
      };
    },
  };
}

/** A replica that dies holding slots frees them when their leases run out; held ones are renewed. */
const LEASE_MS = 60_000;
const RENEW_MS = 20_000;

// Drops expired leases, then adds one if the caller holds fewer than the maximum: atomic in Redis.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/**
 * Slots counted in Redis, one sorted set of leases per caller, so the bound holds across replicas.
 * While Redis cannot answer, this replica's own count decides (the bound then holds per replica).
 */
export function redisStreamSlots(redis: Redis, prefix: string, max: number, logger: Logger): StreamSlots {
  const local = localStreamSlots(max);
  return {
    async acquire(caller) {
      const key = `${prefix}streams:${caller}`;
      const lease = randomUUID();
      const now = Date.now();
      let granted: boolean;
      try {
        granted = (await redis.eval(ACQUIRE, 1, key, now, now + LEASE_MS, max, lease, LEASE_MS)) === 1;
      } catch (err) {
        logger.warn(
          { err: { message: (err as Error).message } },
          'stream slots: redis unavailable, counting locally',
        );
        return local.acquire(caller);
      }
      if (!granted) return null;
      const localSlot = await local.acquire(caller);
      const renew = setInterval(() => {
        redis.zadd(key, 'XX', Date.now() + LEASE_MS, lease).catch(() => {});
      }, RENEW_MS);
      renew.unref();
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          clearInterval(renew);
          localSlot?.release();
          redis.zrem(key, lease).catch(() => {}); // else its lease runs out
        },
      };
    },
  };
}

/** Redis-counted slots when REDIS_URL is set, else this process's. */
export function streamSlotsFor(env: Env, redis: Redis | null, logger: Logger): StreamSlots {
  const max = env.LIVE_MAX_STREAMS_PER_CALLER;
  return redis ? redisStreamSlots(redis, env.LIVE_REDIS_PREFIX, max, logger) : localStreamSlots(max);
}
