import { signedOutAuth } from '../signed-out';
import type { AuthObject, MachineAuth, SignedInAuth } from '../types';
import type { BackendApiStats } from './backend-api';
import { type AuthenticatorConfig, defaultMachineConfig } from './config';
import type { Credential } from './extract';
import type { JwksKeyStore } from './jwks-key-store';
import { createKeyResolver } from './key-resolver';
import { classifyToken, isOpaqueMachineToken } from './machine-token-format';
import { createMachineVerifier } from './machine-verifier';
import { VerifiedTokenCache } from './token-cache';
import { noteCache, noteKeySource, traceAuthentication } from './verification-tracing';
import { createTokenVerifier } from './verifier';

export interface AuthenticatorStats {
  /** Tokens that went through the full verification pipeline (cache misses). */
  verifications: number;
  cacheHits: number;
  /** Concurrent requests with the same uncached token that waited for one shared verification. */
  inFlightJoins: number;
}

export interface Authenticator {
  readonly stats: AuthenticatorStats;
  /** Present in JWKS mode. */
  readonly keyStore: JwksKeyStore | null;
  /** Calls to Clerk's Backend API (opaque machine tokens). */
  readonly backendApi: BackendApiStats;
  /** Entries in the verified-token cache, and verifications under way: both bounded. */
  readonly cached: number;
  readonly verifying: number;
  /** Cache, else full verification. Never rejects: failures are a signed-out auth with a reason. */
  authenticateToken(token: string): Promise<AuthObject>;
  /** For a credential from `extractCredential`: no credential → signed out with reason null. */
  authenticate(credential: Credential): Promise<AuthObject>;
  /**
   * Whether authenticating `token` now would call Clerk's Backend API (an opaque machine token, not
   * cached, not being verified already): the API checks the caller's refused-credential budget first.
   */
  costsBackendCall(token: string): boolean;
  /** Drops cached machine credentials `matches` selects (local mode: a key revoked here, at once). */
  forgetMachines(matches: (auth: MachineAuth) => boolean): number;
}

const SIGNED_OUT = Object.freeze(signedOutAuth(null));
const INVALID_REQUEST = Object.freeze(signedOutAuth('invalid_request'));
const MACHINE_IN_COOKIE = Object.freeze(signedOutAuth('token-invalid'));

type Verified = { ok: true; auth: SignedInAuth | MachineAuth; validUntilMs: number };
type Refused = { ok: false; reason: NonNullable<ReturnType<typeof signedOutAuth>['reason']> };

/**
 * One authenticator per configuration: the session and machine verifiers (sharing one key
 * configuration) plus one verified-token cache. The API makes one at start-up; the middleware calls it
 * once per HTTP request, whatever the tRPC batch size.
 */
export function createAuthenticator(config: AuthenticatorConfig): Authenticator {
  const keys = createKeyResolver(config.keySource);
  const sessions = createTokenVerifier(config, keys);
  const machines = createMachineVerifier(config, config.machine ?? defaultMachineConfig(), keys);
  const cache = new VerifiedTokenCache(config.cacheSize);
  const keySource = keys.keyStore ? 'jwks' : 'pem';
  const stats: AuthenticatorStats = { verifications: 0, cacheHits: 0, inFlightJoins: 0 };
  // A fresh token often arrives on several parallel requests at once (the SPA's queries after a
  // refresh, a script's parallel calls): they share one verification instead of racing to do the same
  // RSA work or Backend API call.
  const inFlight = new Map<string, Promise<AuthObject>>();

  async function verify(token: string): Promise<Verified | Refused> {
    const kind = classifyToken(token);
    switch (kind.kind) {
      case 'refused':
        return { ok: false, reason: kind.reason };
      case 'opaque':
        noteKeySource('backend-api');
        return machines.verifyOpaque(kind.tokenType, token);
      case 'jwt':
        noteKeySource(keySource);
        return machines.verifyJwt(kind.tokenType, token, kind.decoded);
      case 'session': {
        noteKeySource(keySource);
        const result = await sessions.verify(token, kind.decoded);
        if (!result.ok) return result;
        // The same rule as `verifyToken`: live while `exp` > now − skew.
        return {
          ok: true,
          auth: result.auth,
          validUntilMs: result.auth.expiresAt * 1000 + config.clockSkewMs,
        };
      }
    }
  }

  /** One verification, then the cache; the in-flight entry goes whatever happens. */
  function verifyAndFill(key: string, token: string): Promise<AuthObject> {
    stats.verifications += 1;
    return verify(token).then(
      (result) => {
        inFlight.delete(key);
        if (!result.ok) return signedOutAuth(result.reason);
        cache.set(key, result.auth, result.validUntilMs);
        return result.auth;
      },
      (error: unknown) => {
        inFlight.delete(key);
        throw error;
      },
    );
  }

  function authenticateToken(token: string): Promise<AuthObject> {
    const key = cache.keyFor(token);
    const hit = cache.get(key);
    if (hit) {
      noteCache('hit');
      stats.cacheHits += 1;
      return Promise.resolve(hit);
    }
    const shared = inFlight.get(key);
    if (shared) {
      noteCache('joined');
      stats.inFlightJoins += 1;
      return shared;
    }
    noteCache('miss');
    const verification = verifyAndFill(key, token);
    inFlight.set(key, verification);
    return verification;
  }

  async function authenticateCredential(credential: Credential): Promise<AuthObject> {
    if (credential.kind === 'none') return SIGNED_OUT;
    if (credential.kind === 'invalid') return INVALID_REQUEST;
    if (credential.source === 'authorization') return authenticateToken(credential.token);
    // As Clerk does, machine credentials count only as a Bearer header: the `__session` cookie is
    // for session tokens (and its CSRF rules are written for them).
    if (isOpaqueMachineToken(credential.token)) return MACHINE_IN_COOKIE;
    const auth = await authenticateToken(credential.token);
    return auth.tokenType === 'session_token' || !auth.isAuthenticated ? auth : MACHINE_IN_COOKIE;
  }

  return {
    stats,
    keyStore: keys.keyStore,
    backendApi: machines.backendApi,
    get cached() {
      return cache.size;
    },
    get verifying() {
      return inFlight.size;
    },
    authenticateToken,
    authenticate: (credential) => traceAuthentication(credential, authenticateCredential),
    costsBackendCall(token) {
      if (!isOpaqueMachineToken(token)) return false;
      const key = cache.keyFor(token);
      return !cache.get(key) && !inFlight.has(key);
    },
    forgetMachines: (matches) => cache.evict((auth) => auth.tokenType !== 'session_token' && matches(auth)),
  };
}
