/**
 * The verifier's configuration, already validated (the API builds it from the environment).
 * A new configuration means a new authenticator, hence a new verified-token cache: a token verified
 * under one issuer/audience/party/key can never be served from the cache under another.
 */
export type KeySource =
  /** SPKI PEM (`CLERK_JWT_KEY`, or the local issuer's public key): networkless. */
  | { kind: 'pem'; pem: string }
  /** A JWKS URL (`CLERK_JWKS_URL`, or derived from `CLERK_PUBLISHABLE_KEY`) behind our key store. */
  | { kind: 'jwks'; url: string; fetchTimeoutMs?: number; cooldownMs?: number; refreshIntervalMs?: number };

export interface VerifierConfig {
  keySource: KeySource;
  /** Exact `iss`. */
  issuer: string;
  /** Accepted `azp` values (browser origins). Never empty: an empty list would disable Clerk's check. */
  authorizedParties: readonly string[];
  /** Accepted `aud` values (JWT templates); null: a token carrying `aud` is refused. */
  audience: readonly string[] | null;
  clockSkewMs: number;
  /** Upper bound for `exp - iat`, in seconds. */
  maxTokenLifetimeSeconds: number;
}

export interface AuthenticatorConfig extends VerifierConfig {
  /** Verified-token cache entries; 0 disables the cache. */
  cacheSize: number;
}

export const DEFAULT_CLOCK_SKEW_MS = 5_000;
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 3_600;
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;
