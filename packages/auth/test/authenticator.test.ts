import { describe, expect, it, vi } from 'vitest';
import { createAuthenticator } from '../src/server';
import { createClerkTestInstance } from '../src/server/testing';
import { useFixedClock } from './support/fixed-clock';

const clerk = createClerkTestInstance();
const now = useFixedClock();

const sign = (claims: Record<string, unknown> = {}) => clerk.token({ issuedAt: now, claims });

describe('authenticator: verified-token cache', () => {
  it('verifies a token once, then serves the same auth object from the cache', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig());
    const token = sign();
    const first = await authenticator.authenticateToken(token);
    const again = await Promise.all(Array.from({ length: 9 }, () => authenticator.authenticateToken(token)));
    expect(first.isAuthenticated).toBe(true);
    for (const auth of again) expect(auth).toBe(first);
    expect(authenticator.stats).toMatchObject({ verifications: 1, cacheHits: 9 });
  });

  it('shares one verification between concurrent requests carrying the same new token', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig());
    const token = sign();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => authenticator.authenticateToken(token)),
    );
    expect(new Set(results).size).toBe(1);
    expect(authenticator.stats).toEqual({ verifications: 1, cacheHits: 0, inFlightJoins: 4 });
    await authenticator.authenticateToken(token);
    expect(authenticator.stats).toEqual({ verifications: 1, cacheHits: 1, inFlightJoins: 4 });
  });

  it('re-checks exp on every hit with the same skew as verifyToken', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig());
    const token = sign({ exp: now + 60 });
    await authenticator.authenticateToken(token);

    vi.setSystemTime((now + 64) * 1000); // exp + 4 s: still inside the 5 s skew → a hit
    expect((await authenticator.authenticateToken(token)).isAuthenticated).toBe(true);
    expect(authenticator.stats).toMatchObject({ verifications: 1, cacheHits: 1 });

    vi.setSystemTime((now + 65) * 1000); // exp + skew: expired, and a re-verification agrees
    expect(await authenticator.authenticateToken(token)).toMatchObject({ reason: 'token-expired' });
    expect(authenticator.stats).toMatchObject({ verifications: 2, cacheHits: 1 });
  });

  it('never caches a failed token', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig());
    const token = sign({ azp: 'https://evil.example' });
    for (let i = 0; i < 3; i += 1) {
      expect(await authenticator.authenticateToken(token)).toMatchObject({
        reason: 'token-invalid-authorized-party',
      });
    }
    expect(authenticator.stats).toMatchObject({ verifications: 3, cacheHits: 0 });
  });

  it('keys by the exact token string: a one-character change is a miss (and fails)', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig());
    const token = sign();
    await authenticator.authenticateToken(token);
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const tampered = `${token.slice(0, -1)}${last}`;
    expect((await authenticator.authenticateToken(tampered)).isAuthenticated).toBe(false);
    expect(authenticator.stats.verifications).toBe(2);
  });

  it('is bounded: the least recently used token is evicted', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig({ cacheSize: 2 }));
    const [a, b, c] = ['sess_a', 'sess_b', 'sess_c'].map((sid) => sign({ sid }));
    for (const token of [a, b, c]) await authenticator.authenticateToken(token!);
    await authenticator.authenticateToken(c!);
    expect(authenticator.stats).toMatchObject({ verifications: 3, cacheHits: 1 });
    await authenticator.authenticateToken(a!); // evicted by c
    expect(authenticator.stats).toMatchObject({ verifications: 4, cacheHits: 1 });
  });

  it('belongs to one configuration: another authenticator does not share it', async () => {
    const token = sign();
    await createAuthenticator(clerk.authenticatorConfig()).authenticateToken(token);
    const stricter = createAuthenticator(
      clerk.authenticatorConfig({ authorizedParties: ['https://app.example'] }),
    );
    expect(await stricter.authenticateToken(token)).toMatchObject({
      reason: 'token-invalid-authorized-party',
    });
  });

  it('can be disabled (size 0): every call verifies', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig({ cacheSize: 0 }));
    const token = sign();
    await authenticator.authenticateToken(token);
    await authenticator.authenticateToken(token);
    expect(authenticator.stats).toMatchObject({ verifications: 2, cacheHits: 0 });
  });
});

describe('authenticator: credentials', () => {
  it('maps no credential to signed out without reason, and a malformed request to invalid_request', async () => {
    const authenticator = createAuthenticator(clerk.authenticatorConfig());
    expect(await authenticator.authenticate({ kind: 'none' })).toMatchObject({
      isAuthenticated: false,
      reason: null,
    });
    expect(await authenticator.authenticate({ kind: 'invalid', detail: 'x' })).toMatchObject({
      isAuthenticated: false,
      reason: 'invalid_request',
    });
    expect(authenticator.stats.verifications).toBe(0);
  });
});
