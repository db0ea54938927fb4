import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_DENIED_REASONS,
  AUTH_FAILURE_REASONS,
  isAccessDeniedReason,
  isApiReason,
  REQUEST_REFUSAL_REASONS,
} from '../../src';
import { DevAuthError, readApiFailure } from '../../src/browser';

const clientError = (data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { message: 'refused', code: -32603, data } });

describe('the API reasons', () => {
  it('are three lists with no reason in two of them', () => {
    const all = [...AUTH_FAILURE_REASONS, ...ACCESS_DENIED_REASONS, ...REQUEST_REFUSAL_REASONS];
    expect(new Set(all).size).toBe(all.length);
    expect(all.every(isApiReason)).toBe(true);
    expect(ACCESS_DENIED_REASONS.filter(isAccessDeniedReason)).toEqual(ACCESS_DENIED_REASONS);
    expect(REQUEST_REFUSAL_REASONS.some(isAccessDeniedReason)).toBe(false);
  });

  it('reach the client typed: a known reason is kept, an unknown one is dropped', () => {
    const known = readApiFailure(clientError({ httpStatus: 403, code: 'FORBIDDEN', reason: 'missing-role' }));
    expect(known).toMatchObject({ status: 403, code: 'FORBIDDEN', reason: 'missing-role' });
    const unknown = readApiFailure(clientError({ httpStatus: 403, reason: 'from-a-newer-api' }));
    expect(unknown).toMatchObject({ status: 403, reason: null });
    expect(readApiFailure(new Error('offline'))).toEqual({
      status: null,
      reason: null,
      code: null,
      message: 'offline',
    });
  });

  it('carry the status of a local sign-in service refusal: a 404 is not an unreachable API', () => {
    const refused = new DevAuthError('No local user has that email', 404, 'unknown-user');
    expect(readApiFailure(refused)).toMatchObject({ status: 404, message: 'No local user has that email' });
    const missingRole = new DevAuthError('Admins only', 403, 'missing-role');
    expect(readApiFailure(missingRole)).toMatchObject({ status: 403, reason: 'missing-role' });
    expect(readApiFailure(new DevAuthError('Cannot reach the API', null))).toMatchObject({ status: null });
  });
});
