import { createClerkTestInstance, hostileTokens } from '@gatehouse/auth/testing';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { errorOf, query, rawGet } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';

/**
 * The attack suite, over real HTTP against the API in Clerk mode with a key generated here
 * (CLERK_JWT_KEY): every hostile token gets its 4xx and its reason, and nothing answers 500.
 */
const clerk = createClerkTestInstance();
const foreign = createClerkTestInstance();
// Rate limits off: the suite sends hundreds of refused tokens on purpose, and 429s would hide the statuses.
const server = useTestServer({ env: { ...RATE_LIMITS_OFF, ...clerk.apiEnv, CLERK_AUDIENCE: '' } });
const statuses: number[] = [];

afterAll(() => {
  // Whatever the attack, no request of this suite was answered with a server error.
  expect(statuses.filter((status) => status >= 500)).toEqual([]);
});
afterEach(() => {
  vi.useRealTimers();
});

const eve = { userId: 'user_eve', sessionId: 'sess_eve' };
/** Eve's token, its claims bent by `claims`. */
const sign = (claims: Record<string, unknown> = {}) => clerk.token({ ...eve, claims });

async function me(token: string | undefined, headers: Record<string, string> = {}) {
  const result = await query(server, 'me', { ...(token ? { token } : {}), headers });
  statuses.push(result.status);
  return result;
}

describe('Clerk mode: valid tokens', () => {
  it('`me` returns exactly the token’s identity', async () => {
    const org = {
      id: 'org_1',
      role: 'org:admin',
      slug: 'one',
      permissions: ['org:tasks:read', 'org:tasks:delete'],
    };
    const result = await me(clerk.token({ ...eve, org }));
    expect(result.status).toBe(200);
    expect(result.body.result.data.json).toEqual({
      userId: 'user_eve',
      sessionId: 'sess_eve',
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgSlug: 'one',
      orgPermissions: ['org:tasks:read', 'org:tasks:delete'],
    });
  });

  it('accepts the token from the __session cookie (same-origin deployments)', async () => {
    const result = await me(undefined, { cookie: `theme=dark; __session=${sign()}` });
    expect(result.status).toBe(200);
  });
});

