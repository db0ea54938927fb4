import { isTRPCClientError } from '@trpc/client';
import { type ApiReason, type AuthFailureReason, isApiReason, isAuthFailureReason } from '../reasons';
import { DevAuthError } from './dev-auth-client';

/**
 * 401 reasons for which a freshly minted token changes the outcome, so the auth link retries once:
 * - `token-expired`: the cached token outlived its (60 s) life, e.g. a laptop woke from sleep.
 * - `token-invalid-signature`, `jwk-unknown-kid`: the issuer's key rotated (or the local issuer's
 *   data folder was reset) after the cached token was signed; a fresh token carries the current key.
 * Deliberately NOT retried: `token-not-active-yet` / `token-iat-in-the-future` (a fresh token has the
 * same clock skew), `token-missing` (there is no session to ask), and every claim/issuer/audience/party
 * failure (configuration: the same token comes back). Those sign the user out with the reason.
 */
const FRESH_TOKEN_CAN_HELP: ReadonlySet<AuthFailureReason> = new Set<AuthFailureReason>([
  'token-expired',
  'token-invalid-signature',
  'jwk-unknown-kid',
]);

export interface ApiFailure {
  /** HTTP status of this operation (tRPC puts it in `error.data.httpStatus`, also inside batches). */
  status: number | null;
  /**
   * Machine reason from the API (`error.data.reason`): `token-expired`, `missing-role`, … Null when
   * there is none, or one this client does not know (an API newer than the bundle).
   */
  reason: ApiReason | null;
  code: string | null;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Reads status and reason from a tRPC client error or a refusal of the local sign-in service (so the
 * retry rules see its 4xx as the refusal it is, not as an unreachable API), or anything else.
 */
export function readApiFailure(error: unknown): ApiFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DevAuthError) {
    const reason = isApiReason(error.reason) ? error.reason : null;
    return { status: error.status, reason, code: null, message };
  }
  if (!isTRPCClientError(error)) return { status: null, reason: null, code: null, message };
  const data: unknown = error.data;
  const fromData = isRecord(data) ? data : {};
  const meta: unknown = error.meta;
  const response = isRecord(meta) && meta.response instanceof Response ? meta.response : null;
  const status =
    typeof fromData.httpStatus === 'number' ? fromData.httpStatus : response ? response.status : null;
  return {
    status,
    reason: isApiReason(fromData.reason) ? fromData.reason : null,
    code: typeof fromData.code === 'string' ? fromData.code : null,
    message,
  };
}

export function isUnauthorized(failure: ApiFailure): boolean {
  return failure.status === 401 || failure.code === 'UNAUTHORIZED';
}

/** The auth failure behind a 401, when the API named one. */
export function authFailureOf(failure: ApiFailure): AuthFailureReason | null {
  return isUnauthorized(failure) && isAuthFailureReason(failure.reason) ? failure.reason : null;
}

export function freshTokenCanHelp(failure: ApiFailure): boolean {
  const reason = authFailureOf(failure);
  return reason !== null && FRESH_TOKEN_CAN_HELP.has(reason);
}
