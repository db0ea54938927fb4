import type { AuthFailureReason } from '../types';

/**
 * `verifyToken` throws `TokenVerificationError` with a `reason`, but also a plain `TypeError` for some
 * inputs (e.g. a JWS header that decodes to `null`). Every throw becomes one of our reasons; Clerk's
 * messages are never passed on (they echo claim values and configuration).
 */
const CLERK_REASONS: Readonly<Record<string, AuthFailureReason>> = {
  'token-expired': 'token-expired',
  'token-not-active-yet': 'token-not-active-yet',
  'token-iat-in-the-future': 'token-iat-in-the-future',
  'token-invalid': 'token-invalid',
  'token-invalid-signature': 'token-invalid-signature',
  'token-invalid-algorithm': 'token-invalid-algorithm',
  'token-invalid-authorized-parties': 'token-invalid-authorized-party',
  'token-invalid-issuer': 'token-invalid-issuer',
  // sub/exp/nbf/iat of the wrong type, or an `aud` outside the configured audience
  'token-verification-failed': 'token-invalid-claims',
  'jwk-kid-mismatch': 'jwk-unknown-kid',
  // Key loading problems: unreachable with a PEM `jwtKey`, mapped to 503 in case that ever changes.
  'jwk-local-missing': 'jwks-unavailable',
  'jwk-remote-failed-to-load': 'jwks-unavailable',
  'jwk-remote-invalid': 'jwks-unavailable',
  'jwk-remote-missing': 'jwks-unavailable',
  'jwk-failed-to-resolve': 'jwks-unavailable',
  'secret-key-invalid': 'jwks-unavailable',
};

/** Duck-typed: `@clerk/backend` ships CJS and ESM builds, so `instanceof` could miss. */
export function reasonFromClerkError(error: unknown): AuthFailureReason {
  if (typeof error === 'object' && error !== null && 'reason' in error && typeof error.reason === 'string') {
    return CLERK_REASONS[error.reason] ?? 'token-invalid';
  }
  return 'token-invalid';
}
