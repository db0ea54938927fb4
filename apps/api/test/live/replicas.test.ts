/**
 * Live updates across replicas: two BUILT API processes (plain `node`, NODE_ENV=production, Clerk mode)
 * on one Postgres database and one Redis, as behind a load balancer. A change made through one
 * reaches a subscriber on the other; a subscriber that reconnects to the other resumes from the
 * shared history.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_DRIVERS } from '@gatehouse/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi, type ServerProcess, startBuiltApi } from '../support/built-api';
import { clerk, liveClient, personaClient, sessionToken, watchTasks } from './support';

const databaseAdminUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const canRun = Boolean(databaseAdminUrl && redisUrl);
if (!canRun)
  console.warn('[skipped] live updates across two replicas: needs TEST_DATABASE_URL and TEST_REDIS_URL');

describe.skipIf(!canRun)('live updates across two API replicas (Postgres + Redis)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-live-replicas-'));
  const run = randomUUID();
  let database: { url: string; drop(): Promise<void> };
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    const [entry, created] = await Promise.all([
      buildApi('live-replicas'),
      TEST_DRIVERS.find((driver) => driver.name === 'postgres')!.createTarget(),
    ]);
    database = created;
    const env = {
      ...clerk.apiEnv,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl!,
      LIVE_REDIS_PREFIX: `gatehouse-test:live:${run}:`,
      RATE_LIMIT_REDIS_PREFIX: `gatehouse-test:rl:${run}:`,
      DATA_DIR: dataDir,
    };
    [a, b] = await Promise.all([startBuiltApi({ entry, env }), startBuiltApi({ entry, env })]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

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
