/**
 * Every machine-readable reason the API gives (`error.data.reason` under /trpc, `error.reason`
 * elsewhere), one list per kind, each type derived from its list. Node-free: the SPA imports these
 * lists to narrow what arrives over the wire, and switches exhaustively on the types.
 */

/**
 * Why a credential was refused: by the verifier (the request continues signed out), or by a procedure
 * that does not accept its kind (a session where only machines may call, or the reverse). Each maps to
 * one HTTP status (`statusForReason`): `invalid_request` → 400 for the whole request,
 * `jwks-unavailable` and `machine-verification-unavailable` → 503, every other reason → 401. Kept in
 * the order of the tables in docs/authentication.md and docs/machine-callers.md.
 */
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
  'machine-token-invalid',
  'machine-verification-unavailable',
  'machine-token-not-accepted',
  'session-token-not-accepted',
] as const;
export type AuthFailureReason = (typeof AUTH_FAILURE_REASONS)[number];

/** Why a verified caller may not call a procedure (403): the tier, a stacked requirement, a scope. */
export const ACCESS_DENIED_REASONS = [
  'no-active-organization',
  'missing-role',
  'missing-permission',
  'missing-claim',
  'missing-feature',
  'missing-plan',
  'missing-scope',
  /** The database refused a row outside the caller's scope (row-level security, docs/security.md). */
  'outside-caller-scope',
] as const;
export type AccessDeniedReason = (typeof ACCESS_DENIED_REASONS)[number];

/** Why the HTTP layer refused a request before (or instead of) any procedure. */
export const REQUEST_REFUSAL_REASONS = [
  'cross-site-request',
  'host-not-allowed',
  'batch-too-large',
  'rate-limited',
  'invalid-webhook',
  'invalid-payload',
  'webhooks-not-configured',
  'database-unavailable',
  'invalid-body',
  'unknown-persona',
  'not-a-member',
  'unknown-api-key',
  'invalid-idempotency-key',
  'input-too-complex',
  'idempotency-key-reused',
  'idempotency-key-other-caller',
  'too-many-streams',
  'shutting-down',
  // The local directory's refusals (/dev/auth, local mode only).
  'sign-in-required',
  'email-taken',
  'unknown-user',
  'unknown-organization',
  'unknown-invitation',
  'already-a-member',
  'not-an-admin',
  'last-admin',
] as const;
export type RequestRefusalReason = (typeof REQUEST_REFUSAL_REASONS)[number];

export type ApiReason = AuthFailureReason | AccessDeniedReason | RequestRefusalReason;

function memberOf<T extends string>(list: readonly T[]): (value: unknown) => value is T {
  const members = new Set<unknown>(list);
  return (value): value is T => members.has(value);
}

export const isAuthFailureReason = memberOf(AUTH_FAILURE_REASONS);
export const isAccessDeniedReason = memberOf(ACCESS_DENIED_REASONS);
export const isRequestRefusalReason = memberOf(REQUEST_REFUSAL_REASONS);
export const isApiReason = memberOf<ApiReason>([
  ...AUTH_FAILURE_REASONS,
  ...ACCESS_DENIED_REASONS,
  ...REQUEST_REFUSAL_REASONS,
]);

export type AuthFailureStatus = 400 | 401 | 503;
export type AuthFailureCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'SERVICE_UNAVAILABLE';

/** Reasons that say the verification infrastructure is down: the caller did nothing wrong. */
export const OUTAGE_REASONS: ReadonlySet<AuthFailureReason> = new Set<AuthFailureReason>([
  'jwks-unavailable',
  'machine-verification-unavailable',
]);

/**
 * The request as a whole is malformed (400), the key infrastructure or Clerk's Backend API is down (503:
 * the caller did nothing wrong and must not be signed out), or the credential is not acceptable (401).
 */
export function statusForReason(reason: AuthFailureReason): AuthFailureStatus {
  if (reason === 'invalid_request') return 400;
  if (OUTAGE_REASONS.has(reason)) return 503;
  return 401;
}

/** The tRPC error code carrying `statusForReason(reason)`. */
export function trpcCodeForReason(reason: AuthFailureReason): AuthFailureCode {
  const status = statusForReason(reason);
  if (status === 400) return 'BAD_REQUEST';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  return 'UNAUTHORIZED';
}
