/**
 * The claims of Clerk's machine JWTs, written once: the local issuer signs them, tests sign them with
 * keys of their own. What Clerk puts in them (read from @clerk/backend 3.25's resources and fixtures):
 * - M2M (`typ: JWT`, `cat: cl_B7d4PD333AAA`): `iss`, `sub: mch_…`, `iat`, `nbf`, `exp`, `jti: mt_…`, and
 *   `scopes` as a space-separated list;
 * - OAuth access token (`typ: at+jwt`): `iss`, `sub: user_…`, `client_id`, `scope` (space-separated),
 *   `aud` when the client asked for a resource, `iat`, `nbf`, `exp`, `jti: oat_…`.
 */
import { randomBytes } from 'node:crypto';

export const M2M_JWT_HEADER = { typ: 'JWT', cat: 'cl_B7d4PD333AAA' } as const;
export const OAUTH_JWT_HEADER = { typ: 'at+jwt' } as const;

/** Clerk's default: a JWT M2M token lives one hour unless created with `secondsUntilExpiration`. */
const MACHINE_TOKEN_LIFETIME_SECONDS = 3_600;
const NOT_BEFORE_SKEW_SECONDS = 5;

interface TimedClaims {
  issuer: string;
  /** Epoch seconds; now by default. */
  issuedAt?: number;
  lifetimeSeconds?: number;
  /** `jti`; a fresh random id by default. */
  tokenId?: string;
  /** Merged last: may replace (or, as `undefined`, drop) any claim above. */
  claims?: Record<string, unknown>;
}

export interface M2MClaimsInput extends TimedClaims {
  machineId: string;
  scopes?: readonly string[];
}

export interface OAuthClaimsInput extends TimedClaims {
  userId: string;
  clientId?: string;
  scopes?: readonly string[];
  audience?: string | readonly string[];
}

function timed(input: TimedClaims, prefix: string) {
  const iat = input.issuedAt ?? Math.floor(Date.now() / 1000);
  return {
    iss: input.issuer,
    iat,
    nbf: iat - NOT_BEFORE_SKEW_SECONDS,
    exp: iat + (input.lifetimeSeconds ?? MACHINE_TOKEN_LIFETIME_SECONDS),
    jti: input.tokenId ?? `${prefix}${randomBytes(16).toString('hex')}`,
  };
}

/** Omitted when empty: Clerk's SDK would read `""` as one empty scope. */
const spaced = (name: string, scopes: readonly string[] = []) =>
  scopes.length > 0 ? { [name]: scopes.join(' ') } : {};

export function m2mClaims(input: M2MClaimsInput): Record<string, unknown> {
  return {
    ...timed(input, 'mt_'),
    sub: input.machineId,
    ...spaced('scopes', input.scopes),
    ...input.claims,
  };
}

export function oauthClaims(input: OAuthClaimsInput): Record<string, unknown> {
  return {
    ...timed(input, 'oat_'),
    sub: input.userId,
    client_id: input.clientId ?? 'client_test',
    ...spaced('scope', input.scopes),
    ...(input.audience === undefined ? {} : { aud: input.audience }),
    ...input.claims,
  };
}
