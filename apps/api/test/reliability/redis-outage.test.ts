/**
 * Redis killed and started again (a `redis-server` of the test's own) under two BUILT replicas in Clerk
 * mode, while members of one org watch `tasks.onChange` on each and changes are made through both.
 * While Redis is away each replica keeps serving: writes are acknowledged, its own streams hear them at
 * once, rate limits fail open and /readyz says `degraded`. Once Redis is back, every stream catches up
 * from Postgres: every acknowledged change reaches every stream.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerk, liveClient, personaClient, sessionToken, watchTasks } from '../live/support';
import type { ServerProcess } from '../support/built-api';
import { type OwnRedis, startOwnRedis } from '../support/redis-server';
import { type Replicas, startReplicas } from '../support/replicas';
import { untilTrue } from './writers';

const canRun = Boolean(process.env.TEST_DATABASE_URL);
if (!canRun) console.warn('[skipped] Redis outage under two replicas: needs TEST_DATABASE_URL');

describe.skipIf(!canRun)('a Redis outage under two replicas', () => {
  let redis: OwnRedis;
  let replicas: Replicas;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    redis = await startOwnRedis();
    replicas = await startReplicas('redis-outage', {
      ...clerk.apiEnv,
      REDIS_URL: redis.url,
      LIVE_REDIS_PREFIX: `gatehouse-test:live:${randomUUID()}:`,
      RATE_LIMIT_MAX: '1000',
    });
    ({ a, b } = replicas);
  }, 180_000);

  afterAll(async () => {
    await replicas?.stop();
    await redis?.stop();
  }, 60_000);

  it('keeps serving while Redis is away, and every stream gets every acknowledged change', async () => {
    const watch = (url: string) =>
      // Tokens outliving a slow run: a stream's reconnect at expiry is not what this test is about.
      watchTasks(liveClient(url, () => sessionToken('user_alice', 'org_acme', 300)).client);
    const streams = [watch(a.url), watch(a.url), watch(b.url), watch(b.url)];
    for (const stream of streams) expect((await stream.next()).data).toMatchObject({ type: 'ready' });
    const writers = [
      personaClient(a.url, 'user_bob', 'org_acme'),
      personaClient(b.url, 'user_bob', 'org_acme'),
    ];
    const acknowledged: string[] = [];
    const write = async (label: string) => {
      for (const [index, writer] of writers.entries()) {
        acknowledged.push((await writer.tasks.create.mutate({ title: `${label} via ${index}` })).id);
      }
    };
    const createdOn = (stream: (typeof streams)[number]) =>
      new Set(stream.events.flatMap((event) => (event.data.type === 'created' ? [event.data.task.id] : [])));
    const heardByAll = (ids: string[]) =>
      streams.every((stream) => ids.every((id) => createdOn(stream).has(id)));

    await write('before');
    await untilTrue('changes before the outage on every stream', () => heardByAll(acknowledged));

    await redis.kill();
    await write('during 1');
    await write('during 2');
    // Within a replica, delivery goes on: each stream hears its own replica's writes at once.
    const ownReplica = (index: number) => acknowledged.filter((_, at) => at % 2 === index);
    await untilTrue('each replica’s own writes on its streams', () =>
      streams.every((stream, at) => ownReplica(at < 2 ? 0 : 1).every((id) => createdOn(stream).has(id))),
    );
    const readiness = await fetch(`${a.url}/readyz`);
    expect(readiness.status).toBe(200);
    expect(await readiness.json()).toMatchObject({ status: 'degraded', checks: { redis: 'unavailable' } });

    await redis.start();
    await write('after');
    await untilTrue('every acknowledged change on every stream', () => heardByAll(acknowledged), 60_000);

    // Each change once, in order, with no resync needed.
    for (const stream of streams) {
      const created = stream.events.filter((event) => event.data.type === 'created');
      expect(created.map((event) => event.id)).toEqual([...new Set(created.map((event) => event.id))]);
      const readies = stream.events.flatMap((event) => (event.data.type === 'ready' ? [event.data] : []));
      expect(readies.slice(1).every((ready) => !ready.resync)).toBe(true);
      stream.unsubscribe();
    }
    for (const replica of [a, b]) {
      expect(replica.child.exitCode).toBeNull();
      expect(replica.stderr()).not.toMatch(/uncaught|unhandled|MaxListeners/i);
    }
  }, 180_000);
});
