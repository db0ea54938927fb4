import { verifyToken } from '@clerk/backend';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { clerkEndpointsFromPublishableKey, sessionClaims } from '../src/server';
import { createClerkTestInstance } from '../src/server/testing';

const clerk = createClerkTestInstance();
const base = {
  userId: 'user_1',
  sessionId: 'sess_1',
  issuer: 'https://clerk.example.test',
  authorizedParty: 'http://localhost:5173',
  issuedAt: 2_000_000_000,
};

describe('sessionClaims', () => {
  it('writes the claims of a Clerk v2 session token', () => {
    expect(sessionClaims(base)).toEqual({
      azp: 'http://localhost:5173',
      exp: 2_000_000_060,
      fva: [0, -1],
      iat: 2_000_000_000,
      iss: 'https://clerk.example.test',
      nbf: 1_999_999_995,
      sid: 'sess_1',
      sts: 'active',
      sub: 'user_1',
      v: 2,
    });
  });

  it('encodes the active org with its permissions, and leaves out per/fpm/fea when it has none', () => {
    const org = { id: 'org_1', role: 'org:admin', slug: 'one' };
    expect(
      sessionClaims({ ...base, org: { ...org, permissions: ['org:tasks:read', 'org:notes:read'] } }),
    ).toMatchObject({
      o: { id: 'org_1', rol: 'admin', slg: 'one', per: 'read', fpm: '1,1' },
      fea: 'o:tasks,o:notes',
    });
    const bare = sessionClaims({ ...base, org });
    expect(bare.o).toEqual({ id: 'org_1', rol: 'admin', slg: 'one' });
    expect(bare).not.toHaveProperty('fea');
  });

  it('merges custom claims last: they add, replace and (as undefined) drop claims', () => {
    const claims = sessionClaims({
      ...base,
      tokenId: 'jti_1',
      claims: { metadata: { tier: 'pro' }, sts: 'pending' },
    });
    expect(claims).toMatchObject({ jti: 'jti_1', metadata: { tier: 'pro' }, sts: 'pending' });
    expect(
      JSON.parse(JSON.stringify(sessionClaims({ ...base, claims: { sid: undefined } }))),
    ).not.toHaveProperty('sid');
  });
});

describe('a Clerk test instance', () => {
  it('mints tokens that Clerk’s verifyToken accepts with its PEM (CLERK_JWT_KEY)', async () => {
    const token = clerk.token({ userId: 'user_pem', lifetimeSeconds: 300 });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'ins_test' });
    const claims = await verifyToken(token, {
      jwtKey: clerk.apiEnv.CLERK_JWT_KEY,
      issuer: clerk.issuer,
      authorizedParties: [clerk.authorizedParty],
    });
    expect(claims).toMatchObject({ sub: 'user_pem', sid: 'sess_test', v: 2 });
    expect(claims.exp - claims.iat).toBe(300);
  });

  it('publishes a JWKS entry that verifies its tokens, and only its own', async () => {
    const jwks = createLocalJWKSet({ keys: [clerk.jwk] });
    const { payload } = await jwtVerify(clerk.personaToken('user_alice', 'org_acme'), jwks);
    expect(payload).toMatchObject({
      sub: 'user_alice',
      o: { id: 'org_acme', rol: 'admin' },
      fea: 'o:tasks,u:notes_stats,o:task_summary',
      pla: 'u:pro,o:team',
    });
    const foreign = createClerkTestInstance();
    await expect(jwtVerify(foreign.token(), jwks)).rejects.toThrow();
    expect(JSON.stringify(clerk.jwk)).not.toMatch(/"d"|"p"|"q"/);
  });

  it('has the publishable key of its issuer', () => {
    expect(clerkEndpointsFromPublishableKey(clerk.publishableKey)?.issuer).toBe(clerk.issuer);
  });

  it('signs the same session to the same token, and merges header fields over its own', () => {
    expect(clerk.token({ issuedAt: 1 })).toBe(clerk.token({ issuedAt: 1 }));
    expect(decodeProtectedHeader(clerk.token({}, { kid: 'kid_other', jku: 'x' }))).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: 'kid_other',
      jku: 'x',
    });
  });
});
