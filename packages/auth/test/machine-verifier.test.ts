/**
 * Machine credentials through the authenticator: JWT forms against the instance key, opaque forms
 * against a loopback stand-in of Clerk's Backend API, through @clerk/backend's own client.
 */
import { isMachineToken } from '@clerk/backend/internal';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAuthenticator, type MachineConfig } from '../src/server';
import {
  type BackendApiStandIn,
  createClerkTestInstance,
  hostileMachineTokens,
  startBackendApiStandIn,
} from '../src/server/testing';

const clerk = createClerkTestInstance();
const foreign = createClerkTestInstance();
let backend: BackendApiStandIn;

beforeAll(async () => {
  backend = await startBackendApiStandIn();
});
afterAll(() => backend.close());

const authenticator = (machine: Partial<MachineConfig> = {}) =>
  createAuthenticator(clerk.authenticatorConfig({ machine: backend.machineConfig(machine) }));

describe('machine JWTs (networkless)', () => {
  it('accepts an M2M JWT as its machine, with its scopes and expiry', async () => {
    const token = clerk.m2mToken({ machineId: 'mch_nightly', scopes: ['reports:write', 'tasks:read'] });
    const auth = await authenticator().authenticateToken(token);
    expect(auth).toMatchObject({
      tokenType: 'm2m_token',
      isAuthenticated: true,
      subject: 'mch_nightly',
      orgId: null,
      scopes: ['reports:write', 'tasks:read'],
    });
    expect(auth).not.toHaveProperty('userId');
    expect(backend.calls).toBe(0);
  });

  it('accepts an OAuth access token JWT for its user, with the audience configured', async () => {
    const withAudience = authenticator({ oauthAudience: ['https://api.gatehouse.test'] });
    const token = clerk.oauthToken({ scopes: ['notes:read'], audience: 'https://api.gatehouse.test' });
    expect(await withAudience.authenticateToken(token)).toMatchObject({
      tokenType: 'oauth_token',
      subject: 'user_test',
      scopes: ['notes:read'],
    });
    const wrongAudience = clerk.oauthToken({ audience: 'https://other-api.example' });
    expect(await withAudience.authenticateToken(wrongAudience)).toMatchObject({
      reason: 'token-invalid-audience',
    });
  });

  it.each(hostileMachineTokens(clerk, foreign))('refuses %s', async (_label, token, reason) => {
    expect(await authenticator().authenticateToken(token)).toMatchObject({ isAuthenticated: false, reason });
  });

  it('routes tokens the way Clerk’s own detection does', () => {
    for (const token of [clerk.m2mToken(), clerk.oauthToken(), 'ak_x', 'mt_x', 'oat_x']) {
      expect(isMachineToken(token)).toBe(true);
    }
    expect(isMachineToken(clerk.token())).toBe(false);
  });
});

