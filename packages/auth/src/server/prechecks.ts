import type { AuthFailureReason } from '../types';
import type { JsonObject } from './token-format';

/**
 * Cheap structural checks run BEFORE the signature, where `verifyToken` is lax (@clerk/backend 3.25:
 * it allows RS384/512, ignores `crit`, accepts a missing `typ`, `sub: ""`, no `iat`, any lifetime, and
 * checks `aud` only when the token happens to carry one). Failing here also spares an RSA verify.
 * Time checks (`exp`, `nbf`, `iat` in the future) stay with `verifyToken`, which does them with skew.
 */

/** Header members that would let a token name its own key or demand semantics we do not implement. */
export const FORBIDDEN_HEADER_MEMBERS = ['crit', 'jwk', 'jku', 'x5u', 'x5c'] as const;

/** Clerk's JWT categories (`@clerk/backend` jwtCategories): only session tokens are accepted. */
const SESSION_CATEGORIES: ReadonlySet<unknown> = new Set([undefined, 'cl_B7d4PD111AAA', 'cl_I7d4PD111III']);

export interface PrecheckOptions {
  /** Accepted `aud` values; null means tokens must carry no `aud` (a template minted for another API). */
  audience: readonly string[] | null;
  maxTokenLifetimeSeconds: number;
}

export function checkHeader(header: JsonObject): AuthFailureReason | null {
  if (header.alg !== 'RS256') return 'token-invalid-algorithm';
  if (header.typ !== 'JWT') return 'token-invalid-header';
  for (const member of FORBIDDEN_HEADER_MEMBERS) {
    if (member in header) return 'token-invalid-header';
  }
  if (header.kid !== undefined && (typeof header.kid !== 'string' || header.kid === '')) {
    return 'token-invalid-header';
  }
  if (!SESSION_CATEGORIES.has(header.cat)) return 'token-invalid-header';
  return null;
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

export function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

export function audienceMatches(aud: unknown, audience: readonly string[] | null): boolean {
  if (audience === null) return aud === undefined;
  const claimed = typeof aud === 'string' ? [aud] : aud;
  if (!Array.isArray(claimed) || claimed.length === 0) return false;
  return claimed.some((value) => typeof value === 'string' && audience.includes(value));
}

export function checkPayload(payload: JsonObject, options: PrecheckOptions): AuthFailureReason | null {
  const { sub, sid, iat, exp, nbf, aud } = payload;
  if (!isNonEmptyString(sub) || !isNonEmptyString(sid)) return 'token-invalid-claims';
  if (!isTimestamp(iat) || !isTimestamp(exp) || (nbf !== undefined && !isTimestamp(nbf))) {
    return 'token-invalid-claims';
  }
  if (exp <= iat) return 'token-invalid-claims';
  if (exp - iat > options.maxTokenLifetimeSeconds) return 'token-lifetime-too-long';
  if (!audienceMatches(aud, options.audience)) return 'token-invalid-audience';
  return null;
}
