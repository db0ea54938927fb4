import type { Store } from 'express-rate-limit';
import type { Redis } from 'ioredis';
import { type RedisReply, RedisStore } from 'rate-limit-redis';
import type { BucketName, StoreFactory } from './limiters';

/**
 * Without Redis each replica counts on its own (express-rate-limit's MemoryStore, the default);
 * with Redis every replica shares one counter per key, so N replicas do not multiply the limit.
 */
export function rateLimitStores(redis: Redis | null, prefix: string): StoreFactory {
  if (!redis) return () => undefined;
  return (bucket: BucketName): Store =>
    new RedisStore({
      prefix: `${prefix}${bucket}:`,
      sendCommand: (command: string, ...args: string[]) =>
        redis.call(command, ...args) as Promise<RedisReply>,
    });
}
