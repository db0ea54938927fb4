import type { AccessDeniedReason, AuthFailureReason, RequestRefusalReason } from '@gatehouse/auth';
import { isDatabaseUnavailable } from '@gatehouse/db/availability';
import { isRowSecurityRefusal } from '@gatehouse/db/row-security';
import { TRPCError } from '@trpc/server';

/** All an unexpected failure tells its caller, over tRPC or not; the log line has the rest. */
export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/**
 * Carried in `TRPCError.cause` so the error formatter can expose a machine-readable reason: the ladder
 * refused the caller's token (an auth failure reason) or found something missing (403).
 */
export class AccessDeniedError extends Error {
  constructor(readonly reason: AuthFailureReason | AccessDeniedReason) {
    super(reason);
    this.name = 'AccessDeniedError';
  }
}

/** The same for a refusal by the HTTP layer before any procedure ran (rate limit, batch size, CSRF). */
export class RequestRefusedError extends Error {
  constructor(readonly reason: RequestRefusalReason) {
    super(reason);
    this.name = 'RequestRefusedError';
  }
}

/** The machine-readable reason a refusal carries (`error.data.reason`), or null for anything else. */
export function reasonOf(cause: unknown) {
  return cause instanceof AccessDeniedError || cause instanceof RequestRefusedError ? cause.reason : null;
}

/**
 * Database failures, told apart from bugs: one that cannot be reached answers 503 (retry later; nothing
 * was done) rather than the 500 tRPC gives any unknown error, so clients and load balancers retry; a
 * row the database refused for the caller's scope (row-level security) is 403 `outside-caller-scope`.
 */
export function databaseRefusal(cause: unknown): TRPCError | null {
  if (isDatabaseUnavailable(cause)) {
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: 'The database is unavailable; retry shortly',
      cause: new RequestRefusedError('database-unavailable'),
    });
  }
  if (isRowSecurityRefusal(cause)) {
    return new TRPCError({
      code: 'FORBIDDEN',
      message: 'Not yours to read or change',
      cause: new AccessDeniedError('outside-caller-scope'),
    });
  }
  return null;
}
