/**
 * The auth link's retry rules, over real HTTP against a small tRPC server whose errors carry
 * `error.data.reason` exactly like the API's error formatter.
 */
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { initTRPC, TRPCError } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTRPCAuth, type GetTokenOptions, type UnauthorizedEvent } from '../../src/browser';

class Reason extends Error {}

/** token → how the server treats it. */
const VERDICTS: Record<string, { code: 'UNAUTHORIZED' | 'FORBIDDEN'; reason: string } | 'ok'> = {
  fresh: 'ok',
  stale: { code: 'UNAUTHORIZED', reason: 'token-expired' },
  'rotated-key': { code: 'UNAUTHORIZED', reason: 'token-invalid-signature' },
  'wrong-party': { code: 'UNAUTHORIZED', reason: 'token-invalid-authorized-party' },
  'skewed-clock': { code: 'UNAUTHORIZED', reason: 'token-iat-in-the-future' },
  'no-org': { code: 'FORBIDDEN', reason: 'no-active-organization' },
};

const t = initTRPC.context<{ authorization: string | undefined }>().create({
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: { ...shape.data, reason: error.cause instanceof Reason ? error.cause.message : null },
  }),
});
const authed = t.procedure.use(({ ctx, next }) => {
  const token = ctx.authorization?.replace(/^Bearer /, '') ?? '';
  const verdict = VERDICTS[token] ?? { code: 'UNAUTHORIZED', reason: 'token-missing' };
  if (verdict !== 'ok') throw new TRPCError({ code: verdict.code, cause: new Reason(verdict.reason) });
  return next();
});
const router = t.router({
  whoami: authed.query(() => 'alice'),
  ping: t.procedure.query(() => 'pong'),
  save: authed.mutation(() => 'saved'),
});

const seenAuthorization: (string | undefined)[] = [];
let url: string;
const server = createHTTPServer({
  router,
  createContext: ({ req }) => {
    seenAuthorization.push(req.headers.authorization);
    return { authorization: req.headers.authorization };
  },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seenAuthorization.length = 0;
});

/** A client whose getToken hands out `cached` normally and `fresh` when asked to skip the cache. */
function clientWith(tokens: { cached: string | null; fresh: string | null }, template?: string) {
  const getToken = vi.fn(async (options?: GetTokenOptions) =>
    options?.skipCache ? tokens.fresh : tokens.cached,
  );
  const unauthorized: UnauthorizedEvent[] = [];
  const auth = createTRPCAuth<typeof router>({
    getToken,
    template,
    onUnauthorized: (event) => unauthorized.push(event),
  });
  const client = createTRPCClient<typeof router>({
    links: [auth.link, httpBatchLink({ url, headers: auth.headers })],
  });
  return { client, getToken, unauthorized };
}

describe('auth link', () => {
  it('sends one Authorization header per HTTP request: a batch shares one getToken()', async () => {
    const { client, getToken } = clientWith({ cached: 'fresh', fresh: 'fresh' });
    const results = await Promise.all([client.whoami.query(), client.whoami.query(), client.ping.query()]);
    expect(results).toEqual(['alice', 'alice', 'pong']);
    expect(getToken).toHaveBeenCalledTimes(1);
    expect(seenAuthorization).toEqual(['Bearer fresh']);
  });

  it('sends no Authorization header when signed out (getToken → null)', async () => {
    const { client } = clientWith({ cached: null, fresh: null });
    await expect(client.ping.query()).resolves.toBe('pong');
    expect(seenAuthorization).toEqual([undefined]);
  });

  it('waits for getToken (auth loading) before sending anything', async () => {
    let release!: (token: string) => void;
    let markAsked!: () => void;
    const asked = new Promise<void>((resolve) => {
      markAsked = resolve;
    });
    const auth = createTRPCAuth<typeof router>({
      getToken: () => {
        markAsked();
        return new Promise((resolve) => {
          release = resolve;
        });
      },
    });
    const client = createTRPCClient<typeof router>({
      links: [auth.link, httpBatchLink({ url, headers: auth.headers })],
    });
    const result = client.whoami.query();
    await asked;
    expect(seenAuthorization).toEqual([]);
    release('fresh');
    await expect(result).resolves.toBe('alice');
    expect(seenAuthorization).toEqual(['Bearer fresh']);
  });

  it('retries an expired token exactly once, with getToken({ skipCache: true })', async () => {
    const { client, getToken, unauthorized } = clientWith({ cached: 'stale', fresh: 'fresh' });
    await expect(client.whoami.query()).resolves.toBe('alice');
    expect(getToken.mock.calls).toEqual([[{}], [{ skipCache: true }]]);
    expect(seenAuthorization).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(unauthorized).toEqual([]);
  });

  it('retries a rotated signing key once too', async () => {
    const { client } = clientWith({ cached: 'rotated-key', fresh: 'fresh' });
    await expect(client.save.mutate()).resolves.toBe('saved');
    expect(seenAuthorization).toEqual(['Bearer rotated-key', 'Bearer fresh']);
  });

  it('retries a failing batch as one request with one fresh token', async () => {
    const { client, getToken } = clientWith({ cached: 'stale', fresh: 'fresh' });
    await expect(Promise.all([client.whoami.query(), client.whoami.query()])).resolves.toEqual([
      'alice',
      'alice',
    ]);
    expect(getToken.mock.calls).toEqual([[{}], [{ skipCache: true }]]);
    expect(seenAuthorization).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('never loops: a 401 surviving the retry is reported once and surfaces as the error', async () => {
    const { client, getToken, unauthorized } = clientWith({ cached: 'stale', fresh: 'stale' });
    await expect(client.whoami.query()).rejects.toMatchObject({
      data: { httpStatus: 401, reason: 'token-expired' },
    });
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(seenAuthorization).toHaveLength(2);
    expect(unauthorized).toEqual([{ reason: 'token-expired', path: 'whoami', afterRetry: true }]);
  });

  it.each([
    ['wrong-party', 'token-invalid-authorized-party'],
    ['skewed-clock', 'token-iat-in-the-future'],
  ])('does not retry %s: a fresh token cannot help', async (token, reason) => {
    const { client, getToken, unauthorized } = clientWith({ cached: token, fresh: 'fresh' });
    await expect(client.whoami.query()).rejects.toMatchObject({ data: { httpStatus: 401, reason } });
    expect(getToken).toHaveBeenCalledTimes(1);
    expect(seenAuthorization).toEqual([`Bearer ${token}`]);
    expect(unauthorized).toEqual([{ reason, path: 'whoami', afterRetry: false }]);
  });

  it('leaves a 403 alone (no retry, not a sign-out)', async () => {
    const { client, getToken, unauthorized } = clientWith({ cached: 'no-org', fresh: 'fresh' });
    await expect(client.whoami.query()).rejects.toMatchObject({
      data: { httpStatus: 403, reason: 'no-active-organization' },
    });
    expect(getToken).toHaveBeenCalledTimes(1);
    expect(unauthorized).toEqual([]);
  });

  it('asks for the configured JWT template on every call, including the retry', async () => {
    const { client, getToken } = clientWith({ cached: 'stale', fresh: 'fresh' }, 'gatehouse-api');
    await client.whoami.query();
    expect(getToken.mock.calls).toEqual([
      [{ template: 'gatehouse-api' }],
      [{ template: 'gatehouse-api', skipCache: true }],
    ]);
  });
});
