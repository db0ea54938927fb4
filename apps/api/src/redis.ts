import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * The process's one Redis connection (rate-limit counters; readiness). Connected before the server
 * listens so a wrong `REDIS_URL` fails start-up loudly: rate-limit-redis loads its scripts once at
 * start and, if that fails, never retries.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    // While disconnected, fail commands at once instead of queueing them through reconnect attempts:
    // every request waits on the rate limiter, which lets traffic through when its store errors.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
  });
  // Without a listener ioredis re-throws connection errors as unhandled 'error' events.
  redis.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'redis error'));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Cannot connect to REDIS_URL: ${(error as Error).message}`);
  }
  return redis;
}

/** For `/readyz`: resolves when Redis answers PING within `timeoutMs`, rejects otherwise. */
export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('redis ping timed out')), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
