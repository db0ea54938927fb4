import { randomUUID } from 'node:crypto';
import { type ClerkTestInstance, createClerkTestInstance } from '@gatehouse/auth/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorOf, query } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';
import { type FakeJwks, startFakeJwks } from './fake-jwks';

/**
 * JWKS mode (CLERK_JWKS_URL) against a local fake JWKS server: the resilient key store's behaviours
 * over real HTTP. The tests run in order on one server and move the clock (Date only) past the key
 * store's 10 s cooldown and 5 min refresh interval instead of waiting.
 */
const current = createClerkTestInstance({ kid: 'kid_current' });
const rotated = createClerkTestInstance({ kid: 'kid_rotated' });
const attacker = createClerkTestInstance();
let jwks: FakeJwks;
let clock = Date.UTC(2032, 0, 1, 0, 0, 0);

/** Moves the server's clock (Date only; timers stay real). */
function advance(ms: number) {
  clock += ms;
  vi.setSystemTime(clock);
}

/** A token of `signer`'s, issued at the moved clock, under `kid`. */
const token = (signer: ClerkTestInstance, kid = signer.kid, sessionId = `sess_${randomUUID()}`) =>
  signer.token({ issuedAt: Math.floor(clock / 1000), sessionId }, { kid });

beforeAll(async () => {
  jwks = await startFakeJwks();
});
afterAll(() => jwks?.close());
// Rate limits off: the suite sends dozens of refused tokens on purpose.
const server = useTestServer(() => ({
  env: { ...RATE_LIMITS_OFF, CLERK_JWKS_URL: jwks.url, CLERK_ISSUER: current.issuer },
}));
afterEach(() => {
  vi.useRealTimers();
});

describe('JWKS mode', () => {
  it('cold start with the JWKS down → 503 jwks-unavailable (never 401), public procedures still answer', async () => {
    advance(0);
    jwks.fail();
    const result = await query(server, 'me', { token: token(current) });
    expect(result.status).toBe(503);
    expect(errorOf(result)).toEqual({
      httpStatus: 503,
      code: 'SERVICE_UNAVAILABLE',
      reason: 'jwks-unavailable',
    });
    expect(result.headers.get('retry-after')).toBe('10');
    expect(result.headers.get('www-authenticate')).toBeNull();
    expect((await query(server, 'health', { token: token(current) })).status).toBe(200);
    expect(jwks.requests).toBe(1);
  });

  it('recovers once the JWKS answers, after the cooldown', async () => {
    jwks.serve([current.jwk]);
    advance(11_000);
    const result = await query(server, 'me', {
      token: token(current, current.kid, 'sess_recovered'),
    });
    expect(result.status).toBe(200);
    expect(result.body.result.data.json.sessionId).toBe('sess_recovered');
    expect(jwks.requests).toBe(2);
  });

  it('unknown-kid storm: 401 jwk-unknown-kid, and the fetch count stays bounded', async () => {
    advance(11_000);
    const before = jwks.requests;
    const storm = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        query(server, 'me', { token: token(attacker, `kid_random_${i}`) }),
      ),
    );
    for (const result of storm) {
      expect(errorOf(result)).toEqual({ httpStatus: 401, code: 'UNAUTHORIZED', reason: 'jwk-unknown-kid' });
    }
    for (let i = 0; i < 20; i += 1) {
      expect((await query(server, 'me', { token: token(attacker, `kid_more_${i}`) })).status).toBe(401);
    }
    expect(jwks.requests - before).toBe(1);
  });

  it('outage with a cached key: requests keep passing while refreshes fail', async () => {
    jwks.fail();
    advance(6 * 60_000); // past the 5 min refresh interval: the next lookup refreshes in the background
    const refreshAttempted = jwks.nextRequest();
    const first = await query(server, 'me', { token: token(current) });
    expect(first.status).toBe(200);
    await refreshAttempted;
    advance(11_000);
    const second = await query(server, 'me', { token: token(current) });
    expect(second.status).toBe(200);
  });

  it('key rotation: a new kid triggers a fetch, the removed key stops verifying', async () => {
    jwks.serve([rotated.jwk]);
    advance(11_000);
    expect((await query(server, 'me', { token: token(rotated) })).status).toBe(200);
    const old = await query(server, 'me', { token: token(current) });
    expect(errorOf(old).reason).toBe('jwk-unknown-kid');
  });
});