describe('opaque machine tokens (Clerk’s Backend API)', () => {
  it('verifies an organization’s API key through the SDK client, then serves it from the cache', async () => {
    const { record, secret } = await backend.store.create('api_key', {
      subject: 'org_acme',
      name: 'CI',
      scopes: ['tasks:read'],
    });
    const auth = authenticator();
    const before = backend.calls;
    const verified = await auth.authenticateToken(secret);
    expect(verified).toEqual(
      expect.objectContaining({
        tokenType: 'api_key',
        subject: 'org_acme',
        orgId: 'org_acme',
        tokenId: record.id,
        name: 'CI',
        scopes: ['tasks:read'],
        expiresAt: null,
      }),
    );
    expect(verified.has({ role: 'org:admin' })).toBe(false);
    await Promise.all([auth.authenticateToken(secret), auth.authenticateToken(secret)]);
    expect(backend.calls - before).toBe(1);
  });

  it('verifies opaque M2M and OAuth tokens with their own keys', async () => {
    const m2m = await backend.store.create('m2m_token', { subject: 'mch_nightly', scopes: ['a'] });
    const oauth = await backend.store.create('oauth_token', {
      subject: 'user_alice',
      scopes: ['notes:read'],
    });
    expect(await authenticator().authenticateToken(m2m.secret)).toMatchObject({ subject: 'mch_nightly' });
    expect(await authenticator().authenticateToken(oauth.secret)).toMatchObject({
      tokenType: 'oauth_token',
      subject: 'user_alice',
    });
    const noMachineKey = authenticator({ machineSecretKey: undefined, secretKey: 'sk_test_wrong' });
    expect(await noMachineKey.authenticateToken(m2m.secret)).toMatchObject({
      reason: 'machine-verification-unavailable',
    });
  });

  it('refuses an unknown key, and never caches a refusal', async () => {
    const auth = authenticator();
    const before = backend.calls;
    for (let i = 0; i < 3; i += 1) {
      expect(await auth.authenticateToken(`ak_${'u'.repeat(43)}`)).toMatchObject({
        reason: 'machine-token-invalid',
      });
    }
    expect(backend.calls - before).toBe(3);
  });

  it('refuses a key of the wrong shape for its type, whatever Clerk says', async () => {
    const { secret } = await backend.store.create('api_key', { subject: 'mch_nightly' });
    expect(await authenticator().authenticateToken(secret)).toMatchObject({ reason: 'token-invalid-claims' });
  });

  it('sees a revocation once the cache life is over, not before', async () => {
    const { record, secret } = await backend.store.create('api_key', { subject: 'user_alice' });
    const auth = authenticator({ cacheTtlMs: 10_000 });
    const start = Date.now();
    vi.setSystemTime(start);
    try {
      expect((await auth.authenticateToken(secret)).isAuthenticated).toBe(true);
      await backend.store.revoke('api_key', record.id);
      vi.setSystemTime(start + 9_999);
      expect((await auth.authenticateToken(secret)).isAuthenticated).toBe(true);
      vi.setSystemTime(start + 10_000);
      expect(await auth.authenticateToken(secret)).toMatchObject({ reason: 'machine-token-invalid' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets a revoked key at once when told (local mode revokes in-process)', async () => {
    const { record, secret } = await backend.store.create('api_key', { subject: 'user_alice' });
    const auth = authenticator();
    expect((await auth.authenticateToken(secret)).isAuthenticated).toBe(true);
    await backend.store.revoke('api_key', record.id);
    expect(auth.forgetMachines((machine) => machine.tokenId === record.id)).toBe(1);
    expect(await auth.authenticateToken(secret)).toMatchObject({ reason: 'machine-token-invalid' });
  });
});

describe('when Clerk’s Backend API cannot answer', () => {
  it('answers 503 machine-verification-unavailable when it is down, and says so to the logs', async () => {
    const problems: unknown[] = [];
    const down = authenticator({ apiUrl: 'http://127.0.0.1:9', onUnavailable: (p) => problems.push(p) });
    expect(await down.authenticateToken(`ak_${'d'.repeat(43)}`)).toMatchObject({
      reason: 'machine-verification-unavailable',
    });
    backend.behave('fail');
    try {
      expect(await authenticator().authenticateToken(`ak_${'f'.repeat(43)}`)).toMatchObject({
        reason: 'machine-verification-unavailable',
      });
    } finally {
      backend.behave('answer');
    }
    expect(problems).toEqual([expect.objectContaining({ tokenType: 'api_key', problem: 'error' })]);
  });

  it('answers 503 at the timeout when it hangs (the hang never ends), and bounds the calls under way', async () => {
    backend.behave('hang');
    try {
      const auth = authenticator({ timeoutMs: 200, maxOutstanding: 2 });
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => auth.authenticateToken(`ak_${String(i).repeat(43)}`)),
      );
      for (const result of results)
        expect(result).toMatchObject({ reason: 'machine-verification-unavailable' });
      expect(auth.backendApi).toMatchObject({ calls: 2, saturated: 3, timeouts: 2, outstanding: 2 });
    } finally {
      backend.behave('answer');
    }
  });
});

describe('where a machine credential may come from', () => {
  it('the Authorization header only, never the __session cookie', async () => {
    const { secret } = await backend.store.create('api_key', { subject: 'org_acme' });
    const auth = authenticator();
    const before = backend.calls;
    for (const token of [secret, clerk.m2mToken()]) {
      expect(await auth.authenticate({ kind: 'token', token, source: 'cookie' })).toMatchObject({
        reason: 'token-invalid',
      });
      expect(
        (await auth.authenticate({ kind: 'token', token, source: 'authorization' })).isAuthenticated,
      ).toBe(true);
    }
    expect(backend.calls - before).toBe(1); // the cookie never reached Clerk
  });
});
