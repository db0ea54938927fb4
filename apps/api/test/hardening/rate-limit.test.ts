import { randomUUID } from 'node:crypto';
import type { AuthObject } from '@gatehouse/auth';
import { signedOutAuth } from '@gatehouse/auth';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/env';
import { requestId } from '../../src/http/request-id';
import { createRateLimiters } from '../../src/rate-limit/limiters';
import { rateLimitStores } from '../../src/rate-limit/stores';
import { useTestServer } from '../support/test-server';

const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.warn('[skipped] rate limits shared through Redis: TEST_REDIS_URL not set');

/**
 * Stands in for the auth middleware's contract (`res.locals.auth` before the limiters): the test
 * says who the caller is through headers, so the buckets are tested apart from token verification.
 */
function standInAuth(req: express.Request, res: express.Response, next: express.NextFunction) {
  const user = req.header('x-test-user');
  const refused = req.header('x-test-refused');
  res.locals.auth = user
    ? ({ isAuthenticated: true, userId: user, orgId: null } as unknown as AuthObject)
    : signedOutAuth(refused ? (refused as 'token-expired') : null);
  next();
}

async function startLimitedApp(vars: Record<string, string>, redis: Redis | null = null) {
  const env = loadEnv({ NODE_ENV: 'test', ...vars });
  const limiters = createRateLimiters(
    env,
    pino({ level: 'silent' }),
    rateLimitStores(redis, env.RATE_LIMIT_REDIS_PREFIX),
  );
  const app = express();
  app.use(requestId());
  app.post('/webhooks/clerk', limiters.webhook, (_req, res) => res.json({ received: true }));
  app.use(standInAuth, limiters.authFailure, limiters.general);
  app.get('/work', (_req, res) => res.json({ ok: true }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

const hit = (url: string, headers: Record<string, string> = {}) => fetch(`${url}/work`, { headers });
async function statuses(count: number, send: () => Promise<Response>) {
  const out: number[] = [];
  for (let i = 0; i < count; i += 1) out.push((await send()).status);
  return out;
}

describe('rate limits (in-memory store)', () => {
  let app: Awaited<ReturnType<typeof startLimitedApp>>;
  beforeAll(async () => {
    app = await startLimitedApp({
      RATE_LIMIT_MAX: '3',
      RATE_LIMIT_AUTH_FAILURE_MAX: '2',
      RATE_LIMIT_WEBHOOK_MAX: '2',
    });
  });
  afterAll(() => app.close());

  it('limits a verified user by user id, with 429, Retry-After and a JSON body', async () => {
    expect(await statuses(3, () => hit(app.url, { 'x-test-user': 'user_alice' }))).toEqual([200, 200, 200]);
    const limited = await hit(app.url, { 'x-test-user': 'user_alice' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-policy')).toContain('"general"');
    expect(await limited.json()).toMatchObject({
      error: { code: 'TOO_MANY_REQUESTS', reason: 'rate-limited' },
    });
    // Another user from the same IP has a bucket of their own.
    expect((await hit(app.url, { 'x-test-user': 'user_bob' })).status).toBe(200);
  });

  it('limits refused credentials in a stricter bucket keyed by IP', async () => {
    const refused = { 'x-test-refused': 'token-expired' };
    expect(await statuses(3, () => hit(app.url, refused))).toEqual([200, 200, 429]);
    // A different user's valid requests from the same IP are not punished by that bucket.
    expect((await hit(app.url, { 'x-test-user': 'user_carol' })).status).toBe(200);
  });

  it('does not count a key-infrastructure outage against the client', async () => {
    const outage = { 'x-test-refused': 'jwks-unavailable' };
    const fresh = await startLimitedApp({ RATE_LIMIT_MAX: '100', RATE_LIMIT_AUTH_FAILURE_MAX: '1' });
    try {
      expect(await statuses(3, () => hit(fresh.url, outage))).toEqual([200, 200, 200]);
    } finally {
      await fresh.close();
    }
  });

  it('limits the webhook route in its own bucket', async () => {
    const post = () => fetch(`${app.url}/webhooks/clerk`, { method: 'POST' });
    expect(await statuses(3, post)).toEqual([200, 200, 429]);
  });

  it('RATE_LIMIT_MAX=0 disables the general bucket', async () => {
    const open = await startLimitedApp({ RATE_LIMIT_MAX: '0' });
    try {
      expect(await statuses(5, () => hit(open.url))).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await open.close();
    }
  });
});

describe('rate limits in the real app', () => {
  // Each test uses a key of its own: a verified user, then this machine's IP (anonymous callers).
  const t = useTestServer({ env: { RATE_LIMIT_MAX: '4', RATE_LIMIT_AUTH_FAILURE_MAX: '2' } });

  it('limits a verified user, answering in tRPC error shape; /healthz is never limited', async () => {
    const token = await t.localToken('user_carol');
    const call = () => fetch(`${t.url}/trpc/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await statuses(5, call)).toEqual([200, 200, 200, 200, 429]);
    const limited = await call();
    const body = (await limited.json()) as { error: { json: { data: Record<string, unknown> } } };
    expect(body.error.json.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', reason: 'rate-limited' });
    expect(limited.headers.get('retry-after')).not.toBeNull();
    expect(await statuses(6, () => fetch(`${t.url}/healthz`))).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('counts refused tokens from an IP in the stricter failed-authentication bucket', async () => {
    const forged = { authorization: 'Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2ln' };
    const call = () => fetch(`${t.url}/trpc/health`, { headers: forged });
    expect(await statuses(3, call)).toEqual([200, 200, 429]);
    const limited = await call();
    expect(((await limited.json()) as { error: { json: { data: unknown } } }).error.json.data).toMatchObject({
      reason: 'rate-limited',
    });
  });
});

describe.skipIf(!redisUrl)('rate limits shared through Redis', () => {
  const prefix = `gatehouse-test:${randomUUID()}:`;
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('two app instances share one counter per key', async () => {
    const vars = { RATE_LIMIT_MAX: '3', RATE_LIMIT_REDIS_PREFIX: prefix };
    const [a, b] = [await startLimitedApp(vars, redis), await startLimitedApp(vars, redis)];
    try {
      const dave = { 'x-test-user': 'user_dave' };
      const seen = [
        (await hit(a.url, dave)).status,
        (await hit(b.url, dave)).status,
        (await hit(a.url, dave)).status,
        (await hit(b.url, dave)).status,
      ];
      expect(seen).toEqual([200, 200, 200, 429]);
      expect(await redis.get(`${prefix}general:user:user_dave`)).toBe('4');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  describe('in the real server', () => {
    const env = { REDIS_URL: redisUrl!, RATE_LIMIT_MAX: '2', RATE_LIMIT_REDIS_PREFIX: `${prefix}app:` };
    const a = useTestServer({ env });
    const b = useTestServer({ env });

    it('REDIS_URL makes two servers share their limits', async () => {
      const seen = [
        (await fetch(`${a.url}/trpc/health`)).status,
        (await fetch(`${b.url}/trpc/health`)).status,
        (await fetch(`${a.url}/trpc/health`)).status,
      ];
      expect(seen).toEqual([200, 200, 429]);
    });
  });
});