describe('Clerk mode: hostile tokens → 401 with a reason, `WWW-Authenticate: Bearer error="invalid_token"`', () => {
  it.each(hostileTokens(clerk, foreign))('%s', async (_label, token, reason) => {
    const result = await me(token);
    expect(errorOf(result)).toEqual({ httpStatus: 401, code: 'UNAUTHORIZED', reason });
    expect(result.status).toBe(401);
    expect(result.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(JSON.stringify(result.body)).not.toMatch(/Expected|JWT is expired|azp|secret/);
  });

  it('no token at all → 401 token-missing, `WWW-Authenticate: Bearer`', async () => {
    const result = await me(undefined);
    expect(errorOf(result)).toEqual({ httpStatus: 401, code: 'UNAUTHORIZED', reason: 'token-missing' });
    expect(result.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('a header too large for Node → 431, not 500', async () => {
    const result = await me(sign({ padding: 'x'.repeat(20_000) }));
    expect(result.status).toBe(431);
  });
});

describe('Clerk mode: time claims at the 5 s skew boundaries', () => {
  const NOW = Date.UTC(2031, 5, 1, 8, 0, 0);
  const now = NOW / 1000;
  it.each([
    ['exp 4 s ago', { iat: now - 60, exp: now - 4 }, 200, null],
    ['exp exactly 5 s ago', { iat: now - 60, exp: now - 5 }, 401, 'token-expired'],
    ['nbf exactly 5 s ahead', { iat: now, nbf: now + 5 }, 200, null],
    ['nbf 6 s ahead', { iat: now, nbf: now + 6 }, 401, 'token-not-active-yet'],
    ['iat exactly 5 s ahead', { iat: now + 5, nbf: now, exp: now + 65 }, 200, null],
    ['iat 6 s ahead', { iat: now + 6, nbf: now, exp: now + 66 }, 401, 'token-iat-in-the-future'],
  ])('%s', async (_label, times, status, reason) => {
    vi.setSystemTime(NOW);
    const result = await me(sign(times));
    expect(result.status).toBe(status);
    if (reason) expect(errorOf(result).reason).toBe(reason);
  });
});

describe('Clerk mode: request-level rejections → 400 invalid_request', () => {
  it.each([
    [
      'two Authorization headers',
      { authorization: [`Bearer ${sign()}`, `Bearer ${sign({ sub: 'user_other' })}`] },
    ],
    ['two identical Authorization headers', { authorization: [`Bearer ${sign()}`, `Bearer ${sign()}`] }],
    ['two tokens in one header', { authorization: `Bearer ${sign()} ${sign()}` }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a scheme without token', { authorization: 'Bearer' }],
    [
      'two __session cookies (cookie tossing)',
      { cookie: `__session=${sign()}; __session=${sign({ sub: 'user_x' })}` },
    ],
  ])('%s', async (_label, headers) => {
    for (const path of ['/trpc/me', '/trpc/health']) {
      const result = await rawGet(server, path, headers);
      statuses.push(result.status);
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({
        error: { json: { data: { code: 'BAD_REQUEST', reason: 'invalid_request' } } },
      });
    }
  });
});

describe('Clerk mode: the org comes only from the verified token', () => {
  it('org.current without an org in the token → 403, whatever headers or query say', async () => {
    const result = await query(server, 'org.current', {
      token: sign(),
      headers: { 'x-org-id': 'org_victim', 'x-clerk-org-id': 'org_victim' },
    });
    statuses.push(result.status);
    expect(errorOf(result)).toEqual({ httpStatus: 403, code: 'FORBIDDEN', reason: 'no-active-organization' });
  });

  it('org.current returns the token’s org', async () => {
    const result = await query(server, 'org.current', {
      token: clerk.token({ ...eve, org: { id: 'org_1', role: 'org:member', slug: 'one' } }),
    });
    statuses.push(result.status);
    expect(result.body.result.data.json).toEqual({
      id: 'org_1',
      slug: 'one',
      role: 'org:member',
      permissions: [],
    });
  });

  it('a public procedure still answers a caller whose token was refused', async () => {
    const result = await query(server, 'health', { token: foreign.token(eve) });
    statuses.push(result.status);
    expect(result.status).toBe(200);
  });
});

describe('Clerk mode: no local issuer', () => {
  it('answers 404 on every /dev/auth route', async () => {
    const personas = await fetch(`${server.url}/dev/auth/personas`);
    const jwks = await fetch(`${server.url}/dev/auth/.well-known/jwks.json`);
    const mint = await fetch(`${server.url}/dev/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'user_alice' }),
    });
    statuses.push(personas.status, jwks.status, mint.status);
    expect([personas.status, jwks.status, mint.status]).toEqual([404, 404, 404]);
  });
});

describe('Clerk mode: one verification per HTTP request', () => {
  it('a batch of 10 protected calls performs exactly one verification', async () => {
    const token = sign({ sid: 'sess_batch' });
    const before = server.api.auth.authenticator.stats.verifications;
    const result = await query(server, Array.from({ length: 10 }, () => 'me').join(','), { token });
    statuses.push(result.status);
    expect(result.status).toBe(200);
    expect(result.body).toHaveLength(10);
    for (const item of result.body) expect(item.result.data.json.sessionId).toBe('sess_batch');
    expect(server.api.auth.authenticator.stats.verifications - before).toBe(1);

    // …and the next request with the same token is served from the cache.
    await me(token);
    expect(server.api.auth.authenticator.stats.verifications - before).toBe(1);
  });

  it('a refused token in a batch is verified once and refused for every call', async () => {
    const before = server.api.auth.authenticator.stats.verifications;
    const result = await query(server, 'me,me,me', { token: sign({ azp: 'https://evil.example' }) });
    statuses.push(result.status);
    expect(result.status).toBe(401);
    for (const item of result.body)
      expect(item.error.json.data.reason).toBe('token-invalid-authorized-party');
    expect(server.api.auth.authenticator.stats.verifications - before).toBe(1);
  });
});
