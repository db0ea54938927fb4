import { AccessDeniedError, RequestRefusedError } from '@gatehouse/api-contract';
import type { AuthObject } from '@gatehouse/auth';
import { DATABASE_RETRY_AFTER_SECONDS } from '@gatehouse/db/availability';
import type { TRPCError } from '@trpc/server';

/**
 * When to come back after an outage: the JWKS key store retries a failing endpoint at most once per
 * 10 s cooldown; Clerk's Backend API is asked again on the next request, so a few seconds.
 */
const RETRY_AFTER_SECONDS: Partial<Record<string, number>> = {
  'jwks-unavailable': 10,
  'machine-verification-unavailable': 5,
  'database-unavailable': DATABASE_RETRY_AFTER_SECONDS,
};

const outageRetryAfter = (error: TRPCError) =>
  error.code === 'SERVICE_UNAVAILABLE' &&
  (error.cause instanceof AccessDeniedError || error.cause instanceof RequestRefusedError)
    ? RETRY_AFTER_SECONDS[error.cause.reason]
    : undefined;

interface ResponseMetaInput {
  ctx?: { auth: AuthObject } | undefined;
  errors: readonly TRPCError[];
}

/**
 * Headers tRPC's HTTP adapter adds to a response (pass as `responseMeta`). RFC 6750: a 401 says how to
 * authenticate — `Bearer`, plus `error="invalid_token"` when a token was presented and refused (so the
 * client knows a fresh token may help, and the reason is in `error.data.reason`). A 503 from the key
 * infrastructure or Clerk's Backend API says when to come back, instead of leaving the client to sign
 * the user out; so does one from the database (a 503 that the client should retry).
 */
export function authResponseMeta({ ctx, errors }: ResponseMetaInput): { headers?: Record<string, string> } {
  const headers: Record<string, string> = {};
  if (errors.some((error) => error.code === 'UNAUTHORIZED')) {
    const auth = ctx?.auth;
    const tokenWasPresented =
      !!auth && !auth.isAuthenticated && auth.reason !== null && auth.reason !== 'token-missing';
    headers['www-authenticate'] = tokenWasPresented ? 'Bearer error="invalid_token"' : 'Bearer';
  }
  const retryAfter = errors.map(outageRetryAfter).find((seconds) => seconds !== undefined);
  if (retryAfter !== undefined) headers['retry-after'] = String(retryAfter);
  return Object.keys(headers).length > 0 ? { headers } : {};
}
