/**
 * What is retried: only what may succeed if sent again (no answer, a 5xx/503). Never a refusal (a 4xx,
 * including the local sign-in service's), never an action dropped because its identity changed.
 */
import { DevAuthError, IdentityChangedError } from '@gatehouse/auth/browser';
import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { isUnreachable } from '../src/api/connection';
import { describeError, shouldRetryMutation, shouldRetryQuery } from '../src/api/errors';

const identityChanged = TRPCClientError.from(
  new IdentityChangedError(
    { userId: 'user_alice', orgId: 'org_acme' },
    { userId: 'user_alice', orgId: null },
  ),
);

describe('retry rules', () => {
  it.each([400, 403, 404, 409, 422])('never retry a local sign-in service refusal (%i)', (status) => {
    const refused = new DevAuthError('refused', status, null);
    expect(shouldRetryMutation(0, refused)).toBe(false);
    expect(shouldRetryQuery(0, refused)).toBe(false);
  });

  it('retry the local sign-in service when it is unreachable or unavailable', () => {
    expect(shouldRetryMutation(0, new DevAuthError('Cannot reach the API', null))).toBe(true);
    expect(shouldRetryMutation(0, new DevAuthError('database away', 503))).toBe(true);
    expect(shouldRetryQuery(0, new DevAuthError('failed', 500))).toBe(true);
  });

  it('never retry what was not sent because the organization or account changed', () => {
    expect(shouldRetryMutation(0, identityChanged)).toBe(false);
    expect(shouldRetryQuery(0, identityChanged)).toBe(false);
    expect(isUnreachable(identityChanged)).toBe(false);
    expect(describeError(identityChanged)).toMatch(/not sent: you switched organization or account/);
  });
});
