import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authObjectFromClaims,
  createAuthenticator,
  LOCAL_ISSUER,
  type LocalIssuer,
  loadLocalIssuer,
  NotAMemberError,
  personaSessionClaims,
  UnknownPersonaError,
} from '../src/server';
import { loadOrCreateLocalKey } from '../src/server/local-issuer';

const AZP = 'http://localhost:5173';
let dataDir: string;
let issuer: LocalIssuer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-issuer-'));
  issuer = await loadLocalIssuer({ dataDir, authorizedParty: AZP });
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const localAuthenticator = () =>
  createAuthenticator({
    keySource: { kind: 'pem', pem: issuer.publicKeyPem },
    issuer: LOCAL_ISSUER,
    authorizedParties: [AZP],
    audience: null,
    clockSkewMs: 5_000,
    maxTokenLifetimeSeconds: 3_600,
    cacheSize: 10,
  });

describe('local issuer key', () => {
  it('is generated once, stored private to the user, and reused', async () => {
    const path = join(dataDir, 'auth', 'local-issuer-key.pem');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await loadLocalIssuer({ dataDir, authorizedParty: AZP });
    expect(again.publicKeyPem).toBe(issuer.publicKeyPem);
    expect(again.kid).toBe(issuer.kid);
    expect(await readFile(path, 'utf8')).toContain('BEGIN PRIVATE KEY');
  });

  it('ends up as one key when several processes start at once', async () => {
    const fresh = await mkdtemp(join(tmpdir(), 'gatehouse-issuer-race-'));
    try {
      const keys = await Promise.all(Array.from({ length: 4 }, () => loadOrCreateLocalKey(fresh)));
      const pems = new Set(keys.map((key) => key.export({ type: 'pkcs8', format: 'pem' }).toString()));
      expect(pems.size).toBe(1);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe('local issuer tokens', () => {
  it('mints a Clerk v2-shaped session token for a persona and its org', async () => {
    const minted = await issuer.mint({ userId: 'user_alice', orgId: 'org_acme' });
    expect(decodeProtectedHeader(minted.token)).toEqual({ alg: 'RS256', typ: 'JWT', kid: issuer.kid });
    const claims = decodeJwt(minted.token);
    expect(claims).toMatchObject({
      sub: 'user_alice',
      sid: minted.sessionId,
      iss: LOCAL_ISSUER,
      azp: AZP,
      v: 2,
      sts: 'active',
      o: { id: 'org_acme', rol: 'admin', slg: 'acme' },
      fea: 'o:tasks,u:notes_stats,o:task_summary',
      pla: 'u:pro,o:team',
      metadata: { tier: 'pro' },
    });
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(minted.expiresAt).toBe(claims.exp);
  });

  it('is verified by the same verifier as Clerk mode, with the persona’s role and permissions', async () => {
    const minted = await issuer.mint({ userId: 'user_bob', orgId: 'org_acme' });
    const auth = await localAuthenticator().authenticateToken(minted.token);
    expect(auth).toMatchObject({
      userId: 'user_bob',
      orgId: 'org_acme',
      orgRole: 'org:member',
      orgSlug: 'acme',
    });
    expect(auth.has({ permission: 'org:tasks:update' })).toBe(true);
    expect(auth.has({ permission: 'org:tasks:delete' })).toBe(false);
  });

  it('carries the persona’s plan and the active org’s, read by Clerk’s has() over fea / pla', async () => {
    const authenticate = async (userId: string, orgId?: string) =>
      localAuthenticator().authenticateToken((await issuer.mint({ userId, orgId })).token);
    const aliceInAcme = await authenticate('user_alice', 'org_acme');
    expect(aliceInAcme.has({ plan: 'pro' })).toBe(true);
    expect(aliceInAcme.has({ plan: 'org:team' })).toBe(true);
    expect(aliceInAcme.has({ feature: 'task_summary' })).toBe(true);
    expect(aliceInAcme.has({ feature: 'notes_stats' })).toBe(true);
    // Billing features never disturb the permissions decoded from the same `fea`.
    expect(aliceInAcme.has({ permission: 'org:tasks:delete' })).toBe(true);
    expect(aliceInAcme.has({ permission: 'org:task_summary:read' })).toBe(false);
    const aliceInGlobex = await authenticate('user_alice', 'org_globex');
    expect(aliceInGlobex.has({ feature: 'task_summary' })).toBe(false);
    expect(aliceInGlobex.has({ plan: 'org:free_org' })).toBe(true);
    const bob = await authenticate('user_bob', 'org_acme');
    expect(bob.has({ plan: 'pro' })).toBe(false);
    expect(bob.has({ plan: 'free_user' })).toBe(true);
    expect(bob.has({ feature: 'task_summary' })).toBe(true);
  });

  it('mints M2M JWTs for the machine persona, verified by the same authenticator', async () => {
    const token = await issuer.mintM2MJwt({ machineId: 'mch_nightly', scopes: ['reports:write'] });
    expect(decodeProtectedHeader(token)).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      cat: 'cl_B7d4PD333AAA',
      kid: issuer.kid,
    });
    expect(await localAuthenticator().authenticateToken(token)).toMatchObject({
      tokenType: 'm2m_token',
      subject: 'mch_nightly',
      scopes: ['reports:write'],
    });
    await expect(issuer.mintM2MJwt({ machineId: 'mch_mallory' })).rejects.toBeInstanceOf(UnknownPersonaError);
  });

  it('gives a new sid per sign-in and keeps it on refresh', async () => {
    const first = await issuer.mint({ userId: 'user_carol' });
    const second = await issuer.mint({ userId: 'user_carol' });
    const refreshed = await issuer.mint({ userId: 'user_carol', sessionId: first.sessionId });
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(refreshed.sessionId).toBe(first.sessionId);
    expect(decodeJwt(first.token).o).toBeUndefined();
  });

  it('refuses an org the persona is not a member of, and an unknown persona', async () => {
    await expect(issuer.mint({ userId: 'user_dave', orgId: 'org_acme' })).rejects.toBeInstanceOf(
      NotAMemberError,
    );
    await expect(issuer.mint({ userId: 'user_mallory' })).rejects.toBeInstanceOf(UnknownPersonaError);
  });

  it('publishes its public key as a JWKS', () => {
    expect(issuer.jwks.keys).toEqual([
      expect.objectContaining({ kty: 'RSA', kid: issuer.kid, alg: 'RS256', use: 'sig', e: 'AQAB' }),
    ]);
    expect(JSON.stringify(issuer.jwks)).not.toMatch(/"d"|"p"|"q"/);
  });
});

describe('personaSessionClaims', () => {
  it('gives the claims, and so the auth object, a persona token carries, without signing', () => {
    const authFor = (userId: string, orgId?: string) =>
      authObjectFromClaims(
        personaSessionClaims({ userId, orgId, sessionId: 'sess_1', authorizedParty: AZP }),
      );
    expect(authFor('user_dave', 'org_globex')).toMatchObject({
      userId: 'user_dave',
      orgId: 'org_globex',
      orgRole: 'org:admin',
      claims: { iss: LOCAL_ISSUER, metadata: { tier: 'free' } },
    });
    expect(authFor('user_alice').orgId).toBeNull();
    expect(() => authFor('user_bob', 'org_globex')).toThrow(NotAMemberError);
  });
});
