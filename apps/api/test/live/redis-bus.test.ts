/**
 * The Redis pub/sub bus between replicas, on a real Redis (TEST_REDIS_URL): two buses on their own
 * connections stand for two API processes. A channel prefix of this run's own keeps parallel runs apart.
 */
import { randomUUID } from 'node:crypto';
import type { BusSignal, TaskEventBus } from '@gatehouse/api-contract/events';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventBus } from '../../src/live/redis-event-bus';
import { connectRedis } from '../../src/redis';

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.warn('[skipped] Redis live-update bus tests: TEST_REDIS_URL not set');

/** Listener whose signals a test awaits one by one. */
function inbox() {
  const signals: BusSignal[] = [];
  const waiters = new Set<() => void>();
  let read = 0;
  return {
    signals,
    listener: (signal: BusSignal) => {
      signals.push(signal);
      for (const wake of waiters) wake();
    },
    next: () =>
      new Promise<BusSignal>((resolve) => {
        const check = () => {
          if (read >= signals.length) return;
          waiters.delete(check);
          resolve(signals[read++]!);
        };
        waiters.add(check);
        check();
      }),
  };
}

describe.skipIf(!redisUrl)('live updates over Redis pub/sub', () => {
  const logger = pino({ level: 'silent' });
  const prefix = `gatehouse-test:live:${randomUUID()}:`;
  const connections: Redis[] = [];
  let replicaA: TaskEventBus;
  let replicaB: TaskEventBus;

  const replica = async () => {
    const redis = await connectRedis(redisUrl!, logger);
    connections.push(redis);
    return createRedisEventBus({ redis, prefix, logger });
  };

  beforeAll(async () => {
    [replicaA, replicaB] = await Promise.all([replica(), replica()]);
  });
  afterAll(async () => {
    await Promise.all([replicaA?.close(), replicaB?.close()]);
    await Promise.all(connections.map((redis) => redis.quit()));
  });

  it("rings the other replica's listeners of that org only, without the change itself", async () => {
    const acmeOnB = inbox();
    const globexOnB = inbox();
    const acmeOnA = inbox();
    const subscriptions = [
      replicaB.subscribe('org_acme', acmeOnB.listener),
      replicaB.subscribe('org_globex', globexOnB.listener),
      replicaA.subscribe('org_acme', acmeOnA.listener),
    ];
    await Promise.all(subscriptions.map((subscription) => subscription.ready));

    const change = { type: 'deleted', taskId: randomUUID() } as const;
    replicaA.publish({ orgId: 'org_acme', seq: 7, change });
    // Locally at once, with the change; remotely a doorbell the stream resolves from the database.
    expect(acmeOnA.signals).toEqual([{ kind: 'change', notice: { orgId: 'org_acme', seq: 7, change } }]);
    expect(await acmeOnB.next()).toEqual({ kind: 'change', notice: { orgId: 'org_acme', seq: 7 } });

    replicaA.publish({ orgId: 'org_globex', seq: 1 });
    replicaA.publish({ orgId: 'org_acme', seq: 8 });
    expect(await acmeOnB.next()).toEqual({ kind: 'change', notice: { orgId: 'org_acme', seq: 8 } });
    expect(globexOnB.signals).toEqual([{ kind: 'change', notice: { orgId: 'org_globex', seq: 1 } }]);
    // A replica ignores its own doorbells (it delivered locally already). B's doorbell reaches A's
    // subscriber after A's own two (one connection, server order): had A kept them, they'd come first.
    replicaB.publish({ orgId: 'org_acme', seq: 10 });
    const seenOnA = [await acmeOnA.next(), await acmeOnA.next(), await acmeOnA.next()];
    expect(seenOnA.map((signal) => signal.kind === 'change' && signal.notice.seq)).toEqual([7, 8, 10]);
    expect(seenOnA[2]).toEqual({ kind: 'change', notice: { orgId: 'org_acme', seq: 10 } });
    for (const subscription of subscriptions) subscription.unsubscribe();
  });

  it('stops ringing an org once its last listener left', async () => {
    const first = inbox();
    const subscription = replicaB.subscribe('org_initech', first.listener);
    await subscription.ready;
    subscription.unsubscribe();
    const later = inbox();
    const again = replicaB.subscribe('org_initech', later.listener);
    await again.ready;
    replicaA.publish({ orgId: 'org_initech', seq: 1 });
    expect(await later.next()).toEqual({ kind: 'change', notice: { orgId: 'org_initech', seq: 1 } });
    expect(first.signals).toEqual([]);
    again.unsubscribe();
  });

  it('tells every stream to catch up from the database after Redis reconnects', async () => {
    const listener = inbox();
    const subscription = replicaB.subscribe('org_acme', listener.listener);
    await subscription.ready;
    // Drop this run's subscriber connections from the server side, as a failover would.
    const admin = new Redis(redisUrl!);
    const clients = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
    const ours = clients.split('\n').filter((line) => line.includes(` name=${prefix}subscriber `));
    expect(ours).toHaveLength(1); // B's: A has no listener now, so no subscription
    for (const line of ours) await admin.call('CLIENT', 'KILL', 'ID', /\bid=(\d+)/.exec(line)![1]!);
    await admin.quit();
    expect(await listener.next()).toEqual({ kind: 'catch-up' });
    // Subscribed again: doorbells flow as before.
    replicaA.publish({ orgId: 'org_acme', seq: 9 });
    expect(await listener.next()).toEqual({ kind: 'change', notice: { orgId: 'org_acme', seq: 9 } });
    subscription.unsubscribe();
  });
});
