import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { useTestHarness } from '../../src/testing';

const harness = useTestHarness({ seedPersonas: false });

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
    const alice = harness.caller({ persona: 'alice', orgId: 'org_acme', claims: { sid: 'sess_me' } });
    expect(await alice.me()).toEqual({
      userId: 'user_alice',
      sessionId: 'sess_me',
      orgId: 'org_acme',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      orgPermissions: ['org:tasks:create', 'org:tasks:read', 'org:tasks:update', 'org:tasks:delete'],
    });
  });

  it('returns nulls without an active org', async () => {
    const carol = harness.caller({ persona: 'carol', claims: { sid: 'sess_carol' } });
    expect(await carol.me()).toEqual({
      userId: 'user_carol',
      sessionId: 'sess_carol',
      orgId: null,
      orgRole: null,
      orgSlug: null,
      orgPermissions: [],
    });
  });

  it('answers 401 with the token’s failure reason, 503 when keys are unavailable', async () => {
    expect(await errorOf(harness.caller({ signedOut: true }).me())).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'token-missing',
    });
    expect(await errorOf(harness.caller({ signedOut: true, reason: 'token-expired' }).me())).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'token-expired',
    });
    expect(await errorOf(harness.caller({ signedOut: true, reason: 'jwks-unavailable' }).me())).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'jwks-unavailable',
    });
  });
});

describe('org.current', () => {
  it('returns exactly the token’s active org', async () => {
    expect(await harness.caller({ persona: 'bob', orgId: 'org_acme' }).org.current()).toEqual({
      id: 'org_acme',
      slug: 'acme',
      role: 'org:member',
      permissions: ['org:tasks:create', 'org:tasks:read', 'org:tasks:update'],
    });
  });

  it('reads a v1 token and a template organization_id the same way', async () => {
    // Version 1 session claims: the org as flat `org_*` claims, no `v`.
    const v1 = { v: undefined, org_id: 'org_1', org_role: 'org:admin', org_slug: 'one' };
    expect(await harness.caller({ userId: 'user_x', claims: v1 }).org.current()).toEqual({
      id: 'org_1',
      slug: 'one',
      role: 'org:admin',
      permissions: [],
    });
    const template = { v: undefined, organization_id: 'org_2', org_role: 'org:member' };
    expect(await harness.caller({ userId: 'user_x', claims: template }).org.current()).toEqual({
      id: 'org_2',
      slug: null,
      role: 'org:member',
      permissions: [],
    });
  });

  it('answers 403 no-active-organization without an org, 401 signed out', async () => {
    expect(await errorOf(harness.caller({ persona: 'carol' }).org.current())).toEqual({
      code: 'FORBIDDEN',
      reason: 'no-active-organization',
    });
    const badSignature = harness.caller({ signedOut: true, reason: 'token-invalid-signature' });
    expect(await errorOf(badSignature.org.current())).toEqual({
      code: 'UNAUTHORIZED',
      reason: 'token-invalid-signature',
    });
  });
});
