/**
 * Live updates across replicas: two BUILT API processes (plain `node`, NODE_ENV=production, Clerk mode)
 * on one Postgres database and one Redis, as behind a load balancer. A change made through one
 * reaches a subscriber on the other; a subscriber that reconnects to the other resumes from the
 * shared history.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../support/built-api';
import { type Replicas, startReplicas } from '../support/replicas';
import { clerk, liveClient, personaClient, sessionToken, watchTasks } from './support';

const databaseAdminUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const canRun = Boolean(databaseAdminUrl && redisUrl);
if (!canRun)
  console.warn('[skipped] live updates across two replicas: needs TEST_DATABASE_URL and TEST_REDIS_URL');

describe.skipIf(!canRun)('live updates across two API replicas (Postgres + Redis)', () => {
  const run = randomUUID();
  let replicas: Replicas;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    replicas = await startReplicas('live-replicas', {
      ...clerk.apiEnv,
      LIVE_REDIS_PREFIX: `gatehouse-test:live:${run}:`,
      RATE_LIMIT_REDIS_PREFIX: `gatehouse-test:rl:${run}:`,
    });
    ({ a, b } = replicas);
  }, 180_000);

  afterAll(() => replicas?.stop(), 60_000);

  it("delivers a change made through A to B's subscriber, and nothing of another org", async () => {
    const onB = watchTasks(liveClient(b.url, () => sessionToken('user_alice', 'org_acme')).client);
    expect((await onB.next()).data).toEqual({ type: 'ready', resync: true });

    await personaClient(a.url, 'user_dave', 'org_globex').tasks.create.mutate({ title: 'Globex, via A' });
    const task = await personaClient(a.url, 'user_bob', 'org_acme').tasks.create.mutate({
      title: 'Acme, via A',
    });
    expect((await onB.next()).data).toEqual({ type: 'created', task });
    onB.unsubscribe();
  });

  it('resumes on A, from the shared history, a stream that was on B', async () => {
    const onB = watchTasks(liveClient(b.url, () => sessionToken('user_alice', 'org_acme')).client);
    const { id } = await onB.next();
    onB.unsubscribe();

    const bob = personaClient(b.url, 'user_bob', 'org_acme');
    const missed = await bob.tasks.create.mutate({ title: 'while moving to A' });
    const onA = watchTasks(liveClient(a.url, () => sessionToken('user_alice', 'org_acme')).client, id);
    expect((await onA.next()).data).toEqual({ type: 'created', task: missed });
    expect((await onA.next()).data).toEqual({ type: 'ready', resync: false });

    // And live again, now with the change made through B.
    const live = await bob.tasks.update.mutate({ id: missed.id, done: true });
    expect((await onA.next()).data).toEqual({ type: 'updated', task: live });
    onA.unsubscribe();
  });
});
