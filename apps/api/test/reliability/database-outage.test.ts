/**
 * The built API (plain `node`, Clerk mode, Postgres) while clients create tasks in a loop and the
 * database goes away again and again: its sessions terminated (`pg_terminate_backend`, SQLSTATE
 * 57P01 mid-transaction) and new ones refused (`ALLOW_CONNECTIONS false`, FATAL 55000); a Clerk webhook
 * is delivered during each outage. Each client
 * action carries an idempotency key and is retried on 503 until acknowledged, as the SPA does.
 */
import { randomUUID } from 'node:crypto';
import { type DatabaseOutage, databaseOutage, describeOnPostgres } from '@gatehouse/db/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { clerkUser, deliver, signedDelivery, WEBHOOK_SECRET } from '../data/clerk-deliveries';
import { sessionToken } from '../live/support';
import { errorOf, mutation } from '../support/http';
import { useBuiltApiOnPostgres } from './built-api-on-postgres';
import { createTaskOnce, storedCopies, type Tally, untilTrue } from './writers';

/** Outages per run: the crash this guards against took about one run in three of a single outage. */
const OUTAGES = 4;

describeOnPostgres('database outages under write load (built API)', (driver) => {
  const built = useBuiltApiOnPostgres(driver, 'database-outage', {
    DATABASE_POOL_MAX: '4',
    CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET,
  });
  let outage: DatabaseOutage;
  beforeAll(() => {
    outage = databaseOutage(built.database.url);
  });
  afterAll(() => outage?.end());

  it('answers 503 (never 500) during each outage, stays up, recovers, and loses or doubles no write', async () => {
    const { api, database } = built;
    const tally: Tally = { statuses: new Map(), acknowledged: [], attempts: 0 };
    const token = () => sessionToken('user_bob', 'org_acme');
    let stopping = false;
    const writer = async () => {
      while (!stopping) await createTaskOnce(api.url, token, randomUUID(), tally);
    };
    const writers = [writer(), writer(), writer()];
    const readiness = async () => (await fetch(`${api.url}/readyz`)).status;
    const count = (status: number) => tally.statuses.get(status) ?? 0;
    const webhooksDuringOutages: Response[] = [];

    try {
      for (let round = 0; round < OUTAGES; round++) {
        const acknowledged = tally.acknowledged.length;
        await untilTrue('writes acknowledged', () => tally.acknowledged.length >= acknowledged + 10);
        const unavailable = count(503);
        await outage.begin();
        // Readiness notices within its probe's timeout; clients get 503s meanwhile.
        await untilTrue('/readyz reporting the outage', async () => (await readiness()) === 503);
        await untilTrue('503s during the outage', () => count(503) >= unavailable + 5);
        // Clerk's webhooks alike: Svix retries a 503 later.
        const delivery = signedDelivery('user.created', clerkUser(`user_outage_${round}`, Date.now()));
        webhooksDuringOutages.push(await deliver(api.url, delivery));
        await outage.end();
        await untilTrue('/readyz ready again', async () => (await readiness()) === 200);
      }
      // Fully recovered: writes are acknowledged again.
      const recovered = tally.acknowledged.length;
      await untilTrue('writes after the recovery', () => tally.acknowledged.length >= recovered + 10);
    } finally {
      stopping = true;
      await Promise.all(writers);
    }

    expect(api.child.exitCode).toBeNull();
    expect(api.stderr()).not.toMatch(/uncaught|unhandled/i);
    expect([...tally.statuses.keys()].sort()).toEqual([200, 503]);
    expect(count(503)).toBeGreaterThanOrEqual(OUTAGES * 5);
    for (const webhook of webhooksDuringOutages) {
      expect(webhook.status).toBe(503);
      expect(webhook.headers.get('retry-after')).toBe('2');
      expect(await webhook.json()).toMatchObject({ error: { reason: 'database-unavailable' } });
    }

    // Every acknowledged action is stored exactly once, retried or not.
    const copies = await storedCopies(database.url);
    for (const { title } of tally.acknowledged) expect(copies.get(title), title).toBe(1);
    expect([...copies.values()].every((count) => count === 1)).toBe(true);

    // The same action sent again with its key after the recovery: replayed, not applied again.
    const [first] = tally.acknowledged;
    const again = await createTaskOnce(api.url, token, first!.key, tally, first!.title);
    expect(again).toEqual(first);
    expect((await storedCopies(database.url)).get(first!.title)).toBe(1);
    const reused = await mutation(
      api,
      'tasks.create',
      { title: `${first!.title} (edited)` },
      { token: await token(), headers: { 'idempotency-key': first!.key } },
    );
    expect(errorOf(reused)).toMatchObject({ httpStatus: 409, reason: 'idempotency-key-reused' });
  }, 240_000);
});
