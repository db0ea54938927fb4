import type { AuthFailureReason, MachineTokenType } from '../types';
import { audienceMatches, FORBIDDEN_HEADER_MEMBERS, isNonEmptyString, isTimestamp } from './prechecks';
import { type DecodedToken, decodeToken, type JsonObject } from './token-format';

/**
 * Which kind of credential a bearer string is, decided before any verification, and the cheap checks
 * of each machine form. The routing mirrors `verifyMachineAuthToken` (`@clerk/backend/internal`): the
 * prefixes `ak_` / `mt_` / `oat_` are opaque tokens; a JWT whose `sub` starts `mch_` is an M2M token
 * (checked first, as Clerk does), one typed `at+jwt` an OAuth access token; any other JWT is a session.
 */
export type TokenKind =
  | { kind: 'session'; decoded: DecodedToken }
  | { kind: 'opaque'; tokenType: MachineTokenType }
  | { kind: 'jwt'; tokenType: 'm2m_token' | 'oauth_token'; decoded: DecodedToken }
  | { kind: 'refused'; reason: AuthFailureReason };

const OPAQUE_PREFIXES: ReadonlyArray<[string, MachineTokenType]> = [
  ['ak_', 'api_key'],
  ['mt_', 'm2m_token'],
  ['oat_', 'oauth_token'],
];

/**
 * Clerk's opaque secrets are a prefix and ~40 characters of base64 (`ak_` keys use the standard
 * alphabet, `+/=` included). Anything far from that is refused here, sparing a Backend API call.
 */
const OPAQUE_SECRET = /^[A-Za-z0-9+/=_-]{16,256}$/;

export const OAUTH_JWT_TYPES: ReadonlySet<unknown> = new Set(['at+jwt', 'application/at+jwt']);
/** Clerk's JWT categories (`@clerk/backend` jwtCategories). */
const M2M_CATEGORY = 'cl_B7d4PD333AAA';
const SESSION_CATEGORIES: ReadonlySet<unknown> = new Set(['cl_B7d4PD111AAA', 'cl_I7d4PD111III']);

/** Prefix only: whether verifying `token` means asking Clerk's Backend API. */
export function isOpaqueMachineToken(token: string): boolean {
  return OPAQUE_PREFIXES.some(([prefix]) => token.startsWith(prefix));
}

export function classifyToken(token: string): TokenKind {
  for (const [prefix, tokenType] of OPAQUE_PREFIXES) {
    if (!token.startsWith(prefix)) continue;
    return OPAQUE_SECRET.test(token.slice(prefix.length))
      ? { kind: 'opaque', tokenType }
      : { kind: 'refused', reason: 'token-invalid' };
  }
  const decoded = decodeToken(token);
  if (!decoded.ok) return { kind: 'refused', reason: decoded.reason };
  const { header, payload } = decoded.token;
  if (typeof payload.sub === 'string' && payload.sub.startsWith('mch_')) {
    return { kind: 'jwt', tokenType: 'm2m_token', decoded: decoded.token };
  }
  if (OAUTH_JWT_TYPES.has(header.typ))
    return { kind: 'jwt', tokenType: 'oauth_token', decoded: decoded.token };
  return { kind: 'session', decoded: decoded.token };
}

export interface MachineJwtCheckOptions {
  /** Accepted `aud` of OAuth access tokens; null: none may carry `aud`. */
  oauthAudience: readonly string[] | null;
  clockSkewMs: number;
  maxTokenLifetimeSeconds: number;
  nowMs?: number;
}

/**
 * What `verifyMachineAuthToken` is lax about or reports only as a message (@clerk/backend 3.25): it
 * allows RS384/512, ignores `crit`, and turns every JWT failure — expired, not yet valid, bad
 * signature, wrong audience — into one `token-verification-failed` code. So the header, the types and
 * the times are checked here first, with the same skew, and each gets its precise reason; what is left
 * for the SDK is the signature. An M2M token must say `typ: JWT` and carry no session category; an
 * OAuth token must say `at+jwt` and carry neither a session nor an M2M category: no token can pass as
 * another kind. `iss` is not checked, as Clerk's SDK does not: the instance key is the trust anchor.
 */
export function checkMachineJwt(
  tokenType: 'm2m_token' | 'oauth_token',
  { header, payload }: DecodedToken,
  options: MachineJwtCheckOptions,
): AuthFailureReason | null {
  return checkHeader(tokenType, header) ?? checkPayload(tokenType, payload, options);
}

function checkHeader(tokenType: 'm2m_token' | 'oauth_token', header: JsonObject): AuthFailureReason | null {
  if (header.alg !== 'RS256') return 'token-invalid-algorithm';
  for (const member of FORBIDDEN_HEADER_MEMBERS) if (member in header) return 'token-invalid-header';
  if (header.kid !== undefined && !isNonEmptyString(header.kid)) return 'token-invalid-header';
  if (SESSION_CATEGORIES.has(header.cat)) return 'token-invalid-header';
  if (tokenType === 'm2m_token') {
    if (header.typ !== 'JWT') return 'token-invalid-header';
    if (header.cat !== undefined && header.cat !== M2M_CATEGORY) return 'token-invalid-header';
    return null;
  }
  if (!OAUTH_JWT_TYPES.has(header.typ) || header.cat === M2M_CATEGORY) return 'token-invalid-header';
  return null;
}

function checkPayload(
  tokenType: 'm2m_token' | 'oauth_token',
  payload: JsonObject,
  { oauthAudience, clockSkewMs, maxTokenLifetimeSeconds, nowMs = Date.now() }: MachineJwtCheckOptions,
): AuthFailureReason | null {
  const { sub, iat, exp, nbf, aud } = payload;
  if (!isNonEmptyString(sub)) return 'token-invalid-claims';
  if (tokenType === 'oauth_token' && sub.startsWith('mch_')) return 'token-invalid-claims';
  if (!isTimestamp(iat) || !isTimestamp(exp) || (nbf !== undefined && !isTimestamp(nbf))) {
    return 'token-invalid-claims';
  }
  if (exp <= iat) return 'token-invalid-claims';
  if (exp - iat > maxTokenLifetimeSeconds) return 'token-lifetime-too-long';
  if (exp * 1000 <= nowMs - clockSkewMs) return 'token-expired';
  if (nbf !== undefined && nbf * 1000 > nowMs + clockSkewMs) return 'token-not-active-yet';
  if (iat * 1000 > nowMs + clockSkewMs) return 'token-iat-in-the-future';
  // An M2M token's `aud` lists the machines it may reach (Clerk's scopes), not an API: left to the app.
  if (tokenType === 'oauth_token' && !audienceMatches(aud, oauthAudience)) return 'token-invalid-audience';
  if (tokenType === 'm2m_token' && payload.scopes !== undefined && typeof payload.scopes !== 'string') {
    return 'token-invalid-claims';
  }
  return null;
}
