import { describe, expect, expectTypeOf, it } from 'vitest';
import { AUTH_FAILURE_REASONS, type AuthFailureReason, statusForReason, trpcCodeForReason } from '../src';
import { getAuth, runWithAuth } from '../src/server';
import { signedOutAuth } from '../src/signed-out';

describe('failure reasons', () => {
  it('lists every reason exactly once', () => {
    expectTypeOf<(typeof AUTH_FAILURE_REASONS)[number]>().toEqualTypeOf<AuthFailureReason>();
    expect(new Set(AUTH_FAILURE_REASONS).size).toBe(AUTH_FAILURE_REASONS.length);
  });

  it('maps a malformed request to 400, key infrastructure and Clerk outages to 503, every token failure to 401', () => {
    const withStatus = (status: number) =>
      AUTH_FAILURE_REASONS.filter((reason) => statusForReason(reason) === status);
    expect(withStatus(400)).toEqual(['invalid_request']);
    expect(withStatus(503)).toEqual(['jwks-unavailable', 'machine-verification-unavailable']);
    expect(withStatus(401)).toHaveLength(AUTH_FAILURE_REASONS.length - 3);
    expect(trpcCodeForReason('invalid_request')).toBe('BAD_REQUEST');
    expect(trpcCodeForReason('jwks-unavailable')).toBe('SERVICE_UNAVAILABLE');
    expect(trpcCodeForReason('machine-verification-unavailable')).toBe('SERVICE_UNAVAILABLE');
    expect(trpcCodeForReason('machine-token-not-accepted')).toBe('UNAUTHORIZED');
    expect(trpcCodeForReason('token-expired')).toBe('UNAUTHORIZED');
  });
});

describe('getAuth', () => {
  it('returns the auth of the surrounding request, across awaits', async () => {
    const auth = signedOutAuth('token-expired');
    const seen = await runWithAuth(auth, async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return getAuth();
    });
    expect(seen).toBe(auth);
  });

  it('keeps concurrent requests apart', async () => {
    const a = signedOutAuth('token-expired');
    const b = signedOutAuth('token-invalid');
    const later = async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return getAuth();
    };
    const [seenA, seenB] = await Promise.all([runWithAuth(a, later), runWithAuth(b, later)]);
    expect(seenA).toBe(a);
    expect(seenB).toBe(b);
  });

  it('throws outside a request instead of pretending the caller is signed out', () => {
    expect(() => getAuth()).toThrow(/outside an HTTP request/);
  });
});
