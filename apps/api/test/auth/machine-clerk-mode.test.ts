/**
 * Machine credentials in Clerk mode over real HTTP: JWT forms signed with the test instance's key,
 * opaque forms verified by @clerk/backend's client against a loopback stand-in of Clerk's Backend API
 * (Clerk's servers are out of reach here), every token type accepted and refused, and the outages.
 */
import { createClerkTestInstance, hostileMachineTokens } from '@gatehouse/auth/testing';
import { describe, expect, it } from 'vitest';
import { useBackendApiStandIn } from '../support/backend-api';
import { dataOf, errorOf, query } from '../support/http';
import { RATE_LIMITS_OFF, useTestServer } from '../support/test-server';

const clerk = createClerkTestInstance();
const foreign = createClerkTestInstance();
const backend = useBackendApiStandIn();
const api = useTestServer(() => ({
  env: {
    ...clerk.apiEnv,
    ...backend.apiEnv,
    ...RATE_LIMITS_OFF,
    // Every opaque call reaches the stand-in: revocation shows at once, and calls can be counted.
    AUTH_MACHINE_CACHE_TTL_MS: '0',
    AUTH_BACKEND_API_TIMEOUT_MS: '300',
  },
}));

const key = async (subject: string, scopes: string[]) =>
  (await backend.store.create('api_key', { subject, name: 'test', scopes })).secret;
const reasonOf = async (path: string, token: string) => errorOf(await query(api, path, { token }));

describe('every machine token type, accepted where granted', () => {
  it('opaque API key of an org: tasks.list with tasks:read; 403 without it', async () => {
    const reader = await key('org_acme', ['tasks:read']);
    expect((await query(api, 'tasks.list', { token: reader })).status).toBe(200);
    expect(await reasonOf('tasks.list', await key('org_acme', ['tasks:write']))).toEqual({
      httpStatus: 403,
      code: 'FORBIDDEN',
      reason: 'missing-scope',
    });
  });

  it('opaque API key of a user: notes.list with notes:read; 403 without it', async () => {
    expect((await query(api, 'notes.list', { token: await key('user_bob', ['notes:read']) })).status).toBe(
      200,
    );
    expect((await reasonOf('notes.list', await key('user_bob', []))).reason).toBe('missing-scope');
  });

  it.each([
    [
      'opaque M2M token',
      async () => (await backend.store.create('m2m_token', { subject: 'mch_nightly', scopes: ['s'] })).secret,
      'm2m_token',
      'mch_nightly',
    ],
    [
      'M2M JWT',
      async () => clerk.m2mToken({ machineId: 'mch_nightly', scopes: ['s'] }),
      'm2m_token',
      'mch_nightly',
    ],
    [
      'opaque OAuth token',
      async () => (await backend.store.create('oauth_token', { subject: 'user_bob', scopes: ['s'] })).secret,
      'oauth_token',
      'user_bob',
    ],
    [
      'OAuth JWT',
      async () => clerk.oauthToken({ userId: 'user_bob', scopes: ['s'] }),
      'oauth_token',
      'user_bob',
    ],
  ] as const)(
    '%s: machine.whoami accepts it; a session-only procedure refuses it',
    async (_label, mint, tokenType, subject) => {
      const token = await mint();
      expect(dataOf(await query(api, 'machine.whoami', { token }))).toEqual({
        tokenType,
        subject,
        scopes: ['s'],
      });
      expect(await reasonOf('me', token)).toEqual({
        httpStatus: 401,
        code: 'UNAUTHORIZED',
        reason: 'machine-token-not-accepted',
      });
    },
  );

  it('a session token on a machine-only procedure: 401 session-token-not-accepted', async () => {
    expect(await reasonOf('machine.whoami', clerk.personaToken('user_alice', 'org_acme'))).toEqual({
      httpStatus: 401,
      code: 'UNAUTHORIZED',
      reason: 'session-token-not-accepted',
    });
  });
});

describe('machine tokens refused', () => {
  it.each(hostileMachineTokens(clerk, foreign))('%s', async (_label, token, reason) => {
    const result = await query(api, 'machine.whoami', { token });
    expect(errorOf(result)).toEqual({ httpStatus: 401, code: 'UNAUTHORIZED', reason });
    expect(result.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('a revoked API key, and one Clerk never issued: 401 machine-token-invalid', async () => {
    const { record, secret } = await backend.store.create('api_key', {
      subject: 'org_acme',
      scopes: ['tasks:read'],
    });
    expect((await query(api, 'tasks.list', { token: secret })).status).toBe(200);
    await backend.store.revoke('api_key', record.id);
    expect((await reasonOf('tasks.list', secret)).reason).toBe('machine-token-invalid');
    expect((await reasonOf('tasks.list', `ak_${'n'.repeat(43)}`)).reason).toBe('machine-token-invalid');
  });
});

describe('when Clerk’s Backend API fails', () => {
  it.each(['fail', 'hang'] as const)(
    '%s: 503 machine-verification-unavailable with Retry-After, never 401 or 500',
    async (behaviour) => {
      const token = await key('org_acme', ['tasks:read']);
      backend.behave(behaviour);
      try {
        const result = await query(api, 'tasks.list', { token });
        expect(errorOf(result)).toEqual({
          httpStatus: 503,
          code: 'SERVICE_UNAVAILABLE',
          reason: 'machine-verification-unavailable',
        });
        expect(result.headers.get('retry-after')).toBe('5');
      } finally {
        backend.behave('answer');
      }
      expect((await query(api, 'tasks.list', { token })).status).toBe(200);
    },
  );
});

describe('local mode’s machine routes', () => {
  it('do not exist in Clerk mode (404), nor does the Backend API stand-in', async () => {
    for (const [method, path] of [
      ['POST', '/dev/auth/api-keys'],
      ['GET', '/dev/auth/api-keys?subject=org_acme'],
      ['DELETE', '/dev/auth/api-keys/ak_id_x'],
      ['POST', '/dev/auth/m2m-tokens'],
      ['POST', '/dev/auth/backend-api/api_keys/verify'],
    ]) {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 404`);
    }
  });
});
