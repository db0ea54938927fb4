import type { AuthFailureReason } from './types';

/** Every reason, for exhaustive tests and docs. Kept in the order of the README table. */
export const AUTH_FAILURE_REASONS = [
  'token-missing',
  'token-invalid',
  'token-invalid-header',
  'token-invalid-algorithm',
  'token-invalid-signature',
  'token-invalid-claims',
  'token-expired',
  'token-not-active-yet',
  'token-iat-in-the-future',
  'token-lifetime-too-long',
  'token-invalid-issuer',
  'token-invalid-audience',
  'token-invalid-authorized-party',
  'session-pending',
  'jwk-unknown-kid',
  'jwks-unavailable',
  'invalid_request',
] as const satisfies readonly AuthFailureReason[];

export type AuthFailureStatus = 400 | 401 | 503;
export type AuthFailureCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'SERVICE_UNAVAILABLE';

/**
 * The request as a whole is malformed (400), the key infrastructure is down (503: the caller did nothing
 * wrong and must not be signed out), or the credential itself is not acceptable (401).
 */
export function statusForReason(reason: AuthFailureReason): AuthFailureStatus {
  if (reason === 'invalid_request') return 400;
  if (reason === 'jwks-unavailable') return 503;
  return 401;
}

/** The tRPC error code carrying `statusForReason(reason)`. */
export function trpcCodeForReason(reason: AuthFailureReason): AuthFailureCode {
  const status = statusForReason(reason);
  if (status === 400) return 'BAD_REQUEST';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  return 'UNAUTHORIZED';
}
