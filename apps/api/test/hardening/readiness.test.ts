import { randomUUID } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../support/test-server';

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.warn('[skipped] /readyz Redis check and Redis outage: TEST_REDIS_URL not set');

/** A TCP relay to the real Redis that the test can cut, to simulate a Redis outage. */
async function startRedisRelay(target: URL) {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect({ host: target.hostname, port: Number(target.port || 6379) });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const relayed = new URL(target);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(port);
  return {
    url: relayed.toString(),
    /** Stops accepting and drops every relayed connection. */
    cut: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

describe.skipIf(!redisUrl)('readiness with Redis', () => {
  let relay: Awaited<ReturnType<typeof startRedisRelay>>;
  beforeAll(async () => {
    relay = await startRedisRelay(new URL(redisUrl!));
  });
  const t = useTestServer(() => ({
    env: {
      REDIS_URL: relay.url,
      RATE_LIMIT_MAX: '100',
      RATE_LIMIT_REDIS_PREFIX: `gatehouse-test:${randomUUID()}:`,
    },
  }));

  it('is ready while the database and Redis answer', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
  });

  it('stays ready but degraded, naming Redis and what it costs, while requests keep being served', async () => {
    relay.cut();
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'degraded',
      checks: { database: 'ok', redis: 'unavailable' },
      degraded: ['rate-limits-fail-open', 'live-updates-this-replica-only'],
    });
    // The rate limiter fails open (logged) instead of failing every request.
    expect((await fetch(`${t.url}/trpc/health`)).status).toBe(200);
    const storeError = await t.waitForLog(
      (line) => typeof line.msg === 'string' && line.msg.includes('error from store'),
    );
    expect(storeError.bucket).toBe('general');
  });
});

describe('readiness without Redis', () => {
  const t = useTestServer();

  it('checks the database only', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });
});
