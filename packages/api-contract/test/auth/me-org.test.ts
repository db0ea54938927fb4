import { signedOutAuth } from '@gatehouse/auth';
import { authObjectFromClaims } from '@gatehouse/auth/server';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { appRouter, createCallerFactory, createInnerContext } from '../../src';
import { authFor } from '../../src/testing';

const callerAs = (auth: Parameters<typeof createInnerContext>[0]['auth']) =>
  createCallerFactory(appRouter)(createInnerContext({ auth, requestId: 'test' }));

async function errorOf(call: Promise<unknown>): Promise<{ code: string; reason: unknown }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError)
      return { code: error.code, reason: (error.cause as { reason?: unknown })?.reason };
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('me', () => {
  it('returns exactly the token’s identity and org', async () => {
    const auth = authFor({ persona: 'alice', orgId: 'org_acme' });
    expect(await callerAs(auth).me()).toEqual({
      userId: 'user_alice',
      sessionId: auth.sessionId,
      orgId: 'org_acme',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      orgPermissions: ['org:tasks:create', 'org:tasks:read', 'org:tasks:update', 'org:tasks:delete'],
    });
  });

  it('returns nulls without an active org', async () => {
    const auth = authFor({ persona: 'carol' });
    expect(await callerAs(auth).me()).toEqual({
      userId: 'user_carol',
      sessionId: auth.sessionId,
      orgId: null,
      orgRole: null,
      orgSlug: null,
      orgPermissions: [],
    });
  });

  it('answers 401 with the token’s failure reason, 503 when keys are unavailable', async () => {
    expect(await errorOf(callerAs(signedOutAuth()).me())).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'token-missing',
    });
    expect(await errorOf(callerAs(signedOutAuth('token-expired')).me())).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'token-expired',
    });
    expect(await errorOf(callerAs(signedOutAuth('jwks-unavailable')).me())).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'jwks-unavailable',
    });
  });
});

describe('org.current', () => {
  it('returns exactly the token’s active org', async () => {
    const auth = authFor({ persona: 'bob', orgId: 'org_acme' });
    expect(await callerAs(auth).org.current()).toEqual({
      id: 'org_acme',
      slug: 'acme',
      role: 'org:member',
      permissions: ['org:tasks:create', 'org:tasks:read', 'org:tasks:update'],
    });
  });

  it('reads a v1 token and a template organization_id the same way', async () => {
    const base = { sub: 'user_x', sid: 'sess_x', exp: 4_000_000_000 };
    const v1 = authObjectFromClaims({ ...base, org_id: 'org_1', org_role: 'org:admin', org_slug: 'one' });
    expect(await callerAs(v1).org.current()).toEqual({
      id: 'org_1',
      slug: 'one',
      role: 'org:admin',
      permissions: [],
    });
    const template = authObjectFromClaims({ ...base, organization_id: 'org_2', org_role: 'org:member' });
    expect(await callerAs(template).org.current()).toEqual({
      id: 'org_2',
      slug: null,
      role: 'org:member',
      permissions: [],
    });
  });

  it('answers 403 no-active-organization without an org, 401 signed out', async () => {
    expect(await errorOf(callerAs(authFor({ persona: 'carol' })).org.current())).toEqual({
      code: 'FORBIDDEN',
      reason: 'no-active-organization',
    });
    expect(await errorOf(callerAs(signedOutAuth('token-invalid-signature')).org.current())).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'token-invalid-signature',
    });
  });
});
