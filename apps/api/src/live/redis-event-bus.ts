import { randomUUID } from 'node:crypto';
import { createLocalEventBus, type TaskEventBus } from '@gatehouse/api-contract/events';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * Live task changes across API replicas, over Redis pub/sub (`REDIS_URL`).
 *
 * A change is delivered to this process's streams at once (in-process bus, with the change), and a
 * doorbell `{ orgId, seq }` goes to the org's channel for the other replicas. They do not trust
 * the message for data: their streams read the change from the shared database, scoped to the
 * subscriber's own org. Pub/sub delivers at most once, so losses are repaired, not prevented:
 * a stream that sees `seq` jump reads the gap back, and after a Redis reconnect every stream of
 * this process catches up from the database.
 */
export interface RedisEventBusOptions {
  /** The process's Redis connection, for PUBLISH (a subscribing connection can do nothing else). */
  redis: Redis;
  /** LIVE_REDIS_PREFIX. */
  prefix: string;
  logger: Logger;
}

interface Doorbell {
  origin: string;
  orgId: string;
  seq: number;
}

function parseDoorbell(message: string): Doorbell | null {
  try {
    const value = JSON.parse(message) as Partial<Doorbell>;
    const valid =
      typeof value.origin === 'string' &&
      typeof value.orgId === 'string' &&
      Number.isSafeInteger(value.seq) &&
      (value.seq as number) > 0;
    return valid ? (value as Doorbell) : null;
  } catch {
    return null;
  }
}

export async function createRedisEventBus({
  redis,
  prefix,
  logger,
}: RedisEventBusOptions): Promise<TaskEventBus> {
  const local = createLocalEventBus();
  // Tells this process's own doorbells apart from the other replicas'.
  const origin = randomUUID();
  const channelOf = (orgId: string) => `${prefix}tasks:${orgId}`;
  // Channels are managed here, not by ioredis's autoResubscribe: a SUBSCRIBE refused while offline
  // would otherwise be forgotten. On every reconnect all listened channels are subscribed again.
  const subscriber = redis.duplicate({
    autoResubscribe: false,
    lazyConnect: true,
    connectionName: `${prefix}subscriber`, // what `CLIENT LIST` shows operators
  });
  subscriber.on('error', (error: Error) =>
    logger.warn({ err: { message: error.message } }, 'live updates: redis subscriber error'),
  );
  subscriber.on('message', (channel: string, message: string) => {
    const doorbell = parseDoorbell(message);
    if (!doorbell || doorbell.origin === origin || channel !== channelOf(doorbell.orgId)) return;
    local.publish({ orgId: doorbell.orgId, seq: doorbell.seq });
  });

  /** Per listened org: resolves once its channel's SUBSCRIBE is confirmed (or was not possible). */
  const subscribed = new Map<string, Promise<void>>();
  let connectedOnce = false;
  subscriber.on('ready', () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    const channels = local.listenedOrgs().map(channelOf);
    const resubscribed = channels.length > 0 ? subscriber.subscribe(...channels) : Promise.resolve();
    void resubscribed.then(
      () => local.broadcast({ kind: 'catch-up' }),
      (err: Error) => logger.warn({ err: { message: err.message } }, 'live updates: resubscribe failed'),
    );
  });
  try {
    await subscriber.connect();
  } catch (error) {
    subscriber.disconnect();
    throw new Error(`Cannot connect to REDIS_URL for live updates: ${(error as Error).message}`);
  }

  // Doorbells that could not be sent (Redis away), latest per org: rung again once the connection is
  // back. Without this, a change committed after the other replicas' reconnect catch-up but before
  // this connection recovered would reach their streams only with the org's next change.
  const unsent = new Map<string, Doorbell>();
  const ring = (doorbell: Doorbell) =>
    redis.publish(channelOf(doorbell.orgId), JSON.stringify(doorbell)).then(
      () => {
        if (unsent.get(doorbell.orgId) === doorbell) unsent.delete(doorbell.orgId);
      },
      (err: Error) => {
        const latest = unsent.get(doorbell.orgId);
        if (!latest || latest.seq < doorbell.seq) unsent.set(doorbell.orgId, doorbell);
        logger.warn({ err: { message: err.message }, orgId: doorbell.orgId }, 'live updates: publish failed');
      },
    );
  const ringUnsent = () => {
    for (const doorbell of unsent.values()) void ring(doorbell);
  };
  redis.on('ready', ringUnsent);

  return {
    publish(notice) {
      local.publish(notice);
      void ring({ origin, orgId: notice.orgId, seq: notice.seq });
    },
    subscribe(orgId, listener) {
      const subscription = local.subscribe(orgId, listener);
      let ready = subscribed.get(orgId);
      if (!ready) {
        // Offline there is nothing to wait for: the reconnect subscribes and sends a catch-up.
        ready =
          subscriber.status === 'ready'
            ? subscriber.subscribe(channelOf(orgId)).then(
                () => {},
                () => {},
              )
            : Promise.resolve();
        subscribed.set(orgId, ready);
      }
      return {
        ready,
        unsubscribe() {
          subscription.unsubscribe();
          if (local.listenedOrgs().includes(orgId)) return;
          subscribed.delete(orgId);
          subscriber.unsubscribe(channelOf(orgId)).catch(() => {});
        },
      };
    },
    async close() {
      redis.off('ready', ringUnsent);
      await local.close();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}
