import { memberships, users, webhookEvents } from '@gatehouse/db';
import { describeEachDriver, describeOnPostgres, truncateAll } from '@gatehouse/db/testing';
import { eq } from 'drizzle-orm';
import { beforeEach, expect, it } from 'vitest';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';
import { clerkMembership, clerkUser, deliver, signedDelivery, WEBHOOK_SECRET } from './clerk-deliveries';

// Rate limits off: every delivery of these suites, refused ones included, comes from one address.
const env = { ...RATE_LIMITS_OFF, CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET };

describeEachDriver('POST /webhooks/clerk', (driver) => {
  const data = useTestServer({ database: driver, env });
  beforeEach(() => truncateAll(data.api.database.privileged));

  const db = () => data.api.database.privileged;
  const url = () => data.api.url;
  const userRow = async (id: string) => (await db().select().from(users).where(eq(users.id, id)))[0];
  const nothingStored = async () => {
    expect(await db().select().from(users)).toEqual([]);
    expect(await db().select().from(webhookEvents)).toEqual([]);
  };

  it('syncs user.created: primary email, names, image; nothing else', async () => {
    const res = await deliver(url(), signedDelivery('user.created', clerkUser('user_erin', Date.now())));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'applied' });
    expect(await userRow('user_erin')).toMatchObject({
      email: 'user_erin@example.test',
      firstName: 'Erin',
      lastName: 'Example',
      imageUrl: 'https://img.clerk.com/user_erin',
      deletedAt: null,
    });
  });

  it('answers a redelivery 200 duplicate and changes nothing', async () => {
    const delivery = signedDelivery('user.updated', clerkUser('user_erin', Date.now()));
    expect((await deliver(url(), delivery)).status).toBe(200);
    await db().update(users).set({ firstName: 'Changed since' }).where(eq(users.id, 'user_erin'));
    const again = await deliver(url(), delivery);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: 'duplicate' });
    expect(await userRow('user_erin')).toMatchObject({ firstName: 'Changed since' });
  });

  it('applies the same delivery racing twice exactly once', async () => {
    const delivery = signedDelivery('user.created', clerkUser('user_erin', Date.now()));
    const answers = await Promise.all([deliver(url(), delivery), deliver(url(), delivery)]);
    expect(answers.map((res) => res.status)).toEqual([200, 200]);
    const statuses = await Promise.all(
      answers.map(async (res) => ((await res.json()) as { status: string }).status),
    );
    expect(statuses.sort()).toEqual(['applied', 'duplicate']);
  });

  it('orders by the events’ own timestamps: late updates lose, deletions are final', async () => {
    const t = Date.now() - 60_000;
    await deliver(
      url(),
      signedDelivery('user.updated', clerkUser('user_erin', t + 20, { first_name: 'Newer' })),
    );
    await deliver(
      url(),
      signedDelivery('user.updated', clerkUser('user_erin', t + 10, { first_name: 'Older' })),
    );
    expect(await userRow('user_erin')).toMatchObject({ firstName: 'Newer' });

    const deletion = signedDelivery(
      'user.deleted',
      { object: 'user', id: 'user_erin', deleted: true },
      {
        timestamp: t + 30,
      },
    );
    expect((await deliver(url(), deletion)).status).toBe(200);
    const late = await deliver(url(), signedDelivery('user.updated', clerkUser('user_erin', t + 25)));
    expect(late.status).toBe(200);
    expect(await userRow('user_erin')).toMatchObject({
      email: null,
      firstName: null,
      deletedAt: new Date(t + 30),
    });
  });

  it('syncs memberships and never lets an older event undo a removal', async () => {
    const t = Date.now() - 60_000;
    const member = clerkMembership('org_initech', 'user_erin', 'org:member', t + 10);
    await deliver(url(), signedDelivery('organizationMembership.created', member));
    await deliver(url(), signedDelivery('organizationMembership.deleted', member, { timestamp: t + 20 }));
    const promoted = clerkMembership('org_initech', 'user_erin', 'org:admin', t + 15);
    await deliver(url(), signedDelivery('organizationMembership.updated', promoted));
    const [row] = await db().select().from(memberships);
    expect(row).toMatchObject({
      orgId: 'org_initech',
      userId: 'user_erin',
      role: null,
      deletedAt: new Date(t + 20),
    });
  });

  it('rejects a bad signature, a wrong secret, a tampered body: 400, no effect', async () => {
    const good = signedDelivery('user.created', clerkUser('user_erin', Date.now()));
    const attempts = [
      {
        ...good,
        headers: { ...good.headers, 'svix-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
      },
      signedDelivery('user.created', clerkUser('user_erin', Date.now()), {
        secret: `whsec_${Buffer.from('not the secret').toString('base64')}`,
      }),
      { ...good, body: good.body.replace('Erin', 'Mallory') },
      { ...good, headers: { ...good.headers, 'svix-id': 'msg_other' } },
    ];
    for (const attempt of attempts) {
      const res = await deliver(url(), attempt);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'BAD_REQUEST', reason: 'invalid-webhook' } });
    }
    await nothingStored();
  });

  it('rejects missing signature headers and timestamps outside the 5-minute window: 400, no effect', async () => {
    for (const header of ['svix-id', 'svix-timestamp', 'svix-signature']) {
      const delivery = signedDelivery('user.created', clerkUser('user_erin', Date.now()));
      delete delivery.headers[header];
      expect((await deliver(url(), delivery)).status).toBe(400);
    }
    for (const skew of [-10 * 60_000, 10 * 60_000]) {
      const sentAt = new Date(Date.now() + skew);
      const res = await deliver(url(), signedDelivery('user.created', clerkUser('user_erin', 1), { sentAt }));
      expect(res.status).toBe(400);
    }
    await nothingStored();
  });

  it('rejects a signed payload of the wrong shape with 400 and stores nothing', async () => {
    const res = await deliver(
      url(),
      signedDelivery('user.created', { object: 'user', updated_at: 'yesterday' }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { reason: 'invalid-payload' } });
    await nothingStored();
  });

  it('rejects what the database could not store with 400, not a 500 Clerk would retry forever', async () => {
    const now = Date.now();
    for (const payload of [
      clerkUser('user_nul', now, { first_name: 'Nu\u0000l' }),
      clerkUser('user\u0000nul', now),
      clerkUser('user_far', Number.MAX_SAFE_INTEGER),
    ]) {
      const res = await deliver(url(), signedDelivery('user.created', payload));
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(await res.json()).toMatchObject({ error: { reason: 'invalid-payload' } });
    }
    await nothingStored();
  });

  it('acknowledges event types it does not sync without storing them', async () => {
    const res = await deliver(url(), signedDelivery('session.created', { object: 'session', id: 'sess_1' }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ignored' });
    await nothingStored();
  });

  it('answers a non-JSON body 415 and an oversized one 413', async () => {
    const delivery = signedDelivery('user.created', clerkUser('user_erin', Date.now()));
    const asText = await deliver(url(), {
      ...delivery,
      headers: { ...delivery.headers, 'content-type': 'text/plain' },
    });
    expect(asText.status).toBe(415);
    const huge = signedDelivery(
      'user.created',
      clerkUser('user_erin', Date.now(), { padding: 'x'.repeat(300_000) }),
    );
    expect((await deliver(url(), huge)).status).toBe(413);
    await nothingStored();
  });
});

describeOnPostgres('POST /webhooks/clerk on two replicas of one Postgres database', (postgres) => {
  const data = useTestServer({ database: postgres, env });
  const replica = useTestServer(() => ({ database: { url: data.databaseUrl }, env }));

  it('applies a delivery that reaches both at once exactly once', async () => {
    const sent = new Set<string>();
    for (let round = 0; round < 5; round++) {
      const delivery = signedDelivery('user.updated', clerkUser('user_erin', Date.now() + round));
      sent.add(delivery.headers['svix-id']!);
      const answers = await Promise.all([deliver(data.api.url, delivery), deliver(replica.url, delivery)]);
      const statuses = await Promise.all(
        answers.map(async (res) => ((await res.json()) as { status: string }).status),
      );
      expect(statuses.sort()).toEqual(['applied', 'duplicate']);
    }
    // Besides those of each replica's local issuer (the personas), at start-up.
    const stored = await data.api.database.privileged.select().from(webhookEvents);
    expect(stored.filter((row) => sent.has(row.svixId))).toHaveLength(5);
  });
});
