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

/**
 * Machine credentials (API keys, M2M and OAuth tokens). JWT forms are verified networklessly with the
 * `keySource` above; opaque forms (`ak_…`, `mt_…`, `oat_…`) by Clerk's Backend API.
 */
export interface MachineConfig {
  /**
   * Clerk's Backend API (`CLERK_API_URL`). A function when it is only known later (local mode: the
   * API's own URL, once it listens); undefined means not yet, and opaque tokens answer 503 until then.
   */
  apiUrl: string | (() => string | undefined);
  /** `CLERK_SECRET_KEY`: authenticates API-key and OAuth verifications. */
  secretKey?: string | undefined;
  /** `CLERK_MACHINE_SECRET_KEY`: authenticates M2M verifications (else the secret key is used). */
  machineSecretKey?: string | undefined;
  /** Accepted `aud` of OAuth access tokens; null: an OAuth token carrying `aud` is refused. */
  oauthAudience: readonly string[] | null;
  /** One Backend API call may take this long before the caller gets 503. */
  timeoutMs: number;
  /** Backend API calls under way at once, timed-out ones included until they end; beyond: 503. */
  maxOutstanding: number;
  /** How long a verified opaque token is trusted before Clerk is asked again: revocation shows within it. */
  cacheTtlMs: number;
  /** Called when the Backend API could not answer (down, slow, refused our key), for the logs. */
  onUnavailable?: ((event: BackendApiProblem) => void) | undefined;
}

export interface BackendApiProblem {
  tokenType: 'api_key' | 'm2m_token' | 'oauth_token';
  /** `timeout`, `saturated` (too many calls under way), or what the Backend API call failed with. */
  problem: 'timeout' | 'saturated' | 'error';
  status?: number | undefined;
  message?: string | undefined;
}

export interface AuthenticatorConfig extends VerifierConfig {
  /** Verified-token cache entries; 0 disables the cache. */
  cacheSize: number;
  /** Defaults (`defaultMachineConfig()`): Clerk's public Backend API, no keys (opaque tokens → 503). */
  machine?: MachineConfig;
}

export const DEFAULT_CLOCK_SKEW_MS = 5_000;
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 3_600;
export const DEFAULT_TOKEN_CACHE_SIZE = 10_000;

export const CLERK_API_URL = 'https://api.clerk.com';
export const DEFAULT_MACHINE_CACHE_TTL_MS = 10_000;
export const DEFAULT_BACKEND_API_TIMEOUT_MS = 3_000;
export const DEFAULT_BACKEND_API_MAX_OUTSTANDING = 16;

export function defaultMachineConfig(overrides: Partial<MachineConfig> = {}): MachineConfig {
  return {
    apiUrl: CLERK_API_URL,
    oauthAudience: null,
    timeoutMs: DEFAULT_BACKEND_API_TIMEOUT_MS,
    maxOutstanding: DEFAULT_BACKEND_API_MAX_OUTSTANDING,
    cacheTtlMs: DEFAULT_MACHINE_CACHE_TTL_MS,
    ...overrides,
  };
}
