import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describeEachDriver } from '@gatehouse/db/testing';
import express from 'express';
import { expect, it } from 'vitest';
import { clerkWebhooks } from '../../src/routes/clerk-webhooks';
import { errorOf, mutation } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';
import { clerkUser, deliver, signedDelivery, WEBHOOK_SECRET } from './clerk-deliveries';

describeEachDriver('readiness and outages', (driver) => {
  const data = useTestServer({
    database: driver,
    env: { ...RATE_LIMITS_OFF, CLERK_WEBHOOK_SIGNING_SECRET: WEBHOOK_SECRET },
  });

  it('answers webhooks 503 webhooks-not-configured while the signing secret is unset', async () => {
    // The route on its own: the rest of the app is irrelevant to this branch.
    const app = express().use(
      '/webhooks/clerk',
      clerkWebhooks({ database: data.api.database, signingSecret: undefined }),
    );
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const res = await deliver(`http://127.0.0.1:${port}`, signedDelivery('user.created', {}));
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        error: { code: 'SERVICE_UNAVAILABLE', reason: 'webhooks-not-configured' },
      });
    } finally {
      server.close();
      await once(server, 'close');
    }
  });

  it('is ready while the database answers, and 503 (readyz and webhooks) once it is gone', async () => {
    const ready = await fetch(`${data.api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });

    await data.api.database.close();

    const unready = await fetch(`${data.api.url}/readyz`);
    expect(unready.status).toBe(503);
    expect(await unready.json()).toEqual({ status: 'unavailable', checks: { database: 'unavailable' } });
    const res = await deliver(
      data.api.url,
      signedDelivery('user.created', clerkUser('user_erin', Date.now())),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ error: { reason: 'database-unavailable' } });

    // Procedures alike (a closed embedded database, or a Postgres pool that was ended): 503, never 500.
    const created = await mutation(
      data.api,
      'tasks.create',
      { title: 'during the outage' },
      { token: await data.localToken('user_bob', 'org_acme') },
    );
    expect(created.status).toBe(503);
    expect(created.headers.get('retry-after')).toBe('2');
    expect(errorOf(created)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'database-unavailable' });
  });
});
