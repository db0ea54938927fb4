import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier } from '../src/server';
import {
  encodeSegment,
  generateTestKeys,
  HEADER,
  sessionClaims,
  signHs256,
  signRs256,
  testConfig,
} from './support/jwt';

const keys = generateTestKeys();
const foreign = generateTestKeys();
const verifier = createTokenVerifier(testConfig(keys));
// A fixed whole second, so claim times relative to it hit the skew boundaries exactly.
const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const now = NOW / 1000;

beforeEach(() => {
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

const sign = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = HEADER) =>
  signRs256(header, sessionClaims(claims), keys.privateKey);

async function reasonOf(token: string) {
  const result = await verifier.verify(token);
  return result.ok ? 'ok' : result.reason;
}

describe('verifier: valid tokens', () => {
  it('accepts a valid session token and builds the auth object from its claims', async () => {
    const result = await verifier.verify(sign({ o: { id: 'org_1', rol: 'admin', slg: 'acme' } }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.auth).toMatchObject({
      isAuthenticated: true,
      userId: 'user_test',
      sessionId: 'sess_test_1',
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      expiresAt: now + 60,
    });
  });
});

describe('verifier: header attacks', () => {
  it.each([
    [
      'alg none with an empty signature',
      `${encodeSegment({ alg: 'none', typ: 'JWT' })}.${encodeSegment(sessionClaims())}.`,
      'token-invalid',
    ],
    [
      'alg none with a signature',
      signRs256({ alg: 'none', typ: 'JWT' }, sessionClaims(), keys.privateKey),
      'token-invalid-algorithm',
    ],
    [
      'HS256 keyed with the public key',
      signHs256({ alg: 'HS256', typ: 'JWT' }, sessionClaims(), keys.publicKeyPem),
      'token-invalid-algorithm',
    ],
    [
      'RS512 (Clerk would allow it)',
      signRs256({ ...HEADER, alg: 'RS512' }, sessionClaims(), keys.privateKey),
      'token-invalid-algorithm',
    ],
    ['typ missing', sign({}, { alg: 'RS256' }), 'token-invalid-header'],
    ['typ other than JWT', sign({}, { ...HEADER, typ: 'at+jwt' }), 'token-invalid-header'],
    ['crit', sign({}, { ...HEADER, crit: ['exp'], exp: 1 }), 'token-invalid-header'],
    ['embedded jwk', sign({}, { ...HEADER, jwk: { kty: 'RSA', n: 'x', e: 'AQAB' } }), 'token-invalid-header'],
    ['jku', sign({}, { ...HEADER, jku: 'https://evil.example/jwks.json' }), 'token-invalid-header'],
    ['x5u', sign({}, { ...HEADER, x5u: 'https://evil.example/cert.pem' }), 'token-invalid-header'],
    ['x5c', sign({}, { ...HEADER, x5c: ['MIIB'] }), 'token-invalid-header'],
    ['kid of the wrong type', sign({}, { ...HEADER, kid: 42 }), 'token-invalid-header'],
    ['machine token category', sign({}, { ...HEADER, cat: 'cl_B7d4PD333AAA' }), 'token-invalid-header'],
  ])('%s', async (_label, token, reason) => {
    expect(await reasonOf(token)).toBe(reason);
  });

  it('refuses a token signed by a foreign key', async () => {
    expect(await reasonOf(signRs256(HEADER, sessionClaims(), foreign.privateKey))).toBe(
      'token-invalid-signature',
    );
  });

  it('refuses a payload swapped onto a valid signature', async () => {
    const [header, , signature] = sign().split('.');
    const forged = `${header}.${encodeSegment(sessionClaims({ sub: 'user_admin' }))}.${signature}`;
    expect(await reasonOf(forged)).toBe('token-invalid-signature');
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

describe('verifier: claim checks', () => {
  it.each([
    ['missing sub', { sub: undefined }, 'token-invalid-claims'],
    ['empty sub', { sub: '' }, 'token-invalid-claims'],
    ['missing sid', { sid: undefined }, 'token-invalid-claims'],
    ['missing iat', { iat: undefined }, 'token-invalid-claims'],
    ['string exp', { exp: String(now + 60) }, 'token-invalid-claims'],
    ['wrong iss', { iss: 'https://evil.clerk.accounts.dev' }, 'token-invalid-issuer'],
    ['missing iss', { iss: undefined }, 'token-invalid-issuer'],
    ['wrong azp', { azp: 'https://evil.example' }, 'token-invalid-authorized-party'],
    ['missing azp', { azp: undefined }, 'token-invalid-authorized-party'],
    ['an aud nobody configured', { aud: 'some-other-api' }, 'token-invalid-audience'],
    ['pending session', { sts: 'pending' }, 'session-pending'],
    ['org claim of the wrong type', { o: { id: ['org_1'], rol: 'admin' } }, 'token-invalid-claims'],
    [
      'v1 permissions as a string',
      { v: undefined, org_id: 'org_1', org_permissions: 'org:x:y' },
      'token-invalid-claims',
    ],
  ])('%s', async (_label, claims, reason) => {
    expect(await reasonOf(sign(claims))).toBe(reason);
  });

  it('with an audience configured, requires one of its values', async () => {
    const withAudience = createTokenVerifier(testConfig(keys, { audience: ['gatehouse-api'] }));
    const reason = async (token: string) => {
      const result = await withAudience.verify(token);
      return result.ok ? 'ok' : result.reason;
    };
    expect(await reason(sign({ aud: 'gatehouse-api' }))).toBe('ok');
    expect(await reason(sign({ aud: ['other', 'gatehouse-api'] }))).toBe('ok');
    expect(await reason(sign({}))).toBe('token-invalid-audience');
    expect(await reason(sign({ aud: 'other' }))).toBe('token-invalid-audience');
    expect(await reason(sign({ aud: [] }))).toBe('token-invalid-audience');
  });
});

describe('verifier: malformed tokens', () => {
  const payload = encodeSegment(sessionClaims());
  it.each([
    ['garbage', 'not-a-jwt'],
    ['two segments', 'aaa.bbb'],
    ['four segments', `${sign()}.extra`],
    ['padding', `${sign()}=`],
    ['standard base64 characters', sign().replace(/-/g, '+')],
    ['header not JSON', `bm90IGpzb24.${payload}.c2ln`],
    ['header JSON null (a TypeError in Clerk)', `${encodeSegment(null)}.${payload}.c2ln`],
    ['payload JSON null', `${encodeSegment(HEADER)}.${encodeSegment(null)}.c2ln`],
    ['payload an array', `${encodeSegment(HEADER)}.${encodeSegment([1])}.c2ln`],
    ['oversized', sign({ padding: 'x'.repeat(9000) })],
  ])('%s → token-invalid', async (_label, token) => {
    expect(await reasonOf(token)).toBe('token-invalid');
  });
});
