import { randomBytes, randomUUID } from 'node:crypto';
import type { AppRouter } from '@gatehouse/api-contract';
import { createClerkTestInstance } from '@gatehouse/auth/testing';
import { TRPCClientError } from '@trpc/client';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../support/built-api';
import { trpcClient } from '../support/http';
import { type Replicas, startReplicas } from '../support/replicas';

/**
 * Gatehouse scales out as identical stateless replicas behind any load balancer, sharing Postgres and
 * Redis. Two BUILT API processes (plain `node`, NODE_ENV=production, Clerk mode with a key generated
 * here) on different ports, one fresh Postgres database, one Redis key prefix for this run.
 */
const databaseAdminUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;
const canRun = Boolean(databaseAdminUrl && redisUrl);
if (!canRun) console.warn('[skipped] two-replica scale-out test: needs TEST_DATABASE_URL and TEST_REDIS_URL');

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const RATE_LIMIT_MAX = 6;
const prefix = `gatehouse-test:${randomUUID()}:`;
const clerk = createClerkTestInstance();

describe.skipIf(!canRun)('two API replicas on one Postgres and one Redis', () => {
  let replicas: Replicas;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    replicas = await startReplicas('scale-out', {
      ...clerk.apiEnv,
      RATE_LIMIT_REDIS_PREFIX: prefix,
      RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
      CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
    });
    ({ a, b } = replicas);
  }, 180_000);

  afterAll(async () => {
    await replicas?.stop();
    const redis = new Redis(redisUrl!);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }, 60_000);

  it('runs two processes on two ports', () => {
    expect(a.child.pid).not.toBe(b.child.pid);
    expect(a.url).not.toBe(b.url);
  });

  it('verifies the same token on both', async () => {
    const token = clerk.personaToken('user_alice', 'org_acme');
    for (const api of [a, b]) {
      expect(await trpcClient(api, token).me.query()).toMatchObject({
        userId: 'user_alice',
        orgId: 'org_acme',
      });
    }
  });

  it('reads through one replica what was written through the other', async () => {
    const token = clerk.personaToken('user_carol');
    const note = await trpcClient(a, token).notes.create.mutate({ title: 'written on A', body: 'hello' });
    const page = await trpcClient(b, token).notes.list.query();
    expect(page.items.map((item) => item.id)).toContain(note.id);
  });

  it('shares one rate limit across replicas', async () => {
    const token = clerk.personaToken('user_bob');
    const [onA, onB] = [trpcClient(a, token), trpcClient(b, token)];
    for (let i = 0; i < RATE_LIMIT_MAX; i += 1) await (i % 2 === 0 ? onA : onB).me.query();
    // The next call is over the limit whichever replica it reaches.
    for (const client of [onA, onB]) {
      const error = await client.me.query().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data).toMatchObject({
        httpStatus: 429,
        reason: 'rate-limited',
      });
    }
  });

  it('applies a webhook delivered to both replicas at once exactly once', async () => {
    const svixId = `msg_${randomUUID()}`;
    const sentAt = new Date();
    const body = JSON.stringify({
      type: 'user.created',
      object: 'event',
      timestamp: sentAt.getTime(),
      data: {
        object: 'user',
        id: 'user_zoe',
        first_name: 'Zoe',
        last_name: 'Replica',
        image_url: null,
        primary_email_address_id: 'idn_1',
        email_addresses: [{ object: 'email_address', id: 'idn_1', email_address: 'zoe@example.test' }],
        public_metadata: {},
        created_at: sentAt.getTime(),
        updated_at: sentAt.getTime(),
      },
    });
    const headers = {
      'content-type': 'application/json',
      'svix-id': svixId,
      'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'svix-signature': new Webhook(WEBHOOK_SECRET).sign(svixId, sentAt, body),
    };
    const responses = await Promise.all(
      [a, b].map((api) => fetch(`${api.url}/webhooks/clerk`, { method: 'POST', headers, body })),
    );
    expect(responses.map((res) => res.status)).toEqual([200, 200]);
    const outcomes = await Promise.all(
      responses.map(async (res) => ((await res.json()) as { status: string }).status),
    );
    expect(outcomes.sort()).toEqual(['applied', 'duplicate']);

    const client = new pg.Client({ connectionString: replicas.databaseUrl });
    await client.connect();
    try {
      const events = await client.query('select count(*)::int as n from webhook_events where svix_id = $1', [
        svixId,
      ]);
      expect(events.rows[0].n).toBe(1);
      const users = await client.query('select email from users where id = $1', ['user_zoe']);
      expect(users.rows).toEqual([{ email: 'zoe@example.test' }]);
    } finally {
      await client.end();
    }
  });
});
