import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { clerk, sessionToken } from '../live/support';
import { RATE_LIMITS_OFF, type TestServer, useTestServer } from '../support/test-server';
import { untilTrue } from './writers';

const redisUrl = process.env.TEST_REDIS_URL;
const MAX = 2;

/** Open `tasks.onChange` streams, closed after each test. */
const open = new Set<AbortController>();
afterEach(() => {
  for (const controller of open) controller.abort();
  open.clear();
});

/**
 * Opens a live stream as EventSource does (or with another `Accept`: tRPC streams whatever it says);
 * resolves with its status, the stream left open.
 */
async function stream(server: TestServer, token: string, accept = 'text/event-stream', prefix = '') {
  const controller = new AbortController();
  open.add(controller);
  const res = await fetch(`${server.url}/trpc/${prefix}tasks.onChange`, {
    headers: { accept, authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const body = res.status === 200 ? null : await res.json();
  return { status: res.status, body, close: () => controller.abort() };
}

describe('live streams per caller, on one replica', () => {
  const server = useTestServer({ env: { ...RATE_LIMITS_OFF, LIVE_MAX_STREAMS_PER_CALLER: String(MAX) } });

  it('counts streams opened without asking for text/event-stream', async () => {
    const dave = await server.localToken('user_dave', 'org_globex');
    const held = [await stream(server, dave, '*/*'), await stream(server, dave, 'application/json')];
    expect(held.map((s) => s.status)).toEqual([200, 200]);
    expect((await stream(server, dave)).status).toBe(429);
  });

  it('refuses the stream past the maximum with 429 too-many-streams, and frees a slot on close', async () => {
    const alice = await server.localToken('user_alice', 'org_acme');
    const held = [await stream(server, alice), await stream(server, alice)];
    expect(held.map((s) => s.status)).toEqual([200, 200]);

    const refused = await stream(server, alice);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error: { json: { data: { reason: 'too-many-streams' } } } });
    // Per caller: another user is not affected, nor is an ordinary request of the same one.
    expect((await stream(server, await server.localToken('user_bob', 'org_acme'))).status).toBe(200);
    const list = await fetch(`${server.url}/trpc/tasks.list`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(list.status).toBe(200);

    // However the client words its Accept header, a stream counts.
    for (const accept of ['*/*', 'Text/Event-Stream', 'application/json']) {
      expect((await stream(server, alice, accept)).status, accept).toBe(429);
    }
    // Nor can a path with more segments, which names the same procedure to tRPC, escape the count.
    for (const prefix of ['x/', '/', 'a/b/c/']) {
      expect((await stream(server, alice, undefined, prefix)).status, prefix).toBe(429);
    }

    held[0]!.close();
    await untilTrue('a slot freed by the closed stream', async () => {
      const next = await stream(server, alice);
      next.close();
      return next.status === 200;
    });
  });
});

describe.skipIf(!redisUrl)('live streams per caller, across two replicas (Redis)', () => {
  const prefix = `gatehouse-test:live:${randomUUID()}:`;
  // Clerk mode: both replicas verify the same issuer's tokens (local mode's keys are per replica).
  const env = {
    ...clerk.apiEnv,
    ...RATE_LIMITS_OFF,
    LIVE_MAX_STREAMS_PER_CALLER: String(MAX),
    REDIS_URL: redisUrl!,
    LIVE_REDIS_PREFIX: prefix,
  };
  const a = useTestServer({ env });
  const b = useTestServer(() => ({ env, database: { url: a.databaseUrl } }));

  it('counts the streams a caller holds on every replica', async () => {
    const alice = await sessionToken('user_alice', 'org_acme');
    expect((await stream(a, alice)).status).toBe(200);
    expect((await stream(b, alice)).status).toBe(200);
    expect((await stream(a, alice)).status).toBe(429);
    expect((await stream(b, alice)).status).toBe(429);
  });
});
