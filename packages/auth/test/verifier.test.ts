import { describe, expect, it } from 'vitest';
import { createClerkTestInstance, hostileTokens } from '../src/server/testing';
import { createTokenVerifier } from '../src/server/verifier';
import { useFixedClock } from './support/fixed-clock';

const clerk = createClerkTestInstance();
const foreign = createClerkTestInstance();
const verifier = createTokenVerifier(clerk.authenticatorConfig());
const now = useFixedClock();

const sign = (claims: Record<string, unknown> = {}) => clerk.token({ issuedAt: now, claims });

async function reasonOf(token: string, against = verifier) {
  const result = await against.verify(token);
  return result.ok ? 'ok' : result.reason;
}

describe('verifier: valid tokens', () => {
  it('accepts a valid session token and builds the auth object from its claims', async () => {
    const result = await verifier.verify(
      clerk.token({ issuedAt: now, org: { id: 'org_1', role: 'org:admin', slug: 'acme' } }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.auth).toMatchObject({
      isAuthenticated: true,
      userId: 'user_test',
      sessionId: 'sess_test',
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      expiresAt: now + 60,
    });
  });
});

describe('verifier: hostile tokens', () => {
  it.each(hostileTokens(clerk, foreign, now))('%s', async (_label, token, reason) => {
    expect(await reasonOf(token)).toBe(reason);
  });
});

describe('verifier: time claims at the 5 s skew boundaries', () => {
  it.each([
    ['exp 4 s ago (inside skew)', { exp: now - 4, iat: now - 60 }, 'ok'],
    ['exp exactly skew ago', { exp: now - 5, iat: now - 60 }, 'token-expired'],
    ['nbf exactly skew ahead', { nbf: now + 5 }, 'ok'],
    ['nbf just past skew', { nbf: now + 6 }, 'token-not-active-yet'],
    ['iat exactly skew ahead', { iat: now + 5, exp: now + 65 }, 'ok'],
    ['iat just past skew', { iat: now + 6, exp: now + 66 }, 'token-iat-in-the-future'],
    ['lifetime at the maximum', { iat: now, exp: now + 3600 }, 'ok'],
    ['lifetime past the maximum', { iat: now, exp: now + 3601 }, 'token-lifetime-too-long'],
    ['exp before iat', { iat: now, exp: now - 1 }, 'token-invalid-claims'],
  ])('%s', async (_label, claims, reason) => {
    expect(await reasonOf(sign(claims))).toBe(reason);
  });
});

describe('verifier: audience', () => {
  it('with an audience configured, requires one of its values', async () => {
    const withAudience = createTokenVerifier(clerk.authenticatorConfig({ audience: ['gatehouse-api'] }));
    const reason = (token: string) => reasonOf(token, withAudience);
    expect(await reason(sign({ aud: 'gatehouse-api' }))).toBe('ok');
    expect(await reason(sign({ aud: ['other', 'gatehouse-api'] }))).toBe('ok');
    expect(await reason(sign({}))).toBe('token-invalid-audience');
    expect(await reason(sign({ aud: 'other' }))).toBe('token-invalid-audience');
    expect(await reason(sign({ aud: [] }))).toBe('token-invalid-audience');
  });
});
